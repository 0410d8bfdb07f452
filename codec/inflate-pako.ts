import { Inflate } from 'pako';
import { ProfileDecompressedTooLarge, ProfileGzipInvalid } from '../common/errors.js';
import type { Gunzip } from './inflate.js';

class OutputFull extends Error {}

/**
 * The {@link Gunzip} of places without a native zlib (the browser): pako, stopping as soon as
 * the output would pass the cap.
 */
export const pakoGunzipCapped: Gunzip = (input, maxBytes) => {
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
};
