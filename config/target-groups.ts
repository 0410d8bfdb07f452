import { Ajv } from 'ajv';
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { LABEL_NAME_PATTERN } from '../common/labels.js';
import type { Labels } from '../common/labels.js';

/**
 * Target groups, the unit of Prometheus service discovery: addresses sharing labels. A file of
 * `file_sd_configs` and the answer of an `http_sd_configs` endpoint are lists of them.
 */

/** A group of targets found by one discovery source. */
export interface TargetGroup {
  /** Where it came from, unique within its discovery (file and index, URL and index, DNS name). */
  source: string;
  /** Addresses, host:port. */
  targets: readonly string[];
  /** Labels of every target of the group, `__meta_*` included. */
  labels: Labels;
}

/** The file or HTTP answer: `[{targets: [...], labels: {...}}, ...]`. */
export const TargetGroupListSchema = Type.Array(Type.Object({
  targets: Type.Array(Type.String()),
  labels: Type.Optional(Type.Record(Type.String({ pattern: LABEL_NAME_PATTERN }), Type.String())),
}));
type TargetGroupList = Static<typeof TargetGroupListSchema>;

const validate = new Ajv({ allErrors: false, strict: false }).compile(TargetGroupListSchema);

/**
 * Reads a list of target groups from JSON or YAML text. `meta` labels are added to every group;
 * `source` names the groups `${source}:${index}`. Throws an Error saying what is wrong and where.
 */
export function parseTargetGroups(text: string, format: 'json' | 'yaml', source: string, meta: Labels = {}): TargetGroup[] {
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`is not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) data = [];
  if (!validate(data)) {
    const e = validate.errors![0]!;
    const where = e.instancePath === '' ? 'the document' : e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const extra = (e.params as { pattern?: string }).pattern !== undefined ? ' (label names are letters, digits and _)' : '';
    throw new Error(`${where} ${e.message ?? 'is invalid'}${extra}; expected a list of {targets: [host:port, ...], labels: {...}}`);
  }
  return (data as TargetGroupList).map((g, i) => ({
    source: `${source}:${i}`, targets: g.targets, labels: { ...(g.labels ?? {}), ...meta },
  }));
}
