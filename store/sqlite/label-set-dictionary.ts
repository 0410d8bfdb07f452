import type Database from 'better-sqlite3';
import { labelSetOfKey } from '../../codec/identity.js';
import type { LabelSet } from '../../codec/identity.js';
import { DEFAULTS } from '../../config/defaults.js';
import { labelSetHash } from '../label-sets.js';

const EMPTY: LabelSet = Object.freeze([]);

/**
 * A map that keeps about the `capacity` most recently used entries, in two generations: entries
 * are added to the young one; when it is half full it becomes the old one, and the old one is
 * dropped; an entry found in the old generation moves back into the young one.
 */
class Recent<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= Math.max(1, this.capacity >> 1)) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  /** Deletes the entries whose value passes `test`. */
  deleteValues(test: (value: V) => boolean): void {
    for (const map of [this.young, this.old]) for (const [k, v] of map) if (test(v)) map.delete(k);
  }
}

/**
 * The de-duplicated sample label sets (`label_sets`: id, hash, canonical key), keyed by
 * `labelSetHash` (store/label-sets.ts). Id 0 is the empty set and has no row. Unlike stacks,
 * label sets are not all mirrored in memory — a label that differs on every sample (a span id)
 * would grow it without bound — only the most recently used ones are. Rows are inserted inside
 * the caller's transaction; {@link rollback} forgets the ids added since the last {@link commit}.
 */
export class LabelSetDictionary {
  private readonly ids: Recent<string, number>;
  private readonly sets: Recent<number, LabelSet>;
  private added: [string, number][] = [];
  private readonly stmts;

  constructor(db: Database.Database, cacheSize: number = DEFAULTS.store.labelSetCacheSize) {
    this.ids = new Recent(cacheSize);
    this.sets = new Recent(cacheSize);
    this.stmts = {
      byHash: db.prepare('SELECT id, labels FROM label_sets WHERE hash = ?').raw(),
      insert: db.prepare('INSERT INTO label_sets (hash, labels) VALUES (?, ?)'),
      byIds: db.prepare('SELECT id, labels FROM label_sets WHERE id IN (SELECT value FROM json_each(?))').raw(),
      all: db.prepare('SELECT id FROM label_sets').pluck(),
      delete: db.prepare('DELETE FROM label_sets WHERE id IN (SELECT value FROM json_each(?))'),
    };
  }

  /** Id of the label set of a canonical key (`labelSetKey`), inserting it when new; 0 for ''. */
  idOf(key: string): number {
    if (key === '') return 0;
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    const hash = labelSetHash(key);
    const row = this.stmts.byHash.get(hash) as [number, string] | undefined;
    if (row !== undefined) {
      if (row[1] !== key) throw new Error(`label sets ${row[1]} and ${key} have the same hash ${hash}`);
      id = row[0];
    } else {
      id = Number(this.stmts.insert.run(hash, key).lastInsertRowid);
      this.added.push([key, id]);
    }
    this.ids.set(key, id);
    return id;
  }

  /** The label sets of ids (0: the empty set), reading the ones not in memory in one query. */
  labelSets(ids: Iterable<number>): Map<number, LabelSet> {
    const out = new Map<number, LabelSet>();
    const missing: number[] = [];
    for (const id of ids) {
      if (out.has(id)) continue;
      const set = id === 0 ? EMPTY : this.sets.get(id);
      if (set === undefined) missing.push(id);
      else out.set(id, set);
    }
    for (let i = 0; i < missing.length; i += 10_000) {
      for (const [id, key] of this.stmts.byIds.iterate(JSON.stringify(missing.slice(i, i + 10_000))) as IterableIterator<[number, string]>) {
        const set = Object.freeze(labelSetOfKey(key));
        this.sets.set(id, set);
        out.set(id, set);
      }
    }
    for (const id of missing) if (!out.has(id)) throw new Error(`label set ${id} is not stored`);
    return out;
  }

  /** Every stored id. */
  allIds(): number[] {
    return this.stmts.all.all() as number[];
  }

  /** Deletes label sets (inside the caller's transaction); call {@link drop} after it commits. */
  delete(ids: readonly number[]): void {
    for (let i = 0; i < ids.length; i += 10_000) this.stmts.delete.run(JSON.stringify(ids.slice(i, i + 10_000)));
  }

  /** Forgets deleted label sets from memory. */
  drop(ids: Iterable<number>): void {
    const dead = new Set(ids);
    if (dead.size === 0) return;
    for (const id of dead) this.sets.delete(id);
    this.ids.deleteValues((id) => dead.has(id));
  }

  commit(): void {
    this.added.length = 0;
  }

  /** Forgets the ids added since the last commit: their rows were rolled back. */
  rollback(): void {
    for (const [key, id] of this.added) {
      this.ids.delete(key);
      this.sets.delete(id);
    }
    this.added.length = 0;
  }
}
