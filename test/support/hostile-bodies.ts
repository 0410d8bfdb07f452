// Bodies a hostile or broken pprof endpoint (or client) sends, each with what the refusal must
// say. The collector's fault suite serves them; the ingest route is sent them.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fixture } from './fixtures.js';
import { gzipOfZeros } from './gzip-bomb.js';

/** One hostile body and the refusal it must get. */
export interface HostileBody {
  name: string;
  bytes: Buffer;
  /** Catalogued code of the refusal. */
  code: string;
  /** What the message must say. */
  message: RegExp;
}

/** Seeded bytes that are no profile: not gzip, not protobuf, not a legacy header. */
export function garbage(length: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  out[0] = 0xff;
  return out;
}

/** A Sample (field 2) holding `depth` nested start-group tags (wire type 3) of an unknown field. */
export function nestedGroups(depth: number): Buffer {
  const startGroup = (99 << 3) | 3; // field 99, wire type 3: 0x9b 0x06
  const inner = Buffer.alloc(depth * 2);
  for (let i = 0; i < depth; i++) { inner[2 * i] = (startGroup & 0x7f) | 0x80; inner[2 * i + 1] = startGroup >>> 7; }
  const length: number[] = [];
  for (let n = inner.length; ; n >>>= 7) { if (n < 0x80) { length.push(n); break; } length.push((n & 0x7f) | 0x80); }
  return Buffer.concat([Buffer.from([(2 << 3) | 2, ...length]), inner]);
}

/** The hostile bodies that decode must refuse with a clear 4xx. */
export async function hostileBodies(): Promise<HostileBody[]> {
  const raw = gunzipSync(readFileSync(fixture('hotspots.cpu.1.pb.gz')));
  return [
    { name: 'garbage', bytes: garbage(4096), code: 'FW_PROFILE_PROTOBUF_INVALID', message: /not a valid pprof protobuf/ },
    { name: 'truncated protobuf', bytes: raw.subarray(0, Math.floor(raw.length / 2)), code: 'FW_PROFILE_PROTOBUF_INVALID', message: /not a valid pprof protobuf/ },
    { name: 'truncated gzip', bytes: gzipSync(raw).subarray(0, 300), code: 'FW_PROFILE_GZIP_INVALID', message: /not valid gzip/ },
    { name: 'gzip bomb', bytes: await gzipOfZeros(96), code: 'FW_PROFILE_DECOMPRESSED_TOO_LARGE', message: /inflates past the decompressed-size limit/ },
    { name: 'gzip, gzip, gzip', bytes: gzipSync(gzipSync(gzipSync(raw))), code: 'FW_PROFILE_GZIP_INVALID', message: /gzip inside gzip/ },
    { name: 'nested protobuf groups', bytes: nestedGroups(100_000), code: 'FW_PROFILE_PROTOBUF_INVALID', message: /wire type 3/ },
  ];
}
