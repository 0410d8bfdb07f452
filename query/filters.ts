import { compileGoRegexp } from './go-regexp.js';
import type { GoRegexp } from './go-regexp.js';
import { compileSampleLabels, compileTagFilter } from './tag-filter.js';
import type { TagMatch } from './tag-filter.js';
import { activeFilters, given } from './filter-spec.js';
import type { FilterSpec } from './filter-spec.js';

export { activeFilters, FILTER_NAMES } from './filter-spec.js';
export type { FilterSpec } from './filter-spec.js';

/** Compiled filters; build with {@link compileFilters}. */
export interface SampleFilters {
  readonly focus?: GoRegexp;
  readonly ignore?: GoRegexp;
  readonly hide?: GoRegexp;
  readonly show?: GoRegexp;
  readonly tagFocus: readonly TagMatch[];
  readonly tagIgnore?: TagMatch;
  /** `name=value` of each filter given, as pprof lists them under "Active filters:". */
  readonly active: readonly string[];
  /** Percentages relative to the filtered samples (pprof `-relative_percentages`). */
  readonly relative: boolean;
}

/** Compiles the filters given (empty strings count as not given); undefined when there are none. */
export function compileFilters(spec: FilterSpec): SampleFilters | undefined {
  const active = activeFilters(spec);
  if (active.length === 0) return undefined;
  const regex = (name: 'focus' | 'ignore' | 'hide' | 'show') => (given(spec[name]) ? compileGoRegexp(spec[name], name) : undefined);
  const tagFocus: TagMatch[] = [];
  if (given(spec.tagfocus)) tagFocus.push(compileTagFilter('tagfocus', spec.tagfocus));
  if (given(spec.sampleLabels)) tagFocus.push(compileSampleLabels('sampleLabels', spec.sampleLabels));
  const filters: { -readonly [K in keyof SampleFilters]: SampleFilters[K] } = { tagFocus, active, relative: spec.relativePercentages === true };
  const focus = regex('focus'), ignore = regex('ignore'), hide = regex('hide'), show = regex('show');
  if (focus) filters.focus = focus;
  if (ignore) filters.ignore = ignore;
  if (hide) filters.hide = hide;
  if (show) filters.show = show;
  if (given(spec.tagignore)) filters.tagIgnore = compileTagFilter('tagignore', spec.tagignore);
  return filters;
}

/** Applying compiled filters lives apart, so that reading profiles without filters never loads the regexp engine. */
export { filterProfiles } from './filter-samples.js';
