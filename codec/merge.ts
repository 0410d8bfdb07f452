import { growableF64, growableU32 } from './growable.js';
import { functionKey, locationKey, mappingFlags, mappingKey, sampleLabelsKey } from './identity.js';
import type { PprofFunction, PprofLocation, PprofMapping, Profile } from './profile.js';
import { assertCompatible } from './sample-types.js';

/** Interns values by a string key, returning dense indexes. */
class Interner<T> {
  readonly items: T[] = [];
  private readonly index = new Map<string, number>();
  add(key: string, make: () => T): number {
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(make());
      this.index.set(key, i);
    }
    return i;
  }
}

/**
 * Merges profiles as `go tool pprof` does: identical stacks with identical labels are summed,
 * functions, mappings and locations de-duplicated; durations summed, the period is the
 * largest, the time the earliest non-zero, the default sample type the first one set, comments
 * de-duplicated. Sample types must match exactly.
 */
export function mergeProfiles(profiles: readonly Profile[]): Profile {
  assertCompatible(profiles);
  const first = profiles[0]!;
  const width = first.sampleTypes.length;
  const strings = new Interner<string>();
  strings.add('', () => '');
  const functions = new Interner<PprofFunction>();
  const mappings = new Interner<PprofMapping>();
  const locations = new Interner<PprofLocation>();
  const sampleIndex = new Map<string, number>();
  const stackOffsets = growableU32(); stackOffsets.push(0);
  const stackLocations = growableU32();
  const values = growableF64();
  const labelOffsets = growableU32(); labelOffsets.push(0);
  const labelKey = growableU32(16), labelStr = growableU32(16), labelNumUnit = growableU32(16);
  const labelNum = growableF64(16);
  let count = 0;

  for (const p of profiles) {
    const fnMap = p.functions.map((f) => functions.add(functionKey(f), () => ({ ...f, id: functions.items.length + 1 })));
    const mapMap = p.mappings.map((m) => mappings.add(mappingKey(m, mappingFlags(m)), () => ({ ...m, id: mappings.items.length + 1 })));
    const locMap = p.locations.map((l) => {
      const mapping = l.mapping >= 0 ? mapMap[l.mapping]! : -1;
      const lines = l.lines.map((ln) => ({ function: fnMap[ln.function]!, line: ln.line, column: ln.column }));
      const key = locationKey(mapping, l.address, l.isFolded, lines.flatMap((ln) => [ln.function, ln.line, ln.column]));
      return locations.add(key, () => ({ id: locations.items.length + 1, mapping, address: l.address, lines, isFolded: l.isFolded }));
    });
    const intern = (index: number): number => strings.add(p.strings[index]!, () => p.strings[index]!);
    const s = p.samples, lt = s.labels;
    for (let i = 0; i < s.count; i++) {
      let key = '';
      for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) key += `${locMap[s.locations[k]!]},`;
      key += `|${sampleLabelsKey(p, i)}`;
      const existing = sampleIndex.get(key);
      if (existing !== undefined) {
        for (let t = 0; t < width; t++) values.data[existing * width + t]! += s.values[i * width + t]!;
        continue;
      }
      sampleIndex.set(key, count++);
      for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) stackLocations.push(locMap[s.locations[k]!]!);
      stackOffsets.push(stackLocations.length);
      for (let t = 0; t < width; t++) values.push(s.values[i * width + t]!);
      for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
        labelKey.push(intern(lt.key[k]!)); labelStr.push(intern(lt.str[k]!)); labelNum.push(lt.num[k]!); labelNumUnit.push(intern(lt.numUnit[k]!));
      }
      labelOffsets.push(labelKey.length);
    }
  }

  const nonZeroTimes = profiles.map((p) => p.timeNanos).filter((t) => t !== 0);
  return {
    sampleTypes: first.sampleTypes.map((t) => ({ ...t })),
    defaultSampleType: profiles.find((p) => p.defaultSampleType !== '')?.defaultSampleType ?? '',
    periodType: { ...first.periodType },
    period: Math.max(...profiles.map((p) => p.period)),
    timeNanos: nonZeroTimes.length > 0 ? Math.min(...nonZeroTimes) : 0,
    durationNanos: profiles.reduce((sum, p) => sum + p.durationNanos, 0),
    dropFrames: first.dropFrames,
    keepFrames: first.keepFrames,
    comments: [...new Set(profiles.flatMap((p) => p.comments))],
    docUrl: first.docUrl,
    strings: strings.items,
    mappings: mappings.items,
    locations: locations.items,
    functions: functions.items,
    samples: {
      count,
      stackOffsets: stackOffsets.view(),
      locations: stackLocations.view(),
      values: values.view(),
      labels: {
        offsets: labelOffsets.view(), key: labelKey.view(), str: labelStr.view(), num: labelNum.view(), numUnit: labelNumUnit.view(),
      },
    },
  };
}
