// Tiered retention run once as the maintenance scheduler runs it, at a chosen "now".
import type { ProfileStore, RetentionResult } from '../../store/profile-store.js';
import { scheduleMaintenance } from '../../store/retention-scheduler.js';

const DAY = 86_400_000;

/** Runs retention at `nowMs` with the default tiers: raw profiles 2 days, minute rollups 14, hour rollups 365. */
export async function retainAt(profiles: ProfileStore, nowMs: number): Promise<RetentionResult> {
  const maintenance = scheduleMaintenance(profiles, { now: () => nowMs, retention: { rawMs: 2 * DAY, minuteMs: 14 * DAY, hourMs: 365 * DAY } });
  try {
    return await maintenance.retainNow();
  } finally {
    maintenance.stop();
  }
}
