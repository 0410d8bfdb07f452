import type { ProfileDecoder } from '../codec/decode-pool.js';
import type { DecodeLimits } from '../codec/limits.js';
import type { SeriesLimits } from '../common/labels.js';
import type { FlamewatchMetrics } from '../common/metrics.js';
import type { AddressPolicy } from '../config/address-policy.js';
import type { ScrapeRecordReader, TargetRegistry } from '../store/metadata-store.js';
import type { ProfileReader, ProfileWriter, StorageHealth } from '../store/profile-store.js';
import type { CollectorView } from './collector-view.js';
import type { TargetEvents } from './target-events.js';

/** The profile store as the routes use it: ingest, reads of windows, and whether writes succeed (health). */
export type ApiProfileStore = ProfileWriter & ProfileReader & StorageHealth;

/** The metadata as the routes use it: the target registry, and the collector's deploy markers and MemStats. */
export type ApiMetadataStore = TargetRegistry & ScrapeRecordReader;

/** Everything the routes use; built once by buildApp and passed to each route group. */
export interface RouteContext {
  readonly store: ApiProfileStore;
  readonly metadata: ApiMetadataStore;
  readonly limits: Readonly<DecodeLimits>;
  /** Decodes pushed profiles (on worker threads when the server has a pool). */
  readonly decoder: ProfileDecoder;
  readonly collector: CollectorView;
  readonly targetEvents: TargetEvents;
  readonly metrics: FlamewatchMetrics;
  /** The clock, injectable so tests can pin `now`. */
  readonly now: () => number;
  /** Addresses targets may have: an IP-literal URL it refuses is answered 400 FW_TARGET_ADDRESS_FORBIDDEN. */
  readonly addressPolicy: AddressPolicy;
  /** Limits a target's label set must pass, as the store checks every new series. */
  readonly seriesLimits: Readonly<SeriesLimits>;
  /** Route config that applies the write rate limit. */
  readonly writeRateLimit: { max: number; timeWindow: number };
}
