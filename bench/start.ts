// `npm start` to the first answered /healthz when nothing changed since the last build:
// `npm run bench:start -- --runs 5`. Each run starts `npm start` on a fresh database and a
// free port, waits for the server's "flamewatch listening" line, polls /healthz until it
// answers, then stops the server. Prints the median and every run, with the load average.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

const cpuTimes: number[] = [];

async function once(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'flamewatch-bench-start-'));
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root, detached: true, stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, FLAMEWATCH_PORT: '0', FLAMEWATCH_DB: join(dir, 'fw.db'), FLAMEWATCH_TOKEN: '', FLAMEWATCH_READ_TOKEN: '' },
  });
  try {
    const [url, pid] = await new Promise<[string, number]>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        for (const line of out.split('\n')) {
          try {
            const entry = JSON.parse(line) as { msg?: string; url?: string; pid?: number };
            if (entry.msg === 'flamewatch listening' && entry.url && entry.pid) resolve([entry.url, entry.pid]);
          } catch {
            // a partial line
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}`)));
    });
    for (;;) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        // not yet listening
      }
    }
    const wall = (performance.now() - t0) / 1000;
    cpuTimes.push(cpuSecondsOf(pid));
    return wall;
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await once());
console.log(`npm start → first /healthz (nothing changed): median ${median(times).toFixed(2)} s wall, `
  + `${median(cpuTimes).toFixed(2)} s CPU of the server process, over ${runs} runs `
  + `[${times.map((t) => t.toFixed(2)).join(', ')}]; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
