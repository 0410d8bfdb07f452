#!/usr/bin/env node
// Compiles the TypeScript sources into dist/ only when they changed since the last build:
// `npm start` then serves at once when nothing changed. The stamp (dist/.build-stamp) lists
// the sources of the last build; a source newer than the stamp, or a source added or removed,
// means a build. `npm run build` cleans dist/ first, so it always compiles everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));
const folders = tsconfig.include.map((pattern) => pattern.split('/')[0]);

function sources() {
  const files = ['tsconfig.json', 'package.json'];
  for (const folder of folders) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) files.push(relative(root, join(entry.parentPath, entry.name)));
    }
  }
  return files.sort();
}

function stale(files) {
  if (!existsSync(stamp)) return 'no previous build';
  const built = statSync(stamp).mtimeMs;
  const previous = readFileSync(stamp, 'utf8');
  if (previous !== files.join('\n')) return 'sources were added or removed';
  const changed = files.find((f) => statSync(join(root, f)).mtimeMs > built);
  return changed === undefined ? undefined : `${changed} changed`;
}

const files = sources();
const why = stale(files);
if (why === undefined) {
  process.stderr.write('build: dist/ is up to date\n');
} else {
  process.stderr.write(`build: compiling (${why})\n`);
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, files.join('\n'));
}
