import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './support/fixtures.js';
import { runCli } from './support/run-cli.js';
import { testApp } from './support/test-app.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

test('flamewatch --version and the OpenAPI document report package.json\'s version; the README asks for its Node version', async () => {
  const cli = runCli(['--version']);
  assert.equal(cli.status, 0);
  assert.equal(cli.stdout, `${pkg.version}\n`);
  const t = await testApp();
  try {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ info: { version: string } }>();
    assert.equal(doc.info.version, pkg.version);
  } finally {
    await t.dispose();
  }
  const required = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
  assert.ok(required, pkg.engines.node);
  assert.match(readFileSync(join(repoRoot, 'README.md'), 'utf8'), new RegExp(`Node\\.js ≥ ${required.replace(/\./g, '\\.')} `));
});
