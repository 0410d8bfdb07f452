import type { Target, TargetHealth } from '../store/metadata-store.js';

/** What the API reads from the collector: target health, and the targets of its config file. */
export interface HealthSource {
  /** Health of one target, or undefined when it was never scraped. */
  health(targetId: string): TargetHealth | undefined;
  /** Targets from the scrape config file: scraped, listed, but not stored or changed through the API. */
  configTargets?(): Target[];
}

/** Health of a target nobody has scraped yet. */
export const UNKNOWN_HEALTH: Readonly<TargetHealth> = Object.freeze({
  state: 'unknown', lastScrapeAt: null, lastDurationMs: null, lastBytes: null, lastError: null, consecutiveFailures: 0,
});

/** The health source used until a collector is attached: every target is unknown. */
export const noHealth: HealthSource = Object.freeze({ health: () => undefined });
