import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { fixtureBytes } from './support/test-app.js';

test('list, peek, graph, diff, tags and top with name and label filters print the same from a server as from the files', async () => {
  const server = await startServeProcess();
  try {
    const base = 'hotspots-labels.cpu.pb.gz', current = 'hotspots-labels-b.cpu.pb.gz';
    assert.equal((await pushProfile(server.url, fixtureBytes(base), 'service=api&at=now-2h')).status, 201);
    assert.equal((await pushProfile(server.url, fixtureBytes(current), 'service=api&at=now-30m')).status, 201);
    const heap = 'hotspots-labels.heap.pb.gz';
    assert.equal((await pushProfile(server.url, fixtureBytes(heap), 'service=mem&at=now-30m')).status, 201);
    const window = ['--server', server.url, '--type', 'cpu', '--from', 'now-1h'];
    const filters = ['--focus', 'main\\.handle', '--ignore', 'parseLoop', '--hide', 'func1', '--show', 'main\\.|runtime\\.'];
    const api = ['--service', 'api'];
    const cases: [string[], string[]][] = [
      [['top', ...api, ...filters], ['top', ...filters, '--sample-index', 'cpu', fixture(current)]],
      [['list', ...api, 'main\\.(hashLoop|recurse)', '--ignore', 'asyncPreempt'], ['list', 'main\\.(hashLoop|recurse)', '--ignore', 'asyncPreempt', '--sample-index', 'cpu', fixture(current)]],
      [['peek', ...api, 'main\\.hashLoop', '--hide', 'mix'], ['peek', 'main\\.hashLoop', '--hide', 'mix', '--sample-index', 'cpu', fixture(current)]],
      // The graph draws the label nodelets of the stored labels.
      [['graph', ...api, '--focus', 'hashLoop|newHotPath'], ['graph', '--focus', 'hashLoop|newHotPath', '--sample-index', 'cpu', fixture(current)]],
      [['top', ...api, '--tagfocus', 'handler=checkout'], ['top', '--tagfocus', 'handler=checkout', '--sample-index', 'cpu', fixture(current)]],
      [['top', ...api, '--tagignore', 'tenant=acme', '--focus', 'main'], ['top', '--tagignore', 'tenant=acme', '--focus', 'main', '--sample-index', 'cpu', fixture(current)]],
      [['peek', ...api, 'main\\.', '--sample-labels', '{handler=~"check.*|report"}'], ['peek', 'main\\.', '--sample-labels', '{handler=~"check.*|report"}', '--sample-index', 'cpu', fixture(current)]],
      [['tags', ...api, '--tagignore', 'handler=search'], ['tags', '--tagignore', 'handler=search', '--sample-index', 'cpu', fixture(current)]],
      [['tags', '--service', 'mem', '--type', 'alloc_space'], ['tags', '--sample-index', 'alloc_space', fixture(heap)]],
      [['graph', '--service', 'mem', '--type', 'alloc_space', '--tagfocus', 'bytes=1kb:64kb'], ['graph', '--tagfocus', 'bytes=1kb:64kb', '--sample-index', 'alloc_space', fixture(heap)]],
      [['diff', ...api, '--base-from', 'now-3h', '--base-to', 'now-1h', '--show', 'main'], ['diff', '--show', 'main', '--sample-index', 'cpu', '--base', fixture(base), fixture(current)]],
    ];
    // A window's time is the time it was stored at, not the file's.
    const withoutTime = (text: string) => text.replace(/\\lTime: [^\\]*/, '').replace(/^Time: .*$/m, '');
    for (const [remote, local] of cases) {
      for (const json of [[], ['--json']]) {
        const offline = runCli([...local, ...json]);
        // The last --type wins: a case may ask for another type than the window's cpu.
        const online = runCli([remote[0]!, ...window, ...remote.slice(1), ...json]);
        assert.equal(offline.status, 0, offline.stderr);
        assert.equal(online.status, 0, online.stderr);
        assert.ok(offline.stdout.length > 100, `${local[0]} prints something`);
        assert.equal(withoutTime(online.stdout), withoutTime(offline.stdout), `${remote.join(' ')} ${json.join(' ')}`);
      }
    }
    const bad = runCli(['peek', 'main.(', ...api, ...window]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /invalid regex filter: "main\.\(" is not a regular expression.*\[FW_FILTER_INVALID\]/);
  } finally {
    await server.dispose();
  }
});
