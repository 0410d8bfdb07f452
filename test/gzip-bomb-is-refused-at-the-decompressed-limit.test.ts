import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { decodeProfile } from '../codec/decode.js';
import { resolveLimits } from '../codec/limits.js';

/** One gzip member of `mib` MiB of zeros, made without holding the inflated bytes. */
async function gzipBomb(mib: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < mib; i++) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

test('a 1 MiB gzip that inflates to 1 GiB is refused naming the limit, without inflating it all', async () => {
  const bomb = await gzipBomb(1024);
  assert.ok(bomb.length <= 1.1 * 1024 * 1024, `bomb is ${bomb.length} bytes`);
  const rssBefore = process.memoryUsage().rss;
  assert.throws(() => decodeProfile(bomb), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'FW_PROFILE_DECOMPRESSED_TOO_LARGE');
    assert.match(err.message, /decompressed-size limit of 67108864 bytes/);
    return true;
  });
  const grown = process.memoryUsage().rss - rssBefore;
  assert.ok(grown < 256 * 1024 * 1024, `RSS grew by ${grown} bytes`);
});

test('the decompressed limit is configurable', () => {
  const small = gzipSync(Buffer.alloc(2 * 1024 * 1024));
  assert.throws(() => decodeProfile(small, resolveLimits({ maxDecompressedBytes: 1024 * 1024 })),
    /decompressed-size limit of 1048576 bytes/);
});

test('input over the compressed limit is refused before inflating', () => {
  assert.throws(() => decodeProfile(gzipSync(Buffer.alloc(4096)), resolveLimits({ maxCompressedBytes: 10 })),
    (err: Error & { code?: string }) => err.code === 'FW_PROFILE_COMPRESSED_TOO_LARGE' && /limit of 10 bytes/.test(err.message));
});
