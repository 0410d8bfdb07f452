// Cold start of the offline CLI: `flamewatch top FILE` on a 45 KB CPU profile against
// `node -e 0` on the same machine, run in turn so that both see the same load.
//
//   npm run bench:cli -- --runs 15
//
// Prints the median wall time of each command, and top's ratio to `node -e 0` (goal <= 2.5).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './measure.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'bin', 'flamewatch.js');
const cpuProfile = join(root, 'test', 'fixtures', 'gobench-regexp.cpu.pb.gz');
const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(args.runs);
const out = mkdtempSync(join(tmpdir(), 'flamewatch-bench-cli-'));

const commands: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['flamewatch top FILE', [cli, 'top', cpuProfile]],
  ['flamewatch top --lines FILE', [cli, 'top', '--lines', cpuProfile]],
  ['flamewatch merge -o OUT FILE FILE', [cli, 'merge', '-o', join(out, 'merged.pb.gz'), cpuProfile, cpuProfile]],
  ['flamewatch --version', [cli, '--version']],
];

const times = new Map<string, number[]>(commands.map(([name]) => [name, []]));
try {
  for (let r = 0; r < runs; r++) {
    for (const [name, argv] of commands) {
      const t0 = performance.now();
      const res = spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TZ: process.env['TZ'] ?? 'UTC' } });
      if (res.status !== 0) throw new Error(`${name} exited with ${res.status}: ${res.stderr.toString()}`);
      times.get(name)!.push(performance.now() - t0);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const base = median(times.get('node -e 0')!);
for (const [name] of commands) {
  const m = median(times.get(name)!);
  console.log(`${name.padEnd(36)} ${m.toFixed(0).padStart(5)} ms  ${(m / base).toFixed(2)}× node -e 0`);
}
console.log(`medians of ${runs} runs each, interleaved; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
