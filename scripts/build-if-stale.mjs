#!/usr/bin/env node
// Builds dist/ only when the sources changed since the last build: `npm start` then serves at
// once when nothing changed. Two parts are built: the server (TypeScript, tsc) and the web UI
// (ui/, Vite). Each part's stamp lists its sources at its last build; a source newer than the
// stamp, or a source added or removed, means that part is built again. `npm run build` cleans
// dist/ first, so it always builds everything.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8'));

/** The files of `folders` whose names end with one of `extensions`, plus `extra`, sorted. */
function sources(folders, extensions, extra) {
  const files = [...extra];
  for (const folder of folders) {
    const dir = join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && extensions.some((e) => entry.name.endsWith(e))) files.push(relative(root, join(entry.parentPath, entry.name)));
    }
  }
  return files.sort();
}

function stale(stamp, files) {
  if (!existsSync(stamp)) return 'no previous build';
  const built = statSync(stamp).mtimeMs;
  if (readFileSync(stamp, 'utf8') !== files.join('\n')) return 'sources were added or removed';
  const changed = files.find((f) => statSync(join(root, f)).mtimeMs > built);
  return changed === undefined ? undefined : `${changed} changed`;
}

const node = (script, ...args) => [process.execPath, [join(root, 'node_modules', ...script.split('/')), ...args]];
const parts = [
  {
    name: 'server', stamp: join(root, 'dist', '.build-stamp'),
    files: sources(tsconfig.include.map((pattern) => pattern.split('/')[0]), ['.ts'], ['tsconfig.json', 'package.json']),
    steps: [node('typescript/bin/tsc', '-p', join(root, 'tsconfig.json'))],
  },
  {
    name: 'web UI', stamp: join(root, 'dist', '.ui-build-stamp'),
    // The UI bundles codec/, query/ and common/ too.
    files: sources(['ui', 'codec', 'query', 'common', 'config'], ['.ts', '.tsx', '.html', '.css', '.svg', '.json'], ['package.json']),
    steps: [
      node('typescript/bin/tsc', '-p', join(root, 'ui', 'tsconfig.json')),
      node('typescript/bin/tsc', '-p', join(root, 'ui', 'tsconfig.node.json')),
      node('vite/bin/vite.js', 'build', '--config', join(root, 'ui', 'vite.config.ts'), '--logLevel', 'warn'),
    ],
  },
];

for (const part of parts) {
  const why = stale(part.stamp, part.files);
  if (why === undefined) {
    process.stderr.write(`build: ${part.name} in dist/ is up to date\n`);
    continue;
  }
  process.stderr.write(`build: building the ${part.name} (${why})\n`);
  for (const [command, args] of part.steps) {
    const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  writeFileSync(part.stamp, part.files.join('\n'));
}
