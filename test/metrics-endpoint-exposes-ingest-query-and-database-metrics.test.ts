import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from '../common/metrics.js';
import { NOW, fixtureBytes, ingestFixture, testApp } from './support/test-app.js';

test('GET /metrics is Prometheus text with ingest bytes and profiles, query latency, database size and scrapes', async () => {
  const metrics = createMetrics({ processMetrics: false });
  const t = await testApp({ metrics });
  try {
    await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=api&at=${NOW - 60_000}`);
    await t.app.inject({ method: 'GET', url: '/api/v1/top?service=api&type=cpu' });
    metrics.scrapes.inc({ target: 't1', profile: 'heap', outcome: 'ok' });
    metrics.scrapeDuration.observe({ target: 't1', profile: 'heap' }, 0.2);
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const text = res.body;
    assert.match(text, new RegExp(`^flamewatch_ingest_bytes_total\\{source="push"\\} ${fixtureBytes('hotspots.cpu.1.pb.gz').length}$`, 'm'));
    assert.match(text, /^flamewatch_ingest_profiles_total\{source="push",kind="cpu"\} 1$/m);
    assert.match(text, /^flamewatch_query_duration_seconds_count\{route="top"\} 1$/m);
    assert.match(text, /^flamewatch_scrapes_total\{target="t1",profile="heap",outcome="ok"\} 1$/m);
    assert.match(text, /^flamewatch_scrape_duration_seconds_count\{target="t1",profile="heap"\} 1$/m);
    const size = /^flamewatch_database_size_bytes (\d+)$/m.exec(text);
    assert.ok(size && Number(size[1]) > 0, 'database size is read from the store');
  } finally {
    await t.dispose();
  }
});
