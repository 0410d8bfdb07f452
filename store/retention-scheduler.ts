import cron from 'node-cron';
import { DEFAULTS } from '../config/defaults.js';
import type { RetentionResult, StoreMaintenance } from './profile-store.js';

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

/** Handle of the scheduled maintenance jobs. */
export interface Maintenance {
  /** Runs a retention pass now. */
  retainNow(): Promise<RetentionResult>;
  stop(): void;
}

/**
 * Schedules retention (delete old profiles and rollups, collect unreferenced stacks, return
 * the space) and rollup compaction with node-cron. A job still running when its next turn
 * comes skips that turn. On SQLite the jobs run synchronously on the event loop, so they
 * never interleave with an ingest; on ClickHouse they run on the server.
 */
export function scheduleMaintenance(store: StoreMaintenance, options: MaintenanceOptions = {}): Maintenance {
  const retentionMs = options.retentionMs ?? DEFAULTS.server.retentionMs;
  const now = options.now ?? Date.now;
  const onError = options.onError ?? ((err: unknown) => { console.error('store maintenance failed:', err); });
  const running = new Set<string>();
  const guard = (name: string, fn: () => unknown) => async () => {
    if (running.has(name)) return;
    running.add(name);
    try {
      await fn();
    } catch (err) {
      onError(err);
    } finally {
      running.delete(name);
    }
  };
  const retainNow = async () => store.retain(now() - retentionMs);
  const tasks = [
    cron.schedule(options.retentionSchedule ?? '17 * * * *', guard('retention', retainNow)),
    cron.schedule(options.compactionSchedule ?? '* * * * *', guard('compaction', () => store.compact(now()))),
  ];
  return {
    retainNow,
    stop: () => { for (const t of tasks) void t.stop(); },
  };
}
