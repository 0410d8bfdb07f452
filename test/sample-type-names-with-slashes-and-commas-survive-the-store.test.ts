import assert from 'node:assert/strict';
import { decodeProfile } from '../codec/decode.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { cpuProfileMessage, encodeMessage } from './support/build-profile.js';
import { backendTest } from './support/store-backends.js';

// Found by the fuzzer: a unit such as "c/unt" broke the stored `type/unit` list, and the
// store's top of that type came back empty.
backendTest('sample types whose names hold "/", "," or "%" read back from the store with their top', {}, async (store) => {
  const strings = ['', 'samples', 'c/unt,50%', 'cpu', 'nano/seconds', 'main.main', 'main.work', 'main.leaf', 'main.go', '/bin/app'];
  const profile = decodeProfile(encodeMessage(cpuProfileMessage({ stringTable: strings })));
  const t = 1_700_000_000_000;
  const { types } = await store.profiles.ingest({ profile, labels: { service: 'odd' }, timeMs: t });
  assert.deepEqual(types.sort(), ['cpu', 'samples']);
  for (const [type, sampleIndex] of [['cpu', 'cpu'], ['samples', 'samples']] as const) {
    const window = await store.profiles.window({ selector: '', type, fromMs: t, toMs: t });
    assert.deepEqual(window.profile.sampleTypes, [profile.sampleTypes.find((s) => s.type === sampleIndex)]);
    const stored = top((await windowStacks(store.profiles, { selector: '', type, fromMs: t, toMs: t })).stacks);
    assert.deepEqual(stored, top(stacksFromProfiles([profile], { sampleIndex })), type);
  }
  assert.deepEqual((await store.profiles.types('', t, t)).map((s) => s.unit).sort(), ['c/unt,50%', 'nano/seconds']);
});
