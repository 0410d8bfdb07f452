import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration, parseTime, parseWindow } from '../query/time-window.js';

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

test('times are RFC 3339, unix seconds, unix ms, now or now-<duration>; durations have ms/s/m/h/d units or are seconds', () => {
  assert.equal(parseTime('2026-01-01T11:00:00Z', 'from', NOW), NOW - 3_600_000);
  assert.equal(parseTime('2026-01-01T13:00:00.500+02:00', 'from', NOW), NOW - 3_600_000 + 500);
  assert.equal(parseTime(String(NOW / 1000), 'from', NOW), NOW);
  assert.equal(parseTime(String(NOW), 'from', NOW), NOW);
  assert.equal(parseTime('1767268800.25', 'from', NOW), 1767268800250);
  assert.equal(parseTime('now', 'to', NOW), NOW);
  assert.equal(parseTime('now-15m', 'from', NOW), NOW - 900_000);
  assert.equal(parseTime('now-1h', 'from', NOW), NOW - 3_600_000);
  assert.equal(parseTime('now-7d', 'from', NOW), NOW - 7 * 86_400_000);
  for (const bad of ['yesterday', 'now+1h', 'now-', '2026-01-01', '-5', '']) {
    assert.throws(() => parseTime(bad, 'from', NOW), { code: 'FW_PARAMETER_INVALID', message: new RegExp(`^invalid parameter "from": "${bad.replace(/[+.]/g, '\\$&')}" is not a time`) });
  }

  assert.equal(parseDuration('500ms', 'step'), 500);
  assert.equal(parseDuration('2s', 'step'), 2000);
  assert.equal(parseDuration('1m', 'step'), 60_000);
  assert.equal(parseDuration('1h', 'step'), 3_600_000);
  assert.equal(parseDuration('15', 'step'), 15_000);
  assert.equal(parseDuration('1.5', 'step'), 1500);
  for (const bad of ['fast', '1y', '-1s', '0', '0ms']) assert.throws(() => parseDuration(bad, 'step'), { code: 'FW_PARAMETER_INVALID' });

  assert.deepEqual(parseWindow(undefined, undefined, NOW), { fromMs: NOW - 3_600_000, toMs: NOW });
  assert.throws(() => parseWindow('now', 'now-1m', NOW), /invalid parameter "from": must not be after "to"/);
});
