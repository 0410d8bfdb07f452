import { createHash } from 'node:crypto';
import { LABEL_NAME_PATTERN } from '../common/labels.js';

/**
 * Relabeling with Prometheus's semantics (`relabel_configs`): a pure function of a label set.
 * Regexes are anchored at both ends, `source_labels` values are joined by `separator` (`;`),
 * the default regex is `(.*)`, the default replacement `$1`, the default action `replace`.
 * Replacements expand `$1`, `${1}`, `$name` and `${name}` as Go's Regexp.Expand does.
 */

export const RELABEL_ACTIONS = Object.freeze([
  'replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase',
] as const);
export type RelabelAction = (typeof RELABEL_ACTIONS)[number];

/** One rule as written in YAML. */
export interface RelabelRuleInput {
  source_labels?: readonly string[];
  separator?: string;
  target_label?: string;
  regex?: string;
  modulus?: number;
  replacement?: string;
  action?: RelabelAction;
}

/** A checked rule, its regex compiled and anchored. */
export interface RelabelRule {
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  readonly targetLabel: string;
  readonly regex: RegExp;
  readonly regexText: string;
  readonly modulus: number;
  readonly replacement: string;
  readonly action: RelabelAction;
}

const LABEL_NAME = new RegExp(LABEL_NAME_PATTERN);
/** A target_label that may hold `$1`/`${name}` references (Prometheus's relabelTarget). */
const TEMPLATED_LABEL = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;
const DEFAULT_REGEX = '(.*)';

/**
 * Go's RE2 syntax in a JavaScript RegExp: `(?P<name>` becomes `(?<name>`. Anchored as
 * Prometheus anchors it: `^(?:regex)$`. Throws an Error naming the problem.
 */
export function compileRegex(text: string): RegExp {
  const js = text.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(`^(?:${js})$`, 's');
  } catch (err) {
    throw new Error(`"${text}" is not a valid regex: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

/** Checks a rule and fills Prometheus's defaults. Throws an Error naming the field and why. */
export function compileRelabelRule(input: RelabelRuleInput): RelabelRule {
  const action = input.action ?? 'replace';
  const regexText = input.regex ?? DEFAULT_REGEX;
  const rule: RelabelRule = {
    sourceLabels: [...(input.source_labels ?? [])],
    separator: input.separator ?? ';',
    targetLabel: input.target_label ?? '',
    regex: compileRegex(regexText),
    regexText,
    modulus: input.modulus ?? 0,
    replacement: input.replacement ?? '$1',
    action,
  };
  const needsTarget: readonly RelabelAction[] = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
  if (needsTarget.includes(action) && rule.targetLabel === '') {
    throw new Error(`target_label is required for the ${action} action`);
  }
  if (action === 'replace' && !TEMPLATED_LABEL.test(rule.targetLabel)) {
    throw new Error(`target_label "${rule.targetLabel}" is not a label name (nor one with $1 references)`);
  }
  if (action !== 'replace' && rule.targetLabel !== '' && !LABEL_NAME.test(rule.targetLabel)) {
    throw new Error(`target_label "${rule.targetLabel}" is not a label name for the ${action} action`);
  }
  if (action === 'hashmod' && !(Number.isInteger(rule.modulus) && rule.modulus > 0)) {
    throw new Error('modulus must be a positive integer for the hashmod action');
  }
  if (action === 'labeldrop' || action === 'labelkeep') {
    if (input.source_labels !== undefined || input.target_label !== undefined || input.modulus !== undefined
      || input.separator !== undefined || input.replacement !== undefined) {
      throw new Error(`${action} takes only regex (source_labels, target_label, separator, replacement and modulus must be unset)`);
    }
  }
  if ((action === 'keepequal' || action === 'dropequal') && (input.regex !== undefined || input.replacement !== undefined || input.modulus !== undefined)) {
    throw new Error(`${action} takes source_labels and target_label only`);
  }
  return rule;
}

/**
 * The hashmod of a value: the MD5 of its bytes, its last eight bytes read as a big-endian
 * unsigned 64-bit number, modulo `modulus` (Prometheus's `sum64(md5(value)) % modulus`).
 * Collector sharding uses it: `hashmod(address, shards) == shard` picks one shard's targets.
 */
export function hashmod(value: string, modulus: number): number {
  const digest = createHash('md5').update(value, 'utf8').digest();
  return Number(digest.readBigUInt64BE(8) % BigInt(modulus));
}

/**
 * Expands `$1`, `${1}`, `$name`, `${name}` and `$$` in `template` with the groups of a match,
 * as Go's Regexp.Expand does: `$name` takes the longest run of letters, digits and `_`
 * (so `$1x` is the group named `1x`, usually empty); an unknown group expands to nothing; a
 * `$` not followed by a name stays as it is.
 */
export function expandTemplate(template: string, match: RegExpExecArray): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) { out += template.slice(i); break; }
    out += template.slice(i, dollar);
    const rest = template.slice(dollar + 1);
    if (rest.startsWith('$')) { out += '$'; i = dollar + 2; continue; }
    const m = /^\{(\w+)\}/.exec(rest) ?? /^(\w+)/.exec(rest);
    if (!m) { out += '$'; i = dollar + 1; continue; }
    const name = m[1]!;
    if (/^[0-9]+$/.test(name)) out += match[Number(name)] ?? '';
    else out += match.groups?.[name] ?? '';
    i = dollar + 1 + m[0].length;
  }
  return out;
}

/** Applies `rules` in order. Returns the new label set, or undefined when a rule dropped it. */
export function relabel(labels: Readonly<Record<string, string>>, rules: readonly RelabelRule[]): Record<string, string> | undefined {
  const lb: Record<string, string> = { ...labels };
  for (const rule of rules) {
    if (!applyRule(lb, rule)) return undefined;
  }
  return lb;
}

function setLabel(lb: Record<string, string>, name: string, value: string): void {
  if (value === '') delete lb[name];
  else lb[name] = value;
}

/** Applies one rule in place; false when the label set is dropped. */
function applyRule(lb: Record<string, string>, rule: RelabelRule): boolean {
  const value = rule.sourceLabels.map((n) => lb[n] ?? '').join(rule.separator);
  switch (rule.action) {
    case 'keep': return rule.regex.test(value);
    case 'drop': return !rule.regex.test(value);
    case 'keepequal': return value === (lb[rule.targetLabel] ?? '');
    case 'dropequal': return value !== (lb[rule.targetLabel] ?? '');
    case 'replace': {
      const match = rule.regex.exec(value);
      if (!match) return true;
      const target = expandTemplate(rule.targetLabel, match);
      if (!LABEL_NAME.test(target)) return true;
      setLabel(lb, target, expandTemplate(rule.replacement, match));
      return true;
    }
    case 'lowercase': setLabel(lb, rule.targetLabel, value.toLowerCase()); return true;
    case 'uppercase': setLabel(lb, rule.targetLabel, value.toUpperCase()); return true;
    case 'hashmod': setLabel(lb, rule.targetLabel, String(hashmod(value, rule.modulus))); return true;
    case 'labelmap': {
      for (const [name, v] of Object.entries(lb)) {
        const match = rule.regex.exec(name);
        if (match) setLabel(lb, expandTemplate(rule.replacement, match), v);
      }
      return true;
    }
    case 'labeldrop':
      for (const name of Object.keys(lb)) if (rule.regex.test(name)) delete lb[name];
      return true;
    case 'labelkeep':
      for (const name of Object.keys(lb)) if (!rule.regex.test(name)) delete lb[name];
      return true;
  }
}
