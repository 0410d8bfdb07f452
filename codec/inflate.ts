import { ProfileDecompressedTooLarge, ProfileGzipInvalid } from '../common/errors.js';

/**
 * Inflates gzip'd bytes, refusing output past `maxBytes` (FW_PROFILE_DECOMPRESSED_TOO_LARGE)
 * and broken gzip (FW_PROFILE_GZIP_INVALID). Inflation stops as soon as the output passes the
 * cap: a gzip bomb costs at most `maxBytes` of memory and the time to produce them.
 */
export type Gunzip = (input: Uint8Array, maxBytes: number) => Uint8Array;

/** True when the bytes start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The part of node:zlib used here (typed locally: the browser build has no Node types). */
interface NodeZlib {
  gunzipSync(input: Uint8Array, options: { maxOutputLength: number; chunkSize: number }): Uint8Array;
}

/**
 * The inflated size a gzip stream declares in its last four bytes (ISIZE), as a first guess of
 * the output buffer, bounded: a hostile trailer must not make us allocate more than a few
 * times the input up front (the output may still grow, in further chunks, up to the cap).
 */
function outputGuess(input: Uint8Array, maxBytes: number): number {
  const n = input.length;
  const declared = n < 18 ? 0 : (input[n - 4]! | (input[n - 3]! << 8) | (input[n - 2]! << 16) | (input[n - 1]! << 24)) >>> 0;
  return Math.min(maxBytes + 1, Math.max(16 * 1024, Math.min(declared + 1, 16 * n)));
}

function nativeGunzip(zlib: NodeZlib): Gunzip {
  return (input, maxBytes) => {
    try {
      return zlib.gunzipSync(input, { maxOutputLength: maxBytes, chunkSize: outputGuess(input, maxBytes) });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new ProfileDecompressedTooLarge(maxBytes);
      throw new ProfileGzipInvalid(err instanceof Error ? err.message : String(err));
    }
  };
}

const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
const zlib = host.process?.getBuiltinModule?.('node:zlib') as NodeZlib | undefined;

/**
 * Node's native zlib where there is one (the server, the CLI, worker threads), found without an
 * import so that the browser bundle of the codec does not reach for node:zlib; undefined in a
 * browser, which passes the pako inflater of `codec/inflate-pako.ts` instead.
 */
export const nativeGunzipCapped: Gunzip | undefined = zlib === undefined ? undefined : nativeGunzip(zlib);
