import type { LabelSet, SampleLabel } from '../../codec/identity.js';
import type { WindowFunction, WindowLocation, WindowMapping, WindowSymbols } from '../window-profile.js';
import { flatStacks } from '../window-profile.js';
import type { ClickHouseHttp } from './http-client.js';
import { inSet, raw, sql } from './sql.js';
import type { Sql } from './sql.js';
import { table } from './schema.js';

interface LocationRow {
  mapping: string;
  address: number;
  folded: boolean;
  functions: string[];
  lines: number[];
  columns: number[];
}

interface MappingRow extends WindowMapping {
  /** Id of the first profile that stored it, and its place in that profile: the order mappings were first stored. */
  first: bigint;
  ord: number;
}

/** Ids are written into queries in chunks of this many. */
const CHUNK = 20_000;
/** Query text of a chunk of ids is larger than ClickHouse's default 256 KiB. */
const SETTINGS = { max_query_size: 16 * 1024 * 1024 } as const;

/**
 * Reads the symbols of a window's stacks by their content-hash ids, remembering them (content
 * never changes under an id, so what is cached stays true), and numbers them densely per window
 * for store/window-profile.ts.
 */
export class SymbolReader {
  private readonly stacks = new Map<string, string[]>();
  /** Where a stack was first stored: the profile's id and its place in it (the order SQLite numbers stacks). */
  private readonly stackOrder = new Map<string, [bigint, number]>();
  private readonly locations = new Map<string, LocationRow>();
  private readonly functions = new Map<string, WindowFunction>();
  private readonly mappings = new Map<string, MappingRow>();
  private readonly labelSetsById = new Map<string, LabelSet>([['0', Object.freeze([])]]);

  constructor(private readonly server: ClickHouseHttp, private readonly maxCached: number) {}

  private async fetch<R extends { key: string }>(name: string, columns: Sql, ids: readonly string[], extra = raw('')): Promise<R[]> {
    const out: R[] = [];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK) as string[]);
    await Promise.all(chunks.map(async (chunk) => {
      const rows = await this.server.rows<R>(sql`SELECT toString(id) AS key, ${columns} FROM ${table(name)}
        WHERE id IN ${inSet(chunk.map((id) => raw(id)))} ${extra}`, SETTINGS);
      for (const r of rows) out.push(r);
    }));
    return out;
  }

  private trim(): void {
    const total = this.stacks.size + this.locations.size + this.functions.size + this.mappings.size + this.labelSetsById.size;
    if (total <= this.maxCached) return;
    this.stacks.clear();
    this.stackOrder.clear();
    this.locations.clear();
    this.functions.clear();
    this.mappings.clear();
    for (const id of [...this.labelSetsById.keys()]) if (id !== '0') this.labelSetsById.delete(id);
  }

  /** Reads what the stacks need and is not cached. */
  private async load(stackIds: readonly string[]): Promise<void> {
    this.trim();
    const missingStacks = stackIds.filter((id) => !this.stacks.has(id));
    type S = { key: string; locs: string[]; first: string; ord: number };
    for (const r of await this.fetch<S>('stacks', raw('any(locations) AS locs, toString(min(first_id)) AS first, argMin(ord, first_id) AS ord'),
      missingStacks, raw('GROUP BY id'))) {
      this.stacks.set(r.key, r.locs);
      this.stackOrder.set(r.key, [BigInt(r.first), Number(r.ord)]);
    }
    const wantLocations = new Set<string>();
    for (const id of stackIds) for (const l of this.stacks.get(id) ?? []) if (!this.locations.has(l)) wantLocations.add(l);
    type L = { key: string; mapping: string; address: string; folded: number; fns: string[]; lines: string[]; cols: string[] };
    for (const r of await this.fetch<L>('locations', raw(`toString(any(mapping)) AS mapping, toString(any(address)) AS address,
        any(folded) AS folded, any(line_functions) AS fns, any(line_numbers) AS lines, any(line_columns) AS cols`), [...wantLocations], raw('GROUP BY id'))) {
      this.locations.set(r.key, {
        mapping: r.mapping, address: Number(r.address), folded: Number(r.folded) === 1,
        functions: r.fns, lines: r.lines.map(Number), columns: r.cols.map(Number),
      });
    }
    const wantFunctions = new Set<string>(), wantMappings = new Set<string>();
    for (const id of wantLocations) {
      const l = this.locations.get(id);
      if (l === undefined) continue;
      for (const f of l.functions) if (!this.functions.has(f)) wantFunctions.add(f);
      if (l.mapping !== '0' && !this.mappings.has(l.mapping)) wantMappings.add(l.mapping);
    }
    type F = { key: string; name: string; system_name: string; filename: string; start_line: string };
    type M = { key: string; ms: string; ml: string; fo: string; filename: string; build_id: string; flags: number; first: string; ord: number };
    const [fns, maps] = await Promise.all([
      this.fetch<F>('functions', raw('any(name) AS name, any(system_name) AS system_name, any(filename) AS filename, any(start_line) AS start_line'),
        [...wantFunctions], raw('GROUP BY id')),
      this.fetch<M>('mappings', raw(`toString(any(memory_start)) AS ms, toString(any(memory_limit)) AS ml, toString(any(file_offset)) AS fo,
        any(filename) AS filename, any(build_id) AS build_id, any(flags) AS flags, toString(min(first_id)) AS first,
        argMin(ord, first_id) AS ord`), [...wantMappings], raw('GROUP BY id')),
    ]);
    for (const f of fns) this.functions.set(f.key, { name: f.name, systemName: f.system_name, filename: f.filename, startLine: Number(f.start_line) });
    for (const m of maps) {
      this.mappings.set(m.key, {
        memoryStart: Number(m.ms), memoryLimit: Number(m.ml), fileOffset: Number(m.fo), filename: m.filename, buildId: m.build_id,
        flags: Number(m.flags), first: BigInt(m.first), ord: Number(m.ord),
      });
    }
  }

  /** The label sets of these ids ('0': the empty set). */
  async labelSets(ids: Iterable<string>): Promise<Map<string, LabelSet>> {
    const wanted = [...new Set(ids)];
    const missing = wanted.filter((id) => !this.labelSetsById.has(id));
    type R = { key: string; keys: string[]; strs: string[]; nums: number[]; units: string[] };
    for (const r of await this.fetch<R>('label_sets', raw('any(keys) AS keys, any(strs) AS strs, any(nums) AS nums, any(units) AS units'),
      missing, raw('GROUP BY id'))) {
      this.labelSetsById.set(r.key, Object.freeze(r.keys.map((key, k): SampleLabel => (r.strs[k] !== ''
        ? { key, str: r.strs[k]! } : { key, num: Number(r.nums[k]), unit: r.units[k]! }))));
    }
    const out = new Map<string, LabelSet>();
    for (const id of wanted) out.set(id, this.labelSetsById.get(id) ?? Object.freeze([]));
    return out;
  }

  /** Stacks in the order they were first stored, as SQLite numbers them (what names a merged row's file). */
  async ordered(stackIds: readonly string[]): Promise<string[]> {
    await this.load(stackIds);
    const order = (id: string) => this.stackOrder.get(id) ?? [0n, 0];
    return [...stackIds].sort((a, b) => {
      const [x, i] = order(a), [y, j] = order(b);
      return x < y ? -1 : x > y ? 1 : i - j || (a < b ? -1 : a > b ? 1 : 0);
    });
  }

  /**
   * The symbols of a window's stacks, numbered densely: stacks in the given order, mappings in
   * the order they were first stored. Returns the local stack ids too.
   */
  async symbols(stackIds: readonly string[]): Promise<{ symbols: Omit<WindowSymbols, 'labelSet'>; localStacks: Uint32Array }> {
    await this.load(stackIds);
    const locIndex = new Map<string, number>(), fnIndex = new Map<string, number>();
    const locations: WindowLocation[] = [undefined as unknown as WindowLocation];
    const functions: WindowFunction[] = [undefined as unknown as WindowFunction];
    const stacks: Uint32Array[] = [];
    const mappingIds = new Set<string>();
    for (const id of stackIds) {
      for (const l of this.stacks.get(id) ?? []) {
        const row = this.locations.get(l);
        if (row !== undefined && row.mapping !== '0') mappingIds.add(row.mapping);
      }
    }
    const mapOrder = [...mappingIds].filter((m) => this.mappings.has(m)).sort((a, b) => {
      const x = this.mappings.get(a)!, y = this.mappings.get(b)!;
      return x.first < y.first ? -1 : x.first > y.first ? 1 : x.ord - y.ord || (a < b ? -1 : 1);
    });
    const mapIndex = new Map(mapOrder.map((m, i) => [m, i + 1]));
    const mappings: WindowMapping[] = [undefined as unknown as WindowMapping, ...mapOrder.map((m) => this.mappings.get(m)!)];
    const localFunction = (f: string): number => {
      let i = fnIndex.get(f);
      if (i === undefined) {
        i = functions.length;
        functions.push(this.functions.get(f) ?? { name: '', systemName: '', filename: '', startLine: 0 });
        fnIndex.set(f, i);
      }
      return i;
    };
    const localLocation = (l: string): number => {
      let i = locIndex.get(l);
      if (i === undefined) {
        const row = this.locations.get(l);
        const lines = new Uint32Array((row?.functions.length ?? 0) * 3);
        row?.functions.forEach((f, k) => {
          lines[3 * k] = localFunction(f);
          lines[3 * k + 1] = row.lines[k]!;
          lines[3 * k + 2] = row.columns[k]!;
        });
        i = locations.length;
        locations.push({ mapping: row === undefined ? 0 : mapIndex.get(row.mapping) ?? 0, address: row?.address ?? 0, folded: row?.folded ?? false, lines });
        locIndex.set(l, i);
      }
      return i;
    };
    const localStacks = new Uint32Array(stackIds.length);
    stackIds.forEach((id, s) => {
      localStacks[s] = s;
      stacks.push(Uint32Array.from(this.stacks.get(id) ?? [], localLocation));
    });
    return {
      localStacks,
      symbols: { stacks: (ids) => flatStacks(ids, (id) => stacks[id]!), location: (id) => locations[id]!, func: (id) => functions[id]!, mapping: (id) => mappings[id]! },
    };
  }
}
