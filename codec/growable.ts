/** An append-only typed array that doubles its capacity when full. */
export class Growable<A extends Float64Array | Uint32Array> {
  data: A;
  length = 0;

  constructor(private readonly kind: new (length: number) => A, capacity = 1024) {
    this.data = new kind(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  /** Doubles the capacity. */
  grow(): void {
    const next = new this.kind(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }

  /** A view of the filled part. */
  view(): A {
    return this.data.subarray(0, this.length) as A;
  }
}

export type GrowableF64 = Growable<Float64Array>;
export type GrowableU32 = Growable<Uint32Array>;

/** A growable Float64Array. */
export const growableF64 = (capacity?: number): GrowableF64 => new Growable(Float64Array, capacity);
/** A growable Uint32Array. */
export const growableU32 = (capacity?: number): GrowableU32 => new Growable(Uint32Array, capacity);
