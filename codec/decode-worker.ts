import { move, transferableSymbol, valueSymbol, workerData } from 'piscina';
import { decodeProfile } from './decode.js';
import type { DecodeLimits } from './limits.js';
import { nativeGunzipCapped } from './inflate.js';
import { packIntoSlab, packProfile, withOwnColumns } from './profile-transfer.js';
import type { PackedProfile, SlabLayout } from './profile-transfer.js';

/** What a decode worker answers: the packed profile (its columns in a slab when `layout` is given), or the refusal to rethrow on the calling thread. */
export type DecodeAnswer =
  | { profile: PackedProfile; layout?: SlabLayout }
  | { error: { message: string; code?: string; statusCode?: number } };

/** One decode: the bytes, the limits, and the slab (an index into the pool's slabs) the answer's columns go to. */
export interface DecodeTask { bytes: Uint8Array; limits: Readonly<DecodeLimits>; slab: number }

/** The pool's slabs, shared with every worker once, at its start. */
const slabs = ((workerData as { slabs?: SharedArrayBuffer[] } | undefined)?.slabs) ?? [];

/**
 * A worker thread of the decode pool (`codec/decode-pool.ts`): decodes and validates one
 * profile exactly as `decodeProfile` does on the main thread and hands it back packed: its
 * columns copied into the task's slab, or (a profile too large for a slab) copies of them
 * transferred. A refusal comes back as data (code, status, message), since errors lose
 * their fields on the way between threads.
 */
export default function decodeTask(task: DecodeTask): unknown {
  let answer: DecodeAnswer;
  let transfer: ArrayBuffer[] = [];
  try {
    // The sample columns stay in the decoder's scratch until they are copied into the slab (or,
    // too large for it, into arrays of their own to transfer): one copy, not two.
    const packed = packProfile(decodeProfile(task.bytes, task.limits, nativeGunzipCapped, 'borrowed'));
    const slab = slabs[task.slab];
    const inSlab = slab === undefined ? undefined : packIntoSlab(packed, slab);
    if (inSlab !== undefined) answer = { profile: inSlab.packed, layout: inSlab.layout };
    else {
      const own = withOwnColumns(packed);
      answer = { profile: own.packed };
      transfer = own.transfer;
    }
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown; statusCode?: unknown };
    answer = { error: {
      message: typeof e.message === 'string' ? e.message : String(err),
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    } };
  }
  return move({ [transferableSymbol]: transfer, [valueSymbol]: answer });
}
