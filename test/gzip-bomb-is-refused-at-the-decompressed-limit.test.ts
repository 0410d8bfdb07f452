import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeProfile } from '../codec/decode.js';
import { resolveLimits } from '../codec/limits.js';
import { gzipOfZeros } from './support/gzip-bomb.js';


test('a 1 MiB gzip that inflates to 1 GiB is refused naming the limit, without inflating it all', async () => {
  const bomb = await gzipOfZeros(1024);
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
