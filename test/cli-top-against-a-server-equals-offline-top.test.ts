import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { fixtureBytes } from './support/test-app.js';

test('flamewatch top --server prints the same table and JSON as flamewatch top of the same files', async () => {
  const server = await startServeProcess();
  try {
    const files = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz', 'hotspots-b.cpu.pb.gz'];
    for (const [i, f] of files.entries()) {
      assert.equal((await pushProfile(server.url, fixtureBytes(f), `service=api&labels=instance=i${i}&at=now-${i + 1}m`)).status, 201);
    }
    const heap = 'gobench-regexp.heap.pb.gz';
    assert.equal((await pushProfile(server.url, fixtureBytes(heap), 'service=bench&at=now-1m')).status, 201);

    const cases: [string[], string[]][] = [
      [['--service', 'api', '--type', 'cpu'], [...files.map(fixture), '--sample-index', 'cpu']],
      [['--query', '{service="api"}', '--type', 'samples', '--lines', '-n', '7'], [...files.map(fixture), '--sample-index', 'samples', '--lines', '-n', '7']],
      [['--service', 'bench', '--type', 'alloc_objects'], [fixture(heap), '--sample-index', 'alloc_objects']],
    ];
    for (const [remote, local] of cases) {
      for (const json of [[], ['--json']]) {
        const offline = runCli(['top', ...local, ...json]);
        const online = runCli(['top', '--server', server.url, '--from', 'now-1h', ...remote, ...json]);
        assert.equal(offline.status, 0, offline.stderr);
        assert.equal(online.status, 0, online.stderr);
        assert.ok(offline.stdout.length > 100);
        assert.equal(online.stdout, offline.stdout, `top ${remote.join(' ')} ${json.join(' ')}`);
      }
    }
    const bad = runCli(['top', '--server', server.url, '--service', 'api', '--from', 'yesterday']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /invalid parameter "from"/);
  } finally {
    await server.dispose();
  }
});
