import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { seedCorpus } from './support/fuzz-inputs.js';
import { fuzz } from './support/fuzz-pipeline.js';
import { tempDir } from './support/temp-store.js';

// A seeded subset of `npm run fuzz`, the same pipeline and properties: any input is either
// refused with a catalogued error or accepted, and an accepted profile encodes and decodes to
// the same top, which the store gives back.
test('2,500 fuzzed inputs: no crash, no hang, every refusal catalogued, every accepted profile round-trips to the same top', { timeout: 120_000 }, (t) => {
  const dir = tempDir('flamewatch-fuzz-');
  let n = 0;
  try {
    const report = fuzz({
      seed: 20_261_101, inputs: 2_500, capMs: 2_000, corpus: seedCorpus(),
      openStore: () => openSqliteStore(join(dir, `fuzz-${n++}.db`)).profiles,
    });
    t.diagnostic(JSON.stringify({ accepted: report.accepted, refused: report.refused, maxMs: Math.round(report.maxMs) }));
    assert.deepEqual(report.failures, []);
    assert.deepEqual(report.slow, []);
    assert.equal(report.inputs, 2_500);
    assert.ok(report.accepted > 100, `${report.accepted} accepted: the properties were exercised`);
    assert.ok(Object.keys(report.refused).length >= 4, `refusals: ${JSON.stringify(report.refused)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
