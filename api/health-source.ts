import type { TargetHealth } from '../store/metadata-store.js';

/** Where the API reads target health from; the collector implements it. */
export interface HealthSource {
  /** Health of one target, or undefined when it was never scraped. */
  health(targetId: string): TargetHealth | undefined;
}

/** Health of a target nobody has scraped yet. */
export const UNKNOWN_HEALTH: Readonly<TargetHealth> = Object.freeze({
  state: 'unknown', lastScrapeAt: null, lastDurationMs: null, lastBytes: null, lastError: null, consecutiveFailures: 0,
});

/** The health source used until a collector is attached: every target is unknown. */
export const noHealth: HealthSource = Object.freeze({ health: () => undefined });
