import protobuf from 'protobufjs';
import { profileSchema } from '../../codec/schema.js';

/** A pprof message as protobufjs takes it: string-table indexes, plain numbers. */
export type ProfileMessage = Record<string, unknown>;

/**
 * A small valid CPU profile message: main.main → main.work → main.leaf (leaf first in samples),
 * with `overrides` merged in, so a test can break exactly one thing.
 */
export function cpuProfileMessage(overrides: ProfileMessage = {}): ProfileMessage {
  return {
    sampleType: [{ type: 1, unit: 2 }, { type: 3, unit: 4 }],
    sample: [
      { locationId: [3, 2, 1], value: [5, 50_000_000] },
      { locationId: [2, 1], value: [2, 20_000_000] },
    ],
    mapping: [{ id: 1, memoryStart: 0x400000, memoryLimit: 0x800000, filename: 9 }],
    location: [
      { id: 1, mappingId: 1, address: 0x401000, line: [{ functionId: 1, line: 10 }] },
      { id: 2, mappingId: 1, address: 0x402000, line: [{ functionId: 2, line: 20 }] },
      { id: 3, mappingId: 1, address: 0x403000, line: [{ functionId: 3, line: 30 }] },
    ],
    function: [
      { id: 1, name: 5, systemName: 5, filename: 8 },
      { id: 2, name: 6, systemName: 6, filename: 8 },
      { id: 3, name: 7, systemName: 7, filename: 8 },
    ],
    stringTable: ['', 'samples', 'count', 'cpu', 'nanoseconds', 'main.main', 'main.work', 'main.leaf', 'main.go', '/bin/app'],
    periodType: { type: 3, unit: 4 },
    period: 10_000_000,
    ...overrides,
  };
}

/** Encodes a message with protobufjs (repeated scalars packed). */
export function encodeMessage(message: ProfileMessage): Uint8Array {
  const { Profile } = profileSchema();
  return Profile.encode(Profile.fromObject(message)).finish();
}

/** Encodes only the sample field of a profile, with every repeated scalar unpacked, as Go does for short lists. */
export function encodeUnpackedSamples(samples: { locationId: number[]; value: number[] }[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const s of samples) {
    const inner = protobuf.Writer.create();
    for (const id of s.locationId) inner.uint32((1 << 3) | 0).uint64(id);
    for (const v of s.value) inner.uint32((2 << 3) | 0).int64(v);
    w.uint32((2 << 3) | 2).bytes(inner.finish());
  }
  return w.finish();
}
