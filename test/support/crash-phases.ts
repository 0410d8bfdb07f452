// What the kill -9 test checks after every restart, and the acknowledgement lines its writers
// print: "ack ID TIME_MS TYPE TOTAL" once a profile is committed (201, or ingest returned).
import assert from 'node:assert/strict';
import type { Profile } from '../../codec/profile.js';
import { top } from '../../query/top.js';
import { stacksOfWindow } from '../../query/window-stacks.js';
import { openSqliteStore } from '../../store/sqlite/open-sqlite-store.js';
import { distinctStacks } from './distinct-stacks.js';
import { integrityOf } from './temp-store.js';

export const MINUTE_MS = 60_000;
/** Where the crash phases put their profiles in time (2023-11-14, on a whole hour). */
export const CRASH_T0 = 1_699_999_200_000;

/** Samples, each of a new stack, of the new-stacks phase's profiles. */
export const NEW_STACKS = 3_000;

/** The new-stacks phase's profile at `timeMs` (the same for the writer and the checks). */
export function newStacksProfile(base: Profile, timeMs: number): Profile {
  return distinctStacks(base, (timeMs - CRASH_T0) / 1_000, NEW_STACKS);
}

/** A committed profile as its writer acknowledged it. */
export interface Ack {
  id: number;
  timeMs: number;
  /** API type whose total is given: cpu, or inuse_space for heap snapshots. */
  type: string;
  total: number;
}

/** The type a profile is checked by, and its total for that type. */
export function checkedTotal(profile: Profile): { type: string; total: number } {
  const names = profile.sampleTypes.map((t) => t.type);
  const type = names.includes('cpu') ? 'cpu' : names.includes('inuse_space') ? 'inuse_space' : names[names.length - 1]!;
  const column = names.indexOf(type), width = names.length;
  let total = 0;
  for (let i = column; i < profile.samples.values.length; i += width) total += Math.abs(profile.samples.values[i]!);
  return { type, total };
}

export function ackLine(id: number, timeMs: number, profile: Profile): string {
  const { type, total } = checkedTotal(profile);
  return `ack ${id} ${timeMs} ${type} ${total}`;
}

/** The acks among a writer's output lines (a line cut by the kill, without its newline, is not one). */
export function parseAcks(text: string): Ack[] {
  const acks: Ack[] = [];
  const lines = text.split('\n');
  lines.pop();
  for (const line of lines) {
    const m = /^ack (\d+) (\d+) (\S+) (\S+)$/.exec(line);
    if (m) acks.push({ id: Number(m[1]), timeMs: Number(m[2]), type: m[3]!, total: Number(m[4]) });
  }
  return acks;
}

/**
 * After a kill -9 and before anything else opens the file: `PRAGMA integrity_check` is ok,
 * every acknowledged profile is there with its total, and every window answers the same from
 * rollups as from the raw profiles (as left by the killed process, and after a new compaction).
 * Returns the number of profiles stored.
 */
export function checkAfterCrash(path: string, acks: Iterable<Ack>): number {
  assert.equal(integrityOf(path), 'ok', 'integrity_check');
  const stores = openSqliteStore(path, { rollupGraceMs: 0 });
  try {
    const all = { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER };
    const types = stores.profiles.types('', all.fromMs, all.toMs);
    const stored = new Map<string, number>();
    for (const { type } of types) {
      for (const s of stores.profiles.series({ selector: '', type, ...all }, 3_600_000)) {
        for (const p of s.profiles) stored.set(`${type} ${p.id}`, p.total);
      }
    }
    for (const a of acks) {
      const total = stored.get(`${a.type} ${a.id}`);
      assert.ok(total !== undefined, `acknowledged ${a.type} profile ${a.id} at ${a.timeMs} is there`);
      assert.equal(total, a.total, `profile ${a.id} has its total`);
    }
    const sameFromRollupsAndRaw = () => {
      for (const { type } of types) {
        stores.profiles.useRollups = true;
        const rolled = top(stacksOfWindow(stores.profiles.window({ selector: '', type, ...all })).stacks);
        stores.profiles.useRollups = false;
        const raw = top(stacksOfWindow(stores.profiles.window({ selector: '', type, ...all })).stacks);
        assert.deepEqual(rolled, raw, `${type}: rollups equal the raw profiles`);
      }
    };
    sameFromRollupsAndRaw();
    stores.profiles.compact(Number.MAX_SAFE_INTEGER / 2);
    sameFromRollupsAndRaw();
    return new Set([...stored.keys()].map((k) => k.split(' ')[1])).size;
  } finally {
    stores.close();
  }
}
