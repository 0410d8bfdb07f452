import { SampleTypeMismatch, SampleTypeUnknown, NoProfiles } from '../common/errors.js';
import type { Profile, ValueType } from '../codec/profile.js';
import { cleanPath, printableName } from './printable-name.js';
import { StackSetBuilder } from './stack-set.js';
import type { FrameInterner, Granularity, StackSet } from './stack-set.js';

/** Which values to analyse, and at what granularity. */
export interface StackOptions {
  /** Sample type name such as `cpu` or `alloc_space`; default: the profile's default, else the last type. */
  sampleIndex?: string;
  granularity?: Granularity;
}

/** Renders sample types as `type/unit` for messages. */
export function describeSampleTypes(types: readonly ValueType[]): string {
  return types.map((t) => `${t.type}/${t.unit}`).join(', ');
}

/** Throws unless the profiles have the same sample types in the same order, as pprof requires to merge. */
export function assertCompatible(profiles: readonly Profile[]): void {
  if (profiles.length === 0) throw new NoProfiles();
  const first = describeSampleTypes(profiles[0]!.sampleTypes);
  for (const p of profiles) {
    const other = describeSampleTypes(p.sampleTypes);
    if (other !== first) throw new SampleTypeMismatch(first, other);
  }
}

/** Resolves a sample type name (or numeric index) to an index, defaulting as pprof does. */
export function sampleTypeIndex(types: readonly ValueType[], defaultType: string, wanted?: string): number {
  if (wanted === undefined || wanted === '') {
    const byDefault = defaultType === '' ? -1 : types.findIndex((t) => t.type === defaultType);
    return byDefault >= 0 ? byDefault : types.length - 1;
  }
  const byName = types.findIndex((t) => t.type === wanted);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(wanted) && Number(wanted) < types.length) return Number(wanted);
  throw new SampleTypeUnknown(wanted, types.map((t) => t.type).join(', '));
}

/** Frame ids of each location, leaf first (inlined lines expanded). */
export function locationFrames(profile: Profile, granularity: Granularity, interner: FrameInterner): number[][] {
  return profile.locations.map((loc) => {
    const objfile = loc.mapping >= 0 ? profile.mappings[loc.mapping]!.filename : '';
    if (loc.lines.length === 0) {
      const name = printableName({ name: '', file: '', line: 0, objfile });
      return [interner.intern(name, '', '', 0)];
    }
    return loc.lines.map((ln) => {
      const fn = profile.functions[ln.function]!;
      const file = cleanPath(fn.filename);
      const line = granularity === 'line' ? ln.line : 0;
      const name = printableName({
        name: fn.name, file: granularity === 'line' ? file : '', line, objfile: fn.name === '' ? objfile : '',
      });
      return interner.intern(name, fn.name, file, line);
    });
  });
}

/** The stacks of one or more profiles of the same sample types, for one sample type. */
export function stacksFromProfiles(profiles: readonly Profile[], options: StackOptions = {}): StackSet {
  assertCompatible(profiles);
  const first = profiles[0]!;
  const index = sampleTypeIndex(first.sampleTypes, first.defaultSampleType, options.sampleIndex);
  const granularity = options.granularity ?? 'function';
  const builder = new StackSetBuilder(first.sampleTypes[index]!, granularity);
  const stack: number[] = [];
  for (const profile of profiles) {
    const frames = locationFrames(profile, granularity, builder.interner);
    const { samples } = profile;
    const width = profile.sampleTypes.length;
    for (let i = 0; i < samples.count; i++) {
      const value = samples.values[i * width + index]!;
      if (value === 0) continue;
      stack.length = 0;
      for (let k = samples.stackOffsets[i]!; k < samples.stackOffsets[i + 1]!; k++) {
        const ids = frames[samples.locations[k]!]!;
        for (let j = 0; j < ids.length; j++) stack.push(ids[j]!);
      }
      builder.push(stack, value);
    }
  }
  return builder.build();
}
