import type { Target } from '../config/target.js';

/** A change to the API's targets, published after it was persisted. */
export type TargetChange =
  | { type: 'created'; target: Target }
  | { type: 'updated'; target: Target; previous: Target }
  | { type: 'deleted'; target: Target };

/** Where the collector hears of target changes (the API's TargetEvents is one). */
export interface TargetChangeSource {
  on(event: 'change', listener: (change: TargetChange) => void): unknown;
  off(event: 'change', listener: (change: TargetChange) => void): unknown;
}
