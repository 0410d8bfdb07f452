import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { parseConfigText } from '../config/scrape-config-file.js';

// A scrape config as it appears in a Prometheus or Parca config; only metrics_path became path_prefix.
const PROMETHEUS_BLOCK = `
scrape_configs:
  - job_name: payments
    scheme: https
    path_prefix: /debug/pprof
    scrape_interval: 30s
    scrape_timeout: 10s
    params:
      gc: ['1']
    basic_auth:
      username: prometheus
      password_file: secrets/payments-password
    tls_config:
      ca_file: /etc/ssl/internal-ca.pem
      cert_file: /etc/ssl/scraper.pem
      key_file: /etc/ssl/scraper.key
      server_name: payments.internal
      insecure_skip_verify: false
    body_size_limit: 10MB
    target_limit: 500
    follow_redirects: false
    file_sd_configs:
      - files: ['targets/*.json', 'targets/*.yml']
        refresh_interval: 1m
    http_sd_configs:
      - url: http://sd.internal:8080/targets
        refresh_interval: 30s
        authorization: { type: Bearer, credentials_file: /var/run/sd-token }
    dns_sd_configs:
      - names: ['_pprof._tcp.payments.internal']
      - names: ['payments.internal']
        type: A
        port: 6060
    relabel_configs:
      - source_labels: [__address__]
        regex: '([^:]+):\\d+'
        target_label: host
      - source_labels: [__address__]
        modulus: 4
        target_label: __tmp_shard
        action: hashmod
      - source_labels: [__tmp_shard]
        regex: '0|1|2|3'
        action: keep
      - source_labels: [env]
        regex: staging
        action: drop
      - target_label: __pprof_path__
        source_labels: [__meta_path]
        regex: '(/.+)'
      - source_labels: [__meta_team]
        target_label: service
        regex: '(.+)'
        replacement: '\${1}-api'
    static_configs:
      - targets: ['10.0.0.5:6060', '10.0.0.6:6060']
        labels: { env: prod, __meta_team: billing }
      - targets: ['10.0.0.7:6060']
        labels: { env: staging }
      - targets: ['10.0.0.8:6060']
        labels: { env: prod, __meta_path: /internal/pprof }
`;

test('a Prometheus scrape config block parses: auth, TLS, params, limits, discovery and relabeling of static targets', () => {
  const config = parseConfigText(PROMETHEUS_BLOCK, '/etc/flamewatch/flamewatch.yaml');
  const [job] = config.jobs;
  assert.equal(job!.name, 'payments');
  assert.equal(job!.targetLimit, 500);
  assert.equal(job!.settings.bodySizeLimit, 10 * 1024 * 1024);
  assert.deepEqual(job!.settings.basicAuth, { username: 'prometheus', passwordFile: resolve('/etc/flamewatch/secrets/payments-password') });
  assert.deepEqual(job!.fileSd[0]!.files, [resolve('/etc/flamewatch/targets/*.json'), resolve('/etc/flamewatch/targets/*.yml')]);
  assert.equal(job!.fileSd[0]!.refreshIntervalMs, 60_000);
  assert.deepEqual(job!.httpSd[0]!.settings.authorization, { type: 'Bearer', credentialsFile: '/var/run/sd-token' });
  assert.deepEqual(job!.dnsSd.map((d) => [d.type, d.port, d.refreshIntervalMs]), [['SRV', undefined, 30_000], ['A', 6060, 30_000]]);

  const byId = new Map(config.targets.map((t) => [t.id, t]));
  assert.deepEqual([...byId.keys()].sort(), ['billing-api/10.0.0.5:6060', 'billing-api/10.0.0.6:6060', 'payments/10.0.0.8:6060/internal/pprof']);
  const t = byId.get('billing-api/10.0.0.5:6060')!;
  assert.equal(t.url, 'https://10.0.0.5:6060');
  assert.equal(t.service, 'billing-api', 'relabeling set the service');
  assert.deepEqual(t.labels, { env: 'prod', host: '10.0.0.5' }, 'labels starting with __ are not kept');
  assert.deepEqual(t.params, { gc: ['1'] });
  assert.deepEqual(t.tls, {
    caFile: '/etc/ssl/internal-ca.pem', certFile: '/etc/ssl/scraper.pem', keyFile: '/etc/ssl/scraper.key', serverName: 'payments.internal', insecureSkipVerify: false,
  });
  assert.equal(t.intervalMs, 30_000);
  assert.equal(t.timeoutMs, 10_000);
  assert.equal(t.discoveredLabels!['__meta_team'], 'billing');
  assert.equal(byId.get('payments/10.0.0.8:6060/internal/pprof')!.pathPrefix, '/internal/pprof', '__pprof_path__ set the path');
});

test('__param_, __scheme__, __scrape_interval__ and instance set by relabeling reach the target', () => {
  const config = parseConfigText(`
scrape_configs:
  - job_name: x
    relabel_configs:
      - { target_label: __param_debug, replacement: '2' }
      - { target_label: __scheme__, replacement: https }
      - { target_label: __scrape_interval__, replacement: 20s }
      - { target_label: instance, source_labels: [__address__], regex: '([^:]+):.*', replacement: '\${1}' }
    static_configs: [{ targets: ['db-1.internal:6060'] }]
`);
  const t = config.targets[0]!;
  assert.deepEqual(t.params, { debug: ['2'] });
  assert.equal(t.url, 'https://db-1.internal:6060');
  assert.equal(t.intervalMs, 20_000);
  assert.equal(t.labels['instance'], 'db-1.internal');
});

test('bad auth, TLS, limit, discovery and relabel fields are refused naming the field', () => {
  const base = (extra: string) => `scrape_configs: [{job_name: x, ${extra}, static_configs: [{targets: ["a:1"]}]}]`;
  const cases: [string, RegExp][] = [
    [base('basic_auth: {username: u, password: p, password_file: f}'), /field scrape_configs\[0\]\.basic_auth set password or password_file, not both/],
    [base('basic_auth: {username: u}, authorization: {credentials: c}'), /field scrape_configs\[0\]\.authorization set basic_auth or authorization, not both/],
    [base('authorization: {type: Basic, credentials: c}'), /field scrape_configs\[0\]\.authorization type cannot be "Basic": use basic_auth/],
    [base('tls_config: {cert_file: c.pem}'), /field scrape_configs\[0\]\.tls_config cert_file and key_file go together/],
    [base('tls_config: {ca: inline}'), /field scrape_configs\[0\]\.tls_config\.ca is not a known field/],
    [base('body_size_limit: 10 megabytes'), /field scrape_configs\[0\]\.body_size_limit must be a size such as 512KiB/],
    [base('target_limit: -1'), /field scrape_configs\[0\]\.target_limit must be >= 0/],
    [base('relabel_configs: [{action: replace}]'), /field scrape_configs\[0\]\.relabel_configs\[0\] target_label is required for the replace action/],
    [base('relabel_configs: [{action: rewrite}]'), /field scrape_configs\[0\]\.relabel_configs\[0\]\.action must be one of replace, keep, drop/],
    [base('relabel_configs: [{source_labels: [a], regex: "(", target_label: b}]'), /relabel_configs\[0\] "\(" is not a valid regex/],
    [base('file_sd_configs: [{files: [targets.txt]}]'), /field scrape_configs\[0\]\.file_sd_configs\[0\]\.files\[0\] must match pattern/],
    [base('dns_sd_configs: [{names: [a.internal], type: A}]'), /field scrape_configs\[0\]\.dns_sd_configs\[0\]\.port is required for type A/],
    [base('http_sd_configs: [{url: "ftp://x"}]'), /field scrape_configs\[0\]\.http_sd_configs\[0\]\.url must match pattern/],
    [base('relabel_configs: [{target_label: __scheme__, replacement: ftp}]'), /targets\[0\] scheme must be http or https/],
    ['target_addresses: {deny: [10.0.0.0/40]}', /field target_addresses "10\.0\.0\.0\/40" is not a CIDR range/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseConfigText(text, 'f.yaml'), (err: Error & { code: string }) => {
      assert.equal(err.code, 'FW_SCRAPE_CONFIG_INVALID');
      assert.match(err.message, message);
      return true;
    }, text);
  }
});
