import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startClickHouseCluster } from './support/clickhouse-server.js';
import { goAvailable, HotspotsRunner } from './support/hotspots.js';
import { eventually, replicasOf, scrapedTargets } from './support/replicas.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { backendSkip } from './support/store-backends.js';
import { fixtureBytes } from './support/test-app.js';

// The same labelled profiles pushed into the cluster (through the API replica) and into one
// SQLite node at the same times: every query route answers the same JSON.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const PUSHES: [string, string][] = [
  ['hotspots-labels.cpu.pb.gz', `service=api&labels=version=v1&at=${ago(20)}`],
  ['hotspots-labels-b.cpu.pb.gz', `service=api&labels=version=v2&at=${ago(10)}`],
  ['hotspots-labels.heap.pb.gz', `service=api&labels=version=v2&at=${ago(10)}`],
  ['hotspots-labels.goroutine.pb.gz', `service=parked&labels=instance=a&at=${ago(30)}`],
  ['hotspots-labels.goroutine.pb.gz', `service=parked&labels=instance=b&at=${ago(29)}`],
  ['hotspots.cpu.1.pb.gz', `service=web&at=${ago(15)}`],
  ['hotspots.cpu.2.pb.gz', `service=web&at=${ago(14)}`],
];
const WINDOW = `from=${ago(60)}&to=${ago(0)}`;
const QUERIES = [
  `/api/v1/top?service=api&type=cpu&${WINDOW}`,
  `/api/v1/top?type=cpu&${WINDOW}&granularity=line`,
  `/api/v1/top?service=api&type=cpu&${WINDOW}&tagfocus=handler%3Dcheckout`,
  `/api/v1/top?service=parked&type=goroutine&${WINDOW}`,
  `/api/v1/top?service=api&type=inuse_space&${WINDOW}`,
  `/api/v1/flamegraph?type=cpu&${WINDOW}`,
  `/api/v1/flamegraph?service=api&type=cpu&${WINDOW}&sampleLabels=${encodeURIComponent('{tenant!="acme"}')}`,
  `/api/v1/series?service=api&type=cpu&${WINDOW}&step=5m&groupBy=handler`,
  `/api/v1/series?type=goroutine&${WINDOW}&step=1m`,
  `/api/v1/diff?type=cpu&${WINDOW}&service=api&baseService=web`,
  `/api/v1/tags?service=api&type=cpu&${WINDOW}`,
  `/api/v1/list?service=web&type=cpu&${WINDOW}&function=hashLoop`,
  `/api/v1/types?${WINDOW}`,
  `/api/v1/labels?kind=all&${WINDOW}`,
];

async function answers(url: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of QUERIES) {
    const res = await fetch(`${url}${q}`);
    const body = await res.text();
    assert.equal(res.status, 200, `${q}: ${body}`);
    // A stored profile's id is the backend's own; everything else must be equal.
    const parsed = JSON.parse(body) as unknown;
    out.push({ q, body: q.startsWith('/api/v1/series') ? (parsed as { profiles: { id?: number }[] }[]).map((l) => ({
      ...l, profiles: l.profiles.map(({ id: _id, ...rest }) => rest),
    })) : parsed });
  }
  return out;
}

test('two ClickHouse shards under a Distributed table, two collector shards and an API replica: each Go target is scraped by exactly one shard, queries answer as one SQLite node, and a stopped shard leaves the other scraping', {
  skip: backendSkip('clickhouse') ?? (goAvailable() ? undefined : 'go is not on PATH: cannot run the Go targets'), timeout: 240_000,
}, async () => {
  const cluster = await startClickHouseCluster();
  const replicas = replicasOf(cluster.urls, cluster.name);
  const runner = new HotspotsRunner();
  const sqlite = await startServeProcess();
  try {
    runner.build();
    const [shard0, shard1, api] = [
      await replicas.add(['--shard', '0/2']), await replicas.add(['--shard', '1/2']), await replicas.add(['--no-collector']),
    ];
    for (const [file, query] of PUSHES) {
      for (const url of [api!.url, sqlite.url]) {
        const res = await pushProfile(url, fixtureBytes(file), query);
        assert.equal(res.status, 201, await res.text());
      }
    }
    assert.deepEqual(await answers(api!.url), await answers(sqlite.url), 'the cluster answers as the SQLite node');

    // Ten real Go services, registered through the API replica.
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const go = await runner.start();
      const res = await fetch(`${api!.url}/api/v1/targets`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: `go${i}`, url: go.url, interval: '1s', profiles: ['heap', 'goroutine'] }),
      });
      const body = await res.text();
      assert.equal(res.status, 201, body);
      ids.push((JSON.parse(body) as { id: string }).id);
    }
    const shards = [shard0!, shard1!];
    await eventually('every Go target scraped', async () => {
      const [a, b] = await Promise.all(shards.map((s) => scrapedTargets(s.url)));
      return ids.every((id) => a!.has(id) || b!.has(id));
    }, 60_000);
    const [by0, by1] = await Promise.all(shards.map((s) => scrapedTargets(s.url)));
    for (const id of ids) assert.ok(by0!.has(id) !== by1!.has(id), `${id} is scraped by exactly one shard`);
    assert.equal((await scrapedTargets(api!.url)).size, 0, 'the API replica scrapes nothing');
    // The API replica reads what both shards stored: a heap window per Go service.
    for (let i = 0; i < 10; i++) {
      const top = (await (await fetch(`${api!.url}/api/v1/top?service=go${i}&type=goroutine&from=now-5m`)).json()) as { profiles: number };
      assert.ok(top.profiles > 0, `go${i} has stored goroutine profiles`);
    }

    // Shard 0's collector stops: shard 1 goes on scraping its own targets.
    await shard0!.stop();
    const before = await scrapedTargets(shard1!.url);
    await eventually('shard 1 scrapes each of its targets again', async () => {
      const now = await scrapedTargets(shard1!.url);
      return [...before].every(([id, n]) => (now.get(id) ?? 0) > n);
    }, 60_000);
  } finally {
    await runner.stopAll();
    await replicas.dispose();
    await sqlite.dispose();
    await cluster.stop();
  }
});
