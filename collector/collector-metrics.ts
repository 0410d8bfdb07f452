import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { FlamewatchMetrics, ScrapeOutcome } from '../common/metrics.js';

/** What the collector records about its scrapes, in Prometheus metrics. */
export interface CollectorMetrics {
  scrape(target: string, profile: string, outcome: ScrapeOutcome, seconds: number): void;
  skipped(target: string, profile: string, ticks: number): void;
  ingested(kind: string, bytes: number): void;
}

const SKIPPED_NAME = 'flamewatch_scrape_skipped_ticks_total';

function skippedCounter(registry: Registry): Counter<'target' | 'profile'> {
  const existing = registry.getSingleMetric(SKIPPED_NAME);
  if (existing) return existing as Counter<'target' | 'profile'>;
  return new Counter({
    name: SKIPPED_NAME, help: 'Scheduled scrapes skipped because the previous scrape of the same profile was still running.',
    labelNames: ['target', 'profile'] as const, registers: [registry],
  });
}

/** Records into the shared flamewatch metrics, adding the skipped-ticks counter to their registry. */
export function collectorMetrics(metrics: FlamewatchMetrics): CollectorMetrics {
  const skipped = skippedCounter(metrics.registry);
  return {
    scrape(target, profile, outcome, seconds) {
      metrics.scrapes.inc({ target, profile, outcome });
      metrics.scrapeDuration.observe({ target, profile }, seconds);
    },
    skipped(target, profile, ticks) {
      skipped.inc({ target, profile }, ticks);
    },
    ingested(kind, bytes) {
      metrics.ingestProfiles.inc({ source: 'scrape', kind });
      metrics.ingestBytes.inc({ source: 'scrape' }, bytes);
    },
  };
}

/** Records nothing. */
export const noMetrics: CollectorMetrics = Object.freeze({ scrape() {}, skipped() {}, ingested() {} });
