import { SelectorInvalid } from '../common/errors.js';
import type { Labels } from '../common/labels.js';

/** A label matcher operator, as in Prometheus. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One `name op "value"` term of a selector. Regexes are fully anchored, as in Prometheus. */
export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** The anchored regex for `=~` and `!~`. */
  regex?: RegExp;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r' };

class SelectorParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(expected: string): never {
    const found = this.pos >= this.text.length ? 'end of input' : JSON.stringify(this.text[this.pos]);
    throw new SelectorInvalid(this.pos, expected, found);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  name(): string {
    const start = this.pos;
    if (!NAME_START.test(this.peek() ?? '')) this.fail('a label name');
    this.pos++;
    while (NAME_PART.test(this.peek() ?? '')) this.pos++;
    return this.text.slice(start, this.pos);
  }

  op(): MatchOp {
    const two = this.text.slice(this.pos, this.pos + 2);
    if (two === '=~' || two === '!~' || two === '!=') {
      this.pos += 2;
      return two;
    }
    if (this.peek() === '=') {
      this.pos++;
      return '=';
    }
    return this.fail('one of =, !=, =~, !~');
  }

  value(): string {
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") this.fail('a quoted value');
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail(`a closing ${quote}`);
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        const r = e === undefined ? undefined : ESCAPES[e];
        if (r === undefined) {
          this.pos++;
          this.fail('an escape sequence (\\\\, \\", \\\', \\n, \\t, \\r)');
        }
        out += r;
        this.pos += 2;
        continue;
      }
      out += c;
      this.pos++;
    }
  }

  matcher(): Matcher {
    const name = this.name();
    this.skipSpace();
    const op = this.op();
    this.skipSpace();
    const valueStart = this.pos;
    const value = this.value();
    if (op === '=~' || op === '!~') {
      try {
        return { name, op, value, regex: new RegExp(`^(?:${value})$`, 's') };
      } catch (err) {
        this.pos = valueStart;
        this.fail(`a valid regular expression (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    return { name, op, value };
  }

  parse(): Matcher[] {
    this.skipSpace();
    if (this.pos === this.text.length) return [];
    if (this.peek() !== '{') this.fail('{');
    this.pos++;
    const matchers: Matcher[] = [];
    this.skipSpace();
    while (this.peek() !== '}') {
      matchers.push(this.matcher());
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
      } else if (this.peek() !== '}') {
        this.fail(', or }');
      }
    }
    this.pos++;
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('end of input');
    return matchers;
  }
}

/**
 * Parses a Prometheus-style selector such as `{service="api",version=~"v2.*",env!="dev"}`.
 * `''` and `{}` select everything. Throws {@link SelectorInvalid} (HTTP 400) naming the
 * character position and what was expected there.
 */
export function parseSelector(selector: string): Matcher[] {
  return new SelectorParser(selector).parse();
}

/** True when one matcher accepts the labels; a missing label reads as '' as in Prometheus. */
export function matcherMatches(m: Matcher, labels: Labels): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=': return v === m.value;
    case '!=': return v !== m.value;
    case '=~': return m.regex!.test(v);
    case '!~': return !m.regex!.test(v);
  }
}

/** True when every matcher accepts the labels. */
export function matches(matchers: readonly Matcher[], labels: Labels): boolean {
  for (const m of matchers) if (!matcherMatches(m, labels)) return false;
  return true;
}

/** Parses a selector once and returns a predicate over label sets. */
export function compileSelector(selector: string): (labels: Labels) => boolean {
  const matchers = parseSelector(selector);
  return (labels) => matches(matchers, labels);
}
