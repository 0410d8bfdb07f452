import { functionKey, mappingFlags, mappingKey, sampleLabelSet } from '../../codec/identity.js';
import type { Profile } from '../../codec/profile.js';
import { checkStoredValue, columnTotals } from '../ingest-rules.js';
import { ContentHash } from './content-hash.js';
import { IdTable } from '../id-table.js';
import { sampleLabelKeys } from '../label-sets.js';
import { RowBinary } from './row-binary.js';

/** Rows of symbols, stacks and label sets a batch writes, RowBinary per table, deduplicated within it. */
export class SymbolRows {
  readonly functions = new RowBinary();
  readonly mappings = new RowBinary();
  readonly locations = new RowBinary();
  readonly stacks = new RowBinary();
  readonly labelSets = new RowBinary();
  readonly counts = { functions: 0, mappings: 0, locations: 0, stacks: 0, labelSets: 0 };
  /** Ids written by this batch, with their day. */
  readonly pending = new IdTable(2, 4096);
  /** (hi, lo, day) of each pending id, for marking them known once written. */
  pendingList: Uint32Array = new Uint32Array(3 * 4096);
  pendingCount = 0;
  /** Batches written before this one that write ids its profiles use: if one fails, this one must fail too. */
  readonly dependsOn = new Set<SymbolRows>();
  /** Why this batch was not stored, once it was not. */
  failure: unknown;

  addPending(hi: number, lo: number, day: number): void {
    if (this.pendingList.length < 3 * (this.pendingCount + 1)) {
      const next = new Uint32Array(this.pendingList.length * 2);
      next.set(this.pendingList);
      this.pendingList = next;
    }
    this.pendingList.set([hi, lo, day], 3 * this.pendingCount++);
  }
}

/** A profile's samples as the profiles table holds them: per (stack, label set), one value per sample type. */
export interface EncodedSamples {
  rows: number;
  /** (hi, lo) of each row's stack id. */
  stacks: Uint32Array;
  /** (hi, lo) of each row's label set id, (0, 0) for none. */
  labels: Uint32Array;
  /** `rows × width` values, row-major. */
  values: Float64Array;
  /** Sum of |value| per sample type, over every sample. */
  totals: number[];
}

/**
 * Turns a profile into content-hashed ids: functions and mappings by their identity keys
 * (codec/identity.ts), locations by their mapping, address, folded flag and (function, line,
 * column) lines, stacks by their locations, label sets by their canonical key. Rows of the ids
 * not yet written for a day go into the batch; {@link markWritten} remembers them once the batch
 * is stored, so steady scrapes write only what is new.
 */
export class ProfileEncoder {
  private readonly hash = new ContentHash();
  private readonly known: IdTable;
  private readonly key = new Uint32Array(4);
  /** Rows of batches on their way to the server: their ids are not written again. */
  readonly inFlight = new Set<SymbolRows>();

  constructor(private readonly maxKnown: number) {
    this.known = new IdTable(2, 1 << 16);
  }

  /** Whether the id at `ids[at..at+2)` must be written for `day` (and marks it pending). */
  private fresh(ids: Uint32Array, at: number, day: number, rows: SymbolRows): boolean {
    if (this.known.get(ids, at) === day || rows.pending.get(ids, at) === day) return false;
    for (const other of this.inFlight) {
      if (other.pending.get(ids, at) === day) {
        rows.dependsOn.add(other);
        return false;
      }
    }
    rows.pending.set(ids, at, day);
    rows.addPending(ids[at]!, ids[at + 1]!, day);
    return true;
  }

  /** Remembers the ids of a stored batch as written. */
  markWritten(rows: SymbolRows): void {
    if (this.known.size + rows.pendingCount > this.maxKnown) this.known.clear();
    const list = rows.pendingList;
    for (let i = 0; i < rows.pendingCount; i++) this.known.set(list, 3 * i, list[3 * i + 2]!);
  }

  encode(p: Profile, day: number, profileId: bigint, rows: SymbolRows): EncodedSamples {
    const h = this.hash;
    const idDay = day * 86_400_000;
    const fn = new Uint32Array(p.functions.length * 2);
    p.functions.forEach((f, i) => {
      h.reset().str(functionKey(f)).finishInto(fn, 2 * i);
      if (this.fresh(fn, 2 * i, day, rows)) {
        rows.functions.date(idDay).u64Parts(fn[2 * i]!, fn[2 * i + 1]!).string(f.name).string(f.systemName).string(f.filename).i64(f.startLine);
        rows.counts.functions++;
      }
    });
    const map = new Uint32Array(p.mappings.length * 2);
    p.mappings.forEach((m, i) => {
      const flags = mappingFlags(m);
      h.reset().str(mappingKey(m, flags)).finishInto(map, 2 * i);
      if (this.fresh(map, 2 * i, day, rows)) {
        rows.mappings.date(idDay).u64Parts(map[2 * i]!, map[2 * i + 1]!).i64(m.memoryStart).i64(m.memoryLimit).i64(m.fileOffset)
          .string(m.filename).string(m.buildId).u8(flags).u64(profileId).u32(i);
        rows.counts.mappings++;
      }
    });
    const loc = new Uint32Array(p.locations.length * 2);
    p.locations.forEach((l, i) => {
      const mh = l.mapping >= 0 ? map[2 * l.mapping]! : 0, ml = l.mapping >= 0 ? map[2 * l.mapping + 1]! : 0;
      h.reset().parts(mh, ml).int(l.address).word(l.isFolded ? 1 : 0).word(l.lines.length);
      for (const ln of l.lines) h.parts(fn[2 * ln.function]!, fn[2 * ln.function + 1]!).int(ln.line).int(ln.column);
      h.finishInto(loc, 2 * i);
      if (this.fresh(loc, 2 * i, day, rows)) {
        const r = rows.locations.date(idDay).u64Parts(loc[2 * i]!, loc[2 * i + 1]!).u64Parts(mh, ml).i64(l.address).u8(l.isFolded ? 1 : 0);
        r.varint(l.lines.length);
        for (const ln of l.lines) r.u64Parts(fn[2 * ln.function]!, fn[2 * ln.function + 1]!);
        r.varint(l.lines.length);
        for (const ln of l.lines) r.i64(ln.line);
        r.varint(l.lines.length);
        for (const ln of l.lines) r.i64(ln.column);
        rows.counts.locations++;
      }
    });

    const { count, stackOffsets, locations, values } = p.samples;
    const width = p.sampleTypes.length;
    const totals = columnTotals(values, width);
    const stacks = new Uint32Array(count * 2), labels = new Uint32Array(count * 2);
    const merged = new Float64Array(count * width);
    const rowOf = new IdTable(4, count);
    const labelIds = new Map<string, [number, number]>();
    const labelKeys = sampleLabelKeys(p);
    const key = this.key;
    let n = 0;
    for (let i = 0; i < count; i++) {
      let zero = true;
      for (let c = 0; c < width; c++) {
        const v = values[i * width + c]!;
        if (v !== 0) zero = false;
        checkStoredValue(v);
      }
      if (zero) continue;
      const start = stackOffsets[i]!, end = stackOffsets[i + 1]!;
      h.reset().word(end - start);
      for (let k = start; k < end; k++) h.parts(loc[2 * locations[k]!]!, loc[2 * locations[k]! + 1]!);
      h.finishInto(key, 0);
      const labelKey = labelKeys === undefined ? '' : labelKeys.keys[labelKeys.of[i]!]!;
      if (labelKey === '') {
        key[2] = 0;
        key[3] = 0;
      } else {
        let id = labelIds.get(labelKey);
        if (id === undefined) {
          h.reset().str(labelKey).finishInto(key, 2);
          id = [key[2]!, key[3]!];
          labelIds.set(labelKey, id);
          if (this.fresh(key, 2, day, rows)) this.writeLabelSet(p, i, key[2]!, key[3]!, idDay, rows);
        }
        key[2] = id[0];
        key[3] = id[1];
      }
      let row = rowOf.get(key);
      if (row < 0) {
        row = n++;
        rowOf.set(key, 0, row);
        stacks[2 * row] = key[0]!;
        stacks[2 * row + 1] = key[1]!;
        labels[2 * row] = key[2]!;
        labels[2 * row + 1] = key[3]!;
        if (this.fresh(key, 0, day, rows)) {
          rows.stacks.date(idDay).u64Parts(key[0]!, key[1]!).varint(end - start);
          for (let k = start; k < end; k++) rows.stacks.u64Parts(loc[2 * locations[k]!]!, loc[2 * locations[k]! + 1]!);
          rows.stacks.u64(profileId).u32(row);
          rows.counts.stacks++;
        }
        for (let c = 0; c < width; c++) merged[row * width + c] = values[i * width + c]!;
      } else {
        for (let c = 0; c < width; c++) merged[row * width + c]! += values[i * width + c]!;
      }
    }
    return { rows: n, stacks: stacks.subarray(0, 2 * n), labels: labels.subarray(0, 2 * n), values: merged.subarray(0, n * width), totals };
  }

  /** A label set's row: its entries in the canonical order of codec/identity.ts (a numeric label has str ''). */
  private writeLabelSet(p: Profile, i: number, hi: number, lo: number, idDay: number, rows: SymbolRows): void {
    const entries = sampleLabelSet(p, i);
    rows.labelSets.date(idDay).u64Parts(hi, lo).strings(entries.map((e) => e.key)).strings(entries.map((e) => ('str' in e ? e.str : '')))
      .f64s(entries.map((e) => ('str' in e ? 0 : e.num))).strings(entries.map((e) => ('str' in e ? '' : e.unit)));
    rows.counts.labelSets++;
  }
}
