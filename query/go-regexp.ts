import { RE2JS } from 're2js';
import { FilterInvalid } from '../common/errors.js';

/** A regular expression with Go's syntax and semantics (RE2), matched anywhere in a string as Go's MatchString. */
export interface GoRegexp {
  readonly source: string;
  test(s: string): boolean;
}

/**
 * Compiles `pattern` as Go's regexp.Compile does (`go tool pprof` compiles its filters so);
 * a bad pattern is FW_FILTER_INVALID naming `option`.
 */
export function compileGoRegexp(pattern: string, option: string): GoRegexp {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    throw new FilterInvalid(option, `${JSON.stringify(pattern)} is not a regular expression: ${err instanceof Error ? err.message : String(err)}`);
  }
  const cache = new Map<string, boolean>();
  return {
    source: pattern,
    test(s: string): boolean {
      let hit = cache.get(s);
      if (hit === undefined) {
        hit = re.matcher(s).find();
        cache.set(s, hit);
      }
      return hit;
    },
  };
}
