/**
 * A read-only map made of a base map and a small layer of changes over it, so a library
 * updated by a few articles shares its large vocabulary maps with the library before it
 * instead of copying them. The base is never changed: both libraries stay correct.
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  readonly size: number;

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** Changed keys: the new value, or undefined for a key taken out. */
    private readonly changes: ReadonlyMap<K, V | undefined>,
  ) {
    let size = base.size;
    for (const [key, value] of changes) {
      const inBase = base.has(key);
      if (value === undefined && inBase) size--;
      else if (value !== undefined && !inBase) size++;
    }
    this.size = size;
  }

  /**
   * `map` with `changes` made (undefined takes a key out). A layered map gets one layer
   * holding its changes and the new ones, so lookups never go more than one layer deep.
   */
  static over<K, V>(
    map: ReadonlyMap<K, V>,
    changes: ReadonlyMap<K, V | undefined>,
  ): LayeredMap<K, V> {
    if (!(map instanceof LayeredMap)) return new LayeredMap(map, changes);
    const layered = map as LayeredMap<K, V>;
    const merged = new Map(layered.changes);
    for (const [key, value] of changes) merged.set(key, value);
    return new LayeredMap(layered.base, merged);
  }

  /** How many keys the layer changes: the cost of the next {@link LayeredMap.over}. */
  static layerSize(map: ReadonlyMap<unknown, unknown>): number {
    return map instanceof LayeredMap ? map.changes.size : 0;
  }

  get(key: K): V | undefined {
    return this.changes.has(key) ? this.changes.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      if (!this.changes.has(key)) yield [key, value];
      else {
        const changed = this.changes.get(key);
        if (changed !== undefined) yield [key, changed];
      }
    }
    for (const [key, value] of this.changes) {
      if (value !== undefined && !this.base.has(key)) yield [key, value];
    }
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}
