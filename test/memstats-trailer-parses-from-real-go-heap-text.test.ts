import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { memStatsWentBack, parseMemStats } from '../collector/memstats.js';
import { fixture } from './support/fixtures.js';

test('the MemStats trailer of real Go heap?debug=1 output parses into numbers', () => {
  const text = readFileSync(fixture('hotspots.heap-debug1.txt'), 'utf8');
  const v = parseMemStats(text);
  for (const name of ['HeapAlloc', 'HeapInuse', 'HeapIdle', 'HeapReleased', 'HeapSys', 'StackInuse', 'StackSys',
    'MSpanInuse', 'MSpanSys', 'MCacheInuse', 'MCacheSys', 'GCSys', 'OtherSys', 'Sys', 'NumGC', 'MaxRSS', 'TotalAlloc']) {
    assert.equal(typeof v[name], 'number', `${name} parsed`);
    assert.ok(Number.isFinite(v[name]!), `${name} finite`);
  }
  assert.equal(v['HeapSys'], v['HeapInuse']! + v['HeapIdle']!, 'HeapSys = HeapInuse + HeapIdle');
  assert.ok(v['Sys']! >= v['HeapSys']! + v['StackSys']! + v['MSpanSys']! + v['GCSys']! + v['OtherSys']!);
  assert.ok(v['HeapInuse']! >= 64 << 20, 'main.retain keeps 64 MiB');
  assert.ok(v['GCCPUFraction']! >= 0 && v['GCCPUFraction']! < 1);
  assert.equal(v['PauseNs'], undefined, 'arrays are left out');
  assert.equal(v['DebugGC'], undefined, 'booleans are left out');
});

test('MemStats parsing is robust to missing trailers, odd spacing and unknown fields', () => {
  assert.deepEqual(parseMemStats('heap profile: 0: 0 [0: 0] @ heap/1048576\n'), {});
  assert.deepEqual(parseMemStats('# runtime.MemStats\r\n#  HeapAlloc=12 \r\n# Stack = 1 /  2\n# NewField = 7\n# Weird = x\n'),
    { HeapAlloc: 12, StackInuse: 1, StackSys: 2, NewField: 7 });
  assert.equal(memStatsWentBack({ TotalAlloc: 10, NumGC: 3 }, { TotalAlloc: 11, NumGC: 3 }), false);
  assert.equal(memStatsWentBack({ TotalAlloc: 10, NumGC: 3 }, { TotalAlloc: 5, NumGC: 1 }), true);
});
