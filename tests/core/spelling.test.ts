import fc from "fast-check";
import SearchableMap from "minisearch/SearchableMap";
import { describe, expect, it } from "vitest";
import { createSpellingCorrector, oneEditNeighbours } from "../../src/core/spelling.ts";

/** Latin words as folding leaves them, with the odd digit. */
const word = fc.string({ unit: fc.constantFrom(..."abcdefghij0"), minLength: 1, maxLength: 7 });

describe("spelling correction", () => {
  it("looks up the same one-edit neighbours as an edit-distance search over the whole vocabulary", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { maxLength: 60 }),
        fc.string({ unit: fc.constantFrom(..."abcdefghij"), minLength: 1, maxLength: 7 }),
        (vocabulary, typed) => {
          const tree = new SearchableMap<number>();
          vocabulary.forEach((entry, n) => tree.set(entry, n + 1));
          const expected = [...tree.fuzzyGet(typed, 1)]
            .filter(([, [, distance]]) => distance === 1)
            .map(([found, [count]]) => [found, count]);
          const counts = new Map(vocabulary.map((entry, n) => [entry, n + 1]));
          const looked = [...oneEditNeighbours(typed, (candidate) => counts.get(candidate))];
          const byWord = (a: (string | number)[], b: (string | number)[]) =>
            String(a[0]) < String(b[0]) ? -1 : 1;
          expect(looked.sort(byWord)).toEqual(expected.sort(byWord));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("prefers a candidate that keeps the typo's first letter, unless another is far more frequent", () => {
    // "ltest" is one edit from "test" (a letter dropped) and from "latest" (one added), and
    // "test" is ten times as frequent; typing seldom gets the first letter wrong, so "latest".
    const corrector = createSpellingCorrector([
      ["test", 50],
      ["latest", 5],
      ["iran", 30],
      ["musk", 4806],
      ["nuss", 2],
    ]);
    expect(corrector.correct("ltest")).toBe("latest");
    // With no candidate that keeps it, the first letter may change.
    expect(corrector.correct("tran")).toBe("iran");
    // "Nusk" is a slip for Musk, thousands of times more frequent than "nuss".
    expect(corrector.correct("nusk")).toBe("musk");
  });

  it("corrects a one-letter typo without first filling its whole word tree", () => {
    // 20,000 words take several preparation steps; a typo one edit from a library word
    // must not wait for them (a question asked just after a start would stall).
    const words: [string, number][] = Array.from({ length: 20_000 }, (_, n) => [
      `zq${n.toString(36)}x`,
      1,
    ]);
    words.push(["kupiecki", 5]);
    const corrector = createSpellingCorrector(words);
    expect(corrector.correct("kupiecky")).toBe("kupiecki");
    expect(corrector.prepare()).toBe(false);
  });

  it("still corrects two edits in a long word, and never a word a step from nothing", () => {
    const corrector = createSpellingCorrector([
      ["international", 3],
      ["agreement", 4],
    ]);
    expect(corrector.correct("internashonal")).toBe("international");
    expect(corrector.correct("agremeent")).toBe("agreement");
    expect(corrector.correct("zzzzzzzz")).toBeNull();
  });
});
