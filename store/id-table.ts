/**
 * An open-addressing hash map from keys of `width` 32-bit words (a 64-bit id is two) to
 * non-negative integers, in typed arrays: no allocation per entry, so a writer can look up the
 * thousands of ids of a profile in microseconds.
 */
export class IdTable {
  private keys: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(private readonly width: number, capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Uint32Array(size * width);
    this.values = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  private slot(key: ArrayLike<number>, at: number): number {
    let h = 0x811c9dc5;
    for (let w = 0; w < this.width; w++) h = Math.imul(h ^ key[at + w]!, 0x01000193);
    h ^= h >>> 15;
    let i = h & this.mask;
    for (;;) {
      if (this.values[i] === -1) return i;
      let same = true;
      const base = i * this.width;
      for (let w = 0; w < this.width; w++) {
        if (this.keys[base + w] !== key[at + w]) {
          same = false;
          break;
        }
      }
      if (same) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** The value of the key at `key[at..at+width)`, or -1. */
  get(key: ArrayLike<number>, at = 0): number {
    return this.values[this.slot(key, at)]!;
  }

  /** Sets the value of a key. */
  set(key: ArrayLike<number>, at: number, value: number): void {
    if ((this.count + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const i = this.slot(key, at);
    if (this.values[i] === -1) {
      this.count++;
      for (let w = 0; w < this.width; w++) this.keys[i * this.width + w] = key[at + w]!;
    }
    this.values[i] = value;
  }

  clear(): void {
    this.values.fill(-1);
    this.count = 0;
  }

  private grow(): void {
    const keys = this.keys, values = this.values, width = this.width;
    const size = (this.mask + 1) * 2;
    this.keys = new Uint32Array(size * width);
    this.values = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.count = 0;
    for (let i = 0; i < values.length; i++) if (values[i] !== -1) this.set(keys, i * width, values[i]!);
  }
}
