import type { ValueType } from '../../codec/profile.js';
import { describeSampleTypes } from '../../codec/sample-types.js';

/** `%`, `/` and `,` inside a name would break the row format: they are stored as %25, %2F and %2C. */
const escape = (s: string): string => s.replace(/[%/,]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const unescape = (s: string): string => s.replace(/%(25|2F|2C)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Sample types as stored in a row: `type/unit` joined by commas, any `%`, `/` or `,` in a name
 * escaped (names without them, as Go writes, read as they always did).
 */
export function formatSampleTypes(types: readonly ValueType[]): string {
  return describeSampleTypes(types.map((t) => ({ type: escape(t.type), unit: escape(t.unit) })), ',');
}

const parsed = new Map<string, ValueType[]>();

/** Parses (with a cache) a stored sample-type list. */
export function parseSampleTypes(text: string): ValueType[] {
  let types = parsed.get(text);
  if (types === undefined) {
    types = text === '' ? [] : text.split(',').map((s) => {
      const slash = s.indexOf('/');
      return { type: unescape(s.slice(0, slash)), unit: unescape(s.slice(slash + 1)) };
    });
    parsed.set(text, types);
  }
  return types;
}

/** Column of a sample type in a stored sample-type list, -1 when absent. */
export function columnOf(sampleTypes: string, sampleType: string): number {
  return parseSampleTypes(sampleTypes).findIndex((t) => t.type === sampleType);
}
