// Locations of the pprof fixtures, resolved from the compiled file
// (dist/test/support/fixtures.js), so tests work from any working directory.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function dirFromUrl(relative: string): string {
  return fileURLToPath(new URL(relative, import.meta.url)).replace(/[\\/]+$/, '');
}

/** The repository root (two levels above dist/test/support/, then one more for dist/). */
export const repoRoot: string = dirFromUrl('../../../');

/** test/fixtures in the repository: gzip'd pprof files written by Go (see its README.md). */
export const fixturesDir: string = dirFromUrl('../../../test/fixtures/');

/** Absolute path of one fixture, e.g. fixture('hotspots.cpu.1.pb.gz'). */
export function fixture(name: string): string {
  return join(fixturesDir, name);
}

/** test/fixtures/peer: profiles written by other tools (google/pprof's fuzz corpus, see its README.md). */
export const peerProfilesDir: string = dirFromUrl('../../../test/fixtures/peer/');

/** The peer profiles by name (README.md left out). */
export function peerProfileNames(): string[] {
  return readdirSync(peerProfilesDir).filter((name) => name !== 'README.md').sort();
}

/** Absolute path of one peer profile, e.g. peerProfile('java.cpu.pb'). */
export function peerProfile(name: string): string {
  return join(peerProfilesDir, name);
}
