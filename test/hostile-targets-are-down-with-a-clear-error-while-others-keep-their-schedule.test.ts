import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { after, before, test } from 'node:test';
import { gzipSync, gunzipSync } from 'node:zlib';
import { fixture } from './support/fixtures.js';
import { gzipOfZeros } from './support/gzip-bomb.js';
import { garbage, nestedGroups } from './support/hostile-bodies.js';
import { sleep } from './support/hotspots.js';
import { startServeProcess } from './support/serve-process.js';
import type { ServeProcess } from './support/serve-process.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Each behaviour on its own server (its own origin), as separate services would be. */
const servers: Server[] = [];
const timers: NodeJS.Timeout[] = [];
let fw: ServeProcess;
const ids = new Map<string, string>();
let peakRssMiB = 0;
let memoryTimer: NodeJS.Timeout | undefined;

async function serve(handler: Handler): Promise<string> {
  const server = createServer(handler);
  server.on('connection', (s) => s.on('error', () => {}));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const bytesHandler = (bytes: Buffer, headers: Record<string, string> = {}): Handler => (_req, res) => { res.writeHead(200, headers).end(bytes); };

/** What each hostile target does, and what its lastError must say. */
async function behaviours(): Promise<[string, Handler | string, RegExp][]> {
  const raw = gunzipSync(readFileSync(fixture('hotspots.heap.pb.gz')));
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const closedPort = (closed.address() as { port: number }).port;
  closed.close();
  return [
    ['silent', () => {}, /timed out after 2000 ms/],
    ['drip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const t = setInterval(() => { if (res.destroyed) clearInterval(t); else res.write(Buffer.from([0x1f])); }, 1000);
      timers.push(t);
    }, /timed out after 2000 ms/],
    ['refused', `http://127.0.0.1:${closedPort}`, /ECONNREFUSED/],
    ['unknown-host', 'http://flamewatch-no-such-host.invalid:6060', /ENOTFOUND|EAI_AGAIN/],
    ['error-500', (_req, res) => { res.writeHead(500).end('could not write heap profile: boom\n'); }, /status 500: could not write heap profile: boom/],
    ['redirect', (_req, res) => { res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end(); }, /status 302/],
    ['declared-oversized', (_req, res) => { res.writeHead(200, { 'content-length': String(100 << 20) }); res.write(Buffer.alloc(1024)); },
      /over the compressed-size limit/],
    ['endless', (_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(256 << 10, 7);
      const push = () => { if (!res.destroyed) res.write(chunk, push); };
      push();
    }, /over the compressed-size limit|timed out after 2000 ms/], // whichever comes first: the size cap or the deadline
    ['gzip-bomb', bytesHandler(await gzipOfZeros(96)), /inflates past the decompressed-size limit/],
    ['gzip-gzip-gzip', bytesHandler(gzipSync(gzipSync(gzipSync(raw))), { 'content-encoding': 'gzip, gzip, gzip' }), /gzip inside gzip/],
    ['garbage', bytesHandler(garbage(8192)), /not a valid pprof protobuf/],
    ['truncated', bytesHandler(raw.subarray(0, raw.length >> 1)), /not a valid pprof protobuf/],
    ['nested-groups', bytesHandler(nestedGroups(200_000)), /wire type 3/],
  ];
}

const expected = new Map<string, RegExp>();

/** Peak resident memory of a process (VmHWM), in MiB. */
function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function addTarget(service: string, url: string, interval: string, timeout: string): Promise<void> {
  const res = await fetch(`${fw.url}/api/v1/targets`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service, url, interval, timeout, profiles: ['heap'] }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  ids.set(service, ((await res.json()) as { id: string }).id);
}

interface TargetView { id: string; service: string; health: { state: string; lastError: string | null; consecutiveFailures: number } }
const targets = async () => (await (await fetch(`${fw.url}/api/v1/targets`)).json()) as TargetView[];

function metric(text: string, name: string, target: string, extra = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`target="${target}"`) && l.includes(extra));
  return line === undefined ? 0 : Number(line.split(' ').pop());
}

let startedAt = 0;
before(async () => {
  fw = await startServeProcess();
  memoryTimer = setInterval(() => { peakRssMiB = Math.max(peakRssMiB, peakRss(fw.child.pid!)); }, 250);
  const heap = readFileSync(fixture('hotspots.heap.pb.gz'));
  const text = readFileSync(fixture('hotspots.heap-debug1.txt'));
  const healthy = await serve((req, res) => { res.end(req.url?.includes('debug=1') ? text : heap); });
  startedAt = Date.now();
  await addTarget('healthy', healthy, '2s', '2s');
  for (const [name, handler, error] of await behaviours()) {
    expected.set(name, error);
    // 2 s: long enough for a valid answer on a busy machine (decoding runs on the server's one thread).
    await addTarget(name, typeof handler === 'string' ? handler : await serve(handler), '3s', '2s');
  }
});

after(async () => {
  clearInterval(memoryTimer);
  for (const t of timers) clearInterval(t);
  await fw?.dispose();
  for (const s of servers) { s.closeAllConnections(); s.close(); }
});

test('each hostile target is down with a clear lastError, the healthy one keeps its schedule, memory stays bounded, nothing crashes', { timeout: 60_000 }, async (t) => {
  const allDown = async () => (await targets()).filter((v) => v.service !== 'healthy').every((v) => v.health.consecutiveFailures >= 2);
  let done = false;
  for (const end = Date.now() + 30_000; !done && Date.now() < end; await sleep(500)) done = await allDown();
  const views = await targets();
  for (const v of views) {
    if (v.service === 'healthy') continue;
    assert.equal(v.health.state, 'down', `${v.service}: ${JSON.stringify(v.health)}`);
    assert.match(v.health.lastError ?? '', expected.get(v.service)!, v.service);
  }
  assert.ok(done, 'every hostile target failed at least twice');

  const elapsedS = (Date.now() - startedAt) / 1000;
  const healthy = views.find((v) => v.service === 'healthy')!;
  assert.equal(healthy.health.state, 'up', JSON.stringify(healthy.health));
  const metrics = await (await fetch(`${fw.url}/metrics`)).text();
  const id = ids.get('healthy')!;
  const ok = metric(metrics, 'flamewatch_scrapes_total', id, 'outcome="ok"');
  const skipped = metric(metrics, 'flamewatch_scrape_skipped_ticks_total', id);
  t.diagnostic(`healthy target: ${ok} scrapes in ${elapsedS.toFixed(1)} s at a 2 s interval, ${skipped} skipped ticks`);
  assert.equal(skipped, 0, 'the healthy target never skipped a tick');
  assert.ok(ok >= Math.floor(elapsedS / 2) - 2, `${ok} ok scrapes in ${elapsedS.toFixed(1)} s`);

  assert.equal((await fetch(`${fw.url}/healthz`)).status, 200, 'the server still answers');
  assert.equal(fw.child.exitCode, null, 'the server did not crash');
  peakRssMiB = Math.max(peakRssMiB, peakRss(fw.child.pid!));
  t.diagnostic(`peak RSS of the server under hostile targets: ${peakRssMiB.toFixed(0)} MiB`);
  assert.ok(peakRssMiB < 600, `peak RSS ${peakRssMiB.toFixed(0)} MiB`);
});
