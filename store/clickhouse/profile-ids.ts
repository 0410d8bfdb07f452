/** Start of profile ids' clock: 2024-01-01T00:00:00Z. */
const EPOCH_MS = Date.UTC(2024, 0, 1);
const PER_MS = 4096;

/**
 * Ids of stored profiles and deploy markers without a shared counter: milliseconds since 2024
 * times 4096 plus a sequence within the millisecond, so a process hands out increasing ids
 * (ids of profiles at the same time order them by arrival, as SQLite's row ids do) and two
 * processes rarely meet (the sequence starts at a random point). Below 2^53 until the 2090s.
 */
export class ProfileIds {
  private lastMs = 0;
  private seq = Math.floor(Math.random() * PER_MS);

  next(nowMs = Date.now()): number {
    let ms = Math.max(0, nowMs - EPOCH_MS);
    if (ms <= this.lastMs) {
      ms = this.lastMs;
      this.seq++;
      if (this.seq >= PER_MS) {
        ms++;
        this.seq = 0;
      }
    } else {
      this.seq = Math.floor(Math.random() * (PER_MS / 2));
    }
    this.lastMs = ms;
    return ms * PER_MS + this.seq;
  }
}
