/**
 * What a user asks of the filters, and which are active: apart from their compilation, so that
 * a command without filters never loads the regexp engine.
 */

/**
 * The sample filters of `go tool pprof`, as given by a user: function-name regexes (`focus`,
 * `ignore`, `hide`, `show`, Go syntax, matched against function names, source file names and
 * the mapping's file, as pprof matches them), label filters in pprof's syntax (`tagfocus`,
 * `tagignore`), and `sampleLabels`, a Prometheus-style selector on sample labels.
 */
export interface FilterSpec {
  focus?: string;
  ignore?: string;
  hide?: string;
  show?: string;
  tagfocus?: string;
  tagignore?: string;
  sampleLabels?: string;
  /** Percentages of the filtered total instead of the total before filters (pprof `-relative_percentages`). */
  relativePercentages?: boolean;
}

/** The names of the filter options, in the order pprof lists active filters. */
export const FILTER_NAMES = ['focus', 'ignore', 'hide', 'show', 'tagfocus', 'tagignore', 'sampleLabels'] as const;

export const given = (v: string | undefined): v is string => v !== undefined && v !== '';

/** `name=value` of each filter given (empty strings count as not given), as pprof lists them. */
export function activeFilters(spec: FilterSpec): string[] {
  return FILTER_NAMES.filter((n) => given(spec[n])).map((n) => `${n}=${spec[n]}`);
}

