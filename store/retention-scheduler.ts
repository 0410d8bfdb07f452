import cron from 'node-cron';
import type { ProfileStore, RetentionResult } from './profile-store.js';

/** Default retention: 7 days. */
export const DEFAULT_RETENTION_MS = 7 * 24 * 3_600_000;

export interface MaintenanceOptions {
  /** Profiles older than this are deleted; default 7 days. */
  retentionMs?: number;
  /** Cron expression of the retention pass; default hourly at minute 17. */
  retentionSchedule?: string;
  /** Cron expression of the rollup compaction; default every minute. */
  compactionSchedule?: string;
  now?: () => number;
  onError?: (err: unknown) => void;
}

/** A store that can also roll up closed buckets. */
export type CompactableStore = ProfileStore & { compact?(nowMs: number): unknown };

/** Handle of the scheduled maintenance jobs. */
export interface Maintenance {
  /** Runs a retention pass now. */
  retainNow(): RetentionResult;
  stop(): void;
}

/**
 * Schedules retention (delete old profiles and rollups, collect unreferenced stacks, return
 * the space) and rollup compaction with node-cron. Jobs run synchronously on the event loop,
 * so they never interleave with an ingest.
 */
export function scheduleMaintenance(store: CompactableStore, options: MaintenanceOptions = {}): Maintenance {
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((err: unknown) => { console.error('store maintenance failed:', err); });
  const guard = (fn: () => void) => () => {
    try {
      fn();
    } catch (err) {
      onError(err);
    }
  };
  const retainNow = () => store.retain(now() - retentionMs);
  const tasks = [cron.schedule(options.retentionSchedule ?? '17 * * * *', guard(() => { retainNow(); }))];
  if (store.compact !== undefined) {
    const compact = store.compact.bind(store);
    tasks.push(cron.schedule(options.compactionSchedule ?? '* * * * *', guard(() => { compact(now()); })));
  }
  return {
    retainNow,
    stop: () => { for (const t of tasks) void t.stop(); },
  };
}
