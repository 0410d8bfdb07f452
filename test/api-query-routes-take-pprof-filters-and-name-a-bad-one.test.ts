import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import { NOW, ingestFixture, testApp } from './support/test-app.js';
import type { ErrorBody, TestApp } from './support/test-app.js';
import { tempDir } from './support/temp-store.js';

let t: TestApp;
const file = 'hotspots-labels.cpu.pb.gz';
const window = 'service=api&type=cpu&from=now-1h';

before(async () => {
  t = await testApp();
  assert.equal((await ingestFixture(t.app, file, `service=api&at=${NOW - 10 * 60_000}`)).statusCode, 201);
});
after(async () => { await t.dispose(); });

const get = (url: string) => t.app.inject({ method: 'GET', url });

test('every query route takes focus, ignore, hide and show', async () => {
  const filters = `focus=${encodeURIComponent('main\\.handle')}&ignore=parseLoop&hide=func1&show=${encodeURIComponent('main|runtime')}`;
  const routes = ['top', 'flamegraph', 'list?regex=main', 'diff?baseFrom=now-3h', 'profile', 'graph?format=json', 'tags', 'peek?regex=hashLoop'];
  for (const route of routes) {
    const sep = route.includes('?') ? '&' : '?';
    const plain = await get(`/api/v1/${route}${sep}${window}`);
    const filtered = await get(`/api/v1/${route}${sep}${window}&${filters}`);
    assert.equal(plain.statusCode, 200, `${route}: ${plain.body}`);
    assert.equal(filtered.statusCode, 200, `${route}: ${filtered.body}`);
    assert.notDeepEqual(filtered.rawPayload, plain.rawPayload, `${route}: the filters change the answer`);
  }
});

test('the filtered window as a pprof file has the rows go tool pprof -focus -hide gives of the file', async (tc) => {
  if (!goAvailable()) { tc.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
  const res = await get(`/api/v1/profile?${window}&focus=hashLoop&hide=mix`);
  assert.equal(res.statusCode, 200);
  const dir = tempDir('flamewatch-filtered-');
  const path = join(dir, 'filtered.pb.gz');
  writeFileSync(path, res.rawPayload);
  const exported = oracleTop([path]);
  rmSync(dir, { recursive: true, force: true });
  const filtered = oracleTop([fixture(file)], { sampleIndex: 'cpu', filters: { focus: 'hashLoop', hide: 'mix' } });
  assert.deepEqual(exported.rows.map((r) => [r.name, r.flat, r.cum]), filtered.rows.map((r) => [r.name, r.flat, r.cum]));
});

test('a bad filter is a 400 naming the parameter', async () => {
  const cases: [string, RegExp][] = [
    ['top?focus=main.(', /^invalid focus filter: "main\.\(" is not a regular expression/],
    ['flamegraph?tagfocus=handler%3D(', /^invalid tagfocus filter: "\(" is not a regular expression/],
    ['graph?sampleLabels=%7Bhandler%3Dcheckout%7D', /^invalid sampleLabels filter: invalid selector at position 9/],
    ['peek?regex=a(', /^invalid regex filter/],
    ['list', /"function".*give either "function" or "regex"/],
  ];
  for (const [route, message] of cases) {
    const sep = route.includes('?') ? '&' : '?';
    const res = await get(`/api/v1/${route}${sep}${window}`);
    assert.equal(res.statusCode, 400, route);
    const body = res.json() as ErrorBody;
    assert.ok(body.error === 'FW_FILTER_INVALID' || body.error === 'FW_PARAMETER_INVALID', route);
    assert.match(body.message, message, route);
  }
});

test('graph answers DOT by default, and 501 naming the graphviz package when dot is missing for SVG', async () => {
  const dot = await get(`/api/v1/graph?${window}`);
  assert.equal(dot.statusCode, 200);
  assert.match(String(dot.headers['content-type'] ?? ''), /^text\/vnd\.graphviz/);
  assert.match(dot.body, /^digraph "hotspots" \{/);
  const path = process.env['PATH'];
  process.env['PATH'] = '';
  try {
    const svg = await get(`/api/v1/graph?${window}&format=svg`);
    assert.equal(svg.statusCode, 501);
    const body = svg.json() as ErrorBody;
    assert.equal(body.error, 'FW_GRAPHVIZ_MISSING');
    assert.match(body.message, /Debian package graphviz/);
  } finally {
    process.env['PATH'] = path;
  }
});
