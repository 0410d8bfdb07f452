import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { fixture } from './support/fixtures.js';
import { goAvailable } from './support/oracle.js';
import { runCli } from './support/run-cli.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { BACKENDS, backendSkip } from './support/store-backends.js';
import type { BackendName } from './support/store-backends.js';
import { fixtureBytes } from './support/test-app.js';

for (const backend of BACKENDS) {
  test(`flamewatch top --server prints the same table and JSON as flamewatch top of the same files, and what go tool pprof prints of the export [${backend}]`, {
    skip: backendSkip(backend),
  }, () => checkServer(backend));
}

async function checkServer(backend: BackendName): Promise<void> {
  const server = await startServeProcess({ TZ: 'UTC' }, [], backend);
  try {
    // Pushed without `at`, the profiles keep the time Go wrote into them, as the files do.
    const files = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz', 'hotspots-b.cpu.pb.gz'];
    for (const [i, f] of files.entries()) {
      assert.equal((await pushProfile(server.url, fixtureBytes(f), `service=api&labels=instance=i${i}`)).status, 201);
    }
    const heap = 'gobench-regexp.heap.pb.gz';
    assert.equal((await pushProfile(server.url, fixtureBytes(heap), 'service=bench')).status, 201);
    const from = '2000-01-01T00:00:00Z';

    const cases: [string[], string[]][] = [
      [['--service', 'api', '--type', 'cpu'], [...files.map(fixture), '--sample-index', 'cpu']],
      [['--query', '{service="api"}', '--type', 'samples', '--lines', '-n', '7'], [...files.map(fixture), '--sample-index', 'samples', '--lines', '-n', '7']],
      [['--service', 'bench', '--type', 'alloc_objects'], [fixture(heap), '--sample-index', 'alloc_objects']],
    ];
    for (const [remote, local] of cases) {
      for (const json of [[], ['--json']]) {
        const offline = runCli(['top', ...local, ...json], { TZ: 'UTC' });
        const online = runCli(['top', '--server', server.url, '--from', from, ...remote, ...json], { TZ: 'UTC' });
        assert.equal(offline.status, 0, offline.stderr);
        assert.equal(online.status, 0, online.stderr);
        assert.ok(offline.stdout.length > 100);
        assert.equal(online.stdout, offline.stdout, `top ${remote.join(' ')} ${json.join(' ')}`);
      }
    }
    // A server given as host:port, without a scheme, is reached over http; the text is go tool pprof's of the export.
    if (goAvailable()) {
      const hostPort = new URL(server.url).host;
      const text = runCli(['top', '--server', hostPort, '--service', 'bench', '--type', 'inuse_space', '--from', from], { TZ: 'UTC' });
      assert.equal(text.status, 0, text.stderr);
      const url = `${server.url}/api/v1/profile?service=bench&type=inuse_space&from=${from}`;
      assert.equal(text.stdout, execFileSync('go', ['tool', 'pprof', '-top', '-symbolize=none', url], {
        env: { ...process.env, TZ: 'UTC' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
      }));
    }
    // An empty window prints the table of nothing, and why on stderr.
    const empty = runCli(['top', '--server', server.url, '--service', 'hotap', '--from', from]);
    assert.equal(empty.status, 0, empty.stderr);
    assert.equal(empty.stderr, 'flamewatch: no profiles for {service="hotap"} in this window; services with data: api, bench\n');
    const bad = runCli(['top', '--server', server.url, '--service', 'api', '--from', 'yesterday']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /invalid parameter "from"/);
  } finally {
    await server.dispose();
  }
}
