import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeProfile } from '../codec/decode.js';
import { profileSchema } from '../codec/schema.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { gzipOfZeros } from '../test/support/gzip-bomb.js';
import { median, opsPerSecond } from './measure.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const RUNS = 7;
const RUN_MS = 700;

const files = readdirSync(fixtures).filter((f) => f.endsWith('.pb.gz')).sort();
console.log(`decode + validate + normalize, median of ${RUNS} runs of ${RUN_MS} ms of CPU time, one core (Node ${process.version})`);
console.log('"plain": from the protobuf bytes; "gzip": from the .pb.gz, pako inflation included');
console.log(['fixture', 'gz KB', 'raw KB', 'samples', 'plain profiles/s', 'plain raw MB/s', 'gzip profiles/s',
  'gzip ms/profile', 'protobufjs reflect+Long ms'].join('\t'));
for (const file of files) {
  const gz = readFileSync(join(fixtures, file));
  const raw = gunzipSync(gz);
  const once = decodeProfile(gz);
  const measure = (bytes: Uint8Array): number => {
    const full = () => { stacksFromProfiles([decodeProfile(bytes)]); };
    for (let i = 0; i < 50; i++) full();
    const rates: number[] = [];
    for (let r = 0; r < RUNS; r++) rates.push(opsPerSecond(full, RUN_MS));
    return median(rates);
  };
  const plain = measure(raw);
  const gzipped = measure(gz);

  const { Profile } = profileSchema();
  const reflect = () => { Profile.decode(raw); };
  for (let i = 0; i < 10; i++) reflect();
  const reflectRates: number[] = [];
  for (let r = 0; r < 3; r++) reflectRates.push(opsPerSecond(reflect, 300));

  console.log([
    file, (gz.length / 1024).toFixed(1), (raw.length / 1024).toFixed(1), once.samples.count, plain.toFixed(0),
    ((plain * raw.length) / 1e6).toFixed(1), gzipped.toFixed(0), (1000 / gzipped).toFixed(3), (1000 / median(reflectRates)).toFixed(3),
  ].join('\t'));
}

const bomb = await gzipOfZeros(1024);
const rssBefore = process.memoryUsage().rss;
const refusals: number[] = [];
let refusal = '';
for (let r = 0; r < 5; r++) {
  const start = performance.now();
  try { decodeProfile(bomb); } catch (err) { refusal = err instanceof Error ? err.message : String(err); }
  refusals.push(performance.now() - start);
}
console.log(`gzip bomb, ${(bomb.length / 1024 / 1024).toFixed(2)} MiB inflating to 1 GiB: refused in ${median(refusals).toFixed(0)} ms ` +
  `(median of 5), RSS grew ${((process.memoryUsage().rss - rssBefore) / 1024 / 1024).toFixed(0)} MiB: "${refusal}"`);
