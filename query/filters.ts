import { compileGoRegexp } from './go-regexp.js';
import type { GoRegexp } from './go-regexp.js';
import type { LabelSet } from '../codec/identity.js';
import type { PerLabelSet } from '../store/profile-store.js';
import { hasLabelFilters } from './filter-samples.js';
import { labelSetUnits, labelsOf } from './sample-labels.js';
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
  /**
   * Set when the label filters were applied before, by a store read ({@link afterLabelFilters}):
   * pprof's total before filters, counting the samples they left out.
   */
  readonly totalBefore?: number;
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

/**
 * The label filters as a store read applies them, once per label set (`WindowQuery.labelFilter`):
 * numeric labels' units are inferred from every label set of the window, as pprof infers them
 * from every sample. Undefined when the filters test no label.
 */
export function labelSetFilter(f: SampleFilters): PerLabelSet<boolean> | undefined {
  if (!hasLabelFilters(f)) return undefined;
  return (sets: readonly LabelSet[]) => {
    const units = labelSetUnits(sets);
    return (set: LabelSet) => {
      const labels = labelsOf(set);
      return f.tagFocus.every((t) => t(labels, units)) && !(f.tagIgnore?.(labels, units) ?? false);
    };
  };
}

/**
 * The filters left to apply once a store read applied the label filters ({@link labelSetFilter}):
 * the same active filters and percentages, the label tests dropped, and pprof's total before
 * filters given.
 */
export function afterLabelFilters(f: SampleFilters, totalBefore: number): SampleFilters {
  const rest: { -readonly [K in keyof SampleFilters]: SampleFilters[K] } = { ...f, tagFocus: [], totalBefore };
  delete rest.tagIgnore;
  return rest;
}

/** Applying compiled filters lives apart, so that reading profiles without filters never loads the regexp engine. */
export { filterProfiles, hasLabelFilters } from './filter-samples.js';
