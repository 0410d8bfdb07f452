import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Profile as ReferenceProfile } from 'pprof-format';
import { decodeProfile } from '../codec/decode.js';
import { fixturesDir } from './support/fixtures.js';

const files = readdirSync(fixturesDir).filter((f) => f.endsWith('.pb.gz'));

test('there are real Go profiles to check', () => {
  assert.ok(files.length >= 4, `expected fixtures in ${fixturesDir}`);
});

for (const file of files) {
  test(`${file}: every field decodes as pprof-format decodes it`, () => {
    const bytes = readFileSync(join(fixturesDir, file));
    const ours = decodeProfile(bytes);
    const ref = ReferenceProfile.decode(gunzipSync(bytes));
    const s = (i: number | bigint) => ref.stringTable.strings[Number(i)]!;
    const n = (v: number | bigint) => Number(v);

    assert.deepEqual(ours.sampleTypes, ref.sampleType.map((t) => ({ type: s(t.type), unit: s(t.unit) })));
    assert.deepEqual(ours.periodType, { type: s(ref.periodType!.type), unit: s(ref.periodType!.unit) });
    assert.equal(ours.period, n(ref.period));
    assert.equal(ours.timeNanos, n(ref.timeNanos));
    assert.equal(ours.durationNanos, n(ref.durationNanos));
    assert.equal(ours.defaultSampleType, s(ref.defaultSampleType));

    assert.deepEqual(ours.functions.map((f) => [f.id, f.name, f.systemName, f.filename, f.startLine]),
      ref.function.map((f) => [n(f.id), s(f.name), s(f.systemName), s(f.filename), n(f.startLine)]));
    assert.deepEqual(ours.mappings.map((m) => [m.id, m.memoryStart, m.memoryLimit, m.fileOffset, m.filename, m.buildId]),
      ref.mapping.map((m) => [n(m.id), n(m.memoryStart), n(m.memoryLimit), n(m.fileOffset), s(m.filename), s(m.buildId)]));
    assert.deepEqual(
      ours.locations.map((l) => [l.id, l.mapping >= 0 ? ours.mappings[l.mapping]!.id : 0, l.address,
        l.lines.map((ln) => [ours.functions[ln.function]!.id, ln.line])]),
      ref.location.map((l) => [n(l.id), n(l.mappingId), n(l.address), l.line.map((ln) => [n(ln.functionId), n(ln.line)])]));

    const width = ours.sampleTypes.length;
    assert.equal(ours.samples.count, ref.sample.length);
    ref.sample.forEach((rs, i) => {
      const start = ours.samples.stackOffsets[i]!, end = ours.samples.stackOffsets[i + 1]!;
      const ids = Array.from(ours.samples.locations.subarray(start, end), (k) => ours.locations[k]!.id);
      assert.deepEqual(ids, rs.locationId.map(n), `sample ${i} stack`);
      assert.deepEqual(Array.from(ours.samples.values.subarray(i * width, (i + 1) * width)), rs.value.map(n), `sample ${i} values`);
      const labels = [];
      for (let k = ours.samples.labels.offsets[i]!; k < ours.samples.labels.offsets[i + 1]!; k++) {
        labels.push([ours.strings[ours.samples.labels.key[k]!], ours.strings[ours.samples.labels.str[k]!], ours.samples.labels.num[k]]);
      }
      assert.deepEqual(labels, rs.label.map((l) => [s(l.key), s(l.str), n(l.num)]), `sample ${i} labels`);
    });
  });
}
