import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { lineTable } from '../query/line-table.js';
import { fixture } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';

const cases: [string, string, string | undefined][] = [
  ['hotspots.cpu.1.pb.gz', 'main.recurse', undefined],
  ['hotspots.cpu.1.pb.gz', 'main.parseLoop', undefined],
  ['gobench-regexp.cpu.pb.gz', 'regexp.(*machine).add', undefined],
  ['gobench-regexp.heap.pb.gz', 'regexp/syntax.(*compiler).inst', 'alloc_space'],
];

for (const [file, fn, sampleIndex] of cases) {
  test(`line table of ${fn} in ${file} equals the -lines rows pprof prints for it`, (t) => {
    if (!goAvailable()) { t.skip('go is not installed: the go tool pprof oracle cannot run'); return; }
    const stacks = stacksFromProfiles([decodeProfile(readFileSync(fixture(file)))], { granularity: 'line', sampleIndex });
    const ours = lineTable(stacks, fn);
    assert.ok(ours.rows.length > 0, `${fn} has lines`);
    const expected = oracleTop([fixture(file)], { lines: true, sampleIndex })
      .rows.filter((r) => r.name.startsWith(`${fn} `))
      .map((r) => ({ at: r.name.slice(fn.length + 1), flat: r.flat, cum: r.cum }))
      .sort((a, b) => a.at.localeCompare(b.at, 'en', { numeric: true }));
    assert.deepEqual(ours.rows.map((r) => ({ at: `${r.file}:${r.line}`, flat: r.flat, cum: r.cum })), expected);
  });
}

test('the line table of a function that is not in the profile is empty', () => {
  const stacks = stacksFromProfiles([decodeProfile(readFileSync(fixture('hotspots.cpu.1.pb.gz')))], { granularity: 'line' });
  assert.deepEqual(lineTable(stacks, 'main.nothingHere').rows, []);
});
