import type Database from 'better-sqlite3';
import { functionKey, locationKey, mappingFlags, mappingKey } from '../../codec/identity.js';
import type { PprofFunction, PprofLine, PprofMapping, Profile } from '../../codec/profile.js';
import { DEFAULTS } from '../../config/defaults.js';
import type { WindowMapping } from '../window-profile.js';
import { StackSnapshot } from './stack-snapshot.js';
import { finish, mix, StackTable } from './stack-table.js';
import { VarintReader, VarintWriter } from './varint.js';

/** A stored function, strings resolved. */
export interface StoredFunction {
  name: string;
  systemName: string;
  filename: string;
  startLine: number;
  nameId: number;
  systemNameId: number;
  filenameId: number;
}

/** A stored mapping, strings resolved. */
export interface StoredMapping extends WindowMapping {
  filenameId: number;
  buildIdId: number;
}

/** A stored location: mapping id (0 when none) and flat (function id, line, column) triples. */
export interface StoredLocation {
  mapping: number;
  address: number;
  folded: boolean;
  lines: Uint32Array;
}

type Table = 'strings' | 'functions' | 'mappings' | 'locations' | 'stacks';

/**
 * The de-duplicated strings, functions, mappings, locations and stacks, mirrored in memory
 * (key → id and id → value) so that ingesting a profile of known code runs no SQL for them.
 * Rows are inserted inside the caller's transaction; {@link rollback} forgets the ids added
 * since the last {@link commit}, so the cache never refers to rows that were rolled back.
 * Ids are assigned here, which assumes one writing process per database file.
 */
export class Dictionary {
  readonly strings: (string | undefined)[] = [];
  readonly functions: (StoredFunction | undefined)[] = [];
  readonly mappings: (StoredMapping | undefined)[] = [];
  readonly locations: (StoredLocation | undefined)[] = [];
  private stackTable = new StackTable();

  private readonly stringIds = new Map<string, number>();
  /** Name → id of a function of that name; functions sharing a name with it live in {@link functionIds}. */
  private readonly functionNames = new Map<string, number>();
  private readonly functionIds = new Map<string, number>();
  private readonly mappingIds = new Map<string, number>();
  /** Location hash → id; the rare colliding locations live in {@link locationCollisions}. */
  private readonly locationHashes = new Map<number, number>();
  private readonly locationCollisions = new Map<string, number>();

  private added: [Table, number, string | number][] = [];
  private readonly insert: Record<Table, Database.Statement>;
  private readonly writer = new VarintWriter(256);
  /** A new stack's location ids, gathered to be stored. */
  private scratch = new Uint32Array(256);
  private readonly snapshot: StackSnapshot;

  /** The stacks, packed (see stack-table.ts): a million cost about 20 bytes each besides their location ids. */
  get stacks(): StackTable {
    return this.stackTable;
  }

  /** `snapshotEvery`: new stacks after which the packed snapshot of the stacks is written again (stack-snapshot.ts). */
  constructor(db: Database.Database, snapshotEvery: number = DEFAULTS.store.stackSnapshotEvery) {
    this.snapshot = new StackSnapshot(db, snapshotEvery);
    this.insert = {
      strings: db.prepare('INSERT INTO strings (id, s) VALUES (?, ?)'),
      functions: db.prepare('INSERT INTO functions (id, name, system_name, filename, start_line) VALUES (?, ?, ?, ?, ?)'),
      mappings: db.prepare(
        'INSERT INTO mappings (id, memory_start, memory_limit, file_offset, filename, build_id, flags) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      locations: db.prepare('INSERT INTO locations (id, mapping, address, folded, lines) VALUES (?, ?, ?, ?, ?)'),
      stacks: db.prepare('INSERT INTO stacks (id, locations) VALUES (?, ?)'),
    };
    this.load(db);
  }

  private load(db: Database.Database): void {
    this.strings[0] = '';
    this.stringIds.set('', 0);
    for (const r of db.prepare('SELECT id, s FROM strings').raw().iterate() as IterableIterator<[number, string]>) {
      this.strings[r[0]] = r[1];
      this.stringIds.set(r[1], r[0]);
    }
    type FnRow = [number, number, number, number, number];
    for (const [id, n, sn, fn, sl] of db.prepare('SELECT id, name, system_name, filename, start_line FROM functions').raw().iterate() as IterableIterator<FnRow>) {
      const f = this.makeFunction(n, sn, fn, sl);
      this.functions[id] = f;
      this.indexFunction(f, id);
    }
    type MapRow = [number, number, number, number, number, number, number];
    for (const [id, ms, ml, fo, fn, bi, fl] of db.prepare('SELECT id, memory_start, memory_limit, file_offset, filename, build_id, flags FROM mappings').raw().iterate() as IterableIterator<MapRow>) {
      const m = this.makeMapping(ms, ml, fo, fn, bi, fl);
      this.mappings[id] = m;
      this.mappingIds.set(mappingKey(m, m.flags), id);
    }
    const reader = new VarintReader(new Uint8Array(0));
    // The stored locations' lines are views of one array: a typed array each would cost a buffer each.
    const lineBytes = db.prepare('SELECT COALESCE(SUM(length(lines)), 0) FROM locations').pluck().get() as number;
    const lines = new Uint32Array(lineBytes);
    let at = 0;
    type LocRow = [number, number, number, number, Uint8Array];
    for (const [id, mapping, address, folded, blob] of db.prepare('SELECT id, mapping, address, folded, lines FROM locations').raw().iterate() as IterableIterator<LocRow>) {
      reader.reset(blob);
      const start = at;
      while (!reader.done) lines[at++] = reader.uint();
      const loc: StoredLocation = { mapping, address, folded: folded === 1, lines: lines.subarray(start, at) };
      this.locations[id] = loc;
      this.indexLocation(loc, id);
    }
    if (!this.snapshot.load(this.stacks)) this.loadStackRows(db, reader);
    this.added.length = 0;
  }

  /** Reads every row of the stacks table (no valid snapshot): about 2 s per million stacks. */
  private loadStackRows(db: Database.Database, reader: VarintReader): void {
    this.stackTable = new StackTable();
    const [maxId, bytes] = db.prepare('SELECT COALESCE(MAX(id), 0), COALESCE(SUM(length(locations)), 0) FROM stacks').raw().get() as [number, number];
    // A location id takes at least one byte as a varint: the stored bytes bound the ids to hold.
    this.stacks.reserve(maxId, bytes);
    for (const [id, blob] of db.prepare('SELECT id, locations FROM stacks').raw().iterate() as IterableIterator<[number, Uint8Array]>) {
      this.stacks.addPacked(reader, blob, id);
    }
  }

  private makeFunction(name: number, systemName: number, filename: number, startLine: number): StoredFunction {
    return {
      name: this.strings[name]!, systemName: this.strings[systemName]!, filename: this.strings[filename]!, startLine,
      nameId: name, systemNameId: systemName, filenameId: filename,
    };
  }

  private makeMapping(ms: number, ml: number, fo: number, filename: number, buildId: number, flags: number): StoredMapping {
    return {
      memoryStart: ms, memoryLimit: ml, fileOffset: fo, filename: this.strings[filename]!, buildId: this.strings[buildId]!,
      flags, filenameId: filename, buildIdId: buildId,
    };
  }

  /** Id of a string, inserting it when new. */
  stringId(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings[id] = s;
      this.stringIds.set(s, id);
      this.added.push(['strings', id, s]);
      this.insert.strings.run(id, s);
    }
    return id;
  }

  private indexFunction(f: StoredFunction, id: number): void {
    if (!this.functionNames.has(f.name)) this.functionNames.set(f.name, id);
    else this.functionIds.set(functionKey(f), id);
    this.added.push(['functions', id, '']);
  }

  /** Id of a function, inserting it (and its strings) when new. */
  functionId(f: PprofFunction): number {
    const candidate = this.functionNames.get(f.name);
    if (candidate !== undefined) {
      const c = this.functions[candidate]!;
      if (c.startLine === f.startLine && c.systemName === f.systemName && c.filename === f.filename) return candidate;
    }
    if (this.functionIds.size > 0) {
      const other = this.functionIds.get(functionKey(f));
      if (other !== undefined) return other;
    }
    const sf = this.makeFunction(this.stringId(f.name), this.stringId(f.systemName), this.stringId(f.filename), f.startLine);
    const id = nextId(this.functions);
    this.functions[id] = sf;
    this.indexFunction(sf, id);
    this.insert.functions.run(id, sf.nameId, sf.systemNameId, sf.filenameId, sf.startLine);
    return id;
  }

  /** Id of a mapping, inserting it when new. */
  mappingId(m: PprofMapping): number {
    const flags = mappingFlags(m);
    const key = mappingKey(m, flags);
    let id = this.mappingIds.get(key);
    if (id === undefined) {
      const sm = this.makeMapping(m.memoryStart, m.memoryLimit, m.fileOffset, this.stringId(m.filename), this.stringId(m.buildId), flags);
      id = nextId(this.mappings);
      this.mappings[id] = sm;
      this.mappingIds.set(key, id);
      this.added.push(['mappings', id, key]);
      this.insert.mappings.run(id, sm.memoryStart, sm.memoryLimit, sm.fileOffset, sm.filenameId, sm.buildIdId, flags);
    }
    return id;
  }

  private indexLocation(loc: StoredLocation, id: number): void {
    const h = locationHash(loc.mapping, loc.address, loc.folded, loc.lines);
    if (!this.locationHashes.has(h)) {
      this.locationHashes.set(h, id);
      this.added.push(['locations', id, h]);
    } else {
      const key = storedLocationKey(loc);
      this.locationCollisions.set(key, id);
      this.added.push(['locations', id, key]);
    }
  }

  /** Global location ids of a profile's locations (by index), inserting the new ones. */
  locationIds(profile: Profile): Uint32Array {
    const fnIds = new Uint32Array(profile.functions.length);
    for (let i = 0; i < fnIds.length; i++) fnIds[i] = this.functionId(profile.functions[i]!);
    const mapIds = profile.mappings.map((m) => this.mappingId(m));
    const out = new Uint32Array(profile.locations.length);
    for (let i = 0; i < profile.locations.length; i++) {
      const l = profile.locations[i]!;
      const mapping = l.mapping >= 0 ? mapIds[l.mapping]! : 0;
      const h = profileLocationHash(mapping, l.address, l.isFolded, l.lines, fnIds);
      const candidate = this.locationHashes.get(h);
      if (candidate !== undefined && sameLocation(this.locations[candidate]!, mapping, l.address, l.isFolded, l.lines, fnIds)) {
        out[i] = candidate;
        continue;
      }
      const lines = new Uint32Array(l.lines.length * 3);
      for (let k = 0; k < l.lines.length; k++) {
        const ln = l.lines[k]!;
        lines[3 * k] = fnIds[ln.function]!;
        lines[3 * k + 1] = ln.line;
        lines[3 * k + 2] = ln.column;
      }
      const loc: StoredLocation = { mapping, address: l.address, folded: l.isFolded, lines };
      let id = this.locationCollisions.size === 0 ? undefined : this.locationCollisions.get(storedLocationKey(loc));
      if (id === undefined) {
        id = nextId(this.locations);
        this.locations[id] = loc;
        this.indexLocation(loc, id);
        this.insert.locations.run(id, loc.mapping, loc.address, loc.folded ? 1 : 0, this.packUints(lines));
      }
      out[i] = id;
    }
    return out;
  }

  /**
   * Id of the stack `locIds[local[start..end)]`, inserting it when new: a profile's sample by its
   * location indexes, `locIds` the profile's {@link locationIds}. Read in place, not copied.
   */
  stackId(local: Uint32Array, start: number, end: number, locIds: Uint32Array): number {
    const found = this.stacks.find(local, start, end, locIds);
    if (found !== 0) return found;
    const n = end - start;
    if (this.scratch.length < n) this.scratch = new Uint32Array(n * 2);
    for (let k = 0; k < n; k++) this.scratch[k] = locIds[local[start + k]!]!;
    const id = this.stacks.add(this.scratch, 0, n);
    this.added.push(['stacks', id, 0]);
    this.insert.stacks.run(id, this.packUints(this.scratch.subarray(0, n)));
    return id;
  }

  /** One past the largest stack id: the size of dense per-stack arrays. */
  get stackCapacity(): number {
    return Math.max(this.stacks.length, 1);
  }

  private packUints(values: Uint32Array): Uint8Array {
    this.writer.reset();
    for (let i = 0; i < values.length; i++) this.writer.uint(values[i]!);
    return this.writer.finish();
  }

  /** Keeps the ids added since the last commit (a transaction committed), and writes the stacks' snapshot when due. */
  commit(): void {
    this.added.length = 0;
    this.snapshot.saveIfDue(this.stacks);
  }

  /** Writes the stacks' snapshot if it misses any stack (before closing the database). */
  saveSnapshot(): void {
    this.snapshot.saveIfBehind(this.stacks);
  }

  /** Forgets the ids added since the last commit: their rows were rolled back. */
  rollback(): void {
    const stacks: number[] = [];
    for (let i = this.added.length - 1; i >= 0; i--) {
      const [table, id, key] = this.added[i]!;
      if (table === 'stacks') stacks.push(id);
      else this.forget(table, id, key);
    }
    this.added.length = 0;
    this.stacks.delete(stacks);
    for (const arr of [this.strings, this.functions, this.mappings, this.locations] as unknown[][]) {
      while (arr.length > 1 && arr[arr.length - 1] === undefined) arr.length--;
    }
  }

  private forget(table: Table, id: number, key: string | number): void {
    switch (table) {
      case 'strings': this.stringIds.delete(key as string); this.strings[id] = undefined; break;
      case 'functions': {
        const f = this.functions[id]!;
        if (this.functionNames.get(f.name) === id) this.functionNames.delete(f.name);
        else this.functionIds.delete(functionKey(f));
        this.functions[id] = undefined;
        break;
      }
      case 'mappings': this.mappingIds.delete(key as string); this.mappings[id] = undefined; break;
      case 'locations':
        if (typeof key === 'number') this.locationHashes.delete(key);
        else this.locationCollisions.delete(key);
        this.locations[id] = undefined;
        break;
      case 'stacks':
        this.stacks.delete([id]);
        break;
    }
  }

  /** Drops unreferenced entries from memory after their rows were deleted (ids are not reused). */
  drop(table: Table, ids: Iterable<number>): void {
    if (table === 'stacks') {
      this.stacks.delete(ids);
      // Deleted rows under the snapshot's stamp invalidated it: written again now, not at the next open.
      this.snapshot.saveIfDue(this.stacks);
      return;
    }
    for (const id of ids) {
      switch (table) {
        case 'strings': this.forget(table, id, this.strings[id]!); break;
        case 'functions': this.forget(table, id, ''); break;
        case 'mappings': {
          const m = this.mappings[id]!;
          this.forget(table, id, mappingKey(m, m.flags));
          break;
        }
        case 'locations': {
          const loc = this.locations[id]!;
          const h = locationHash(loc.mapping, loc.address, loc.folded, loc.lines);
          this.forget(table, id, this.locationHashes.get(h) === id ? h : storedLocationKey(loc));
          break;
        }
      }
    }
  }
}

function nextId(arr: readonly unknown[]): number {
  return Math.max(arr.length, 1);
}

function storedLocationKey(l: StoredLocation): string {
  return locationKey(l.mapping, l.address, l.folded, l.lines);
}

/** Hash of a stored location: `lines` holds (function id, line, column) triples. */
function locationHash(mapping: number, address: number, folded: boolean, lines: Uint32Array): number {
  let h = mix(mix(mix(lines.length, mapping), address % 0x100000000), Math.floor(address / 0x100000000) + (folded ? 0x80000000 : 0));
  for (let i = 0; i < lines.length; i++) h = mix(h, lines[i]!);
  return finish(h);
}

/** {@link locationHash} of a profile's location, its functions mapped to global ids by `fnIds`. */
function profileLocationHash(mapping: number, address: number, folded: boolean, lines: readonly PprofLine[], fnIds: Uint32Array): number {
  let h = mix(mix(mix(lines.length * 3, mapping), address % 0x100000000), Math.floor(address / 0x100000000) + (folded ? 0x80000000 : 0));
  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i]!;
    h = mix(mix(mix(h, fnIds[ln.function]!), ln.line), ln.column);
  }
  return finish(h);
}

function sameLocation(
  stored: StoredLocation, mapping: number, address: number, folded: boolean, lines: readonly PprofLine[], fnIds: Uint32Array,
): boolean {
  if (stored.mapping !== mapping || stored.address !== address || stored.folded !== folded || stored.lines.length !== lines.length * 3) return false;
  for (let k = 0; k < lines.length; k++) {
    const ln = lines[k]!;
    if (stored.lines[3 * k] !== fnIds[ln.function] || stored.lines[3 * k + 1] !== ln.line || stored.lines[3 * k + 2] !== ln.column) return false;
  }
  return true;
}
