import type { PprofLine, PprofLocation, Profile } from '../codec/profile.js';
import type { SampleFilters } from './filters.js';
import type { GoRegexp } from './go-regexp.js';
import { numLabelUnits, sampleLabels } from './sample-labels.js';

/** True when the filters test labels (tagfocus, tagignore, sampleLabels). */
export function hasLabelFilters(f: SampleFilters): boolean {
  return f.tagFocus.length > 0 || f.tagIgnore !== undefined;
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
