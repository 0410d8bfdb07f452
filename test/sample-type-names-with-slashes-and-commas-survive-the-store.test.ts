import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { cpuProfileMessage, encodeMessage } from './support/build-profile.js';
import { tempStore } from './support/temp-store.js';

// Found by the fuzzer: a unit such as "c/unt" broke the stored `type/unit` list, and the
// store's top of that type came back empty.
test('sample types whose names hold "/", "," or "%" read back from the store with their top', () => {
  const store = tempStore();
  try {
    const strings = ['', 'samples', 'c/unt,50%', 'cpu', 'nano/seconds', 'main.main', 'main.work', 'main.leaf', 'main.go', '/bin/app'];
    const profile = decodeProfile(encodeMessage(cpuProfileMessage({ stringTable: strings })));
    const t = 1_700_000_000_000;
    const { types } = store.profiles.ingest({ profile, labels: { service: 'odd' }, timeMs: t });
    assert.deepEqual(types.sort(), ['cpu', 'samples']);
    for (const [type, sampleIndex] of [['cpu', 'cpu'], ['samples', 'samples']] as const) {
      const window = store.profiles.window({ selector: '', type, fromMs: t, toMs: t });
      assert.deepEqual(window.profile.sampleTypes, [profile.sampleTypes.find((s) => s.type === sampleIndex)]);
      const stored = top(windowStacks(store.profiles, { selector: '', type, fromMs: t, toMs: t }).stacks);
      assert.deepEqual(stored, top(stacksFromProfiles([profile], { sampleIndex })), type);
    }
    assert.deepEqual(store.profiles.types('', t, t).map((s) => s.unit).sort(), ['c/unt,50%', 'nano/seconds']);
  } finally {
    store.dispose();
  }
});
