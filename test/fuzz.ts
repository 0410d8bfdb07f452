// `npm run fuzz`: the fuzzer, outside the tests. Runs decode → validate → store ingest → top on
// mutations of the real fixtures and on generated pprof messages, in a worker watched for hangs.
//
//   npm run fuzz -- --inputs 100000 --seed 1 --cap-ms 2000
//
// Prints a JSON report (inputs, accepted, refusals by code, failures, slow inputs, the slowest
// input, inputs per second, peak RSS) and exits 1 on any crash, property failure or hang. A
// failing input is replayed with its seed and index (test/support/fuzz-inputs.ts `fuzzInput`).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { fuzz } from './support/fuzz-pipeline.js';
import type { FuzzReport } from './support/fuzz-pipeline.js';
import { seedCorpus } from './support/fuzz-inputs.js';
import { tempDir } from './support/temp-store.js';

interface Job { seed: number; inputs: number; capMs: number; heartbeat: SharedArrayBuffer }

function runWorker(job: Job): void {
  const beat = new Int32Array(job.heartbeat);
  const dir = tempDir('flamewatch-fuzz-');
  let n = 0;
  try {
    const report = fuzz({
      seed: job.seed, inputs: job.inputs, capMs: job.capMs, corpus: seedCorpus(),
      openStore: () => openSqliteStore(join(dir, `fuzz-${n++}.db`)).profiles,
      onInput: (i) => Atomics.store(beat, 0, i + 1),
    });
    parentPort!.postMessage(report);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    inputs: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' }, 'cap-ms': { type: 'string', default: '2000' },
  } });
  const job: Job = { seed: Number(values.seed), inputs: Number(values.inputs), capMs: Number(values['cap-ms']), heartbeat: new SharedArrayBuffer(4) };
  const beat = new Int32Array(job.heartbeat);
  const started = performance.now();
  const worker = new Worker(new URL(import.meta.url), { workerData: job });
  let peakRss = 0, last = -1, stuckSince = performance.now(), hang: number | undefined;
  const watch = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const now = Atomics.load(beat, 0);
    if (now !== last) { last = now; stuckSince = performance.now(); return; }
    // An input that runs past ten times the cap is a hang: stop the worker, name the input.
    if (performance.now() - stuckSince > 10 * job.capMs) { hang = now - 1; void worker.terminate(); }
  }, 200);
  const report = await new Promise<FuzzReport | undefined>((resolve, reject) => {
    worker.once('message', (r: FuzzReport) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', () => resolve(undefined));
  });
  clearInterval(watch);
  const seconds = (performance.now() - started) / 1000;
  const out = {
    seed: job.seed, ...(report ?? { inputs: Math.max(0, last - 1) }), hang: hang === undefined ? null : { index: hang, seed: job.seed },
    seconds: Math.round(seconds), inputsPerSecond: report ? Math.round(report.inputs / seconds) : null,
    peakRssMiB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1048576),
  };
  console.log(JSON.stringify(out, null, 2));
  const bad = report === undefined || report.failures.length > 0 || report.slow.length > 0 || hang !== undefined;
  process.exitCode = bad ? 1 : 0;
}

if (isMainThread) await main();
else runWorker(workerData as Job);
