import type { PassageIndex } from "./passageIndex.ts";

/**
 * A value made the first time it is asked for with an index and kept while that index
 * lives: the tables every question over one index reuses (questions run one at a time).
 */
export function perIndex<T>(make: (index: PassageIndex) => T): (index: PassageIndex) => T {
  const made = new WeakMap<PassageIndex, T>();
  return (index) => {
    let value = made.get(index);
    if (value === undefined) {
      value = make(index);
      made.set(index, value);
    }
    return value;
  };
}
