import cron from 'node-cron';
import { DEFAULTS } from '../config/defaults.js';
import type { RetentionResult, StoreMaintenance } from './profile-store.js';

/** How long each tier is kept (durations in ms); defaults in config/defaults.ts. */
export interface RetentionTiers {
  /** Raw profiles and MemStats. */
  rawMs: number;
  /** Minute rollups. */
  minuteMs: number;
  /** Hour rollups and deploy markers. */
  hourMs: number;
}

export interface MaintenanceOptions {
  /** How long each tier is kept; default 2 days raw, 14 days of minute and a year of hour rollups. */
  retention?: Partial<RetentionTiers>;
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
  const D = DEFAULTS.server;
  const tiers: RetentionTiers = {
    rawMs: options.retention?.rawMs ?? D.retentionMs, minuteMs: options.retention?.minuteMs ?? D.minuteRetentionMs,
    hourMs: options.retention?.hourMs ?? D.hourRetentionMs,
  };
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
  const retainNow = async () => {
    const t = now();
    return store.retain({ rawMs: t - tiers.rawMs, minuteMs: t - tiers.minuteMs, hourMs: t - tiers.hourMs });
  };
  const tasks = [
    cron.schedule(options.retentionSchedule ?? '17 * * * *', guard('retention', retainNow)),
    cron.schedule(options.compactionSchedule ?? '* * * * *', guard('compaction', () => store.compact(now()))),
  ];
  return {
    retainNow,
    stop: () => { for (const t of tasks) void t.stop(); },
  };
}
