import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixture } from './support/fixtures.js';
import { assertSameTop } from './support/compare-top.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { BACKENDS, backendSkip } from './support/store-backends.js';
import type { BackendName } from './support/store-backends.js';
import { fixtureBytes } from './support/test-app.js';
import type { TopRow } from '../query/top.js';

const windows: { type: string; files: string[]; service: string; lines?: boolean }[] = [
  { type: 'cpu', service: 'api', files: ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz'] },
  { type: 'cpu', service: 'api', files: ['hotspots.cpu.1.pb.gz', 'hotspots.cpu.2.pb.gz'], lines: true },
  { type: 'samples', service: 'bench', files: ['gobench-regexp.cpu.pb.gz'] },
  { type: 'alloc_space', service: 'mem', files: ['hotspots.heap.pb.gz', 'gobench-regexp.heap.pb.gz'] },
  { type: 'inuse_objects', service: 'heap', files: ['hotspots.heap.pb.gz'] },
];

for (const backend of BACKENDS) {
  test(`go tool pprof -top on /api/v1/profile equals go tool pprof -top of the files, and equals /api/v1/top [${backend}]`, { skip: backendSkip(backend) }, async (t) => {
    if (!goAvailable()) {
      t.skip('go is not on PATH: cannot run the go tool pprof oracle');
      return;
    }
    await checkServer(backend);
  });
}

async function checkServer(backend: BackendName): Promise<void> {
  const server = await startServeProcess({}, [], backend);
  try {
    const pushed = new Set<string>();
    for (const w of windows) {
      for (const [i, file] of w.files.entries()) {
        if (pushed.has(`${w.service}/${file}`)) continue;
        pushed.add(`${w.service}/${file}`);
        const res = await pushProfile(server.url, fixtureBytes(file), `service=${w.service}&labels=instance=i${i}&at=now-${5 + i}m`);
        assert.equal(res.status, 201, await res.text());
      }
    }
    for (const w of windows) {
      const what = `${w.type} of ${w.files.join(' + ')}${w.lines ? ' (lines)' : ''}`;
      const query = `service=${w.service}&type=${w.type}&from=now-1h`;
      const ofServer = oracleTop([`${server.url}/api/v1/profile?${query}`], { lines: w.lines });
      const ofFiles = oracleTop(w.files.map(fixture), { sampleIndex: w.type, lines: w.lines });
      assert.deepEqual(ofServer, ofFiles, `${what}: pprof of the endpoint vs pprof of the files`);
      const res = await fetch(`${server.url}/api/v1/top?${query}&granularity=${w.lines ? 'line' : 'function'}`);
      const ours = (await res.json()) as { total: number; rows: TopRow[] };
      assertSameTop(ours, ofFiles, `${what}: /api/v1/top vs pprof`);
    }
  } finally {
    await server.dispose();
  }
}
