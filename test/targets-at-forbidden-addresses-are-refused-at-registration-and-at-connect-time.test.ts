import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { LookupFunction } from '../collector/scrape-agent.js';
import { startCollector } from '../collector/start-collector.js';
import type { RunningCollector } from '../collector/start-collector.js';
import { AddressPolicy } from '../config/address-policy.js';
import type { SignalSource } from '../config/scrape-config-file.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { startFixtureTarget } from './support/fixture-target.js';
import { waitFor } from './support/hotspots.js';
import { runCli } from './support/run-cli.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';
import { testApp } from './support/test-app.js';
import type { ErrorBody } from './support/test-app.js';

const dir = tempDir('flamewatch-ssrf-');

test('link-local and cloud metadata addresses are refused by default, naming the rule; allow and deny lists change that', () => {
  const policy = new AddressPolicy();
  for (const [address, rule] of [
    ['169.254.169.254', '169.254.0.0/16'], ['::ffff:169.254.169.254', '169.254.0.0/16'], ['fe80::1', 'fe80::/10'],
    ['fd00:ec2::254', 'fd00:ec2::254/128'], ['100.100.100.200', '100.100.100.200/32'],
  ] as const) {
    assert.match(policy.problem(address) ?? 'allowed', new RegExp(`in ${rule.replace(/[./]/g, '\\$&')} .*refused by default`), address);
  }
  for (const address of ['127.0.0.1', '::1', '10.1.2.3', '192.168.1.1', '100.100.100.201', 'fd00:ec2::253']) assert.equal(policy.problem(address), undefined, address);

  const custom = new AddressPolicy({ allow: ['169.254.10.0/24', '127.0.0.1/32'], deny: ['127.0.0.0/8'] });
  assert.equal(custom.problem('169.254.10.5'), undefined, 'a more specific allow wins over the default');
  assert.match(custom.problem('169.254.169.254')!, /169\.254\.0\.0\/16/);
  assert.equal(custom.problem('127.0.0.1'), undefined, 'a more specific allow wins over a deny');
  assert.match(custom.problem('127.0.0.2')!, /in 127\.0\.0\.0\/8, refused by the deny list/);
  assert.throws(() => new AddressPolicy({ deny: ['10.0.0.0/33'] }), /"10\.0\.0\.0\/33" is not a CIDR range/);
});

test('the API answers 400 FW_TARGET_ADDRESS_FORBIDDEN for a forbidden address and FW_TARGET_INVALID for a scheme other than http(s)', async () => {
  const { app, dispose } = await testApp();
  try {
    const post = (url: string) => app.inject({ method: 'POST', url: '/api/v1/targets', payload: { service: 'api', url } });
    for (const [url, rule] of [['http://169.254.169.254', '169.254.0.0/16'], ['http://[fe80::1]:6060', 'fe80::/10'], ['http://100.100.100.200:80', '100.100.100.200/32']]) {
      const res = await post(url!);
      assert.equal(res.statusCode, 400, url);
      const body = res.json() as ErrorBody;
      assert.equal(body.error, 'FW_TARGET_ADDRESS_FORBIDDEN');
      assert.ok(body.message.includes(rule!), body.message);
    }
    const gopher = await post('gopher://127.0.0.1:70');
    assert.equal(gopher.statusCode, 400);
    assert.match((gopher.json() as ErrorBody).message, /scheme must be http or https/);
    assert.equal((await post('http://127.0.0.1:6060')).statusCode, 201, 'loopback is allowed by default');
    const list = await app.inject({ method: 'GET', url: '/api/v1/targets' });
    assert.equal((list.json() as unknown[]).length, 1, 'nothing refused was stored');
  } finally {
    await dispose();
  }
});

let running: RunningCollector | undefined;
const stores = openSqliteStore(':memory:');
after(async () => {
  await running?.stop();
  stores.close();
});

test('the check runs on the resolved address at connect time: a name rebound to 169.254.169.254 is not connected to, and redirects are not followed', async () => {
  const server = await startFixtureTarget({
    closeConnections: true,
    intercept: (req, res) => {
      if (!(req.url ?? '').startsWith('/redirect')) return false;
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      return true;
    },
  });
  after(() => server.close());
  let rebound = false;
  const answers: string[] = [];
  // The resolver the test controls: rebind.test answers 127.0.0.1 until `rebound`, then the metadata address.
  const lookup: LookupFunction = (hostname, _options, callback) => {
    const address = hostname === 'metadata.test' || (hostname === 'rebind.test' && rebound) ? '169.254.169.254' : '127.0.0.1';
    answers.push(`${hostname}=${address}`);
    callback(null, [{ address, family: 4 }] as LookupAddress[]);
  };
  const file = join(dir, 'ssrf.yaml');
  writeFileSync(file, `
scrape_configs:
  - job_name: ssrf
    scrape_interval: 1s
    profiles: [heap]
    static_configs:
      - targets: ['rebind.test:${server.port}', 'metadata.test:${server.port}']
  - job_name: redirect
    scrape_interval: 1s
    profiles: [heap]
    path_prefix: /redirect
    static_configs:
      - targets: ['127.0.0.1:${server.port}']
`);
  running = await startCollector({
    profiles: stores.profiles, records: stores.metadata, configFile: file, lookup,
    signals: new EventEmitter() as EventEmitter & SignalSource,
  });
  const health = (id: string) => running!.health(id);
  assert.ok(await waitFor(() => health(`ssrf/rebind.test:${server.port}`)?.state === 'up', 10_000), 'rebind.test is scraped while it resolves to loopback');
  assert.ok(await waitFor(() => health(`ssrf/metadata.test:${server.port}`)?.state === 'down', 10_000));
  assert.match(health(`ssrf/metadata.test:${server.port}`)!.lastError!, /169\.254\.169\.254 \(metadata\.test\) is forbidden: it is in 169\.254\.0\.0\/16/);

  rebound = true;
  assert.ok(await waitFor(() => health(`ssrf/rebind.test:${server.port}`)?.state === 'down', 10_000), 'the rebound name is refused at the next connect');
  assert.match(health(`ssrf/rebind.test:${server.port}`)!.lastError!, /FW_TARGET_ADDRESS_FORBIDDEN|is forbidden: it is in 169\.254\.0\.0\/16/);

  const redirected = `redirect/127.0.0.1:${server.port}/redirect`;
  assert.ok(await waitFor(() => health(redirected)?.state === 'down', 10_000));
  assert.match(health(redirected)!.lastError!, /answered status 302/);
  assert.doesNotMatch(health(redirected)!.lastError!, /forbidden/, 'the redirect was not even tried');
  assert.ok(answers.includes('rebind.test=169.254.169.254'), 'the name was resolved again at connect time');
});

test('a config file with a target at a forbidden IP is refused at start', async () => {
  const file = join(dir, 'metadata.yaml');
  writeFileSync(file, "scrape_configs: [{job_name: cloud, static_configs: [{targets: ['169.254.169.254:80']}]}]");
  const other = openSqliteStore(':memory:');
  try {
    await assert.rejects(startCollector({
      profiles: other.profiles, records: other.metadata, configFile: file, signals: new EventEmitter() as EventEmitter & SignalSource,
    }), /FW_TARGET_ADDRESS_FORBIDDEN|target address 169\.254\.169\.254 is forbidden: it is in 169\.254\.0\.0\/16/);
  } finally {
    other.close();
  }
});

test('serve takes the lists from --target-deny/--target-allow (over FLAMEWATCH_TARGET_*), and refuses a malformed CIDR naming it', async () => {
  // Only loopback addresses: the collector of this server may try to scrape what is registered.
  const server = await startServeProcess({ FLAMEWATCH_TARGET_ALLOW: '127.0.0.2/32' }, ['--target-deny', '127.0.0.0/8', '--target-allow', '127.0.0.9/32']);
  try {
    const post = (url: string) => fetch(`${server.url}/api/v1/targets`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'api', url }),
    });
    const denied = await post('http://127.0.0.2:6060');
    assert.equal(denied.status, 400);
    assert.match(((await denied.json()) as ErrorBody).message, /127\.0\.0\.2 is forbidden: it is in 127\.0\.0\.0\/8, refused by the deny list/,
      'the --target-allow list replaced the environment one');
    assert.equal((await post('http://127.0.0.9:6060')).status, 201, 'the more specific allow wins');
  } finally {
    await server.dispose();
  }
  const bad = await runCli(['serve', '--port', '0', '--db', join(dir, 'bad.db'), '--target-deny', '10.0.0.0/99']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /invalid server option targetAddresses: "10\.0\.0\.0\/99" is not a CIDR range/);
});
