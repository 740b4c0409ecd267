/** An append-only list of unsigned 32-bit integers in one typed array, doubled as it fills. */
export class GrowableUint32Array {
  private data: Uint32Array;
  /** How many values have been pushed. */
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Uint32Array(Math.max(16, initialCapacity));
  }

  /** Appends a value, doubling the storage when it is full. */
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The value at `index` (0 past the end). */
  get(index: number): number {
    return this.data[index] ?? 0;
  }

  /** A copy trimmed to the values pushed; the builder can be dropped afterwards. */
  toArray(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}
