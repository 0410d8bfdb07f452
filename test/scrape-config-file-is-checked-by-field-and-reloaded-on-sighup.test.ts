import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Agent } from 'undici';
import { startCollector } from '../collector/start-collector.js';
import { parseConfigText } from '../config/scrape-config-file.js';
import type { SignalSource } from '../config/scrape-config-file.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { sleep } from './support/hotspots.js';

const dir = mkdtempSync(join(tmpdir(), 'flamewatch-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const VALID = `
storage:
  path: ./data/flamewatch.db
  retention: 7d
  retention_minutes: 30d
  retention_hours: 400d
scrape_configs:
  - job_name: checkout
    scrape_interval: 10s
    profiles: [cpu, heap, goroutine]
    static_configs:
      - targets: ['127.0.0.5:6060', '127.0.0.6:6060']
        labels: { env: prod, version: v1 }
  - service: search
    path_prefix: /custom/pprof
    scrape_interval: 5s
    scrape_timeout: 3s
    cpu_seconds: 2
    static_configs:
      - targets: ['https://search.internal:443']
`;

test('a Prometheus-like scrape config resolves into targets with defaults', () => {
  const config = parseConfigText(VALID, 'flamewatch.yaml');
  assert.deepEqual(config.storage, {
    path: './data/flamewatch.db', retentionMs: 7 * 86_400_000, minuteRetentionMs: 30 * 86_400_000, hourRetentionMs: 400 * 86_400_000,
  });
  assert.equal(config.targets.length, 3);
  const [a, , c] = config.targets;
  assert.deepEqual(a, {
    id: 'checkout/127.0.0.5:6060', service: 'checkout', url: 'http://127.0.0.5:6060', pathPrefix: '/debug/pprof',
    labels: { env: 'prod', version: 'v1' }, intervalMs: 10_000, timeoutMs: 10_000, profiles: ['cpu', 'heap', 'goroutine'],
    cpuSeconds: 9, source: 'config', job: 'checkout',
    discoveredLabels: {
      __address__: '127.0.0.5:6060', __pprof_path__: '/debug/pprof', __scheme__: 'http', __scrape_interval__: '10s',
      env: 'prod', job: 'checkout', version: 'v1',
    },
  });
  assert.equal(c!.url, 'https://search.internal:443');
  assert.equal(c!.pathPrefix, '/custom/pprof');
  assert.equal(c!.timeoutMs, 3000);
  assert.equal(c!.cpuSeconds, 2);
  const defaults = parseConfigText('scrape_configs: [{job_name: x, static_configs: [{targets: ["h:1"]}]}]').targets[0]!;
  assert.equal(defaults.intervalMs, 15_000);
  assert.equal(defaults.cpuSeconds, 14);
  assert.deepEqual(defaults.profiles, ['cpu', 'heap']);
});

test('an invalid config is refused with a message naming the field', () => {
  const cases: [string, RegExp][] = [
    ['scrape_configs: [{job_name: x, scrape_interval: 10 seconds, static_configs: []}]', /field scrape_configs\[0\]\.scrape_interval must be a duration/],
    ['scrape_configs: [{job_name: x, profiles: [cpu, heapp], static_configs: []}]', /field scrape_configs\[0\]\.profiles\[1\] must be one of cpu, heap/],
    ['scrape_configs: [{job_name: x, static_configs: [{targets: ["a:1"], lables: {}}]}]', /field scrape_configs\[0\]\.static_configs\[0\]\.lables is not a known field/],
    ['scrape_configs: [{static_configs: [{targets: ["a:1"]}]}]', /field scrape_configs\[0\]\.job_name is required/],
    ['scrape_configs: [{job_name: x, scrape_interval: 2s, scrape_timeout: 5s, static_configs: [{targets: ["a:1"]}]}]', /field scrape_configs\[0\]\.scrape_timeout must not exceed/],
    ['scrape_configs: [{job_name: x, scrape_interval: 5s, cpu_seconds: 5, static_configs: [{targets: ["a:1"]}]}]', /field scrape_configs\[0\]\.cpu_seconds/],
    ['scrape_configs: [{job_name: x, static_configs: [{targets: ["a:1", "a:1"]}]}]', /targets\[1\] repeats target x\/a:1/],
    ['scrape_configs: [{job_name: x, static_configs: [{targets: ["a:1/path"]}]}]', /targets\[0\] must be host:port/],
    ['storage: {retention: forever}', /field storage\.retention must be a duration/],
    ['storage: {retention_hours: 1y}', /field storage\.retention_hours must be a duration/],
    ['scrape_config: []', /field scrape_config is not a known field/],
    ['scrape_configs: [', /field \(document\) is not valid YAML/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseConfigText(text, 'f.yaml'), (err: Error & { code: string }) => {
      assert.equal(err.code, 'FW_SCRAPE_CONFIG_INVALID');
      assert.match(err.message, message);
      assert.match(err.message, /^invalid scrape config f\.yaml: /);
      return true;
    }, text);
  }
});

test('SIGHUP reloads the file; an invalid file is refused and the running config stays', async () => {
  const file = join(dir, 'flamewatch.yaml');
  writeFileSync(file, VALID);
  const stores = openSqliteStore(':memory:');
  const signals = new EventEmitter() as EventEmitter & SignalSource;
  const errors: string[] = [];
  const logger = { info() {}, warn() {}, error: (obj: object) => { errors.push(JSON.stringify(obj)); } };
  const agent = new Agent();
  const running = await startCollector({ profiles: stores.profiles, records: stores.metadata, dispatcher: agent, configFile: file, signals, logger });
  try {
    const ids = () => running.configTargets().map((t) => t.id).sort();
    assert.deepEqual(ids(), ['checkout/127.0.0.5:6060', 'checkout/127.0.0.6:6060', 'search/search.internal/custom/pprof']);

    writeFileSync(file, 'scrape_configs: [{job_name: x, scrape_interval: soon, static_configs: [{targets: ["a:1"]}]}]');
    signals.emit('SIGHUP');
    await sleep(100);
    assert.equal(ids().length, 3, 'running config stays');
    assert.match(errors.join('\n'), /scrape_configs\[0\]\.scrape_interval/);

    writeFileSync(file, 'scrape_configs: [{job_name: checkout, static_configs: [{targets: ["127.0.0.5:6060"], labels: {version: v2}}]}]');
    signals.emit('SIGHUP');
    await sleep(100);
    assert.deepEqual(ids(), ['checkout/127.0.0.5:6060']);
    assert.equal(running.configTargets()[0]!.labels['version'], 'v2');
    const deploys = stores.metadata.listDeploys('{service="checkout"}', 0, Date.now() + 1000);
    assert.equal(deploys.length, 1);
    assert.equal(deploys[0]!.reason, 'labels-changed');
    assert.deepEqual([deploys[0]!.labelsBefore['version'], deploys[0]!.labelsAfter['version']], ['v1', 'v2']);
  } finally {
    await running.stop();
    await agent.close();
    stores.close();
  }
});
