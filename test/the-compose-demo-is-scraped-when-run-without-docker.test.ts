import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { repoRoot } from './support/fixtures.js';
import { goAvailable, sleep } from './support/hotspots.js';
import { composeFile, dockerStages, execForm } from './support/packaging.js';
import { startFlamewatch } from './support/serve-process.js';
import type { FlamewatchProcess } from './support/serve-process.js';
import { tempDir } from './support/temp-store.js';

const dir = tempDir('flamewatch-compose-');
let demo: ChildProcess | undefined;
let server: FlamewatchProcess | undefined;
after(async () => {
  await server?.stop();
  demo?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The flamewatch command line of docker-compose.yml, with each container path mapped to where its volume is here. */
function composeCommandHere(): string[] {
  const service = composeFile().services.flamewatch!;
  const mounts = (service.volumes ?? []).map((v) => {
    const [source, target] = v.split(':') as [string, string];
    return { source: source.startsWith('.') ? resolve(repoRoot, source) : join(dir, source), target };
  });
  return service.command!.map((arg) => {
    const mount = mounts.find((m) => arg === m.target || arg.startsWith(`${m.target}/`));
    return mount === undefined ? arg : mount.source + arg.slice(mount.target.length);
  });
}

/** Builds the demo from demo/ and runs it with the entry point of the Dockerfile's demo stage. */
async function startDemo(): Promise<ChildProcess> {
  const binary = join(dir, 'demo');
  const env = { ...process.env, GOFLAGS: '', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
  const built = spawnSync('go', ['build', '-trimpath', '-o', binary, '.'], { cwd: join(repoRoot, 'demo'), env, encoding: 'utf8' });
  assert.equal(built.status, 0, `go build: ${built.stderr}`);
  const entry = execForm(dockerStages().find((s) => s.name === 'demo')!.steps.find((s) => s.keyword === 'ENTRYPOINT')!.args);
  // The port is fixed by the config file; another run on this machine may hold it for a while.
  for (let attempt = 0; ; attempt++) {
    const child = spawn(binary, entry.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const up = await new Promise<boolean>((resolveUp) => {
      createInterface({ input: child.stdout! }).on('line', (line) => { if (line.startsWith('listening on')) resolveUp(true); });
      child.once('exit', () => resolveUp(false));
    });
    if (up) return child;
    assert.ok(attempt < 20, 'the demo could not listen on its port');
    await sleep(1000);
  }
}

interface Top { profiles: number; rows: { name: string }[] }

test('the compose configuration run without Docker: flamewatch scrapes the demo, its hot function and its leak show within 30 s', { timeout: 90_000 }, async (t) => {
  if (!goAvailable()) { t.skip('go is not installed: the demo cannot be built'); return; }
  demo = await startDemo();
  const args = composeCommandHere();
  t.diagnostic(`flamewatch ${args.join(' ')}`);
  server = await startFlamewatch(args, { FLAMEWATCH_PORT: '0' });
  const started = Date.now();
  const top = async (type: string) => (await (await fetch(`${server!.url}/api/v1/top?service=demo&type=${type}&limit=3`)).json()) as Top;
  let cpu: Top | undefined, heap: Top | undefined;
  while (Date.now() - started < 30_000) {
    [cpu, heap] = [await top('cpu'), await top('inuse_space')];
    // The heap profile shows the heap as of the last GC: the leak leads once a GC has seen it grow.
    if (cpu.rows[0]?.name === 'main.hotChecksum' && heap.rows[0]?.name === 'main.leakSession') break;
    await sleep(1000);
  }
  t.diagnostic(`profiles after ${((Date.now() - started) / 1000).toFixed(1)} s: cpu ${cpu?.profiles}, inuse_space ${heap?.profiles}`);
  assert.ok(cpu && cpu.profiles > 0 && heap && heap.profiles > 0, 'CPU and heap profiles of the demo within 30 s');
  assert.equal(cpu.rows[0]?.name, 'main.hotChecksum', `the hot function: ${JSON.stringify(cpu.rows)}`);
  assert.equal(heap.rows[0]?.name, 'main.leakSession', `the leak: ${JSON.stringify(heap.rows)}`);
});
