/**
 * A lookup by key into arrays of the simulation's storage (accounts by id, S3 objects by key, Security
 * Hub findings by id), so that a call costs the same whatever the size of the organization. The arrays
 * stay the storage (they are what the state dump writes); the index is kept beside each array, by the
 * array's identity, and checks itself on every use: a hit is confirmed at its position, and a miss on
 * an array whose length changed since (an entry pushed by a test, say) rebuilds it first. An array
 * replaced by another (a filter that deleted entries) simply gets an index of its own.
 */
export class ArrayIndex<T> {
  private readonly indexes = new WeakMap<readonly T[], { length: number; positions: Map<string, number> }>();

  constructor(private readonly keyOf: (item: T) => string) {}

  /** The position of the entry with `key` in `array`, or -1. */
  position(array: readonly T[], key: string): number {
    let index = this.indexes.get(array);
    if (index !== undefined) {
      const at = index.positions.get(key);
      if (at !== undefined && array[at] !== undefined && this.keyOf(array[at]) === key) return at;
      if (at === undefined && index.length === array.length) return -1;
    }
    index = this.build(array);
    return index.positions.get(key) ?? -1;
  }

  /** The entry with `key` in `array`, if any. */
  find(array: readonly T[], key: string): T | undefined {
    const at = this.position(array, key);
    return at < 0 ? undefined : array[at];
  }

  /** Appends `item` to `array` and to its index. */
  push(array: T[], item: T): void {
    array.push(item);
    const index = this.indexes.get(array);
    if (index === undefined || index.length !== array.length - 1) return;
    index.positions.set(this.keyOf(item), array.length - 1);
    index.length = array.length;
  }

  private build(array: readonly T[]) {
    const positions = new Map<string, number>();
    // The first entry with a key wins, as Array.prototype.find would find it.
    array.forEach((item, i) => {
      const key = this.keyOf(item);
      if (!positions.has(key)) positions.set(key, i);
    });
    const index = { length: array.length, positions };
    this.indexes.set(array, index);
    return index;
  }
}
