import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopRow } from '../query/top.js';
import { assertSameTop } from './support/compare-top.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';
import type { OracleFilters } from './support/oracle.js';
import { oracleTags } from './support/oracle-reports.js';
import { pushProfile, startServeProcess } from './support/serve-process.js';
import { BACKENDS, backendSkip } from './support/store-backends.js';
import { fixtureBytes } from './support/test-app.js';

const pushes: [string, string][] = [
  ['api', 'hotspots-labels.cpu.pb.gz'], ['api', 'hotspots-labels-b.cpu.pb.gz'],
  ['mem', 'hotspots-labels.heap.pb.gz'], ['parked', 'hotspots-labels.goroutine.pb.gz'],
];
const files = (service: string) => pushes.filter(([s]) => s === service).map(([, f]) => fixture(f));

for (const backend of BACKENDS) {
test(`go tool pprof -tags of /api/v1/profile equals -tags of the pushed files; -top with label filters of it equals /api/v1/top with them [${backend}]`, { skip: backendSkip(backend) }, async (t) => {
  if (!goAvailable()) { t.skip('go is not on PATH: cannot run the go tool pprof oracle'); return; }
  const server = await startServeProcess({}, [], backend);
  try {
    for (const [i, [service, file]] of pushes.entries()) {
      const res = await pushProfile(server.url, fixtureBytes(file), `service=${service}&at=now-${5 + i}m`);
      assert.equal(res.status, 201, await res.text());
    }
    const exported = (service: string, type: string) => `${server.url}/api/v1/profile?service=${service}&type=${type}&from=now-1h`;
    for (const [service, type] of [['api', 'cpu'], ['mem', 'alloc_space'], ['mem', 'inuse_space'], ['parked', 'goroutine']] as const) {
      const ofServer = oracleTags([exported(service, type)]);
      assert.ok(ofServer.length > 0, `${service} ${type}: the export carries labels`);
      // pprof lists a label value of samples that are 0 in the type but not in another (freed
      // sizes, for inuse_space) with a total of 0; the export holds the one type, so pprof
      // drops its zero samples as it reads them (profile.Merge skips all-zero samples).
      const ofFiles = oracleTags(files(service), { sampleIndex: type }).map((k) => ({ ...k, values: k.values.filter((v) => v.total !== 0) }));
      assert.deepEqual(ofServer, ofFiles, `${service} ${type}: -tags of the export vs of the files`);
    }

    const cases: { service: string; type: string; filters: OracleFilters; params: string }[] = [
      { service: 'api', type: 'cpu', filters: { tagfocus: 'handler=checkout' }, params: 'tagfocus=handler%3Dcheckout' },
      { service: 'api', type: 'cpu', filters: { tagignore: 'tenant=acme', focus: 'main' }, params: `sampleLabels=${encodeURIComponent('{tenant!="acme"}')}&focus=main` },
      { service: 'mem', type: 'alloc_space', filters: { tagfocus: 'bytes=1kb:64kb' }, params: 'tagfocus=bytes%3D1kb%3A64kb' },
      { service: 'parked', type: 'goroutine', filters: { tagfocus: 'handler=checkout' }, params: `sampleLabels=${encodeURIComponent('{handler="checkout"}')}` },
    ];
    for (const c of cases) {
      const what = `${c.service} ${c.type} ${c.params}`;
      const ofExport = oracleTop([exported(c.service, c.type)], { filters: c.filters });
      assert.ok(ofExport.rows.length > 0, `${what}: rows`);
      assert.deepEqual(ofExport, oracleTop(files(c.service), { sampleIndex: c.type, filters: c.filters }), `${what}: -top of the export vs of the files`);
      const res = await fetch(`${server.url}/api/v1/top?service=${c.service}&type=${c.type}&from=now-1h&${c.params}`);
      assert.equal(res.status, 200, await res.clone().text());
      assertSameTop((await res.json()) as { total: number; rows: TopRow[] }, ofExport, `${what}: /api/v1/top vs -top of the export`);
    }
  } finally {
    await server.dispose();
  }
});
}
