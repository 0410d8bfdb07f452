import type { DecodeLimits } from '../codec/limits.js';
import type { FlamewatchMetrics } from '../common/metrics.js';
import type { MetadataStore } from '../store/metadata-store.js';
import type { ProfileStore } from '../store/profile-store.js';
import type { Tokens } from './auth.js';
import type { HealthSource } from './health-source.js';
import type { TargetEvents } from './target-events.js';

/** Everything the routes use; built once by buildApp and passed to each route group. */
export interface RouteContext {
  readonly store: ProfileStore;
  readonly metadata: MetadataStore;
  readonly limits: Readonly<DecodeLimits>;
  readonly health: HealthSource;
  readonly targetEvents: TargetEvents;
  readonly metrics: FlamewatchMetrics;
  /** The clock, injectable so tests can pin `now`. */
  readonly now: () => number;
  /** Route config that applies the write rate limit. */
  readonly writeRateLimit: { max: number; timeWindow: number };
}

export type { Tokens };
