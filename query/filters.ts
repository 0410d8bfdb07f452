import type { PprofLine, PprofLocation, Profile } from '../codec/profile.js';
import { compileGoRegexp } from './go-regexp.js';
import type { GoRegexp } from './go-regexp.js';
import type { LabelSet } from '../codec/identity.js';
import type { PerLabelSet } from '../store/profile-store.js';
import { labelSetUnits, labelsOf, numLabelUnits, sampleLabels } from './sample-labels.js';
import { compileSampleLabels, compileTagFilter } from './tag-filter.js';
import type { TagMatch } from './tag-filter.js';

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

const given = (v: string | undefined): v is string => v !== undefined && v !== '';

/** `name=value` of each filter given (empty strings count as not given), as pprof lists them. */
export function activeFilters(spec: FilterSpec): string[] {
  return FILTER_NAMES.filter((n) => given(spec[n])).map((n) => `${n}=${spec[n]}`);
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

/** True when the filters test labels (tagfocus, tagignore, sampleLabels). */
export function hasLabelFilters(f: SampleFilters): boolean {
  return f.tagFocus.length > 0 || f.tagIgnore !== undefined;
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

const FOCUSED = 1, IGNORED = 2;

/**
 * Applies the filters to profiles as `go tool pprof` applies them to their merge
 * (FilterSamplesByName, then FilterSamplesByTag): a sample stays when one of its locations
 * matches `focus` and none matches `ignore`, and its labels pass the label filters; `hide`
 * removes matching frames (inlined lines too) from stacks, `show` keeps only matching ones;
 * a sample left without frames is dropped. Pure: the inputs are not changed.
 */
export function filterProfiles(profiles: readonly Profile[], filters: SampleFilters | undefined): Profile[] {
  if (filters === undefined) return [...profiles];
  const units = numLabelUnits(profiles);
  return profiles.map((p) => filterProfile(p, filters, units));
}

function filterProfile(profile: Profile, f: SampleFilters, units: ReadonlyMap<string, string>): Profile {
  const { functions, mappings } = profile;
  const lineMatches = (re: GoRegexp, ln: PprofLine) => {
    const fn = functions[ln.function]!;
    return re.test(fn.name) || re.test(fn.filename);
  };
  const mappingMatches = (re: GoRegexp, loc: PprofLocation) => loc.mapping >= 0 && re.test(mappings[loc.mapping]!.filename);
  const matchesName = (re: GoRegexp, loc: PprofLocation) => loc.lines.some((ln) => lineMatches(re, ln)) || mappingMatches(re, loc);

  const decision = new Uint8Array(profile.locations.length);
  const hidden = new Uint8Array(profile.locations.length);
  let anyHidden = false;
  const locations = profile.locations.map((loc, i) => {
    if (f.ignore && matchesName(f.ignore, loc)) decision[i] = IGNORED;
    else if (!f.focus || matchesName(f.focus, loc)) decision[i] = FOCUSED;
    let lines = loc.lines;
    if (f.hide && matchesName(f.hide, loc)) {
      lines = mappingMatches(f.hide, loc) ? [] : lines.filter((ln) => !lineMatches(f.hide!, ln));
      if (lines.length === 0) hidden[i] = 1;
    }
    if (f.show) {
      if (!mappingMatches(f.show, loc)) lines = lines.filter((ln) => lineMatches(f.show!, ln));
      if (lines.length === 0) hidden[i] = 1;
    }
    if (hidden[i]) anyHidden = true;
    return lines === loc.lines ? loc : { ...loc, lines };
  });

  const s = profile.samples, lt = s.labels;
  const width = profile.sampleTypes.length;
  const byTags = hasLabelFilters(f);
  const stackOffsets = [0], stack: number[] = [], values: number[] = [];
  const labelOffsets = [0], key: number[] = [], str: number[] = [], num: number[] = [], numUnit: number[] = [];
  let count = 0;
  for (let i = 0; i < s.count; i++) {
    const start = s.stackOffsets[i]!, end = s.stackOffsets[i + 1]!;
    let focused = false, ignored = false;
    for (let k = start; k < end && !ignored; k++) {
      const d = decision[s.locations[k]!]!;
      if (d === IGNORED) ignored = true;
      else if (d === FOCUSED) focused = true;
    }
    if (ignored || !focused) continue;
    if (byTags) {
      const labels = sampleLabels(profile, i);
      if (!f.tagFocus.every((t) => t(labels, units))) continue;
      if (f.tagIgnore?.(labels, units)) continue;
    }
    const before = stack.length;
    for (let k = start; k < end; k++) {
      const loc = s.locations[k]!;
      if (!anyHidden || !hidden[loc]) stack.push(loc);
    }
    if (stack.length === before) continue;
    count++;
    stackOffsets.push(stack.length);
    for (let t = 0; t < width; t++) values.push(s.values[i * width + t]!);
    for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
      key.push(lt.key[k]!); str.push(lt.str[k]!); num.push(lt.num[k]!); numUnit.push(lt.numUnit[k]!);
    }
    labelOffsets.push(key.length);
  }
  return {
    ...profile,
    locations,
    samples: {
      count,
      stackOffsets: Uint32Array.from(stackOffsets),
      locations: Uint32Array.from(stack),
      values: Float64Array.from(values),
      labels: {
        offsets: Uint32Array.from(labelOffsets), key: Uint32Array.from(key), str: Uint32Array.from(str),
        num: Float64Array.from(num), numUnit: Uint32Array.from(numUnit),
      },
    },
  };
}
