import { availableParallelism } from 'node:os';
import { decodeProfile } from './decode.js';
import type { DecodeAnswer } from './decode-worker.js';
import type { DecodeLimits } from './limits.js';
import type { Profile } from './profile.js';
import { unpackProfile } from './profile-transfer.js';

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
 * A pool of `workers` decode threads (piscina; `auto`: one per core), `inlineDecoder` for 0. Tasks queue when every
 * worker is busy; each task holds its bytes until a worker takes it.
 */
export async function createDecodePool(workers: number | 'auto'): Promise<ProfileDecoder> {
  if (workers === 'auto') workers = Math.max(1, availableParallelism());
  if (workers <= 0) return inlineDecoder;
  const { Piscina } = await import('piscina');
  const pool = new Piscina({
    filename: new URL('./decode-worker.js', import.meta.url).href, minThreads: workers, maxThreads: workers, idleTimeout: Infinity,
  });
  return {
    async decode(bytes, limits) {
      const answer = await pool.run({ bytes, limits }) as DecodeAnswer;
      if ('error' in answer) throw new DecodeRefusal(answer.error.message, answer.error.code, answer.error.statusCode);
      return unpackProfile(answer.profile);
    },
    close: () => pool.destroy(),
  };
}
