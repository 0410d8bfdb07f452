import type { Matcher } from '../selector.js';
import { inSet, join, raw, sql } from './sql.js';
import type { Sql } from './sql.js';

/**
 * Selectors as SQL conditions, so ClickHouse filters series itself. Equality matchers become
 * comparisons. A regex matcher becomes `match()` (RE2) when its pattern is in the part of the
 * syntax RE2 and JavaScript read alike (see {@link re2Compatible}); any other regex is tested
 * in JavaScript against the values the label has, and becomes `IN` (those that match) — so a
 * selector selects exactly what it selects on SQLite.
 */

/** The SQL expression of a label's value ('' when the series lacks it, as in Prometheus). */
export type LabelExpr = (name: string) => Sql;

/** Label value expression over parallel `names`/`values` array columns. */
export function arrayLabel(names: string, values: string): LabelExpr {
  return (name) => raw(`${values}[indexOf(${names}, ${sql`${name}`.text})]`);
}

const LITERAL = /[A-Za-z0-9 _\-:/,=@#%&'"<>!~`;]/;
const ESCAPABLE = /[\\.^$|?*+()[\]{}\-/]/;

/**
 * True when a JavaScript regex (as a selector writes it: fully anchored, dotAll) means the same
 * to RE2: ASCII literals and escaped punctuation, `\d` and `\w`, classes of those without
 * negation, groups `(…)` and `(?:…)`, alternation, and quantifiers — with `.` only as `.*` or
 * `.+` (JavaScript's `.` is one UTF-16 unit, RE2's one code point).
 */
export function re2Compatible(pattern: string): boolean {
  let i = 0;
  const quantifier = () => {
    const c = pattern[i];
    if (c === '*' || c === '+' || c === '?') {
      i++;
      if (pattern[i] === '?') i++;
      return true;
    }
    if (c === '{') {
      const m = /^\{\d{1,3}(,\d{0,3})?\}\??/.exec(pattern.slice(i));
      if (!m) return false;
      i += m[0].length;
      return true;
    }
    return true;
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '.') {
      if (pattern[i + 1] !== '*' && pattern[i + 1] !== '+') return false;
      i++;
      continue;
    }
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) return false;
      if (e !== 'd' && e !== 'w' && !ESCAPABLE.test(e)) return false;
      i += 2;
      if (!quantifier()) return false;
      continue;
    }
    if (c === '[') {
      i++;
      if (pattern[i] === '^') return false;
      let n = 0;
      while (i < pattern.length && pattern[i] !== ']') {
        const d = pattern[i]!;
        if (d === '\\') {
          const e = pattern[i + 1];
          if (e === undefined || (e !== 'd' && e !== 'w' && !ESCAPABLE.test(e))) return false;
          i += 2;
        } else if (d === '[' || !(LITERAL.test(d) || d === '.' || d === '|' || d === '*' || d === '+' || d === '?' || d === '(' || d === ')' || d === '$' || d === '{' || d === '}')) {
          return false;
        } else i++;
        n++;
      }
      if (pattern[i] !== ']' || n === 0) return false;
      i++;
      if (!quantifier()) return false;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] !== ':') return false;
        i += 3;
      } else i++;
      continue;
    }
    if (c === ')') {
      i++;
      if (!quantifier()) return false;
      continue;
    }
    if (c === '|' || c === '^' || c === '$') {
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']') return false;
    if (!LITERAL.test(c)) return false;
    i++;
    if (!quantifier()) return false;
  }
  return true;
}

/** Values of a label, for the regexes that must be tested in JavaScript. */
export type LabelValues = (name: string) => Promise<readonly string[]>;

/** The SQL condition of one matcher ('1' when it accepts everything). */
async function matcherSql(m: Matcher, label: LabelExpr, values: LabelValues): Promise<Sql> {
  const expr = label(m.name);
  switch (m.op) {
    case '=': return sql`${expr} = ${m.value}`;
    case '!=': return sql`${expr} != ${m.value}`;
    case '=~':
    case '!~': {
      const not = m.op === '!~';
      if (re2Compatible(m.value)) return sql`${raw(not ? 'NOT ' : '')}match(${expr}, ${`(?s)^(?:${m.value})$`})`;
      // Tested here: the label's values that match (a missing label reads as '').
      const candidates = new Set([...await values(m.name), '']);
      const matching = [...candidates].filter((v) => m.regex!.test(v));
      return sql`${expr} ${raw(not ? 'NOT IN' : 'IN')} ${inSet(matching)}`;
    }
  }
}

/** The SQL condition of a whole selector: its matchers ANDed ('1' for none). */
export async function selectorSql(matchers: readonly Matcher[], label: LabelExpr, values: LabelValues): Promise<Sql> {
  if (matchers.length === 0) return raw('1');
  const parts = await Promise.all(matchers.map((m) => matcherSql(m, label, values)));
  return join(parts.map((p) => raw(`(${p.text})`)), ' AND ');
}
