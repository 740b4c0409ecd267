/**
 * The worker finds which articles an update takes out and puts in by comparing the
 * library's order before and after: what stays must be the same articles in the same
 * order, and a change of one file must cost only that file's articles.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffOrders, type OrderedArticle } from "../src/content/libraryState.ts";

const entry = (key: string): OrderedArticle => ({ key, id: key, path: key });

describe("diffOrders", () => {
  it("keeps only articles of equal key, in their order, after any change", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), { maxLength: 12 }),
        fc.array(fc.constantFrom("a", "b", "c", "d", "e", "f", "g"), { maxLength: 12 }),
        (before, after) => {
          const old = before.map(entry);
          const next = after.map(entry);
          const { removed, inserted } = diffOrders(old, next);
          const takenOut = new Set(removed);
          const putIn = new Set(inserted);
          const stayed = old.filter((_, at) => !takenOut.has(at)).map((a) => a.key);
          const kept = next.filter((_, at) => !putIn.has(at)).map((a) => a.key);
          expect(stayed).toEqual(kept);
          expect([...removed].sort((x, y) => x - y)).toEqual(removed);
          expect([...inserted].sort((x, y) => x - y)).toEqual(inserted);
        },
      ),
      { numRuns: 500, seed: 12 },
    );
  });

  it("costs one article for one added, changed or removed", () => {
    const old = Array.from({ length: 1000 }, (_, at) => entry(`k${at}`));
    const added = [entry("new"), ...old];
    expect(diffOrders(old, added)).toEqual({ removed: [], inserted: [0] });
    const changed = old.map((article, at) => (at === 500 ? entry("k500 again") : article));
    expect(diffOrders(old, changed)).toEqual({ removed: [500], inserted: [500] });
    expect(diffOrders(old, old.slice(1))).toEqual({ removed: [0], inserted: [] });
    expect(diffOrders(old, old)).toEqual({ removed: [], inserted: [] });
  });
});
