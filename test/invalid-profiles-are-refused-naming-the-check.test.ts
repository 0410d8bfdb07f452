import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeProfile } from '../codec/decode.js';
import { resolveLimits } from '../codec/limits.js';
import { cpuProfileMessage, encodeMessage } from './support/build-profile.js';
import type { ProfileMessage } from './support/build-profile.js';

const base = cpuProfileMessage();
const strings = base.stringTable as string[];

const cases: [string, ProfileMessage, string, RegExp][] = [
  ['string_table[0] is not empty', { stringTable: ['x', ...strings.slice(1)] }, 'FW_PROFILE_STRING_TABLE', /string_table\[0\] must be ""/],
  ['the string table is missing', { stringTable: [] }, 'FW_PROFILE_STRING_TABLE', /string table is empty/],
  ['a function name is out of range', { function: [{ id: 1, name: 99 }, { id: 2, name: 6 }, { id: 3, name: 7 }] },
    'FW_PROFILE_STRING_INDEX', /function\[0\]\.name refers to string 99, but the string table has 10 entries/],
  ['a sample type is out of range', { sampleType: [{ type: 1, unit: 2 }, { type: 3, unit: 40 }] },
    'FW_PROFILE_STRING_INDEX', /sample_type\[1\]\.unit/],
  ['a location has id 0', { location: [{ id: 0, line: [{ functionId: 1 }] }] }, 'FW_PROFILE_ID_INVALID', /location at position 0 has id 0/],
  ['two functions share an id', { function: [{ id: 1, name: 5 }, { id: 1, name: 6 }, { id: 3, name: 7 }] },
    'FW_PROFILE_ID_INVALID', /function id 1 appears more than once/],
  ['a sample refers to a missing location', { sample: [{ locationId: [7], value: [1, 2] }] },
    'FW_PROFILE_DANGLING_REFERENCE', /sample 0 refers to location 7/],
  ['a line refers to a missing function', {
    location: [{ id: 1, line: [{ functionId: 42 }] }, { id: 2, line: [{ functionId: 2 }] }, { id: 3, line: [{ functionId: 3 }] }],
  }, 'FW_PROFILE_DANGLING_REFERENCE', /function 42/],
  ['a location refers to a missing mapping', {
    location: [{ id: 1, mappingId: 5, line: [{ functionId: 1 }] }, { id: 2, line: [{ functionId: 2 }] }, { id: 3, line: [{ functionId: 3 }] }],
  }, 'FW_PROFILE_DANGLING_REFERENCE', /mapping 5/],
  ['a sample has fewer values than sample types', { sample: [{ locationId: [1], value: [1] }] },
    'FW_PROFILE_VALUE_COUNT', /sample 0 has 1 values but the profile declares 2 sample types/],
  ['there are no sample types', { sampleType: [], sample: [] }, 'FW_PROFILE_NO_SAMPLE_TYPES', /no sample types/],
];

for (const [what, overrides, code, message] of cases) {
  test(`refused when ${what}`, () => {
    assert.throws(() => decodeProfile(encodeMessage(cpuProfileMessage(overrides))), (err: Error & { code?: string }) => {
      assert.equal(err.code, code);
      assert.match(err.message, message);
      return true;
    });
  });
}

test('refused when there are more samples than the cap', () => {
  assert.throws(() => decodeProfile(encodeMessage(base), resolveLimits({ maxSamples: 1 })),
    (err: Error & { code?: string }) => err.code === 'FW_PROFILE_TOO_MANY_SAMPLES' && /limit of 1 samples/.test(err.message));
});

test('refused when a sample has too many labels or a label is too long', () => {
  const labelled = cpuProfileMessage({
    sample: [{ locationId: [1], value: [1, 1], label: [{ key: 5, str: 6 }, { key: 6, str: 7 }] }],
  });
  assert.throws(() => decodeProfile(encodeMessage(labelled), resolveLimits({ maxLabelsPerSample: 1 })),
    (err: Error & { code?: string }) => err.code === 'FW_PROFILE_LABEL_LIMIT' && /more than 1 labels/.test(err.message));
  assert.throws(() => decodeProfile(encodeMessage(labelled), resolveLimits({ maxLabelLength: 8 })),
    (err: Error & { code?: string }) => err.code === 'FW_PROFILE_LABEL_LIMIT' && /over the limit of 8/.test(err.message));
});

test('truncated and garbage protobuf is refused as invalid protobuf', () => {
  const good = encodeMessage(base);
  for (const bad of [good.subarray(0, good.length - 3), new Uint8Array([0x12, 0xff, 0xff, 0xff, 0x0f]), new Uint8Array([0x00, 0x01])]) {
    assert.throws(() => decodeProfile(bad), (err: Error & { code?: string }) => err.code === 'FW_PROFILE_PROTOBUF_INVALID');
  }
});

test('the valid base profile decodes', () => {
  const p = decodeProfile(encodeMessage(base));
  assert.equal(p.samples.count, 2);
  assert.equal(p.functions[2]!.name, 'main.leaf');
});
