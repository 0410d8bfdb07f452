import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { fixtureBytes } from './support/test-app.js';

test('list, peek, graph, diff and top with name filters print the same from a server as from the files', async () => {
  const server = await startServeProcess();
  try {
    const base = 'hotspots-labels.cpu.pb.gz', current = 'hotspots-labels-b.cpu.pb.gz';
    assert.equal((await pushProfile(server.url, fixtureBytes(base), 'service=api&at=now-2h')).status, 201);
    assert.equal((await pushProfile(server.url, fixtureBytes(current), 'service=api&at=now-30m')).status, 201);
    // The graph draws label nodelets, which need the labels the store does not keep yet: a profile without labels.
    const plain = 'hotspots-b.cpu.pb.gz';
    assert.equal((await pushProfile(server.url, fixtureBytes(plain), 'service=plain&at=now-30m')).status, 201);
    const window = ['--server', server.url, '--type', 'cpu', '--from', 'now-1h'];
    const filters = ['--focus', 'main\\.handle', '--ignore', 'parseLoop', '--hide', 'func1', '--show', 'main\\.|runtime\\.'];
    const api = ['--service', 'api'];
    const cases: [string[], string[]][] = [
      [['top', ...api, ...filters], ['top', ...filters, '--sample-index', 'cpu', fixture(current)]],
      [['list', ...api, 'main\\.(hashLoop|recurse)', '--ignore', 'asyncPreempt'], ['list', 'main\\.(hashLoop|recurse)', '--ignore', 'asyncPreempt', '--sample-index', 'cpu', fixture(current)]],
      [['peek', ...api, 'main\\.hashLoop', '--hide', 'mix'], ['peek', 'main\\.hashLoop', '--hide', 'mix', '--sample-index', 'cpu', fixture(current)]],
      [['graph', '--service', 'plain', '--focus', 'hashLoop|newHotPath'], ['graph', '--focus', 'hashLoop|newHotPath', '--sample-index', 'cpu', fixture(plain)]],
      [['diff', ...api, '--base-from', 'now-3h', '--base-to', 'now-1h', '--show', 'main'], ['diff', '--show', 'main', '--sample-index', 'cpu', '--base', fixture(base), fixture(current)]],
    ];
    // A window's time is the time it was stored at, not the file's.
    const withoutTime = (text: string) => text.replace(/\\lTime: [^\\]*/, '').replace(/^Time: .*$/m, '');
    for (const [remote, local] of cases) {
      for (const json of [[], ['--json']]) {
        const offline = runCli([...local, ...json]);
        const online = runCli([...remote, ...window, ...json]);
        assert.equal(offline.status, 0, offline.stderr);
        assert.equal(online.status, 0, online.stderr);
        assert.ok(offline.stdout.length > 100, `${local[0]} prints something`);
        assert.equal(withoutTime(online.stdout), withoutTime(offline.stdout), `${remote.join(' ')} ${json.join(' ')}`);
      }
    }
    const tags = runCli(['tags', '--json', ...api, ...window]);
    assert.equal(tags.status, 0, tags.stderr);
    assert.equal((JSON.parse(tags.stdout) as { type: string }).type, 'cpu');
    const bad = runCli(['peek', 'main.(', ...api, ...window]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /invalid regex filter: "main\.\(" is not a regular expression.*\[FW_FILTER_INVALID\]/);
  } finally {
    await server.dispose();
  }
});
