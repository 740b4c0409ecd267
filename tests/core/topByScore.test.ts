import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { topByScore } from "../../src/core/bm25.ts";

/** The reference: sort everything (best score first, ties: lower item first) and cut. */
function sortedTop(items: number[], scores: number[], limit: number): number[] {
  return [...items]
    .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b)
    .slice(0, Math.max(0, limit));
}

describe("topByScore", () => {
  it("breaks ties at the cut in favour of the lower item, whatever the input order", () => {
    // Six items with one score: the cut keeps item 0 however the items arrive.
    expect(topByScore([5, 4, 3, 2, 1, 0], () => 1, 1)).toEqual([0]);
    expect(topByScore([0, 1, 2, 3, 4, 5], () => 1, 1)).toEqual([0]);
  });

  it("returns nothing for a limit of zero or less", () => {
    expect(topByScore([0, 1, 2], () => 1, 0)).toEqual([]);
    expect(topByScore([0, 1, 2], () => 1, -1)).toEqual([]);
    expect(topByScore([0, 1, 2, 3, 4, 5, 6, 7], () => 1, 1.5)).toEqual([0]);
  });

  it("agrees with a full sort, for any items and scores", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(200), { maxLength: 120 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 201, maxLength: 201 }),
        fc.integer({ min: -2, max: 40 }),
        (items, scores, limit) => {
          expect(topByScore(items, (item) => scores[item] ?? 0, limit)).toEqual(
            sortedTop(items, scores, limit),
          );
        },
      ),
    );
  });
});
