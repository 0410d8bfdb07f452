import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { validate } from 'dockerfile-utils';
import { repoRoot } from './support/fixtures.js';
import { composeFile, dockerfileText, dockerStages, execForm } from './support/packaging.js';

test('the Dockerfile lints clean and follows the rules: node:20-slim stages, native module built in the build stage, non-root, /data, health check', () => {
  const problems = validate(dockerfileText()).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  assert.deepEqual(problems, []);
  const stages = dockerStages();
  const final = stages[stages.length - 1]!;
  const build = stages.find((s) => s.name === 'build');
  assert.ok(build, 'a build stage');
  assert.equal(build.image, 'node:20-slim');
  assert.equal(final.image, 'node:20-slim', 'the runtime image is node:20-slim');
  const buildRuns = build.steps.filter((s) => s.keyword === 'RUN').map((s) => s.args).join('\n');
  assert.match(buildRuns, /npm rebuild better-sqlite3|npm ci(?![^\n]*--ignore-scripts)/, 'better-sqlite3 is compiled in the build stage');
  const finalRuns = final.steps.filter((s) => s.keyword === 'RUN').map((s) => s.args).join('\n');
  assert.doesNotMatch(finalRuns, /npm (ci|install|rebuild)|apt-get|g\+\+/, 'nothing is compiled in the runtime image');
  assert.ok(final.steps.some((s) => s.keyword === 'COPY' && /--from=build/.test(s.args)), 'the runtime stage copies the build');
  const users = final.steps.filter((s) => s.keyword === 'USER').map((s) => s.args.trim());
  assert.ok(users.length > 0 && !['root', '0', '0:0'].includes(users[users.length - 1]!), `runs as a non-root user: ${users.join(', ')}`);
  assert.ok(final.steps.some((s) => s.keyword === 'VOLUME' && /\/data\b/.test(s.args)), 'a /data volume');
  const health = final.steps.find((s) => s.keyword === 'HEALTHCHECK');
  assert.match(health?.args ?? '', /\/healthz/, 'HEALTHCHECK asks /healthz');
  const cmd = final.steps.find((s) => s.keyword === 'CMD');
  assert.ok(cmd && execForm(cmd.args).includes('/data/flamewatch.db'), 'the database lives on the volume');

  const demoBuild = stages.find((s) => s.name === 'demo-build');
  assert.match(demoBuild?.image ?? '', /^golang:/, 'the demo is built in its own Go stage');
  assert.ok(demoBuild!.steps.some((s) => s.keyword === 'COPY' && /demo\//.test(s.args)), 'from the source in demo/');
  const demo = stages.find((s) => s.name === 'demo');
  assert.ok(demo?.steps.some((s) => s.keyword === 'USER' && s.args.trim() !== 'root'), 'the demo runs as non-root too');
});

test('docker-compose.yml is valid, builds both images from the Dockerfile and mounts the demo scrape config', () => {
  const compose = composeFile();
  const stages = new Set(dockerStages().map((s) => s.name));
  const { flamewatch, demo } = compose.services;
  assert.ok(flamewatch && demo, 'services flamewatch and demo');
  assert.ok(stages.has(flamewatch.build?.target ?? '') && stages.has(demo.build?.target ?? ''), 'both build targets are stages of the Dockerfile');
  const configMount = flamewatch.volumes?.find((v) => v.includes('scrape.yaml'));
  assert.ok(configMount, 'a mounted scrape config');
  const [hostPath, containerPath] = configMount.split(':') as [string, string];
  assert.ok(existsSync(join(repoRoot, hostPath)), `${hostPath} exists`);
  assert.ok(flamewatch.command?.includes(containerPath), 'serve reads the mounted config');
  assert.ok(flamewatch.volumes?.some((v) => v.endsWith(':/data')), 'the database volume is mounted at /data');

  // docker-compose (Debian's package) validates the file as Docker would; .ci/run installs it.
  const which = spawnSync('sh', ['-c', 'command -v docker-compose'], { encoding: 'utf8' });
  if (process.env['CI']) assert.equal(which.status, 0, 'CI has docker-compose to validate the file');
  if (which.status === 0) {
    const checked = spawnSync('docker-compose', ['-f', join(repoRoot, 'docker-compose.yml'), 'config', '-q'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(checked.status, 0, `docker-compose config: ${checked.stderr}`);
  }
});
