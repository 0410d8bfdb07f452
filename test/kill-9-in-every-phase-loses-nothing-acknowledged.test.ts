import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeProfile } from '../codec/encode.js';
import { checkAfterCrash, checkedTotal, CRASH_T0 } from './support/crash-phases.js';
import { killDelay, runAndKill } from './support/crash-run.js';
import type { Ack } from './support/crash-phases.js';
import { sleep } from './support/hotspots.js';
import { startFlamewatch } from './support/serve-process.js';
import { loadFixture, tempDir, varied } from './support/temp-store.js';

const dir = tempDir('flamewatch-crash-');
after(() => rmSync(dir, { recursive: true, force: true }));

const ROUNDS = 3;

for (const phase of ['compaction', 'retention', 'scrape-burst']) {
  test(`kill -9 during ${phase}: integrity ok, every acknowledged profile there, rollups equal raw`, { timeout: 90_000 }, async (t) => {
    const path = join(dir, `${phase}.db`);
    const acks: Ack[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      acks.push(...await runAndKill(phase, path, round * 100_000));
      const stored = checkAfterCrash(path, acks);
      t.diagnostic(`round ${round + 1}: ${acks.length} acknowledged, ${stored} stored`);
    }
    assert.ok(acks.length >= ROUNDS, `${acks.length} profiles acknowledged`);
  });
}

test('kill -9 of the server during pushes: every profile answered 201 is there after the restart', { timeout: 90_000 }, async (t) => {
  const path = join(dir, 'serve.db');
  const bases = [loadFixture('hotspots.cpu.1.pb.gz'), loadFixture('hotspots-b.cpu.pb.gz')];
  const acks: Ack[] = [];
  let n = 0;
  for (let round = 0; round < 2; round++) {
    const server = await startFlamewatch(['serve', '--db', path, '--port', '0']);
    let stop = false;
    const pusher = async () => {
      while (!stop) {
        const profile = varied(bases[n % 2]!, n);
        const timeMs = CRASH_T0 + n++ * 1000;
        try {
          const res = await fetch(`${server.url}/api/v1/ingest?service=crash&at=${timeMs}`, {
            method: 'POST', body: encodeProfile(profile), headers: { 'content-type': 'application/octet-stream' },
          });
          if (res.status === 201) acks.push({ id: ((await res.json()) as { ids: number[] }).ids[0]!, timeMs, ...checkedTotal(profile) });
        } catch {
          return; // the server is gone
        }
      }
    };
    const pushers = [pusher(), pusher(), pusher()];
    await sleep(killDelay());
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(pushers);
    await server.stop();
    const stored = checkAfterCrash(path, acks);
    t.diagnostic(`round ${round + 1}: ${acks.length} answered 201, ${stored} stored`);
  }
  assert.ok(acks.length >= 2, `${acks.length} profiles answered 201`);
});
