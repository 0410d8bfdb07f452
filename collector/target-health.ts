import type { ScrapeHealthRecord } from '../store/metadata-store.js';

/** How the last scrape of one profile of a target went. */
export interface ProfileHealth {
  ok: boolean;
  lastScrapeAt: number;
  lastDurationMs: number;
  lastError: string | null;
  consecutiveFailures: number;
}

/**
 * How the scrapes of one target went: `up` when the last scrape of every profile scraped so
 * far succeeded, `down` when every one failed, `degraded` in between (`lastError` then names
 * the failing profile); `unknown` before the first scrape.
 */
export interface TargetHealth {
  state: 'up' | 'degraded' | 'down' | 'unknown';
  lastScrapeAt: number | null;
  lastDurationMs: number | null;
  lastBytes: number | null;
  /** The error of a failing profile, as `profile: error`, or null when none fails. */
  lastError: string | null;
  /** Consecutive failures of the profile that failed most often in a row. */
  consecutiveFailures: number;
  /** The last outcome of each scraped profile. */
  profiles: Record<string, ProfileHealth>;
}

/** Health of a target nobody has scraped yet. */
export const UNKNOWN_HEALTH: Readonly<TargetHealth> = Object.freeze({
  state: 'unknown', lastScrapeAt: null, lastDurationMs: null, lastBytes: null, lastError: null, consecutiveFailures: 0, profiles: {},
});

interface TargetRecord {
  profiles: Map<string, ProfileHealth>;
  lastScrapeAt: number;
  lastDurationMs: number;
  lastBytes: number | null;
}

/**
 * Health of every scraped target, from the last outcome of each of its profiles. Each outcome
 * also goes to `sink` (the store), so replicas that do not scrape a target read its health.
 */
export class HealthBook {
  private readonly byTarget = new Map<string, TargetRecord>();

  constructor(private readonly sink?: (record: ScrapeHealthRecord) => void) {}

  /** The health of targets as stored records of their profiles' outcomes give it. */
  static fromRecords(records: Iterable<ScrapeHealthRecord>): HealthBook {
    const book = new HealthBook();
    for (const r of records) book.restore(r);
    return book;
  }

  private restore(r: ScrapeHealthRecord): void {
    let t = this.byTarget.get(r.targetId);
    if (!t) this.byTarget.set(r.targetId, (t = { profiles: new Map(), lastScrapeAt: r.atMs, lastDurationMs: r.durationMs, lastBytes: r.bytes }));
    t.profiles.set(r.profile, {
      ok: r.ok, lastScrapeAt: r.atMs, lastDurationMs: r.durationMs, lastError: r.error, consecutiveFailures: r.consecutiveFailures,
    });
    if (r.atMs >= t.lastScrapeAt) {
      t.lastScrapeAt = r.atMs;
      t.lastDurationMs = r.durationMs;
      t.lastBytes = r.bytes;
    }
  }

  health(targetId: string): TargetHealth | undefined {
    const r = this.byTarget.get(targetId);
    if (!r) return undefined;
    const all = [...r.profiles.entries()];
    const failing = all.filter(([, h]) => !h.ok);
    const state = failing.length === 0 ? 'up' : failing.length === all.length ? 'down' : 'degraded';
    const [profile, worst] = failing.sort((a, b) => b[1].lastScrapeAt - a[1].lastScrapeAt)[0] ?? [];
    return {
      state, lastScrapeAt: r.lastScrapeAt, lastDurationMs: r.lastDurationMs, lastBytes: r.lastBytes,
      lastError: worst === undefined ? null : `${profile}: ${worst.lastError}`,
      consecutiveFailures: Math.max(0, ...all.map(([, h]) => h.consecutiveFailures)),
      profiles: Object.fromEntries(all.map(([p, h]) => [p, { ...h }])),
    };
  }

  private record(targetId: string, profile: string, atMs: number, durationMs: number, bytes: number | null, error: string | null): void {
    let r = this.byTarget.get(targetId);
    if (!r) this.byTarget.set(targetId, (r = { profiles: new Map(), lastScrapeAt: atMs, lastDurationMs: durationMs, lastBytes: bytes }));
    const before = r.profiles.get(profile);
    const consecutiveFailures = error === null ? 0 : (before?.consecutiveFailures ?? 0) + 1;
    r.profiles.set(profile, { ok: error === null, lastScrapeAt: atMs, lastDurationMs: durationMs, lastError: error, consecutiveFailures });
    this.sink?.({ targetId, profile, ok: error === null, atMs, durationMs, bytes, error, consecutiveFailures });
    if (atMs >= r.lastScrapeAt) {
      r.lastScrapeAt = atMs;
      r.lastDurationMs = durationMs;
      r.lastBytes = bytes;
    }
  }

  success(targetId: string, profile: string, atMs: number, durationMs: number, bytes: number): void {
    this.record(targetId, profile, atMs, durationMs, bytes, null);
  }

  failure(targetId: string, profile: string, atMs: number, durationMs: number, error: string): void {
    this.record(targetId, profile, atMs, durationMs, null, error);
  }

  /** Forgets the outcomes of profiles a target no longer scrapes. */
  keepProfiles(targetId: string, profiles: readonly string[]): void {
    const r = this.byTarget.get(targetId);
    if (r) for (const p of [...r.profiles.keys()]) if (!profiles.includes(p)) r.profiles.delete(p);
  }

  forget(targetId: string): void {
    this.byTarget.delete(targetId);
  }
}
