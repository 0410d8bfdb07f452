import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startCollector } from '../collector/start-collector.js';
import type { RunningCollector } from '../collector/start-collector.js';
import type { SignalSource } from '../config/scrape-config-file.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { goAvailable, HotspotsRunner, waitFor } from './support/hotspots.js';
import { tempDir } from './support/temp-store.js';
import { makeCertificates } from './support/tls-certs.js';

// Real parts: the Go program serves net/http/pprof behind basic auth, and behind TLS that
// requires a client certificate; the CA and both certificates are made here with openssl.
const skip = goAvailable() ? false : 'go is not installed';
const dir = tempDir('flamewatch-auth-');
const runner = new HotspotsRunner();
const stores = openSqliteStore(':memory:');
const logLines: string[] = [];
const logger = {
  info: (o: object, m?: string) => { logLines.push(`${m} ${JSON.stringify(o)}`); },
  warn: (o: object, m?: string) => { logLines.push(`${m} ${JSON.stringify(o)}`); },
  error: (o: object, m?: string) => { logLines.push(`${m} ${JSON.stringify(o)}`); },
};
const PASSWORD = 'correct-horse-battery-staple';
const OLD_PASSWORD = 'rotated-away-password';
let running: RunningCollector | undefined;
let authPort = 0;
let tlsPort = 0;

before(async () => {
  if (skip) return;
  runner.build();
  const pki = makeCertificates(dir);
  authPort = (await runner.start({ basicAuth: `scraper:${PASSWORD}` })).port;
  tlsPort = (await runner.start({ tls: { cert: pki.serverCert, key: pki.serverKey, clientCa: pki.caCert } })).port;
  writeFileSync(join(dir, 'password'), `${OLD_PASSWORD}\n`);
  const file = join(dir, 'flamewatch.yaml');
  const client = `cert_file: ${pki.clientCert}, key_file: ${pki.clientKey}`;
  writeFileSync(file, `
global: { scrape_interval: 2s }
scrape_configs:
  - job_name: auth
    profiles: [heap]
    basic_auth: { username: scraper, password_file: password }
    static_configs: [{ targets: ['127.0.0.1:${authPort}'] }]
  - job_name: no-auth
    profiles: [heap]
    static_configs: [{ targets: ['127.0.0.1:${authPort}'] }]
  - job_name: mtls
    scheme: https
    profiles: [heap, goroutine]
    tls_config: { ca_file: ${pki.caCert}, ${client} }
    static_configs: [{ targets: ['127.0.0.1:${tlsPort}'] }]
  - job_name: unknown-ca
    scheme: https
    profiles: [heap]
    tls_config: { ca_file: ${pki.otherCaCert}, ${client} }
    static_configs: [{ targets: ['127.0.0.1:${tlsPort}'] }]
  - job_name: no-client-cert
    scheme: https
    profiles: [heap]
    tls_config: { ca_file: ${pki.caCert} }
    static_configs: [{ targets: ['127.0.0.1:${tlsPort}'] }]
`);
  running = await startCollector({
    profiles: stores.profiles, records: stores.metadata, configFile: file, logger,
    signals: new EventEmitter() as EventEmitter & SignalSource,
  });
});

after(async () => {
  await running?.stop();
  stores.close();
  await runner.stopAll();
});

const health = (id: string) => running!.health(id);

test('a wrong password marks the target down with the 401, and a rotated password file is read again', { skip }, async () => {
  const id = `auth/127.0.0.1:${authPort}`;
  assert.ok(await waitFor(() => health(id)?.state === 'down', 15_000), 'down with the old password');
  assert.match(health(id)!.lastError!, /answered status 401: unauthorized/);
  assert.ok(await waitFor(() => health(`no-auth/127.0.0.1:${authPort}`)?.state === 'down', 15_000));
  assert.match(health(`no-auth/127.0.0.1:${authPort}`)!.lastError!, /status 401/);

  writeFileSync(join(dir, 'password'), `${PASSWORD}\n`);
  assert.ok(await waitFor(() => health(id)?.state === 'up', 15_000), `up once the file holds the right password: ${health(id)?.lastError}`);
  assert.ok(stores.profiles.labelValues('service', 0, Date.now() + 60_000).includes('auth'), 'its profiles are stored');
});

test('mutual TLS with the CA and a client certificate scrapes; an unknown CA or no client certificate is down naming TLS', { skip }, async () => {
  const id = `mtls/127.0.0.1:${tlsPort}`;
  assert.ok(await waitFor(() => health(id)?.state === 'up', 15_000), `mtls up: ${health(id)?.lastError}`);
  assert.ok(stores.profiles.labelValues('service', 0, Date.now() + 60_000).includes('mtls'));

  const unknownCa = `unknown-ca/127.0.0.1:${tlsPort}`;
  assert.ok(await waitFor(() => health(unknownCa)?.state === 'down', 15_000));
  assert.match(health(unknownCa)!.lastError!, /TLS handshake failed: .*(certificate|CERT)/i);

  const noCert = `no-client-cert/127.0.0.1:${tlsPort}`;
  assert.ok(await waitFor(() => health(noCert)?.state === 'down', 15_000));
  assert.match(health(noCert)!.lastError!, /certificate|TLS|socket|reset/i);
});

test('passwords never reach the logs', { skip }, () => {
  assert.ok(logLines.some((l) => /scrape failed/.test(l)), 'failures were logged');
  const all = logLines.join('\n');
  assert.ok(!all.includes(PASSWORD) && !all.includes(OLD_PASSWORD), 'no password in the log');
});
