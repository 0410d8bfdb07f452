// Child process of the kill -9 tests: works on the database given as argv[3] in one phase
// (argv[2]: compaction, retention, scrape-burst or new-stacks), printing "ack ID TIME_MS TOTAL" after each
// profile it committed and must find again, until it is killed. It stops by itself after a
// minute or as soon as its parent is gone, so it never outlives a test run.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { Collector } from '../../collector/collector.js';
import { createScrapeAgent } from '../../collector/scrape-agent.js';
import type { Profile } from '../../codec/profile.js';
import { resolveTarget } from '../../config/target.js';
import type { IngestRequest, ProfileWriter } from '../../store/profile-store.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { distinctStacks } from './distinct-stacks.js';
import { fixture } from './fixtures.js';
import { ackLine, CRASH_T0, MINUTE_MS, NEW_STACKS, newStacksProfile } from './crash-phases.js';
import { loadFixture, varied } from './temp-store.js';

const [phase, path] = [process.argv[2]!, process.argv[3]!];
// new-stacks writes the stacks' snapshot after every ingest and retention, so kills land in its writes.
const stores = openSqliteStore(path, { rollupGraceMs: 0, stackSnapshotEvery: phase === 'new-stacks' ? NEW_STACKS / 2 : undefined });
const parent = process.ppid;
const deadline = Date.now() + 60_000;
const alive = () => process.ppid === parent && Date.now() < deadline;
const bases = [loadFixture('gobench-regexp.cpu.pb.gz'), loadFixture('hotspots.cpu.1.pb.gz'), loadFixture('hotspots-b.cpu.pb.gz')];
let n = Number(process.argv[4] ?? 0);

/** Ingests a varied fixture at `timeMs` and acknowledges it. */
function ingest(timeMs: number, instance: string): void {
  const profile = varied(bases[n % bases.length]!, n);
  n++;
  const { id } = stores.profiles.ingest({ profile, labels: { service: 'crash', instance }, timeMs });
  ack(id, timeMs, profile);
}

function ack(id: number, timeMs: number, profile: Profile): void {
  process.stdout.write(`${ackLine(id, timeMs, profile)}\n`);
}

const yieldNow = () => new Promise<void>((r) => setImmediate(r));

async function compaction(): Promise<void> {
  // Six hours of profiles, then late profiles into rolled-up buckets, each followed by a compaction.
  if (stores.profiles.types('', 0, Number.MAX_SAFE_INTEGER).length === 0) {
    for (let i = 0; i < 240; i++) ingest(CRASH_T0 + i * 90_000, i % 2 ? 'a' : 'b');
  }
  process.stdout.write('ready\n');
  while (alive()) {
    for (let k = 0; k < 3; k++) ingest(CRASH_T0 + ((n * 7919) % 360) * MINUTE_MS + 1_000, 'late');
    stores.profiles.compact(CRASH_T0 + 24 * 60 * MINUTE_MS + n * MINUTE_MS);
    await yieldNow();
  }
}

async function retention(): Promise<void> {
  // Old profiles (a day before CRASH_T0) come and are deleted; new ones (after it) must stay.
  process.stdout.write('ready\n');
  while (alive()) {
    for (let k = 0; k < 20; k++) {
      const profile = varied(bases[n % bases.length]!, n);
      stores.profiles.ingest({ profile, labels: { service: 'crash', instance: `old${n % 5}` }, timeMs: CRASH_T0 - 1440 * MINUTE_MS + n++ });
    }
    for (let k = 0; k < 3; k++) ingest(CRASH_T0 + n * 1_000, 'new');
    stores.profiles.retain(CRASH_T0 - 60 * MINUTE_MS);
    await yieldNow();
  }
}

async function scrapeBurst(): Promise<void> {
  // 100 targets every second against one local server: bursts of concurrent scrapes and ingests.
  const heap = readFileSync(fixture('hotspots.heap.pb.gz'));
  const cpu = readFileSync(fixture('hotspots.cpu.1.pb.gz'));
  const text = readFileSync(fixture('hotspots.heap-debug1.txt'));
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    res.end(url.includes('/profile') ? cpu : url.includes('debug=1') ? text : heap);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const acking: ProfileWriter = {
    ingest(request: IngestRequest) {
      const result = stores.profiles.ingest(request);
      ack(result.id, request.timeMs ?? 0, request.profile);
      return result;
    },
  };
  const agent = createScrapeAgent({ connectionsPerOrigin: 64 });
  const collector = new Collector({ profiles: acking, records: stores.metadata, dispatcher: agent });
  for (let i = 0; i < 100; i++) {
    collector.upsert({ id: `t${i}`, ...resolveTarget({
      service: 'crash', url, pathPrefix: `/t${i}/debug/pprof`, labels: { replica: String(i) },
      intervalMs: i % 2 ? 1000 : 2000, profiles: i % 2 ? ['heap'] : ['cpu'], source: 'api',
    }) });
  }
  collector.start();
  process.stdout.write('ready\n');
  while (alive()) await new Promise((r) => setTimeout(r, 200));
  await collector.stop();
  process.exit(0);
}

async function newStacks(): Promise<void> {
  // Each round: a profile of new stacks that retention then collects, and one that must stay.
  const base = bases[0]!;
  process.stdout.write('ready\n');
  while (alive()) {
    stores.profiles.ingest({ profile: distinctStacks(base, n, NEW_STACKS), labels: { service: 'crash', instance: 'old' }, timeMs: CRASH_T0 - 1440 * MINUTE_MS + n });
    n++;
    const timeMs = CRASH_T0 + n * 1_000, profile = newStacksProfile(base, timeMs);
    n++;
    const { id } = stores.profiles.ingest({ profile, labels: { service: 'crash', instance: 'new' }, timeMs });
    ack(id, timeMs, profile);
    stores.profiles.retain(CRASH_T0 - 60 * MINUTE_MS);
    await yieldNow();
  }
}

const phases: Record<string, () => Promise<void>> = { compaction, retention, 'scrape-burst': scrapeBurst, 'new-stacks': newStacks };
await phases[phase]!();
