import type { JobDiscoveryStatus } from '../collector/discovery/scrape-jobs.js';
import type { TargetHealth } from '../collector/target-health.js';
import type { Target } from '../config/target.js';

/** What the API reads from the collector: each target's health, and the targets of its config file. */
export interface CollectorView {
  /** Health of one target, or undefined when it was never scraped. */
  health(targetId: string): TargetHealth | undefined;
  /** Targets from the scrape config file: scraped and listed, but not stored or changed through the API. */
  configTargets(): Target[];
  /** How the config file's service discovery is doing (file_sd, http_sd, dns_sd). */
  discovery?(): JobDiscoveryStatus[];
}

/** The view used until a collector is attached: no target was scraped, no config file is read. */
export const NO_COLLECTOR: CollectorView = Object.freeze({ health: () => undefined, configTargets: () => [] });
