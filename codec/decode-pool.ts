import { availableParallelism } from 'node:os';
import { decodeProfile } from './decode.js';
import type { DecodeAnswer, DecodeTask } from './decode-worker.js';
import type { DecodeLimits } from './limits.js';
import type { Profile } from './profile.js';
import { unpackFromSlab, unpackProfile } from './profile-transfer.js';

/**
 * Decodes profiles for the server: on worker threads (a pool, one per core by default), so
 * that inflating, decoding and validating many profiles at once uses every core and leaves
 * the main thread to HTTP, queries and the store; or on the calling thread.
 */
export interface ProfileDecoder {
  /** Decodes and validates as {@link decodeProfile} does, with the same refusals. */
  decode(bytes: Uint8Array, limits: Readonly<DecodeLimits>): Promise<Profile>;
  close(): Promise<void>;
}

/** The slabs through which workers hand profiles back: `perWorker` per worker, of `bytes` each (the server's: `DEFAULTS.server.decodeSlabs`). */
export interface DecodeSlabs {
  perWorker: number;
  bytes: number;
}

/** The decoder without workers: `decodeProfile` on the calling thread. */
export const inlineDecoder: ProfileDecoder = Object.freeze({
  decode: (bytes: Uint8Array, limits: Readonly<DecodeLimits>) => Promise.resolve().then(() => decodeProfile(bytes, limits)),
  close: () => Promise.resolve(),
});

/** A refusal made on a worker, thrown again on the calling thread with its catalogue code and status. */
class DecodeRefusal extends Error {
  constructor(message: string, readonly code: string | undefined, readonly statusCode: number | undefined) {
    super(message);
    this.name = 'FlamewatchError';
  }
}

/**
 * A pool of `workers` decode threads (piscina; `auto`: one per core), `inlineDecoder` for 0.
 * Each decode holds one of the pool's slabs (`slabs.perWorker` per worker) from the moment it
 * is handed to the pool until its columns are copied out of it; decodes beyond that wait for
 * a slab, holding only their bytes, so the profiles in flight are bounded.
 */
export async function createDecodePool(workers: number | 'auto', slabs: Readonly<DecodeSlabs>): Promise<ProfileDecoder> {
  if (workers === 'auto') workers = Math.max(1, availableParallelism());
  if (workers <= 0) return inlineDecoder;
  const { Piscina } = await import('piscina');
  const shared = Array.from({ length: workers * slabs.perWorker }, () => new SharedArrayBuffer(slabs.bytes));
  const pool = new Piscina({
    filename: new URL('./decode-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers, idleTimeout: Infinity,
    workerData: { slabs: shared },
  });
  const free = shared.map((_, i) => i);
  const waiting: ((slab: number) => void)[] = [];
  const acquire = (): Promise<number> => (free.length > 0 ? Promise.resolve(free.pop()!) : new Promise((r) => waiting.push(r)));
  const release = (slab: number): void => {
    const next = waiting.shift();
    if (next !== undefined) next(slab);
    else free.push(slab);
  };
  return {
    async decode(bytes, limits) {
      const slab = await acquire();
      try {
        const task: DecodeTask = { bytes, limits, slab };
        const answer = await pool.run(task) as DecodeAnswer;
        if ('error' in answer) throw new DecodeRefusal(answer.error.message, answer.error.code, answer.error.statusCode);
        return unpackProfile(answer.layout === undefined ? answer.profile : unpackFromSlab(answer.profile, shared[slab]!, answer.layout));
      } finally {
        release(slab);
      }
    },
    close: () => pool.destroy(),
  };
}
