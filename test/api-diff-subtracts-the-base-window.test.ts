import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffStacks } from '../query/diff.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { NOW, ingestFixture, testApp } from './support/test-app.js';
import { loadFixture } from './support/temp-store.js';

test('GET /api/v1/diff equals diffStacks of the base window\'s files and the current window\'s files', async () => {
  const t = await testApp();
  try {
    const day = 86_400_000;
    await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=api&at=${NOW - day - 30 * 60_000}`);
    await ingestFixture(t.app, 'hotspots-b.cpu.pb.gz', `service=api&at=${NOW - 30 * 60_000}`);
    const base = stacksFromProfiles([loadFixture('hotspots.cpu.1.pb.gz')], { sampleIndex: 'cpu' });
    const current = stacksFromProfiles([loadFixture('hotspots-b.cpu.pb.gz')], { sampleIndex: 'cpu' });
    for (const normalize of [false, true]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/diff?service=api&type=cpu&from=now-1h&baseFrom=now-25h&normalize=${normalize}` });
      assert.equal(res.statusCode, 200, res.body);
      const expected = diffStacks(base, current, { normalize });
      const body = res.json() as Record<string, unknown>;
      assert.deepEqual(body['base'], { total: expected.base.total, profiles: 1 });
      assert.deepEqual(body['current'], { total: expected.current.total, profiles: 1 });
      assert.deepEqual(body['rows'], JSON.parse(JSON.stringify(expected.rows)));
      assert.deepEqual(body['root'], JSON.parse(JSON.stringify(expected.root)));
      assert.equal(body['baseScale'], expected.baseScale);
    }
  } finally {
    await t.dispose();
  }
});
