import { assertCompatible } from './compatible.js';
import { GrowableF64, GrowableU32 } from './growable.js';
import type { PprofFunction, PprofLocation, PprofMapping, Profile } from './profile.js';

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
  const stackOffsets = new GrowableU32(); stackOffsets.push(0);
  const stackLocations = new GrowableU32();
  const values = new GrowableF64();
  const labelOffsets = new GrowableU32(); labelOffsets.push(0);
  const labelKey = new GrowableU32(16), labelStr = new GrowableU32(16), labelNumUnit = new GrowableU32(16);
  const labelNum = new GrowableF64(16);
  let count = 0;

  for (const p of profiles) {
    const fnMap = p.functions.map((f) =>
      functions.add(`${f.name}\0${f.systemName}\0${f.filename}\0${f.startLine}`, () => ({ ...f, id: functions.items.length + 1 })));
    const mapMap = p.mappings.map((m) =>
      mappings.add(`${m.filename}\0${m.buildId}\0${m.memoryStart}\0${m.memoryLimit}\0${m.fileOffset}`,
        () => ({ ...m, id: mappings.items.length + 1 })));
    const locMap = p.locations.map((l) => {
      const mapping = l.mapping >= 0 ? mapMap[l.mapping]! : -1;
      const lines = l.lines.map((ln) => ({ function: fnMap[ln.function]!, line: ln.line, column: ln.column }));
      const key = `${mapping}\0${l.address}\0${l.isFolded ? 1 : 0}\0${lines.map((ln) => `${ln.function}:${ln.line}:${ln.column}`).join(',')}`;
      return locations.add(key, () => ({ id: locations.items.length + 1, mapping, address: l.address, lines, isFolded: l.isFolded }));
    });
    const s = p.samples, lt = s.labels;
    for (let i = 0; i < s.count; i++) {
      let key = '';
      for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) key += `${locMap[s.locations[k]!]},`;
      key += '|';
      const labels: [number, number, number, number][] = [];
      for (let k = lt.offsets[i]!; k < lt.offsets[i + 1]!; k++) {
        const label: [number, number, number, number] = [
          strings.add(p.strings[lt.key[k]!]!, () => p.strings[lt.key[k]!]!),
          strings.add(p.strings[lt.str[k]!]!, () => p.strings[lt.str[k]!]!),
          lt.num[k]!,
          strings.add(p.strings[lt.numUnit[k]!]!, () => p.strings[lt.numUnit[k]!]!),
        ];
        labels.push(label);
      }
      labels.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
      key += labels.map((l) => l.join(':')).join(',');
      const existing = sampleIndex.get(key);
      if (existing !== undefined) {
        for (let t = 0; t < width; t++) values.data[existing * width + t]! += s.values[i * width + t]!;
        continue;
      }
      sampleIndex.set(key, count++);
      for (let k = s.stackOffsets[i]!; k < s.stackOffsets[i + 1]!; k++) stackLocations.push(locMap[s.locations[k]!]!);
      stackOffsets.push(stackLocations.length);
      for (let t = 0; t < width; t++) values.push(s.values[i * width + t]!);
      for (const [k, v, n, u] of labels) { labelKey.push(k); labelStr.push(v); labelNum.push(n); labelNumUnit.push(u); }
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
