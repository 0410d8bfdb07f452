import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadFixture, scaled, tempStore } from './support/temp-store.js';

test('ingesting the same profile again, or for another service, adds no stacks, locations, functions or strings', () => {
  const store = tempStore();
  try {
    const p = loadFixture('gobench-regexp.cpu.pb.gz');
    store.profiles.ingest({ profile: p, labels: { service: 'a' }, timeMs: 1_000 });
    const after1 = store.profiles.dictionaryCounts();
    assert.ok(after1.stacks > 100);
    store.profiles.ingest({ profile: loadFixture('gobench-regexp.cpu.pb.gz'), labels: { service: 'a' }, timeMs: 2_000 });
    store.profiles.ingest({ profile: scaled(p, 7), labels: { service: 'b', instance: 'x' }, timeMs: 3_000 });
    assert.deepEqual(store.profiles.dictionaryCounts(), after1);
    const rows = (table: string) => store.profiles.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    assert.equal(rows('stacks'), after1.stacks);
    assert.equal(rows('locations'), after1.locations);
    assert.equal(rows('profiles'), 3);
    store.profiles.ingest({ profile: loadFixture('hotspots.cpu.1.pb.gz'), labels: { service: 'c' }, timeMs: 4_000 });
    assert.ok(store.profiles.dictionaryCounts().stacks > after1.stacks);
  } finally {
    store.dispose();
  }
});
