import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QWERTY_NEIGHBOURS, addTypo, typoCandidates, withTypos } from "../tools/eval/typos.ts";
import { createRng, shuffled } from "../tools/eval/random.ts";

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const word = fc.stringMatching(/^[A-Za-z]{1,10}$/);
const sentence = fc
  .array(fc.tuple(word, fc.constantFrom(" ", ", ", "-", "? ", " 12 ")), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) =>
    parts
      .map(([w, sep]) => w + sep)
      .join("")
      .trim(),
  );

describe("typos", () => {
  it("changes exactly one content word of five letters or more by exactly one edit", () => {
    fc.assert(
      fc.property(sentence, fc.nat(1000), (text, seed) => {
        const typo = addTypo(text, seed);
        const candidates = typoCandidates(text);
        if (candidates.length === 0) {
          expect(typo).toBeNull();
          return;
        }
        expect(typo).not.toBeNull();
        if (typo === null) return;
        expect(typo.word.length).toBeGreaterThanOrEqual(5);
        expect(candidates.map((c) => c.start)).toContain(typo.start);
        expect(text.slice(typo.start, typo.start + typo.word.length)).toBe(typo.word);
        // Only that word differs.
        expect(typo.text.slice(0, typo.start)).toBe(text.slice(0, typo.start));
        expect(typo.text.slice(typo.start + typo.typo.length)).toBe(
          text.slice(typo.start + typo.word.length),
        );
        expect(editDistance(typo.word, typo.typo)).toBe(1);
        expect(typo.typo[0]).toBe(typo.word[0]);
      }),
      { numRuns: 300 },
    );
  });

  it("is repeatable for a seed and varies between seeds", () => {
    const text = "How many tackles did Luke Kuechly register during the season?";
    expect(addTypo(text, 7)).toEqual(addTypo(text, 7));
    const variants = new Set(Array.from({ length: 20 }, (_, seed) => addTypo(text, seed)?.text));
    expect(variants.size).toBeGreaterThan(5);
  });

  it("never picks short or function words", () => {
    expect(addTypo("What is it for?", 1)).toBeNull();
    expect(
      typoCandidates("Which of these would happen, through fifty cases?").map((c) => c.word),
    ).toEqual(["happen", "fifty", "cases"]);
  });

  it("replaces letters by neighbouring keys and keeps their case", () => {
    expect(QWERTY_NEIGHBOURS.get("a")).toBe("qwsz");
    expect(QWERTY_NEIGHBOURS.get("g")).toBe("tyfhvb");
    for (let seed = 0; seed < 200; seed++) {
      const typo = addTypo("KUECHLY", seed);
      if (typo?.edit !== "replace") continue;
      const at = [...typo.word].findIndex((letter, i) => typo.typo[i] !== letter);
      expect(QWERTY_NEIGHBOURS.get(typo.word[at]!.toLowerCase())).toContain(
        typo.typo[at]!.toLowerCase(),
      );
      expect(typo.typo).toBe(typo.typo.toUpperCase());
    }
  });

  it("rewrites question sets and counts the questions it changed", () => {
    const questions = [
      { kind: "none" as const, q: "Who won the championship?", line: 1 },
      { kind: "none" as const, q: "Who is he?", line: 2 },
    ];
    const { questions: typoed, changed } = withTypos(questions, 3);
    expect(changed).toBe(1);
    expect(typoed[0]?.q).not.toBe(questions[0]?.q);
    expect(typoed[1]).toBe(questions[1]);
  });

  it("shuffles repeatably", () => {
    expect(shuffled([1, 2, 3, 4, 5], createRng(9))).toEqual(
      shuffled([1, 2, 3, 4, 5], createRng(9)),
    );
    expect([...shuffled([1, 2, 3, 4, 5], createRng(9))].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
