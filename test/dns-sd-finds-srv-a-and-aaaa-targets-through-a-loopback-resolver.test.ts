import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startDnsResponder } from './support/dns-responder.js';
import { waitForTargets } from './support/discovery-server.js';
import { startFixtureTarget } from './support/fixture-target.js';
import { startServeProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

test('dns_sd: SRV, A and AAAA answers of a resolver on loopback become targets with __meta_dns_* labels and follow changes', async () => {
  const pprof = await startFixtureTarget();
  const dns = await startDnsResponder({
    '_pprof._tcp.fleet.test': { srv: [{ target: 'localhost', port: pprof.port }] },
    'pprof.fleet.test': { a: ['127.0.0.1'] },
    'pprof6.fleet.test': { aaaa: ['::1'] },
  });
  const dir = tempDir('flamewatch-dns-sd-');
  writeFileSync(join(dir, 'flamewatch.yaml'), `
scrape_configs:
  - job_name: dns
    scrape_interval: 1s
    profiles: [heap]
    dns_sd_configs:
      - names: ['_pprof._tcp.fleet.test']
        refresh_interval: 1s
        nameservers: ['${dns.address}']
      - names: ['pprof.fleet.test']
        type: A
        port: ${pprof.port}
        nameservers: ['${dns.address}']
      - names: ['pprof6.fleet.test']
        type: AAAA
        port: 6060
        nameservers: ['${dns.address}']
`);
  const server = await startServeProcess({}, ['--config', join(dir, 'flamewatch.yaml')]);
  after(async () => {
    await server.dispose();
    await dns.close();
    await pprof.close();
  });

  const found = await waitForTargets(server.url, (ts) => ts.length === 3 && ts.filter((t) => t.health.state === 'up').length === 2);
  const byId = new Map(found.map((t) => [t.id, t]));
  assert.deepEqual([...byId.keys()].sort(), [`dns/127.0.0.1:${pprof.port}`, 'dns/[::1]:6060', `dns/localhost:${pprof.port}`]);
  const srv = byId.get(`dns/localhost:${pprof.port}`)!;
  assert.equal(srv.source, 'discovery');
  assert.deepEqual(
    [srv.discoveredLabels!['__meta_dns_name'], srv.discoveredLabels!['__meta_dns_srv_record_target'], srv.discoveredLabels!['__meta_dns_srv_record_port']],
    ['_pprof._tcp.fleet.test', 'localhost', String(pprof.port)],
  );
  assert.equal(srv.health.state, 'up', `the SRV target is scraped: ${srv.health.lastError}`);
  assert.equal(byId.get(`dns/127.0.0.1:${pprof.port}`)!.health.state, 'up');
  assert.equal(byId.get('dns/[::1]:6060')!.discoveredLabels!['__meta_dns_name'], 'pprof6.fleet.test');

  dns.records.set('_pprof._tcp.fleet.test', { srv: [{ target: 'localhost', port: 6061 }] });
  const moved = await waitForTargets(server.url, (ts) => ts.some((t) => t.id === 'dns/localhost:6061'));
  assert.ok(moved.some((t) => t.id === 'dns/localhost:6061'), 'the new SRV answer is followed');
  assert.ok(!moved.some((t) => t.id === `dns/localhost:${pprof.port}`), 'and the old one is gone');
});
