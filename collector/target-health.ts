/** How the scrapes of one target went. */
export interface TargetHealth {
  state: 'up' | 'down' | 'unknown';
  lastScrapeAt: number | null;
  lastDurationMs: number | null;
  lastBytes: number | null;
  lastError: string | null;
  consecutiveFailures: number;
}

/** Health of a target nobody has scraped yet. */
export const UNKNOWN_HEALTH: Readonly<TargetHealth> = Object.freeze({
  state: 'unknown', lastScrapeAt: null, lastDurationMs: null, lastBytes: null, lastError: null, consecutiveFailures: 0,
});

/** Health of every scraped target. */
export class HealthBook {
  private readonly byTarget = new Map<string, TargetHealth>();

  health(targetId: string): TargetHealth | undefined {
    const h = this.byTarget.get(targetId);
    return h ? { ...h } : undefined;
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
