import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The layers of the code, lowest first, as the README's architecture section lists them: a
 * folder may import from its own folder and from folders listed before it, never after.
 */
const LAYERS = ['common', 'codec', 'config', 'store', 'query', 'collector', 'api', 'cli'] as const;
/** The web UI runs in the browser: it talks to the API over HTTP and reuses only these. */
const UI_MAY_IMPORT = ['common', 'codec', 'query', 'ui'];
/** Third-party modules that only one folder may import. */
const LIBRARY_HOMES: Record<string, string> = { 'better-sqlite3': 'store/sqlite' };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sources(folder: string): string[] {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !f.split(sep).includes('node_modules'));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

test('no folder imports from a folder above it, and better-sqlite3 stays in store/sqlite', () => {
  const problems: string[] = [];
  const rank = new Map<string, number>(LAYERS.map((l, i) => [l, i]));
  let checked = 0;
  for (const folder of [...LAYERS, 'ui']) {
    for (const file of sources(folder)) {
      const from = relative(root, file);
      for (const spec of importsOf(file)) {
        checked++;
        if (!spec.startsWith('.')) {
          const home = LIBRARY_HOMES[spec];
          if (home !== undefined && !from.startsWith(`${home}${sep}`)) problems.push(`${from} imports ${spec}, which only ${home}/ may import`);
          continue;
        }
        const target = relative(root, resolve(dirname(file), spec)).split(sep)[0]!;
        if (target === folder) continue;
        if (folder === 'ui') {
          if (!UI_MAY_IMPORT.includes(target)) problems.push(`${from} imports ${spec}: the UI may import only ${UI_MAY_IMPORT.join(', ')}`);
          continue;
        }
        const r = rank.get(target);
        if (r === undefined || r > rank.get(folder)!) problems.push(`${from} imports ${spec}: ${folder}/ is below ${target}/`);
      }
    }
  }
  assert.ok(checked > 200, `only ${checked} imports were found: is the scan broken?`);
  assert.deepEqual(problems, []);
});
