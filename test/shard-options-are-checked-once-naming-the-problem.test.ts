import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveServerOptions, shardOption } from '../config/server-options.js';

test('--shard takes i/N with i below N, and more than one shard needs the shared ClickHouse store', () => {
  assert.deepEqual(shardOption('1/3', '--shard'), { index: 1, count: 3 });
  assert.throws(() => shardOption('3/3', '--shard'), /--shard.*below the number of shards/);
  assert.throws(() => shardOption('one of two', '--shard'), /--shard.*not a shard such as 0\/2/);
  assert.throws(() => resolveServerOptions({ shard: { index: 0, count: 2 } }), /shard.*give --clickhouse/);
  const options = resolveServerOptions({ shard: { index: 1, count: 2 }, clickhouse: { urls: ['http://127.0.0.1:8123'] }, collector: false });
  assert.deepEqual(options.shard, { index: 1, count: 2 });
  assert.equal(options.clickhouse?.database, 'flamewatch');
  assert.equal(options.collector, false);
});
