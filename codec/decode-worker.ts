import { move, transferableSymbol, valueSymbol } from 'piscina';
import { decodeProfile } from './decode.js';
import type { DecodeLimits } from './limits.js';
import { packProfile } from './profile-transfer.js';
import type { PackedProfile } from './profile-transfer.js';

/** What a decode worker answers: the packed profile, or the refusal to rethrow on the calling thread. */
export type DecodeAnswer =
  | { profile: PackedProfile }
  | { error: { message: string; code?: string; statusCode?: number } };

/**
 * A worker thread of the decode pool (`codec/decode-pool.ts`): decodes and validates one
 * profile exactly as `decodeProfile` does on the main thread and hands it back packed, its
 * arrays transferred. A refusal comes back as data (code, status, message), since errors lose
 * their fields on the way between threads.
 */
export default function decodeTask(task: { bytes: Uint8Array; limits: Readonly<DecodeLimits> }): unknown {
  let answer: DecodeAnswer;
  let transfer: ArrayBuffer[] = [];
  try {
    const packed = packProfile(decodeProfile(task.bytes, task.limits));
    answer = { profile: packed.packed };
    transfer = packed.transfer;
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
