import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSameTop } from './support/compare-top.js';
import { fixture } from './support/fixtures.js';
import { HotspotsRunner, sleep } from './support/hotspots.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { BACKENDS, backendSkip } from './support/store-backends.js';
import type { BackendName } from './support/store-backends.js';
import { fixtureBytes } from './support/test-app.js';
import type { TopRow } from '../query/top.js';

const TYPES = ['cpu', 'samples', 'inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects', 'goroutine',
  'block:delay', 'block:contentions', 'mutex:delay', 'mutex:contentions', 'wall', 'sample'];

test('for every type and aggregation, go tool pprof -top of /api/v1/profile prints the rows /api/v1/top answers, on every backend alike', async (t) => {
  if (!goAvailable()) {
    t.skip('go is not on PATH: cannot run the go tool pprof oracle');
    return;
  }
  const runner = new HotspotsRunner();
  const pushes: [Uint8Array, string][] = [];
  try {
    runner.build();
    const hotspots = await runner.start();
    // The mutex profile has samples once some contention was sampled.
    for (let i = 0; i < 100 && !(await (await fetch(`${hotspots.url}/debug/pprof/mutex?debug=1`)).text()).includes('@ 0x'); i++) await sleep(100);
    // Two snapshots of each live profile of a real Go process, a minute apart in the window, so means are fractional.
    for (const [i, at] of ['now-10m', 'now-9m'].entries()) {
      for (const [endpoint, kind] of [['heap', 'heap'], ['goroutine', 'goroutine'], ['block', 'block'], ['mutex', 'mutex']] as const) {
        const bytes = new Uint8Array(await (await fetch(`${hotspots.url}/debug/pprof/${endpoint}`)).arrayBuffer());
        pushes.push([bytes, `service=live&kind=${kind}&labels=instance=i${i}&at=${at}`]);
      }
    }
  } finally {
    await runner.stopAll();
  }
  pushes.push([fixtureBytes('hotspots.cpu.1.pb.gz'), 'service=live&at=now-10m']);
  pushes.push([fixtureBytes('hotspots.cpu.2.pb.gz'), 'service=live&at=now-9m']);
  pushes.push([fixtureBytes('node-wall.pb.gz'), 'service=live&at=now-8m']);
  // The same pushes into each backend: each answers as go tool pprof reads its export, and all answer alike.
  const answers = new Map<BackendName, unknown>();
  for (const backend of BACKENDS) {
    await t.test(backend, { skip: backendSkip(backend) }, async () => {
      answers.set(backend, await checkServer(backend, pushes));
    });
  }
  if (answers.size === BACKENDS.length) assert.deepEqual(answers.get('clickhouse'), answers.get('sqlite'), 'every backend answers the same JSON');
});

async function checkServer(backend: BackendName, pushes: readonly [Uint8Array, string][]): Promise<unknown> {
  const server = await startServeProcess({}, [], backend);
  const answers: unknown[] = [];
  try {
    for (const [bytes, query] of pushes) {
      const res = await pushProfile(server.url, bytes, query);
      assert.equal(res.status, 201, await res.text());
    }

    const types = (await (await fetch(`${server.url}/api/v1/types?service=live&from=now-1h`)).json()) as { present: { type: string }[] };
    assert.deepEqual(types.present.map((p) => p.type).sort(), [...TYPES].sort());
    for (const type of TYPES) {
      for (const agg of ['sum', 'mean']) {
        const query = `service=live&type=${encodeURIComponent(type)}&agg=${agg}&from=now-1h`;
        const exported = oracleTop([`${server.url}/api/v1/profile?${query}`]);
        const ours = (await (await fetch(`${server.url}/api/v1/top?${query}`)).json()) as { total: number; rows: TopRow[] };
        assert.ok(ours.rows.length > 0, `${type} ${agg} has rows`);
        assertSameTop(ours, exported, `${type} agg=${agg}: /api/v1/top vs go tool pprof -top of /api/v1/profile`);
        answers.push(ours);
      }
    }
    // A Node.js wall profile is queried as type=wall exactly as go tool pprof -sample_index=wall reads the file.
    const wall = (await (await fetch(`${server.url}/api/v1/top?service=live&type=wall&from=now-1h`)).json()) as { total: number; rows: TopRow[] };
    assertSameTop(wall, oracleTop([fixture('node-wall.pb.gz')], { sampleIndex: 'wall' }), 'type=wall vs go tool pprof -sample_index=wall');
    return answers;
  } finally {
    await server.dispose();
  }
}
