type GrowableArray = Float64Array | Uint32Array;

/** An append-only typed array that doubles its capacity when full. */
export interface Growable<A extends GrowableArray> {
  data: A;
  length: number;
  push(value: number): void;
  /** Doubles the capacity. */
  grow(): void;
  /** A view of the filled part. */
  view(): A;
  /** A copy of the filled part. */
  copy(): A;
  /** Empties it, and gives back its memory when it holds more than `keep` values. */
  clear(keep: number): void;
}

/**
 * The growable array class of one typed-array kind. Each kind gets a class of its own, so the
 * hot `push` of each stays monomorphic (one array kind per call site) while the code is written once.
 */
function growableOf<A extends GrowableArray>(Kind: new (length: number) => A): new (capacity?: number) => Growable<A> {
  return class implements Growable<A> {
    data: A;
    length = 0;
    constructor(capacity = 1024) {
      this.data = new Kind(capacity);
    }
    push(value: number): void {
      if (this.length === this.data.length) this.grow();
      this.data[this.length++] = value;
    }
    grow(): void {
      const next = new Kind(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    view(): A {
      return this.data.subarray(0, this.length) as A;
    }
    copy(): A {
      return this.data.slice(0, this.length) as A;
    }
    clear(keep: number): void {
      this.length = 0;
      if (this.data.length > keep) this.data = new Kind(keep);
    }
  };
}

export type GrowableF64 = Growable<Float64Array>;
export type GrowableU32 = Growable<Uint32Array>;

const F64 = growableOf(Float64Array);
const U32 = growableOf(Uint32Array);

/** A growable Float64Array. */
export const growableF64 = (capacity?: number): GrowableF64 => new F64(capacity);
/** A growable Uint32Array. */
export const growableU32 = (capacity?: number): GrowableU32 => new U32(capacity);
