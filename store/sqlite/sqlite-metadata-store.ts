import type Database from 'better-sqlite3';
import { targetKey } from '../../codec/identity.js';
import type { Labels } from '../../common/labels.js';
import { openSecrets, sealSecrets, SecretBox } from '../../config/secret-box.js';
import type { Target, TargetInput } from '../../config/target.js';
import type { DeployMarker, MemStatsPoint, MetadataStore, ScrapeHealthRecord } from '../metadata-store.js';
import { compileSelector } from '../selector.js';
import { shortId } from '../target-id.js';
import { checkRange } from '../window-rules.js';
import { StorageGuard } from './storage-guard.js';

/**
 * The {@link MetadataStore} in the same SQLite database as the profiles. Targets are stored as
 * JSON with their inline secrets sealed by `secrets` (config/secret-box.ts).
 */
export class SqliteMetadataStore implements MetadataStore {
  private readonly stmts;
  /** Target ids by identity key, read once from the table (this process is the database's one writer). */
  private keyIndex: Map<string, Set<string>> | undefined;

  constructor(db: Database.Database, private readonly secrets: SecretBox = SecretBox.ephemeral(), private readonly guard = new StorageGuard('')) {
    this.stmts = {
      targets: db.prepare('SELECT spec FROM targets ORDER BY id').pluck(),
      target: db.prepare('SELECT spec FROM targets WHERE id = ?').pluck(),
      upsertTarget: db.prepare('INSERT OR REPLACE INTO targets (id, spec) VALUES (?, ?)'),
      deleteTarget: db.prepare('DELETE FROM targets WHERE id = ?'),
      addDeploy: db.prepare(`INSERT INTO deploys (time_ms, target_id, service, reason, labels_before, labels_after)
        VALUES (?, ?, ?, ?, ?, ?)`),
      deploys: db.prepare(`SELECT id, time_ms, target_id, service, reason, labels_before, labels_after FROM deploys
        WHERE time_ms >= ? AND time_ms <= ? ORDER BY time_ms, id`).raw(),
      addMemStats: db.prepare('INSERT INTO memstats (time_ms, target_id, service, labels, fields) VALUES (?, ?, ?, ?, ?)'),
      memStats: db.prepare(`SELECT time_ms, target_id, service, labels, fields FROM memstats
        WHERE time_ms >= ? AND time_ms <= ? ORDER BY time_ms, id`).raw(),
      recordHealth: db.prepare(`INSERT INTO target_health (target_id, profile, ok, at_ms, duration_ms, bytes, error, failures)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target_id, profile) DO UPDATE SET ok = excluded.ok, at_ms = excluded.at_ms,
        duration_ms = excluded.duration_ms, bytes = excluded.bytes, error = excluded.error, failures = excluded.failures
        WHERE excluded.at_ms >= target_health.at_ms`),
      health: db.prepare('SELECT target_id, profile, ok, at_ms, duration_ms, bytes, error, failures FROM target_health ORDER BY target_id, profile').raw(),
    };
  }

  listTargets(): Target[] {
    return (this.stmts.targets.all() as string[]).map((s) => openSecrets(JSON.parse(s) as Target, this.secrets));
  }

  getTarget(id: string): Target | undefined {
    const spec = this.stmts.target.get(id) as string | undefined;
    return spec === undefined ? undefined : openSecrets(JSON.parse(spec) as Target, this.secrets);
  }

  targetsWithKey(key: string): Target[] {
    return [...this.byKey().get(key) ?? []].sort().map((id) => this.getTarget(id)!);
  }

  private byKey(): Map<string, Set<string>> {
    if (this.keyIndex === undefined) {
      this.keyIndex = new Map();
      for (const spec of this.stmts.targets.all() as string[]) this.index(JSON.parse(spec) as Target);
    }
    return this.keyIndex;
  }

  /** Files a target under its key (the key's fields are stored in clear: only secrets are sealed). */
  private index(t: Target): void {
    const key = targetKey(t);
    let ids = this.keyIndex!.get(key);
    if (ids === undefined) this.keyIndex!.set(key, (ids = new Set()));
    ids.add(t.id);
  }

  /** Runs a write of target `id` and keeps the index true to it: the stored version's key out, `after`'s in. */
  private reindexed<T>(id: string, write: () => T, after?: Target): T {
    const index = this.byKey();
    const stored = this.stmts.target.get(id) as string | undefined;
    const result = write();
    if (stored !== undefined) {
      const key = targetKey(JSON.parse(stored) as Target);
      index.get(key)?.delete(id);
      if (index.get(key)?.size === 0) index.delete(key);
    }
    if (after !== undefined) this.index(after);
    return result;
  }

  createTarget(input: TargetInput): Target {
    let id = shortId();
    while (this.getTarget(id) !== undefined) id = shortId();
    return this.save({ ...input, id });
  }

  updateTarget(id: string, input: TargetInput): Target | undefined {
    if (this.getTarget(id) === undefined) return undefined;
    return this.save({ ...input, id });
  }

  private save(target: Target): Target {
    const copy: Target = { ...target, labels: { ...target.labels }, profiles: [...target.profiles] };
    this.reindexed(copy.id, () => this.guard.write(() => this.stmts.upsertTarget.run(copy.id, JSON.stringify(sealSecrets(copy, this.secrets)))), copy);
    return copy;
  }

  deleteTarget(id: string): boolean {
    return this.reindexed(id, () => this.guard.write(() => this.stmts.deleteTarget.run(id))).changes > 0;
  }

  addDeploy(marker: Omit<DeployMarker, 'id'>): DeployMarker {
    const info = this.guard.write(() => this.stmts.addDeploy.run(marker.timeMs, marker.targetId, marker.service, marker.reason,
      JSON.stringify(marker.labelsBefore), JSON.stringify(marker.labelsAfter)));
    return { ...marker, id: Number(info.lastInsertRowid) };
  }

  listDeploys(selector: string, fromMs: number, toMs: number): DeployMarker[] {
    checkRange(fromMs, toMs);
    const match = compileSelector(selector);
    const out: DeployMarker[] = [];
    type Row = [number, number, string, string, DeployMarker['reason'], string, string];
    for (const [id, timeMs, targetId, service, reason, before, after] of this.stmts.deploys.iterate(fromMs, toMs) as IterableIterator<Row>) {
      const labelsBefore = JSON.parse(before) as Labels, labelsAfter = JSON.parse(after) as Labels;
      if (!match({ ...labelsAfter, service }) && !match({ ...labelsBefore, service })) continue;
      out.push({ id, timeMs, targetId, service, reason, labelsBefore, labelsAfter });
    }
    return out;
  }

  addMemStats(point: MemStatsPoint): void {
    this.guard.write(() => this.stmts.addMemStats.run(point.timeMs, point.targetId, point.service, JSON.stringify(point.labels), JSON.stringify(point.values)));
  }

  /** Not through the storage guard: a small upsert that fits must not clear a full disk's problem. */
  recordHealth(r: ScrapeHealthRecord): void {
    this.stmts.recordHealth.run(r.targetId, r.profile, r.ok ? 1 : 0, r.atMs, r.durationMs, r.bytes, r.error, r.consecutiveFailures);
  }

  listHealth(): ScrapeHealthRecord[] {
    type Row = [string, string, number, number, number, number | null, string | null, number];
    return (this.stmts.health.all() as Row[]).map(([targetId, profile, ok, atMs, durationMs, bytes, error, consecutiveFailures]) => ({
      targetId, profile, ok: ok === 1, atMs, durationMs, bytes, error, consecutiveFailures,
    }));
  }

  listMemStats(selector: string, fromMs: number, toMs: number): MemStatsPoint[] {
    checkRange(fromMs, toMs);
    const match = compileSelector(selector);
    const out: MemStatsPoint[] = [];
    type Row = [number, string, string, string, string];
    for (const [timeMs, targetId, service, labelsJson, fields] of this.stmts.memStats.iterate(fromMs, toMs) as IterableIterator<Row>) {
      const labels = JSON.parse(labelsJson) as Labels;
      if (!match({ ...labels, service })) continue;
      out.push({ timeMs, targetId, service, labels, values: JSON.parse(fields) as Record<string, number> });
    }
    return out;
  }
}
