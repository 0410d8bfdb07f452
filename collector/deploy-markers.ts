import type { Labels } from '../common/labels.js';
import type { Target } from '../config/target.js';
import type { DeployMarker, ScrapeRecordWriter } from '../store/metadata-store.js';
import type { Clock } from './clock.js';
import type { CollectorLogger } from './collector-logger.js';

/** True when two label sets hold the same names and values. */
export function labelsEqual(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * Writes deploy markers: when a target's labels change, and when a restart (counters reset)
 * or a new binary (main mapping changed) is seen. Several signals of the same restart within
 * one interval make one marker.
 */
export class DeployRecorder {
  private readonly lastRestartMs = new Map<string, number>();

  constructor(private readonly records: ScrapeRecordWriter, private readonly clock: Clock, private readonly logger: CollectorLogger) {}

  /** A change of the target's labels or service (its series' labels): the marker carries both label sets, service included. */
  labelsChanged(before: Target, after: Target): Promise<DeployMarker | undefined> {
    const labelsBefore = { ...before.labels, service: before.service }, labelsAfter = { ...after.labels, service: after.service };
    if (labelsEqual(labelsBefore, labelsAfter)) return Promise.resolve(undefined);
    return this.add({ timeMs: this.clock.now(), targetId: after.id, service: after.service, reason: 'labels-changed', labelsBefore, labelsAfter });
  }

  restarted(target: Target, reason: 'restart' | 'binary-changed', detail: string): Promise<DeployMarker | undefined> {
    const now = this.clock.now();
    const last = this.lastRestartMs.get(target.id);
    if (last !== undefined && now - last < target.intervalMs) return Promise.resolve(undefined);
    this.lastRestartMs.set(target.id, now);
    this.logger.info({ target: target.id, reason, detail }, 'target restarted');
    return this.add({
      timeMs: now, targetId: target.id, service: target.service, reason,
      labelsBefore: { ...target.labels }, labelsAfter: { ...target.labels },
    });
  }

  forget(targetId: string): void {
    this.lastRestartMs.delete(targetId);
  }

  /** Stores a marker; a failure is logged, never thrown (a marker must not fail a scrape). */
  private async add(marker: Omit<DeployMarker, 'id'>): Promise<DeployMarker | undefined> {
    try {
      return await this.records.addDeploy(marker);
    } catch (err) {
      this.logger.error({ err, target: marker.targetId }, 'cannot store deploy marker');
      return undefined;
    }
  }
}
