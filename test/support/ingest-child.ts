// Child process of the durability test: ingests fixture variations into the database given as
// argv[2], printing "id timeMs total" on stdout after each commit, until it is killed. It stops
// by itself after a minute or as soon as its parent is gone, so it never outlives a test run.
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { loadFixture, varied } from './temp-store.js';

const path = process.argv[2]!;
const start = Number(process.argv[3] ?? 0);
const stores = openSqliteStore(path);
const bases = [loadFixture('hotspots.cpu.1.pb.gz'), loadFixture('gobench-regexp.cpu.pb.gz'), loadFixture('hotspots-b.cpu.pb.gz')];
process.stdout.write('ready\n');
const parent = process.ppid;
const deadline = Date.now() + 60_000;
for (let i = start; process.ppid === parent && Date.now() < deadline; i++) {
  const profile = varied(bases[i % bases.length]!, i);
  const timeMs = 1_700_000_000_000 + i * 1_000;
  const { id } = stores.profiles.ingest({ profile, labels: { service: 'durable', instance: `i${i % 2}` }, timeMs });
  let total = 0;
  const width = profile.sampleTypes.length;
  for (let k = 1; k < profile.samples.values.length; k += width) total += profile.samples.values[k]!;
  process.stdout.write(`${id} ${timeMs} ${total}\n`);
}
