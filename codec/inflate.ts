import { Inflate } from 'pako';
import { ProfileDecompressedTooLarge, ProfileGzipInvalid } from '../common/errors.js';

/** True when the bytes start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

class OutputFull extends Error {}

/**
 * Inflates gzip'd bytes, refusing output past `maxBytes`. Inflation stops as soon as the
 * output would pass the cap: a gzip bomb costs at most `maxBytes` of memory and the time to
 * produce them, never the full inflated size.
 */
export function gunzipCapped(input: Uint8Array, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflator = new Inflate({ chunkSize: 256 * 1024 });
  inflator.onData = (chunk: Uint8Array) => {
    size += chunk.length;
    if (size > maxBytes) throw new OutputFull();
    chunks.push(chunk);
  };
  inflator.onEnd = () => {};
  try {
    inflator.push(input, true);
  } catch (err) {
    chunks.length = 0;
    if (err instanceof OutputFull) throw new ProfileDecompressedTooLarge(maxBytes);
    throw new ProfileGzipInvalid(err instanceof Error ? err.message : String(err));
  }
  if (inflator.err) throw new ProfileGzipInvalid(inflator.msg || `zlib error ${inflator.err}`);
  if (!inflator.ended) throw new ProfileGzipInvalid('unexpected end of gzip stream');
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
