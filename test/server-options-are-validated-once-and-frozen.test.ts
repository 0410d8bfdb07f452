import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeOptionInputs, optionsFromEnv, resolveServerOptions } from '../config/server-options.js';

test('server options get defaults, take env under flags, are checked by schema naming the option, and are frozen', () => {
  const defaults = resolveServerOptions({});
  assert.equal(defaults.host, '127.0.0.1');
  assert.equal(defaults.port, 9740);
  assert.equal(defaults.dbPath, './data/flamewatch.db');
  assert.equal(defaults.writeToken, undefined);
  assert.ok(Object.isFrozen(defaults) && Object.isFrozen(defaults.writeRateLimit) && Object.isFrozen(defaults.limits));
  assert.throws(() => { (defaults as { port: number }).port = 1; }, TypeError);

  const env = { FLAMEWATCH_DB: '/var/lib/fw/fw.db', FLAMEWATCH_PORT: '9999', FLAMEWATCH_HOST: '0.0.0.0', FLAMEWATCH_TOKEN: 'w', FLAMEWATCH_READ_TOKEN: 'r' };
  const fromEnv = resolveServerOptions(optionsFromEnv(env));
  assert.deepEqual([fromEnv.dbPath, fromEnv.port, fromEnv.host, fromEnv.writeToken, fromEnv.readToken], ['/var/lib/fw/fw.db', 9999, '0.0.0.0', 'w', 'r']);
  const flagsWin = resolveServerOptions(mergeOptionInputs(optionsFromEnv(env), { port: '0', configFile: 'scrape.yaml', dbPath: undefined }));
  assert.equal(flagsWin.port, 0);
  assert.equal(flagsWin.dbPath, '/var/lib/fw/fw.db');
  assert.equal(flagsWin.configFile, 'scrape.yaml');

  assert.throws(() => resolveServerOptions({ port: '70000' }), { code: 'FW_CONFIG_INVALID', message: /^invalid server option port: must be <= 65535/ });
  assert.throws(() => resolveServerOptions({ port: 'http' }), { code: 'FW_CONFIG_INVALID', message: /option port/ });
  assert.throws(() => resolveServerOptions({ logLevel: 'loud' }), { code: 'FW_CONFIG_INVALID', message: /option logLevel/ });
  assert.throws(() => resolveServerOptions({ limits: { maxSamples: 0 } }), { code: 'FW_CONFIG_INVALID', message: /option limits\.maxSamples/ });
  assert.throws(() => resolveServerOptions({ colour: 'red' } as Record<string, unknown>), { message: /option colour: is not a known option/ });
});
