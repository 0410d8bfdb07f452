import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { NOW, ingestFixture, testApp } from './support/test-app.js';
import { loadFixture } from './support/temp-store.js';

test('GET /api/v1/top of a window equals top() of the files in it, by function and by line', async () => {
  const t = await testApp();
  try {
    await ingestFixture(t.app, 'hotspots.cpu.1.pb.gz', `service=api&at=${NOW - 30 * 60_000}`);
    await ingestFixture(t.app, 'hotspots.cpu.2.pb.gz', `service=api&labels=version=v2&at=${NOW - 10 * 60_000}`);
    await ingestFixture(t.app, 'hotspots-b.cpu.pb.gz', `service=worker&at=${NOW - 5 * 60_000}`);
    await ingestFixture(t.app, 'gobench-regexp.cpu.pb.gz', `service=api&at=${NOW - 3 * 3_600_000}`);
    const files = ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz'].map(loadFixture);
    for (const granularity of ['function', 'line'] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/top?service=api&type=cpu&from=now-1h&granularity=${granularity}` });
      assert.equal(res.statusCode, 200, res.body);
      const expected = top(stacksFromProfiles(files, { sampleIndex: 'cpu', granularity }));
      assert.deepEqual(res.json(), { ...expected, type: 'cpu', profiles: 2 });
    }
    const v2 = await t.app.inject({ method: 'GET', url: `/api/v1/top?query=${encodeURIComponent('{service="api",version="v2"}')}&type=samples&limit=3` });
    const expected = top(stacksFromProfiles([files[1]!], { sampleIndex: 'samples' }), { limit: 3 });
    assert.deepEqual(v2.json(), { ...expected, type: 'samples', profiles: 1 });
  } finally {
    await t.dispose();
  }
});
