import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real Go heap profiles of a chosen size, written by `test/go/manystacks` (runtime/pprof,
 * every allocation sampled, one distinct stack per allocation path). Built and run with Go
 * once, then kept in the temp folder, so benchmarks after the first start at once.
 */

const goModule = fileURLToPath(new URL('../../test/go/', import.meta.url));
const cache = join(tmpdir(), 'flamewatch-bench-profiles');

/** The gzip'd heap profile with `stacks` distinct stacks, and its heap?debug=1 text. */
export function heapProfileFiles(stacks: number): { profile: string; text: string } {
  mkdirSync(cache, { recursive: true });
  const profile = join(cache, `manystacks-${stacks}.heap.pb.gz`), text = join(cache, `manystacks-${stacks}.heap.txt`);
  if (existsSync(profile) && existsSync(text)) return { profile, text };
  const binary = join(cache, 'manystacks');
  const env = { ...process.env, GOCACHE: join(cache, 'gocache'), GOFLAGS: '', GOPROXY: 'off', GOTOOLCHAIN: 'local' };
  try {
    if (!existsSync(binary)) execFileSync('go', ['build', '-trimpath', '-o', binary, './manystacks'], { cwd: goModule, env, stdio: 'inherit' });
  } catch (err) {
    throw new Error(`building test/go/manystacks needs Go on the PATH: ${(err as Error).message}`);
  }
  execFileSync(binary, ['-stacks', String(stacks), '-heapprofile', `${profile}.tmp`, '-heaptext', `${text}.tmp`], { stdio: 'inherit' });
  renameSync(`${text}.tmp`, text);
  renameSync(`${profile}.tmp`, profile);
  return { profile, text };
}

/** Distinct stacks of the large heap profile: over 1 MB of protobuf, as a large service's heap profile. */
export const LARGE_HEAP_STACKS = 40_000;

/** The large heap profile, gzip'd. */
export function largeHeapProfile(stacks = LARGE_HEAP_STACKS): Buffer {
  return readFileSync(heapProfileFiles(stacks).profile);
}
