import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isFlamewatchError } from '../common/errors.js';
import { decodeProfile } from '../codec/decode.js';
import { isLegacyCpuProfile } from '../codec/legacy-cpu.js';
import { stacksFromProfiles } from '../query/from-profile.js';
import { top } from '../query/top.js';
import { peerProfile as peer } from './support/fixtures.js';
import { goAvailable, oracleTop } from './support/oracle.js';

/** A top row reduced to what must agree with pprof: [name, flat ms, cum ms]. */
type Row = readonly [string, number, number];

const MS = 1_000_000;

/** `go tool pprof -top -symbolize=none -nodefraction=0 -nodecount=100000 -unit=ms FILE` (Go 1.19). */
const EXPECTED: Readonly<Record<string, readonly Row[]>> = {
  'cppbench.cpu.pb': [
    ['[cppbench_server_main]', 7080, 7110],
    ['[libc-2.15.so]', 40, 40],
    ['[libpthread-2.15.so]', 0, 7120],
  ],
  'go.crc32.cpu.pb': [['<unknown>', 2110, 2110]],
  'gobench.cpu.pb': [['<unknown>', 3050, 3050]],
  'java.cpu.pb': [
    ['VM', 20, 20],
    ['com.example.function06', 10, 10], ['com.example.function1d', 10, 10], ['com.example.function22', 10, 10],
    ['com.example.function2b', 10, 10], ['com.example.function40', 10, 10],
    ['com.example.function07', 0, 10], ['com.example.function08', 0, 10], ['com.example.function09', 0, 10],
    ['com.example.function0a', 0, 10], ['com.example.function0b', 0, 10], ['com.example.function0c', 0, 10],
    ['com.example.function0d', 0, 20], ['com.example.function0e', 0, 10], ['com.example.function0f', 0, 10],
    ['com.example.function10', 0, 10], ['com.example.function11', 0, 10], ['com.example.function12', 0, 30],
    ['com.example.function13', 0, 30], ['com.example.function14', 0, 30], ['com.example.function1e', 0, 10],
    ['com.example.function1f', 0, 10], ['com.example.function20', 0, 10], ['com.example.function21', 0, 10],
    ['com.example.function23', 0, 10], ['com.example.function24', 0, 10], ['com.example.function25', 0, 10],
    ['com.example.function26', 0, 10], ['com.example.function27', 0, 20], ['com.example.function28', 0, 20],
    ['com.example.function29', 0, 20], ['com.example.function2a', 0, 20], ['com.example.function2c', 0, 10],
    ['com.example.function2d', 0, 10], ['com.example.function2e', 0, 10], ['com.example.function2f', 0, 10],
    ['com.example.function30', 0, 10], ['com.example.function31', 0, 10], ['com.example.function32', 0, 10],
    ['com.example.function33', 0, 10], ['com.example.function34', 0, 10], ['com.example.function35', 0, 10],
    ['com.example.function36', 0, 10], ['com.example.function37', 0, 10], ['com.example.function38', 0, 10],
    ['com.example.function39', 0, 10], ['com.example.function3a', 0, 10], ['com.example.function3b', 0, 10],
    ['com.example.function3c', 0, 10], ['com.example.function3d', 0, 10], ['com.example.function3e', 0, 10],
    ['com.example.function3f', 0, 10], ['com.example.function41', 0, 10], ['com.example.function42', 0, 10],
    ['com.example.function43', 0, 10], ['com.example.function44', 0, 10], ['com.example.function45', 0, 10],
    ['com.example.function46', 0, 10], ['com.example.function47', 0, 10], ['com.example.function48', 0, 10],
    ['com.example.function49', 0, 10], ['com.example.function4a', 0, 10],
  ],
};

const FUZZ_CRASH = 'fuzz-crash-7e3c9248.bin';

/** Our `top --json` rows, as the CLI computes them, in nanoseconds. */
function ourTop(file: string): { total: number; rows: [string, number, number][] } {
  const stacks = stacksFromProfiles([decodeProfile(readFileSync(file))]);
  const result = top(stacks);
  return { total: result.total, rows: result.rows.map((r) => [r.name, r.flat, r.cum]) };
}

function inNanos(rows: readonly Row[]): [string, number, number][] {
  return rows.map(([name, flat, cum]) => [name, flat * MS, cum * MS]);
}

/** The catalogued error decodeProfile throws for `bytes` (fails when it accepts them). */
function refusal(bytes: Uint8Array): { code: string; message: string } {
  try {
    decodeProfile(bytes);
  } catch (err) {
    assert.ok(isFlamewatchError(err), `not a catalogued error: ${String(err)}`);
    return { code: err.code, message: err.message };
  }
  assert.fail('decodeProfile accepted the bytes');
}

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`${name}: legacy CPU profile decodes to the top go tool pprof prints`, () => {
    const bytes = readFileSync(peer(name));
    assert.ok(isLegacyCpuProfile(bytes), 'not recognised as a legacy CPU profile');
    const profile = decodeProfile(bytes);
    assert.deepEqual(profile.sampleTypes, [{ type: 'samples', unit: 'count' }, { type: 'cpu', unit: 'nanoseconds' }]);
    assert.deepEqual(profile.periodType, { type: 'cpu', unit: 'nanoseconds' });
    assert.equal(profile.period, 10 * MS);
    const ours = ourTop(peer(name));
    assert.deepEqual(ours.rows, inNanos(expected));
    assert.equal(ours.total, expected.reduce((sum, [, flat]) => sum + flat * MS, 0));
  });

  test(`${name}: top equals a live run of go tool pprof`, (t) => {
    if (!goAvailable()) {
      t.skip('go not installed: the go tool pprof oracle is unavailable, skipping');
      return;
    }
    const oracle = oracleTop([peer(name)]);
    const ours = ourTop(peer(name));
    assert.deepEqual(ours.rows, oracle.rows.map((r) => [r.name, r.flat, r.cum]));
    assert.equal(ours.total, oracle.total);
  });
}

test(`${FUZZ_CRASH}: refused as invalid protobuf, not taken for a legacy profile`, () => {
  const bytes = readFileSync(peer(FUZZ_CRASH));
  assert.equal(isLegacyCpuProfile(bytes), false);
  assert.equal(refusal(bytes).code, 'FW_PROFILE_PROTOBUF_INVALID');
});

test('random bytes are refused as invalid protobuf', () => {
  let seed = 0x9e3779b9;
  for (let round = 0; round < 200; round++) {
    const bytes = new Uint8Array(1 + (round % 97));
    for (let i = 0; i < bytes.length; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      bytes[i] = seed >>> 24;
    }
    bytes[0] = 0; // a zero first byte is never protobuf, and is how every legacy header starts
    assert.equal(isLegacyCpuProfile(bytes), false, `round ${round} taken for a legacy profile`);
    assert.equal(refusal(bytes).code, 'FW_PROFILE_PROTOBUF_INVALID');
  }
});

test('a legacy CPU profile cut inside its samples is refused as malformed', () => {
  const bytes = readFileSync(peer('cppbench.cpu.pb'));
  // Header (5 words), then a sample of 11 frames: cut after 2 of its frames.
  const cut = bytes.subarray(0, 8 * (5 + 2 + 2));
  assert.ok(isLegacyCpuProfile(cut));
  const { code, message } = refusal(cut);
  assert.equal(code, 'FW_PROFILE_LEGACY_INVALID');
  assert.match(message, /sample 0 claims 11 frames/);
});
