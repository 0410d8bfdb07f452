/**
 * Sums per stored row — a (stack id, label set id) — in dense arrays, for the window reads and
 * rollups. Slot s (stack ids are dense) holds the first row of stack s met since the last
 * {@link reset}, whatever its label set (`owner`); a stack's rows of other label sets — rare:
 * most stacks carry one label set in a window — get slots past the stack ids, found through an
 * open-addressing table of (stack, label set) pairs. So most rows cost an array read, not a hash.
 */
export class RowSums {
  /** One array per layer (e.g. summed and cover-weighted values), `width` values per slot. */
  readonly layers: Float64Array[];
  /** 1 for a slot touched since the last {@link clear}. */
  marks: Uint8Array;
  /** The touched slots, `length` of them, in the order first touched. */
  list: Uint32Array;
  length = 0;
  /** Slot count: `base` for the unlabelled rows, then the labelled ones. */
  private slots: number;
  private pairStack: Uint32Array;
  private pairLabels: Uint32Array;
  private table: Int32Array;
  /** Per stack id: 1 + the label set id of the row in slot s, 0 while the slot has none. */
  readonly owner: Uint32Array;
  /** The stacks whose slot has an owner, `owned` of them (reset through them). */
  private ownedStacks: Uint32Array = new Uint32Array(1024);
  private owned = 0;

  /** `base`: one past the largest stack id. */
  constructor(readonly base: number, readonly width = 1, layers = 1) {
    const capacity = Math.max(base, 16);
    this.layers = Array.from({ length: layers }, () => new Float64Array(capacity * width));
    this.marks = new Uint8Array(capacity);
    this.list = new Uint32Array(Math.min(capacity, 1 << 16));
    this.slots = base;
    this.owner = new Uint32Array(capacity);
    this.pairStack = new Uint32Array(0);
    this.pairLabels = new Uint32Array(0);
    this.table = new Int32Array(0);
  }

  /** The slot of a row, allocating one for a new labelled row (arrays may grow: re-read them). */
  slot(stack: number, labelSet: number): number {
    const owner = this.owner[stack]!;
    if (owner === labelSet + 1) return stack;
    if (owner === 0) {
      this.owner[stack] = labelSet + 1;
      if (this.owned === this.ownedStacks.length) this.ownedStacks = grownU32(this.ownedStacks, this.owned * 2);
      this.ownedStacks[this.owned++] = stack;
      return stack;
    }
    if (this.table.length === 0) this.rehash(64);
    let mask = this.table.length - 1;
    let h = hashPair(stack, labelSet) & mask;
    for (;;) {
      const s = this.table[h]!;
      if (s < 0) break;
      if (this.pairStack[s - this.base] === stack && this.pairLabels[s - this.base] === labelSet) return s;
      h = (h + 1) & mask;
    }
    const slot = this.slots++;
    const pair = slot - this.base;
    if (pair >= this.pairStack.length) {
      const size = Math.max(64, this.pairStack.length * 2);
      this.pairStack = grownU32(this.pairStack, size);
      this.pairLabels = grownU32(this.pairLabels, size);
    }
    this.pairStack[pair] = stack;
    this.pairLabels[pair] = labelSet;
    this.table[h] = slot;
    if ((pair + 1) * 2 > this.table.length) {
      this.rehash(this.table.length * 2);
      mask = this.table.length - 1;
    }
    if (slot >= this.marks.length) this.grow(slot + 1);
    return slot;
  }

  /** Room for `pairs` labelled rows in all without rehashing or growing (a blob's rows, read into empty sums). */
  reserve(pairs: number): void {
    let size = Math.max(64, this.table.length);
    while (pairs * 2 > size) size *= 2;
    if (size > this.table.length) this.rehash(size);
    if (pairs > this.pairStack.length) {
      this.pairStack = grownU32(this.pairStack, pairs);
      this.pairLabels = grownU32(this.pairLabels, pairs);
    }
    if (this.base + pairs > this.marks.length) this.grow(this.base + pairs);
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let pair = 0; pair < this.slots - this.base; pair++) {
      let h = hashPair(this.pairStack[pair]!, this.pairLabels[pair]!) & mask;
      while (this.table[h]! >= 0) h = (h + 1) & mask;
      this.table[h] = this.base + pair;
    }
  }

  private grow(min: number): void {
    const capacity = Math.max(min, this.marks.length * 2);
    for (let l = 0; l < this.layers.length; l++) {
      const next = new Float64Array(capacity * this.width);
      next.set(this.layers[l]!);
      this.layers[l] = next;
    }
    const marks = new Uint8Array(capacity);
    marks.set(this.marks);
    this.marks = marks;
  }

  /** Marks a slot touched. */
  touch(slot: number): void {
    if (this.marks[slot] === 1) return;
    this.marks[slot] = 1;
    if (this.length === this.list.length) this.list = grownU32(this.list, this.list.length * 2);
    this.list[this.length++] = slot;
  }

  stackOf(slot: number): number {
    return slot < this.base ? slot : this.pairStack[slot - this.base]!;
  }

  labelSetOf(slot: number): number {
    return slot < this.base ? this.owner[slot]! - 1 : this.pairLabels[slot - this.base]!;
  }

  /** The touched slots ordered by (stack id, label set id): the order of stored rows. */
  sorted(): Uint32Array {
    const slots = this.list.slice(0, this.length);
    // Without pairs, a stack has one row, in its own slot.
    if (this.slots === this.base) return slots.sort();
    const n = slots.length;
    const stacks = new Uint32Array(n), sets = new Uint32Array(n);
    let order: Uint32Array = new Uint32Array(n);
    const base = this.base, pairStack = this.pairStack, pairLabels = this.pairLabels, owner = this.owner;
    for (let i = 0; i < n; i++) {
      const s = slots[i]!;
      if (s < base) {
        stacks[i] = s;
        sets[i] = owner[s]! - 1;
      } else {
        stacks[i] = pairStack[s - base]!;
        sets[i] = pairLabels[s - base]!;
      }
      order[i] = i;
    }
    // Least significant key first: stable passes by label set, then by stack.
    order = radixPass(order, sets, 0);
    order = radixPass(order, sets, 16);
    order = radixPass(order, stacks, 0);
    order = radixPass(order, stacks, 16);
    for (let i = 0; i < n; i++) order[i] = slots[order[i]!]!;
    return order;
  }

  /** {@link clear}, and forgets which row each slot holds. */
  reset(): void {
    this.clear();
    // The table keeps its size: the next profile has about as many labelled rows.
    if (this.slots > this.base) this.table.fill(-1);
    this.slots = this.base;
    for (let i = 0; i < this.owned; i++) this.owner[this.ownedStacks[i]!] = 0;
    this.owned = 0;
  }

  /** Zeroes the touched slots and empties the list (the rows keep their slots). */
  clear(): void {
    const w = this.width, list = this.list, marks = this.marks;
    for (let i = 0; i < this.length; i++) marks[list[i]!] = 0;
    for (const layer of this.layers) {
      for (let i = 0; i < this.length; i++) {
        const at = list[i]! * w;
        for (let c = 0; c < w; c++) layer[at + c] = 0;
      }
    }
    this.length = 0;
  }
}

/**
 * One stable counting-sort pass of `order` (positions into `keys`) by 16 bits of the key at
 * `shift`; `order` itself when those bits are zero for every key.
 */
function radixPass(order: Uint32Array, keys: Uint32Array, shift: number): Uint32Array {
  const counts = new Uint32Array(65537);
  let any = false;
  for (let i = 0; i < order.length; i++) {
    const d = (keys[order[i]!]! >>> shift) & 0xffff;
    if (d !== 0) any = true;
    counts[d + 1]!++;
  }
  if (!any) return order;
  for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!;
  const next = new Uint32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const o = order[i]!;
    next[counts[(keys[o]! >>> shift) & 0xffff]!++] = o;
  }
  return next;
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

function grownU32(a: Uint32Array, size: number): Uint32Array {
  const next = new Uint32Array(size);
  next.set(a.subarray(0, Math.min(a.length, size)));
  return next;
}
