// Runs crash-child.ts in one phase and kills it with SIGKILL, for the kill -9 tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAcks } from './crash-phases.js';
import type { Ack } from './crash-phases.js';

const child = fileURLToPath(new URL('./crash-child.js', import.meta.url));

/** A kill lands 250–1000 ms into the phase: inside a transaction most of the time. */
export const killDelay = (): number => 250 + Math.floor(Math.random() * 750);

/**
 * Runs the child in `phase` until a while after it is ready and has acknowledged a first
 * profile of the phase, kills it with SIGKILL, and returns what it acknowledged.
 */
export function runAndKill(phase: string, path: string, start: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, phase, path, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    let armed = false;
    proc.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!armed && /(^|\n)ready\n(?:[^]*\n)?ack /.test(out)) {
        armed = true;
        setTimeout(() => proc.kill('SIGKILL'), killDelay());
      }
    });
    proc.on('error', reject);
    proc.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`${phase} child ended without being killed: ${err}`));
      else resolve(parseAcks(out));
    });
  });
}
