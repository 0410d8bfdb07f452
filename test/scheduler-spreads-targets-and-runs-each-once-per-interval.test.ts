import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Clock } from '../collector/clock.js';
import { Scheduler, nextDue, phaseOf } from '../collector/schedule.js';
import type { Ticker } from '../collector/schedule-ticker.js';

/** A clock whose time moves only when told; timers fire in order as it moves. */
class FakeClock implements Clock {
  t = 1_700_000_000_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => { const id = ++this.seq; this.timers.push({ at: this.t + ms, fn, id }); return id; };
  clearTimeout = (h: unknown): void => { this.timers = this.timers.filter((x) => x.id !== h); };
  advance(ms: number, onSecond: () => void): void {
    const end = this.t + ms;
    while (this.t < end) {
      const nextSecond = (Math.floor(this.t / 1000) + 1) * 1000;
      const due = this.timers.filter((x) => x.at <= Math.min(nextSecond, end)).sort((a, b) => a.at - b.at)[0];
      if (due) {
        this.t = Math.max(this.t, due.at);
        this.timers = this.timers.filter((x) => x !== due);
        due.fn();
        continue;
      }
      this.t = Math.min(nextSecond, end);
      if (this.t === nextSecond) onSecond();
    }
  }
}

test('the scheduler fires each entry once per interval at its hashed phase, spread over the interval', () => {
  const clock = new FakeClock();
  let tick = (): void => {};
  const ticker: Ticker = { start: (fn) => { tick = fn; }, stop: () => { tick = () => {}; } };
  const s = new Scheduler({ clock, ticker });
  const fired = new Map<string, number[]>();
  const n = 200, interval = 10_000;
  for (let i = 0; i < n; i++) {
    const id = `target-${i}`;
    s.set(id, interval, (due) => {
      assert.equal(clock.now(), due, 'fires exactly on time');
      fired.set(id, [...(fired.get(id) ?? []), due]);
    });
  }
  s.start();
  clock.advance(60_000, () => tick());
  for (let i = 0; i < n; i++) {
    const id = `target-${i}`;
    const times = fired.get(id) ?? [];
    assert.ok(times.length >= 5 && times.length <= 6, `${id} fired ${times.length} times`);
    for (const t of times) assert.equal(((t % interval) + interval) % interval, phaseOf(id, interval));
  }
  const perSecond = new Array<number>(10).fill(0);
  for (let i = 0; i < n; i++) perSecond[Math.floor(phaseOf(`target-${i}`, interval) / 1000)]!++;
  assert.ok(Math.max(...perSecond) < n / 10 * 2, `phases spread: ${perSecond.join(' ')}`);
  s.delete('target-0');
  const before = fired.get('target-0')!.length;
  clock.advance(20_000, () => tick());
  assert.equal(fired.get('target-0')!.length, before, 'a deleted entry stops');
  s.stop();
});

test('next due time is strictly in the future and on the phase', () => {
  assert.equal(nextDue(10_500, 1000, 200), 11_200);
  assert.equal(nextDue(10_200, 1000, 200), 11_200);
  assert.equal(nextDue(10_199, 1000, 200), 10_200);
});
