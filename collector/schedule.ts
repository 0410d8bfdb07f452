import type { Clock } from './clock.js';
import type { Ticker } from './schedule-ticker.js';

/**
 * Called when an entry is due; `dueMs` is when it should have started, `missedSlots` how many
 * earlier slots passed unrun (the process was stalled for more than an interval).
 */
export type FireFn = (dueMs: number, missedSlots: number) => void;

interface Entry {
  id: string;
  intervalMs: number;
  phaseMs: number;
  dueMs: number;
  fire: FireFn;
  timer: unknown;
}

const BUCKET_MS = 1000;

/** FNV-1a of a string, unsigned 32 bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The stable offset of an entry inside its interval: spreads targets evenly, survives restarts. */
export function phaseOf(id: string, intervalMs: number): number {
  return hash32(id) % intervalMs;
}

/** The first time strictly after `nowMs` that is `phaseMs` past a multiple of the interval. */
export function nextDue(nowMs: number, intervalMs: number, phaseMs: number): number {
  const base = nowMs - ((((nowMs - phaseMs) % intervalMs) + intervalMs) % intervalMs);
  return base + intervalMs;
}

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  clock: Clock;
  ticker: Ticker;
}

/**
 * One scheduler for many periodic entries. A once-a-second tick arms precise timers only for
 * the entries due before the next tick; the rest wait in per-second buckets. Each entry fires
 * at `k × interval + phase`, phase being a hash of its id.
 */
export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<number, Set<Entry>>();
  /** Entries due before this time have their timer armed. */
  private armedUntil = 0;
  private running = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** Adds or replaces an entry; its next run is the next slot of its phase. */
  set(id: string, intervalMs: number, fire: FireFn): void {
    this.delete(id);
    const phaseMs = phaseOf(id, intervalMs);
    const entry: Entry = { id, intervalMs, phaseMs, dueMs: nextDue(this.options.clock.now(), intervalMs, phaseMs), fire, timer: undefined };
    this.entries.set(id, entry);
    this.place(entry);
  }

  delete(id: string): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    if (entry.timer !== undefined) this.options.clock.clearTimeout(entry.timer);
    this.buckets.get(bucketOf(entry.dueMs))?.delete(entry);
    return true;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get size(): number {
    return this.entries.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.ticker.start(() => this.tick());
    this.tick();
  }

  stop(): void {
    this.running = false;
    this.options.ticker.stop();
    for (const entry of this.entries.values()) {
      if (entry.timer !== undefined) this.options.clock.clearTimeout(entry.timer);
      entry.timer = undefined;
    }
    this.buckets.clear();
    this.armedUntil = 0;
    for (const entry of this.entries.values()) this.place(entry);
  }

  /** Arms the timers of every entry due before the tick after next. */
  tick(): void {
    if (!this.running) return;
    this.armedUntil = Math.max(this.armedUntil, (bucketOf(this.options.clock.now()) + 2) * BUCKET_MS);
    for (const [b, bucket] of this.buckets) {
      if (b * BUCKET_MS >= this.armedUntil) continue;
      this.buckets.delete(b);
      for (const entry of bucket) this.arm(entry);
    }
  }

  private place(entry: Entry): void {
    if (this.running && entry.dueMs < this.armedUntil) {
      this.arm(entry);
      return;
    }
    const b = bucketOf(entry.dueMs);
    let bucket = this.buckets.get(b);
    if (!bucket) this.buckets.set(b, (bucket = new Set()));
    bucket.add(entry);
  }

  private arm(entry: Entry): void {
    const delay = Math.max(0, entry.dueMs - this.options.clock.now());
    entry.timer = this.options.clock.setTimeout(() => this.run(entry), delay);
  }

  private run(entry: Entry): void {
    entry.timer = undefined;
    if (this.entries.get(entry.id) !== entry) return;
    const now = this.options.clock.now();
    const missed = Math.max(0, Math.floor((now - entry.dueMs) / entry.intervalMs));
    const due = entry.dueMs + missed * entry.intervalMs;
    entry.dueMs = nextDue(Math.max(due, now), entry.intervalMs, entry.phaseMs);
    this.place(entry);
    entry.fire(due, missed);
  }
}

function bucketOf(ms: number): number {
  return Math.floor(ms / BUCKET_MS);
}
