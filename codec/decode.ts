import { ProfileCompressedTooLarge, ProfileEmpty, ProfileGzipInvalid } from '../common/errors.js';
import { decodeWire } from './decode-wire.js';
import type { ColumnOwnership, RawProfile } from './decode-wire.js';
import { isGzip, nativeGunzipCapped } from './inflate.js';
import type { Gunzip } from './inflate.js';
import { decodeLegacyCpuProfile, isLegacyCpuProfile } from './legacy-cpu.js';
import { resolveLimits } from './limits.js';
import type { DecodeLimits } from './limits.js';
import type { Profile } from './profile.js';
import { validateProfile } from './validate.js';

/**
 * Decodes a pprof profile as Go writes it: gzip'd (detected by its magic bytes) or plain
 * protobuf. Bytes that are not protobuf but start with a legacy CPU profile header
 * (gperftools, old Go runtimes) are decoded as that format, as `go tool pprof` does. Applies
 * every limit and structural check; throws a catalogued error naming the failed check.
 * `gunzip` inflates: Node's native zlib by default; a browser passes `codec/inflate-pako.ts`'s.
 * `columns`: `borrowed` leaves the sample columns views of the decoder's scratch (see `ColumnOwnership`).
 */
export function decodeProfile(
  bytes: Uint8Array, limits: Readonly<DecodeLimits> = resolveLimits(), gunzip: Gunzip | undefined = nativeGunzipCapped,
  columns: ColumnOwnership = 'owned',
): Profile {
  if (bytes.length === 0) throw new ProfileEmpty();
  if (bytes.length > limits.maxCompressedBytes) throw new ProfileCompressedTooLarge(bytes.length, limits.maxCompressedBytes);
  let raw = bytes;
  if (isGzip(bytes)) {
    if (gunzip === undefined) throw new TypeError('no native zlib here: pass a Gunzip, such as pakoGunzipCapped of codec/inflate-pako.ts');
    raw = gunzip(bytes, limits.maxDecompressedBytes);
    // Go gzips a profile once; layers of gzip (as under "Content-Encoding: gzip, gzip") are refused, not unwrapped.
    if (isGzip(raw)) throw new ProfileGzipInvalid('gzip inside gzip: the profile is compressed more than once; send it gzip\'d once or plain');
  }
  else if (bytes.length > limits.maxDecompressedBytes) throw new ProfileCompressedTooLarge(bytes.length, limits.maxDecompressedBytes);
  let wire: RawProfile;
  try {
    wire = decodeWire(raw, limits, columns);
  } catch (err) {
    if (isLegacyCpuProfile(raw)) return decodeLegacyCpuProfile(raw, limits);
    throw err;
  }
  return validateProfile(wire, limits);
}
