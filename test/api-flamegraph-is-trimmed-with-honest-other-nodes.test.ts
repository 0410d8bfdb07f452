import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FlameNode } from '../query/flame.js';
import { NOW, ingestFixture, testApp } from './support/test-app.js';

function count(n: FlameNode): number {
  return 1 + n.children.reduce((s, c) => s + count(c), 0);
}

function assertConsistent(n: FlameNode): void {
  assert.equal(n.self + n.children.reduce((s, c) => s + c.total, 0), n.total, n.name);
  n.children.forEach(assertConsistent);
}

test('GET /api/v1/flamegraph keeps maxNodes nodes and every total still equals self plus children', async () => {
  const t = await testApp();
  try {
    await ingestFixture(t.app, 'gobench-regexp.cpu.pb.gz', `service=bench&at=${NOW - 60_000}`);
    const full = (await t.app.inject({ method: 'GET', url: '/api/v1/flamegraph?service=bench&type=cpu&maxNodes=100000' })).json() as { total: number; root: FlameNode; profiles: number; unit: string; type: string };
    assert.equal(full.type, 'cpu');
    assert.equal(full.unit, 'nanoseconds');
    assert.equal(full.profiles, 1);
    assert.equal(full.root.total, full.total);
    assertConsistent(full.root);

    const res = await t.app.inject({ method: 'GET', url: '/api/v1/flamegraph?service=bench&type=cpu&maxNodes=50' });
    const trimmed = res.json() as { total: number; root: FlameNode };
    assert.equal(trimmed.total, full.total);
    assertConsistent(trimmed.root);
    const others = JSON.stringify(trimmed.root).match(/"\(other\)"/g)?.length ?? 0;
    assert.ok(others > 0, 'trimmed siblings are summed into (other) nodes');
    assert.ok(count(trimmed.root) <= 50 + others, `${count(trimmed.root)} nodes`);
  } finally {
    await t.dispose();
  }
});
