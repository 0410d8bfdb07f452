import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { createDecodePool } from '../codec/decode-pool.js';
import { resolveLimits } from '../codec/limits.js';
import { fixture, fixturesDir, peerProfile, peerProfileNames } from './support/fixtures.js';
import { garbage } from './support/hostile-bodies.js';

const limits = resolveLimits();
const inputs = [
  ...readdirSync(fixturesDir).filter((f) => f.endsWith('.pb.gz')).map((f) => ({ name: f, bytes: readFileSync(fixture(f)) })),
  ...peerProfileNames().map((f) => ({ name: `peer/${f}`, bytes: readFileSync(peerProfile(f)) })),
];

/** What decoding answers: the profile, or the refusal's code and message. */
async function outcome(decode: () => Promise<unknown>): Promise<unknown> {
  try {
    return await decode();
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; message: string };
    return { refused: e.code, statusCode: e.statusCode, message: e.message };
  }
}

// Worker threads hand columns back through shared slabs; a profile too large for its slab has
// its arrays transferred. Both ways, and with decodes waiting for a slab, the calling thread must
// get what decoding on it gives: the same profile, or the same refusal.
for (const [way, slabBytes] of [['through shared slabs', 16 * 1024 * 1024], ['with arrays transferred (slabs too small)', 64]] as const) {
  test(`a profile decoded on a worker thread ${way} equals one decoded on the main thread`, { timeout: 120_000 }, async () => {
    const pool = await createDecodePool(2, { perWorker: 1, bytes: slabBytes });
    try {
      const bodies = [...inputs, { name: 'garbage', bytes: garbage(4096) }, { name: 'empty', bytes: Buffer.alloc(0) }];
      // All at once: more decodes than slabs, so some wait for one.
      const onWorkers = await Promise.all(bodies.map((b) => outcome(() => pool.decode(b.bytes, limits))));
      let refused = 0;
      bodies.forEach((b, i) => {
        const inline = (() => {
          try {
            return decodeProfile(b.bytes, limits);
          } catch (err) {
            const e = err as { code?: string; statusCode?: number; message: string };
            return { refused: e.code, statusCode: e.statusCode, message: e.message };
          }
        })();
        if ('refused' in inline) refused++;
        assert.deepEqual(onWorkers[i], inline, b.name);
      });
      assert.ok(refused >= 2 && refused < bodies.length, `refusals and profiles both compared (${refused} refused of ${bodies.length})`);
    } finally {
      await pool.close();
    }
  });
}
