import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServeProcess } from './support/serve-process.js';

const WARN = 40;
const warnings = (logs: { level?: number; msg?: string }[]) => logs.filter((l) => l.level === WARN && /without tokens/.test(l.msg ?? ''));

test('listening on 0.0.0.0 without tokens logs one warning naming what is open; with both tokens, none', async () => {
  const [open, locked, local] = await Promise.all([
    startServeProcess({}, ['--host', '0.0.0.0']),
    startServeProcess({ FLAMEWATCH_TOKEN: 'w', FLAMEWATCH_READ_TOKEN: 'r' }, ['--host', '0.0.0.0']),
    startServeProcess(),
  ]);
  try {
    const w = warnings(open.logs);
    assert.equal(w.length, 1, JSON.stringify(open.logs));
    assert.match(w[0]!.msg!, /writes are accepted only from loopback clients \(set FLAMEWATCH_TOKEN/);
    assert.match(w[0]!.msg!, /FLAMEWATCH_READ_TOKEN/);
    assert.equal(warnings(locked.logs).length, 0);
    assert.equal(warnings(local.logs).length, 0, 'loopback only: nothing to warn about');
  } finally {
    await Promise.all([open.dispose(), locked.dispose(), local.dispose()]);
  }
});
