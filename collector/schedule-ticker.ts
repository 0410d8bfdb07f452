import { createTask } from 'node-cron';
import type { ScheduledTask } from 'node-cron';

/** A source of (roughly) once-a-second ticks that drives the scheduler. */
export interface Ticker {
  start(onTick: () => void): void;
  stop(): void;
}

/** One node-cron task firing every second, however many targets there are. */
export function cronTicker(): Ticker {
  let task: ScheduledTask | undefined;
  return {
    start(onTick) {
      task = createTask('* * * * * *', () => onTick(), { name: 'flamewatch-collector-tick', suppressMissedWarning: true });
      void task.start();
    },
    stop() {
      if (task) void task.destroy();
      task = undefined;
    },
  };
}
