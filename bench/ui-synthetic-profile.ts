import type { Profile } from '../codec/profile.js';

/**
 * A CPU profile whose flame graph has `nodes` nodes: a random tree (seeded, so every run draws
 * the same) where each node is its own function in one of 40 packages and holds one sample, so
 * the flame tree has exactly one node per tree node. Depths reach about 40 like real Go stacks.
 */
export function syntheticCpuProfile(nodes: number, seed = 7): Profile {
  let x = seed;
  const rand = () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
  const parent = new Int32Array(nodes).fill(-1);
  const depth = new Int32Array(nodes);
  for (let i = 1; i < nodes; i++) {
    // Mostly attach near recent nodes (deep chains), sometimes anywhere (wide fan-out).
    const p = rand() < 0.7 ? Math.max(0, i - 1 - Math.floor(rand() * 8)) : Math.floor(rand() * i);
    parent[i] = depth[p]! >= 48 ? Math.floor(rand() * Math.min(i, 50)) : p;
    depth[i] = depth[parent[i]!]! + 1;
  }
  const functions = Array.from({ length: nodes }, (_, i) => ({
    id: i + 1, name: `example.com/svc/pkg${i % 40}.Func${i}`, systemName: `example.com/svc/pkg${i % 40}.Func${i}`, filename: `pkg${i % 40}/f.go`, startLine: 1,
  }));
  const locations = functions.map((f, i) => ({ id: i + 1, mapping: 0, address: 0x400000 + i * 16, lines: [{ function: i, line: 10, column: 0 }], isFolded: false }));
  const stackOffsets = new Uint32Array(nodes + 1);
  const stack: number[] = [];
  for (let i = 0; i < nodes; i++) {
    for (let n = i; n >= 0; n = parent[n]!) stack.push(n);
    stackOffsets[i + 1] = stack.length;
  }
  const values = new Float64Array(nodes * 2);
  for (let i = 0; i < nodes; i++) {
    const ticks = 1 + Math.floor(rand() ** 3 * 200);
    values[i * 2] = ticks;
    values[i * 2 + 1] = ticks * 10_000_000;
  }
  return {
    sampleTypes: [{ type: 'samples', unit: 'count' }, { type: 'cpu', unit: 'nanoseconds' }], defaultSampleType: '',
    periodType: { type: 'cpu', unit: 'nanoseconds' }, period: 10_000_000, timeNanos: 0, durationNanos: 10e9,
    dropFrames: '', keepFrames: '', comments: [], docUrl: '', strings: [''],
    mappings: [{ id: 1, memoryStart: 0x400000, memoryLimit: 0x8000000, fileOffset: 0, filename: '/bin/svc', buildId: '', hasFunctions: true, hasFilenames: true, hasLineNumbers: true, hasInlineFrames: false }],
    locations, functions,
    samples: {
      count: nodes, stackOffsets, locations: Uint32Array.from(stack), values,
      labels: { offsets: new Uint32Array(nodes + 1), key: new Uint32Array(0), str: new Uint32Array(0), num: new Float64Array(0), numUnit: new Uint32Array(0) },
    },
  };
}
