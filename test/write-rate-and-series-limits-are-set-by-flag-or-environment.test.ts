import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeOptionInputs, optionsFromEnv, rateLimitOption, resolveServerOptions, seriesLimitsOption } from '../config/server-options.js';

test('the write rate limit and the series limits default high, and are set by environment under flags', () => {
  const defaults = resolveServerOptions({});
  assert.deepEqual({ ...defaults.writeRateLimit }, { max: 6000, timeWindowMs: 60_000 });
  assert.deepEqual({ ...defaults.seriesLimits }, { maxLabelsPerSeries: 64, maxLabelValueLength: 1024, maxSeries: 100_000 });
  assert.equal(defaults.maxDatabaseBytes, 0);

  const env = { FLAMEWATCH_WRITE_RATE_LIMIT: '100/1s', FLAMEWATCH_MAX_SERIES: '5000', FLAMEWATCH_MAX_DB_BYTES: '1048576' };
  const fromEnv = resolveServerOptions(optionsFromEnv(env));
  assert.deepEqual({ ...fromEnv.writeRateLimit }, { max: 100, timeWindowMs: 1000 });
  assert.equal(fromEnv.seriesLimits.maxSeries, 5000);
  assert.equal(fromEnv.seriesLimits.maxLabelsPerSeries, 64, 'limits not given keep their default');
  assert.equal(fromEnv.maxDatabaseBytes, 1 << 20);

  const flags = { writeRateLimit: rateLimitOption('20000', '--write-rate-limit'), seriesLimits: seriesLimitsOption({ maxLabelsPerSeries: '16' }) };
  const merged = resolveServerOptions(mergeOptionInputs(optionsFromEnv(env), flags));
  assert.deepEqual({ ...merged.writeRateLimit }, { max: 20000, timeWindowMs: 60_000 }, 'a bare number is per minute; flags win');
  assert.deepEqual([merged.seriesLimits.maxSeries, merged.seriesLimits.maxLabelsPerSeries], [5000, 16], 'flags and environment combine per limit');

  assert.throws(() => rateLimitOption('fast', '--write-rate-limit'), { code: 'FW_CONFIG_INVALID', message: /option --write-rate-limit: "fast" is not a rate/ });
  assert.throws(() => resolveServerOptions(optionsFromEnv({ FLAMEWATCH_MAX_SERIES: '0' })), { code: 'FW_CONFIG_INVALID', message: /seriesLimits\.maxSeries/ });
});
