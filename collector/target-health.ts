import type { TargetHealth } from '../store/metadata-store.js';

/** Health of every scraped target; implements the API's HealthSource. */
export class HealthBook {
  private readonly byTarget = new Map<string, TargetHealth>();

  health(targetId: string): TargetHealth | undefined {
    const h = this.byTarget.get(targetId);
    return h ? { ...h } : undefined;
  }

  /** Every known target's health. */
  all(): Map<string, TargetHealth> {
    return new Map([...this.byTarget].map(([id, h]) => [id, { ...h }]));
  }

  success(targetId: string, atMs: number, durationMs: number, bytes: number): void {
    this.byTarget.set(targetId, {
      state: 'up', lastScrapeAt: atMs, lastDurationMs: durationMs, lastBytes: bytes, lastError: null, consecutiveFailures: 0,
    });
  }

  failure(targetId: string, atMs: number, durationMs: number, error: string): void {
    const before = this.byTarget.get(targetId);
    this.byTarget.set(targetId, {
      state: 'down', lastScrapeAt: atMs, lastDurationMs: durationMs, lastBytes: null, lastError: error,
      consecutiveFailures: (before?.consecutiveFailures ?? 0) + 1,
    });
  }

  forget(targetId: string): void {
    this.byTarget.delete(targetId);
  }
}
