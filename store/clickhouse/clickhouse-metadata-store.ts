import { targetKey } from '../../codec/identity.js';
import type { Labels } from '../../common/labels.js';
import { openSecrets, sealSecrets, SecretBox } from '../../config/secret-box.js';
import type { Target, TargetInput } from '../../config/target.js';
import type { DeployMarker, MemStatsPoint, MetadataStore, ScrapeHealthRecord } from '../metadata-store.js';
import { parseSelector } from '../selector.js';
import { shortId } from '../target-id.js';
import { checkRange } from '../window-rules.js';
import type { ClickHouseHttp, Settings } from './http-client.js';
import { InsertBuffer } from './insert-buffer.js';
import { ProfileIds } from './profile-ids.js';
import { RowBinary } from './row-binary.js';
import { table } from './schema.js';
import type { Topology } from './schema.js';
import { arrayLabel, selectorSql } from './selector-sql.js';
import type { LabelExpr } from './selector-sql.js';
import { raw, sql } from './sql.js';
import type { Sql } from './sql.js';

/** Health and MemStats rows are written together at most this long after the first. */
const BUFFER_MS = 500;

function labelsOf(names: readonly string[], values: readonly string[]): Labels {
  const out: Record<string, string> = {};
  names.forEach((n, i) => { out[n] = values[i]!; });
  return out;
}

/** Label names sorted, and their values. */
function labelArrays(labels: Labels): [string[], string[]] {
  const names = Object.keys(labels).sort();
  return [names, names.map((n) => labels[n]!)];
}

/** A label read from a row's arrays, `service` from its own column (as `{...labels, service}` on SQLite). */
function withService(names: string, values: string): LabelExpr {
  const fromArrays = arrayLabel(names, values);
  return (name) => (name === 'service' ? raw('service') : fromArrays(name));
}

/**
 * The {@link MetadataStore} on ClickHouse, so every replica reads the same targets, health,
 * deploy markers and MemStats. Targets are versioned rows (the latest wins; a delete is a
 * tombstone), with inline secrets sealed by `secrets` — replicas share its key file.
 */
export class ClickHouseMetadataStore implements MetadataStore {
  private readonly server: ClickHouseHttp;
  private readonly settings: Settings;
  private readonly insertSettings: Settings;
  private readonly ids = new ProfileIds();
  private readonly health: InsertBuffer;
  private readonly memstats: InsertBuffer;
  private lastVersion = 0;

  constructor(topology: Topology, private readonly secrets: SecretBox = SecretBox.ephemeral()) {
    this.server = topology.shards[0]!;
    this.settings = topology.cluster === undefined ? {} : { distributed_product_mode: 'local' };
    this.insertSettings = topology.cluster === undefined ? {} : { insert_distributed_sync: 1 };
    this.health = new InsertBuffer(this.server, table('target_health'), this.insertSettings, BUFFER_MS);
    this.memstats = new InsertBuffer(this.server, table('memstats'), this.insertSettings, BUFFER_MS);
  }

  private async targets(where: Sql): Promise<Target[]> {
    const rows = await this.server.rows<{ spec: string }>(sql`SELECT spec FROM (
        SELECT id, argMax(spec, version) AS spec, argMax(deleted, version) AS gone FROM ${table('targets')} WHERE ${where} GROUP BY id)
      WHERE gone = 0 ORDER BY id`, this.settings);
    return rows.map((r) => openSecrets(JSON.parse(r.spec) as Target, this.secrets));
  }

  listTargets(): Promise<Target[]> {
    return this.targets(raw('1'));
  }

  async getTarget(id: string): Promise<Target | undefined> {
    return (await this.targets(sql`id = ${id}`))[0];
  }

  /** The live targets whose latest version has `key`: only rows of the ids that ever had it are read. */
  async targetsWithKey(key: string): Promise<Target[]> {
    const rows = await this.server.rows<{ spec: string }>(sql`SELECT spec FROM (
        SELECT id, argMax(spec, version) AS spec, argMax(deleted, version) AS gone, argMax(target_key, version) AS k FROM ${table('targets')}
        WHERE id IN (SELECT id FROM ${table('targets')} WHERE target_key = ${key}) GROUP BY id)
      WHERE gone = 0 AND k = ${key} ORDER BY id`, this.settings);
    return rows.map((r) => openSecrets(JSON.parse(r.spec) as Target, this.secrets));
  }

  async createTarget(input: TargetInput): Promise<Target> {
    let id = shortId();
    while (await this.getTarget(id) !== undefined) id = shortId();
    return this.save({ ...input, id });
  }

  async updateTarget(id: string, input: TargetInput): Promise<Target | undefined> {
    if (await this.getTarget(id) === undefined) return undefined;
    return this.save({ ...input, id });
  }

  async deleteTarget(id: string): Promise<boolean> {
    if (await this.getTarget(id) === undefined) return false;
    await this.writeTarget(id, true, '', '');
    return true;
  }

  /** Versions increase within a process; across replicas the later clock wins, as with any last write. */
  private version(): number {
    this.lastVersion = Math.max(this.lastVersion + 1, Date.now() * 1000);
    return this.lastVersion;
  }

  private async writeTarget(id: string, deleted: boolean, spec: string, key: string): Promise<void> {
    const r = new RowBinary(256).string(id).i64(this.version()).u8(deleted ? 1 : 0).string(spec).string(key);
    await this.server.insert(table('targets'), 'RowBinary', r.bytes(), this.insertSettings);
  }

  private async save(target: Target): Promise<Target> {
    const copy: Target = { ...target, labels: { ...target.labels }, profiles: [...target.profiles] };
    await this.writeTarget(copy.id, false, JSON.stringify(sealSecrets(copy, this.secrets)), targetKey(copy));
    return copy;
  }

  async addDeploy(marker: Omit<DeployMarker, 'id'>): Promise<DeployMarker> {
    const id = this.ids.next();
    const [bn, bv] = labelArrays(marker.labelsBefore), [an, av] = labelArrays(marker.labelsAfter);
    const r = new RowBinary(512).date(marker.timeMs).i64(marker.timeMs).i64(id).string(marker.targetId).string(marker.service)
      .string(marker.reason).strings(bn).strings(bv).strings(an).strings(av);
    await this.server.insert(table('deploys'), 'RowBinary', r.bytes(), this.insertSettings);
    return { ...marker, id };
  }

  /** The condition of a selector over a table's label arrays, regexes tested against the window's values. */
  private async selector(selector: string, tableName: string, label: LabelExpr, window: Sql): Promise<Sql> {
    return selectorSql(parseSelector(selector), label, async (name) => {
      const rows = await this.server.rows<{ v: string }>(sql`SELECT DISTINCT ${label(name)} AS v FROM ${table(tableName)} WHERE ${window}`, this.settings);
      return rows.map((r) => r.v);
    });
  }

  async listDeploys(selector: string, fromMs: number, toMs: number): Promise<DeployMarker[]> {
    checkRange(fromMs, toMs);
    const window = sql`time_ms >= ${fromMs} AND time_ms <= ${toMs}`;
    const after = await this.selector(selector, 'deploys', withService('after_names', 'after_values'), window);
    const before = await this.selector(selector, 'deploys', withService('before_names', 'before_values'), window);
    type Row = { key: string; t: string; target: string; service: string; reason: DeployMarker['reason']; bn: string[]; bv: string[]; an: string[]; av: string[] };
    const rows = await this.server.rows<Row>(sql`SELECT toString(id) AS key, time_ms AS t, target_id AS target, service, reason,
        before_names AS bn, before_values AS bv, after_names AS an, after_values AS av
      FROM ${table('deploys')} WHERE ${window} AND ((${after}) OR (${before})) ORDER BY time_ms, id`, this.settings);
    return rows.map((r) => ({
      id: Number(r.key), timeMs: Number(r.t), targetId: r.target, service: r.service, reason: r.reason,
      labelsBefore: labelsOf(r.bn, r.bv), labelsAfter: labelsOf(r.an, r.av),
    }));
  }

  addMemStats(point: MemStatsPoint): Promise<void> {
    const [names, values] = labelArrays(point.labels);
    const fields = Object.keys(point.values);
    return this.memstats.add((r) => {
      r.date(point.timeMs).i64(point.timeMs).i64(this.ids.next()).string(point.targetId).string(point.service).strings(names).strings(values)
        .strings(fields).f64s(fields.map((f) => point.values[f]!));
    });
  }

  async listMemStats(selector: string, fromMs: number, toMs: number): Promise<MemStatsPoint[]> {
    checkRange(fromMs, toMs);
    await this.memstats.flush();
    const window = sql`time_ms >= ${fromMs} AND time_ms <= ${toMs}`;
    const condition = await this.selector(selector, 'memstats', withService('label_names', 'label_values'), window);
    type Row = { t: string; target: string; service: string; ln: string[]; lv: string[]; fields: string[]; fv: number[] };
    const rows = await this.server.rows<Row>(sql`SELECT time_ms AS t, target_id AS target, service, label_names AS ln, label_values AS lv,
        fields, field_values AS fv FROM ${table('memstats')} WHERE ${window} AND ${condition} ORDER BY time_ms, id`, this.settings);
    return rows.map((r) => {
      const values: Record<string, number> = {};
      r.fields.forEach((f, i) => { values[f] = Number(r.fv[i]); });
      return { timeMs: Number(r.t), targetId: r.target, service: r.service, labels: labelsOf(r.ln, r.lv), values };
    });
  }

  recordHealth(record: ScrapeHealthRecord): Promise<void> {
    return this.health.add((r) => {
      r.date(record.atMs).string(record.targetId).string(record.profile).i64(record.atMs).u8(record.ok ? 1 : 0).f64(record.durationMs)
        .i64(record.bytes ?? -1).string(record.error ?? '').u32(record.consecutiveFailures);
    });
  }

  async listHealth(): Promise<ScrapeHealthRecord[]> {
    await this.health.flush();
    type Row = { target: string; profile: string; ok: number; at: string; d: number; bytes: string; error: string; failures: number };
    const rows = await this.server.rows<Row>(sql`SELECT target_id AS target, profile, argMax(ok, at_ms) AS ok, max(at_ms) AS at,
        argMax(duration_ms, at_ms) AS d, argMax(bytes, at_ms) AS bytes, argMax(error, at_ms) AS error, argMax(failures, at_ms) AS failures
      FROM ${table('target_health')} GROUP BY target_id, profile ORDER BY target_id, profile`, this.settings);
    return rows.map((r) => ({
      targetId: r.target, profile: r.profile, ok: Number(r.ok) === 1, atMs: Number(r.at), durationMs: Number(r.d),
      bytes: Number(r.bytes) < 0 ? null : Number(r.bytes), error: Number(r.ok) === 1 ? null : r.error, consecutiveFailures: Number(r.failures),
    }));
  }

  /** Writes what is buffered. */
  async close(): Promise<void> {
    await Promise.all([this.health.flush(), this.memstats.flush()]);
  }
}
