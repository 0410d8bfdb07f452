import { EventEmitter } from 'node:events';
import type { TargetChange } from '../collector/target-changes.js';

/**
 * Target changes made through the API. The collector listens (`on('change', …)`) to
 * reschedule scrapes without a restart.
 */
export class TargetEvents extends EventEmitter<{ change: [TargetChange]; error: [unknown] }> {
  /** Emits a change; a throwing listener is reported on `error`, never to the API caller. */
  publish(change: TargetChange): void {
    try {
      this.emit('change', change);
    } catch (err) {
      if (this.listenerCount('error') > 0) this.emit('error', err);
    }
  }
}
