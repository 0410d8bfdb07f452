import { FilterInvalid } from '../common/errors.js';
import { parseSelector } from '../store/selector.js';
import type { Matcher } from '../store/selector.js';
import { compileGoRegexp } from './go-regexp.js';
import { scaleValue } from './format-units.js';
import type { SampleLabels } from './sample-labels.js';

/** A test of one sample's labels; `units` is the unit of each numeric key ({@link numLabelUnits}). */
export type TagMatch = (labels: SampleLabels, units: ReadonlyMap<string, string>) => boolean;

/** A test of one numeric value in its key's unit. */
type RangeTest = (value: number, unit: string) => boolean;

/**
 * pprof's numeric tag range (`32kb`, `:64kb`, `4mb:`, `12kb:64mb`, both ends included), or
 * undefined when `filter` is not one and is to be read as a regular expression.
 */
export function parseTagRange(filter: string): RangeTest | undefined {
  const ranges = [...filter.matchAll(/([+-]?[0-9]+)([A-Za-z]+)?/g)].slice(0, 2);
  if (ranges.length === 0) return undefined;
  const [first, second] = ranges as [RegExpMatchArray, RegExpMatchArray | undefined];
  const [low, unit] = scaleValue(Number(first[1]), first[2] ?? '', first[2] ?? '');
  const scaled = (v: number, u: string): number | undefined => {
    const [sv, su] = scaleValue(v, u, unit);
    return su === unit ? sv : undefined;
  };
  if (second === undefined) {
    const match = first[0];
    if (filter === match) return (v, u) => scaled(v, u) === low;
    if (filter === `${match}:`) return (v, u) => { const s = scaled(v, u); return s !== undefined && s >= low; };
    if (filter === `:${match}`) return (v, u) => { const s = scaled(v, u); return s !== undefined && s <= low; };
    return undefined;
  }
  if (filter !== `${first[0]}:${second[0]}`) return undefined;
  const [high, unit2] = scaleValue(Number(second[1]), second[2] ?? '', unit);
  if (unit2 !== unit) return undefined;
  return (v, u) => { const s = scaled(v, u); return s !== undefined && s >= low && s <= high; };
}

/**
 * Compiles a `-tagfocus` / `-tagignore` value exactly as `go tool pprof` does: `[KEY=]VALUE`,
 * where VALUE is a numeric range (`bytes=1kb:64kb`) or comma-separated regular expressions.
 * Without KEY, a range tests every numeric label, and every regex must match some `key:value`
 * of the sample's string labels; with KEY, any regex matching any value of KEY is enough.
 */
export function compileTagFilter(option: string, spec: string): TagMatch {
  const eq = spec.indexOf('=');
  const wantKey = eq >= 0 ? spec.slice(0, eq) : '';
  const value = eq >= 0 ? spec.slice(eq + 1) : spec;
  const range = parseTagRange(value);
  if (range !== undefined) {
    const anyInRange = (values: number[], unit: string) => values.some((v) => range(v, unit));
    if (wantKey === '') {
      return (labels, units) => {
        for (const [key, values] of labels.numbers) if (anyInRange(values, units.get(key) ?? key)) return true;
        return false;
      };
    }
    return (labels, units) => {
      const values = labels.numbers.get(wantKey);
      return values !== undefined && anyInRange(values, units.get(wantKey) ?? wantKey);
    };
  }
  const regexes = value.split(',').map((r) => compileGoRegexp(r, option));
  if (wantKey === '') {
    return (labels) => regexes.every((rx) => {
      for (const [key, values] of labels.strings) if (values.some((v) => rx.test(`${key}:${v}`))) return true;
      return false;
    });
  }
  return (labels) => {
    const values = labels.strings.get(wantKey);
    return values !== undefined && regexes.some((rx) => values.some((v) => rx.test(v)));
  };
}

/**
 * Compiles a `sampleLabels` selector, `{handler="checkout",tenant!="acme",route=~"/api/.*",bytes="1kb:64kb"}`:
 * every matcher must hold. `=` and `!=` compare string values, and test numeric values of the
 * key against the value read as a pprof range (`4kb`, `:512b`, `1kb:64kb`); `=~` and `!~` are
 * fully anchored regexes on string values. A sample without the key reads as having `""`.
 */
export function compileSampleLabels(option: string, selector: string): TagMatch {
  let matchers: Matcher[];
  try {
    matchers = parseSelector(selector);
  } catch (err) {
    throw new FilterInvalid(option, err instanceof Error ? err.message : String(err));
  }
  const tests = matchers.map((m) => matcherTest(m));
  return (labels, units) => tests.every((t) => t(labels, units));
}

function matcherTest(m: Matcher): TagMatch {
  const range = m.op === '=' || m.op === '!=' ? parseTagRange(m.value) : undefined;
  const positive: TagMatch = (labels, units) => {
    const strings = labels.strings.get(m.name);
    const numbers = labels.numbers.get(m.name);
    if (strings === undefined && numbers === undefined) return m.op === '=~' || m.op === '!~' ? m.regex!.test('') : m.value === '';
    if (strings !== undefined && strings.some((v) => (m.regex ? m.regex.test(v) : v === m.value))) return true;
    if (numbers !== undefined && range !== undefined) {
      const unit = units.get(m.name) ?? m.name;
      return numbers.some((v) => range(v, unit));
    }
    return false;
  };
  return m.op === '!=' || m.op === '!~' ? (labels, units) => !positive(labels, units) : positive;
}
