import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sharedClickHouseUrl } from './support/clickhouse-server.js';
import { startFixtureTarget } from './support/fixture-target.js';
import type { FixtureTarget } from './support/fixture-target.js';
import { eventually, replicasOf, scrapedTargets } from './support/replicas.js';
import { backendSkip } from './support/store-backends.js';

test('two collector shards and an API-only replica on one ClickHouse store: every target, added through any of them, is scraped by exactly one shard, and stopping one shard leaves the other scraping', {
  skip: backendSkip('clickhouse'), timeout: 120_000,
}, async () => {
  const replicas = replicasOf([await sharedClickHouseUrl()]);
  const fixtures: FixtureTarget[] = [];
  try {
    const [shard0, shard1, api] = [
      await replicas.add(['--shard', '0/2']), await replicas.add(['--shard', '1/2']), await replicas.add(['--no-collector']),
    ];
    const servers = [shard0!, shard1!, api!];
    // Twelve targets, each added through one of the three replicas in turn, while all run.
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const fixture = await startFixtureTarget();
      fixtures.push(fixture);
      const res = await fetch(`${servers[i % 3]!.url}/api/v1/targets`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ service: `svc${i}`, url: fixture.url, interval: '1s', profiles: ['heap'] }),
      });
      const body = await res.text();
      assert.equal(res.status, 201, body);
      ids.push((JSON.parse(body) as { id: string }).id);
    }
    const scraped = async () => Promise.all(servers.map((s) => scrapedTargets(s.url)));
    await eventually('every target scraped', async () => {
      const [a, b] = await scraped();
      return ids.every((id) => a!.has(id) || b!.has(id));
    });
    const [byShard0, byShard1, byApi] = await scraped();
    for (const id of ids) assert.ok(byShard0!.has(id) !== byShard1!.has(id), `${id} is scraped by exactly one shard`);
    assert.ok(byShard0!.size > 0 && byShard1!.size > 0, 'both shards scrape some targets');
    assert.equal(byApi!.size, 0, 'the API-only replica scrapes nothing');
    // Every replica lists every target.
    for (const s of servers) {
      const listed = (await (await fetch(`${s.url}/api/v1/targets`)).json()) as { id: string }[];
      assert.deepEqual(listed.map((t) => t.id).sort(), [...ids].sort());
    }
    // A stopped shard's targets are no longer scraped; the other shard's still are.
    await shard0!.stop();
    const before = await scrapedTargets(shard1!.url);
    await eventually('shard 1 scrapes each of its targets again after shard 0 stopped', async () => {
      const now = await scrapedTargets(shard1!.url);
      return [...before].every(([id, n]) => (now.get(id) ?? 0) > n);
    });
  } finally {
    await replicas.dispose();
    await Promise.all(fixtures.map((f) => f.close()));
  }
});
