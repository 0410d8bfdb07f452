// Browser stand-in for `node:buffer`, covering what codec/decode-wire.ts uses: a view of the
// bytes whose toString('utf8', start, end) decodes UTF-8 (invalid bytes become U+FFFD, as in Node).

const decoder = new TextDecoder('utf-8');

/** The part of Node's Buffer the decoder uses. */
export interface BufferView {
  toString(encoding: 'utf8', start: number, end: number): string;
}

export const Buffer = {
  from(buffer: ArrayBufferLike, byteOffset: number, byteLength: number): BufferView {
    const bytes = new Uint8Array(buffer, byteOffset, byteLength);
    return {
      toString(_encoding: 'utf8', start: number, end: number): string {
        return decoder.decode(bytes.subarray(start, end));
      },
    };
  },
};
