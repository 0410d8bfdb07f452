import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { resolveLimits, TRUNCATED_FRAME_NAME } from '../codec/limits.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { cpuProfileMessage, encodeMessage } from './support/build-profile.js';

test('a stack deeper than the cap keeps its leaf-most frames and ends in a visible marker frame', () => {
  const deep = cpuProfileMessage({ sample: [{ locationId: [3, 2, 1, 1, 1, 1], value: [1, 10] }, { locationId: [2, 1], value: [1, 5] }] });
  const profile = decodeProfile(encodeMessage(deep), resolveLimits({ maxStackDepth: 3 }));
  const rows = top(stacksFromProfiles([profile])).rows;
  assert.deepEqual(rows.map((r) => [r.name, r.flat, r.cum]), [
    ['main.leaf', 10, 10],
    ['main.work', 5, 15],
    [TRUNCATED_FRAME_NAME, 0, 10],
    ['main.main', 0, 5],
  ]);
});
