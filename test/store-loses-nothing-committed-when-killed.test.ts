import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { top } from '../query/top.js';
import { windowStacks } from '../query/window-stacks.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import { integrityOf, tempDir } from './support/temp-store.js';

const child = fileURLToPath(new URL('./support/ingest-child.js', import.meta.url));

/** Runs the child until `killAfterMs` after it is ready, kills it with SIGKILL, returns the lines it committed. */
function runAndKill(path: string, start: number, killAfterMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, path, String(start)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (timer === undefined && out.startsWith('ready\n')) timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.on('error', reject);
    proc.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended without being killed (signal ${signal})`));
      const lines = out.split('\n');
      lines.pop();
      resolve(lines.filter((l) => l !== 'ready'));
    });
  });
}

test('every profile a killed (SIGKILL) process reported committed is intact after reopening', async () => {
  const dir = tempDir();
  const path = join(dir, 'durable.db');
  const committed = new Map<number, { t: number; total: number }>();
  try {
    for (let loop = 0; loop < 6; loop++) {
      const lines = await runAndKill(path, loop * 100_000, 150 + Math.floor(Math.random() * 600));
      for (const line of lines) {
        const [id, t, total] = line.split(' ').map(Number) as [number, number, number];
        committed.set(id, { t, total });
      }
      const stores = openSqliteStore(path);
      try {
        assert.equal(integrityOf(path), 'ok');
        const all = stores.profiles.series({ selector: '{service="durable"}', type: 'cpu', fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }, 3_600_000);
        const stored = new Map(all.flatMap((s) => s.profiles.map((p) => [p.id, p] as const)));
        for (const [id, { t, total }] of committed) {
          const p = stored.get(id);
          assert.ok(p !== undefined, `profile ${id} reported committed is present`);
          assert.equal(p.t, t);
          assert.equal(p.total, total);
        }
        // Spot-check the samples themselves of the newest committed profile.
        const newest = [...committed.entries()].sort((a, b) => b[0] - a[0])[0];
        if (newest !== undefined) {
          const w = await windowStacks(stores.profiles, { selector: '', type: 'cpu', fromMs: newest[1].t, toMs: newest[1].t }, 'function');
          assert.equal(top(w.stacks).total, newest[1].total);
        }
      } finally {
        stores.close();
      }
    }
    assert.ok(committed.size >= 5, `${committed.size} profiles committed across the runs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
