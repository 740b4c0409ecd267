import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BestItems } from "../../src/core/bm25.ts";

/** The reference: sort everything (best score first, ties: lower item first) and cut. */
function sortedTop(items: number[], scores: number[], limit: number): number[] {
  return [...items]
    .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b)
    .slice(0, Math.max(0, limit));
}

describe("BestItems", () => {
  /** The items kept after offering them in the given order, best first. */
  function kept(items: number[], scores: number[], limit: number): number[] {
    const best = new BestItems(limit);
    for (const item of items) best.offer(item, scores[item] ?? 0);
    return best.best().map(({ item }) => item);
  }

  it("keeps the lower item of equal scores at the cut, whatever the order", () => {
    expect(kept([5, 4, 3, 2, 1, 0], [1, 1, 1, 1, 1, 1], 2)).toEqual([0, 1]);
    expect(kept([0, 1, 2, 3, 4, 5], [1, 1, 1, 1, 1, 1], 2)).toEqual([0, 1]);
  });

  it("keeps nothing for a limit below one", () => {
    expect(kept([0, 1], [1, 2], 0)).toEqual([]);
    expect(kept([0, 1], [1, 2], Number.NaN)).toEqual([]);
  });

  it("agrees with a full sort, for any items, scores and order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(200), { maxLength: 120 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 201, maxLength: 201 }),
        fc.integer({ min: 0, max: 40 }),
        (items, scores, limit) => {
          expect(kept(items, scores, limit)).toEqual(sortedTop(items, scores, limit));
        },
      ),
    );
  });
});
