import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { discoveryStatus, waitForTargets } from './support/discovery-server.js';
import { startFixtureTarget } from './support/fixture-target.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

test('file_sd: targets appear with source "discovery" and __meta_filepath, follow edits of the files, and a broken file keeps its last good list', async () => {
  const pprof = await startFixtureTarget();
  const dir = tempDir('flamewatch-file-sd-');
  mkdirSync(join(dir, 'targets'));
  const a = join(dir, 'targets', 'a.json');
  writeFileSync(a, JSON.stringify([{ targets: [`127.0.0.1:${pprof.port}`], labels: { env: 'prod' } }]));
  writeFileSync(join(dir, 'flamewatch.yaml'), `
scrape_configs:
  - job_name: files
    scrape_interval: 1s
    profiles: [heap]
    file_sd_configs:
      - files: ['targets/*.json', 'targets/*.yml']
`);
  const server = await startServeProcess({}, ['--config', join(dir, 'flamewatch.yaml')]);
  after(async () => {
    await server.dispose();
    await pprof.close();
  });

  const first = await waitForTargets(server.url, (ts) => ts.length === 1 && ts[0]!.health.state === 'up');
  assert.equal(first.length, 1);
  const [t] = first;
  assert.equal(t!.id, `files/127.0.0.1:${pprof.port}`);
  assert.equal(t!.source, 'discovery');
  assert.deepEqual(t!.labels, { env: 'prod' });
  assert.equal(t!.discoveredLabels!['__meta_filepath'], a);
  assert.equal(t!.discoveredLabels!['__address__'], `127.0.0.1:${pprof.port}`);
  assert.equal(t!.health.state, 'up', `scraped: ${t!.health.lastError}`);

  // A second file, in YAML, with a target at another path.
  writeFileSync(join(dir, 'targets', 'b.yml'), `- targets: ['127.0.0.1:${pprof.port}']\n  labels: { env: dev, __pprof_path__: /other/debug/pprof }\n`);
  const two = await waitForTargets(server.url, (ts) => ts.length === 2);
  assert.deepEqual(two.map((x) => x.id).sort(), [`files/127.0.0.1:${pprof.port}`, `files/127.0.0.1:${pprof.port}/other/debug/pprof`]);

  // A broken file keeps its last good groups, and says why.
  writeFileSync(a, '[{"targets": ["127.0.0.1:1"');
  let why: string | null = null;
  for (let i = 0; i < 50 && why === null; i++) {
    why = (await discoveryStatus(server.url))[0]?.lastError ?? null;
    if (why === null) await new Promise((r) => setTimeout(r, 100));
  }
  assert.match(why ?? '', /a\.json: is not valid JSON/);
  assert.equal((await waitForTargets(server.url, (ts) => ts.length === 2)).length, 2, 'the last good list stays');

  // Emptied, its target stops being scraped; its data stays.
  writeFileSync(a, '[]');
  const one = await waitForTargets(server.url, (ts) => ts.length === 1);
  assert.deepEqual(one.map((x) => x.labels['env']), ['dev']);
  await new Promise((r) => setTimeout(r, 300));
  const before = pprof.requests.filter((r) => r.url.startsWith('/debug/pprof/')).length;
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(pprof.requests.filter((r) => r.url.startsWith('/debug/pprof/')).length, before, 'the removed target is not scraped any more');
  const envs = await (await fetch(`${server.url}/api/v1/labels/env/values?from=now-1h`)).json() as string[];
  assert.ok(envs.includes('prod'), `the removed target's profiles are kept: ${JSON.stringify(envs)}`);
});
