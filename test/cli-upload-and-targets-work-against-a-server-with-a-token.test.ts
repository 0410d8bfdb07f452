import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { startServeProcess } from './support/serve-process.js';

test('flamewatch upload pushes files and targets add|list|rm manage targets, with the token from flag or environment', async () => {
  const server = await startServeProcess({ FLAMEWATCH_TOKEN: 'tok' });
  try {
    const files = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz', 'hotspots.heap.pb.gz'].map(fixture);
    const denied = runCli(['upload', '--server', server.url, '--service', 'batch', files[0]!], { FLAMEWATCH_TOKEN: '' });
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /status 401: unauthorized/);

    const up = runCli(['upload', '--server', server.url, '--service', 'batch', '--label', 'job=nightly', '--json', ...files], { FLAMEWATCH_TOKEN: 'tok' });
    assert.equal(up.status, 0, up.stderr);
    const answers = up.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; type: string });
    assert.deepEqual(answers.map((a) => [a.file, a.type]), [[files[0], 'cpu'], [files[1], 'cpu'], [files[2], 'heap']]);
    // Uploaded files keep the time Go wrote into them, which can be any age: ask over a wide window.
    const values = await (await fetch(`${server.url}/api/v1/labels/job/values?from=2020-01-01T00:00:00Z&to=now`)).json();
    assert.deepEqual(values, ['nightly']);

    const added = runCli(['targets', 'add', '--server', server.url, '--token', 'tok', '--service', 'api', '--url', 'http://127.0.0.5:6060',
      '--label', 'env=prod', '--interval', '30s', '--profiles', 'cpu,heap,goroutine']);
    assert.equal(added.status, 0, added.stderr);
    const id = added.stdout.trim();
    const listed = runCli(['targets', 'list', '--server', server.url, '--json']);
    const targets = JSON.parse(listed.stdout) as { id: string; interval: string; labels: Record<string, string>; health: { state: string } }[];
    // The collector scrapes the (closed) loopback port at a hashed phase of the interval: before that the target is unknown, after it down.
    assert.deepEqual(targets.map((t) => [t.id, t.interval, t.labels['env']]), [[id, '30s', 'prod']]);
    assert.match(targets[0]!.health.state, /^(unknown|down)$/);
    const table = runCli(['targets', 'ls', '--server', server.url]);
    assert.match(table.stdout, new RegExp(`^${id}\\s+api\\s+http://127\\.0\\.0\\.5:6060/debug/pprof\\s+30s\\s+cpu,heap,goroutine\\s+(unknown|down)(\\s+GET .*)?$`, 'm'));
    const badAdd = runCli(['targets', 'add', '--server', server.url, '--token', 'tok', '--service', 'api', '--url', 'ftp://x']);
    assert.equal(badAdd.status, 1);
    assert.match(badAdd.stderr, /invalid target field "url"/);
    assert.equal(runCli(['targets', 'rm', '--server', server.url, id], { FLAMEWATCH_TOKEN: 'tok' }).status, 0);
    assert.deepEqual(JSON.parse(runCli(['targets', 'list', '--server', server.url, '--json']).stdout), []);
    const gone = runCli(['targets', 'rm', '--server', server.url, '--token', 'tok', id]);
    assert.equal(gone.status, 1);
    assert.match(gone.stderr, /status 404: no target with id/);
  } finally {
    await server.dispose();
  }
});
