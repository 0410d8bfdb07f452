import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { stacksOfWindow } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { checkAfterCrash, newStacksProfile } from './support/crash-phases.js';
import type { Ack } from './support/crash-phases.js';
import { runAndKill } from './support/crash-run.js';
import { integrityOf, loadFixture, tempDir } from './support/temp-store.js';

const dir = tempDir('flamewatch-crash-');
after(() => rmSync(dir, { recursive: true, force: true }));

// The child ingests profiles of 3,000 new stacks each and runs retention after each pair, with
// the stacks' snapshot written after every ingest and rewritten after every retention (about a
// third of the child's time goes to those writes, so most runs of four rounds kill one in the
// middle of it), or lands between a write and the next, leaving stacks after the snapshot. Either way the reopened store must know every stack it committed,
// under its own id, and no stack it deleted.
test('a store killed while writing its stack snapshot reopens with every stack, each under its id', { timeout: 120_000 }, async (t) => {
  const path = join(dir, 'new-stacks.db');
  const base = loadFixture('gobench-regexp.cpu.pb.gz');
  const acks: Ack[] = [];
  for (let round = 0; round < 4; round++) {
    acks.push(...await runAndKill('new-stacks', path, round * 100_000));
    assert.equal(integrityOf(path), 'ok', 'integrity_check');
    // The first open after the kill: its dictionary comes from what the killed process left.
    const stores = openSqliteStore(path);
    try {
      const q = { selector: '{instance="new"}', type: 'cpu', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };
      // What was committed: the acknowledged profiles, and one the kill may have cut before its ack.
      const times = stores.profiles.series(q, 3_600_000).flatMap((s) => s.profiles.map((p) => p.t));
      for (const a of acks) assert.ok(times.includes(a.timeMs), `acknowledged profile ${a.id} is there`);
      const expected = stacksFromProfiles(times.map((timeMs) => newStacksProfile(base, timeMs)), { sampleIndex: 'cpu', granularity: 'line' });
      assert.deepEqual(top(stacksOfWindow(stores.profiles.window(q), 'line').stacks), top(expected), 'the window answers as its files do');
    } finally {
      stores.close();
    }
    const stored = checkAfterCrash(path, acks);
    t.diagnostic(`round ${round + 1}: ${acks.length} acknowledged, ${stored} stored`);
  }
});
