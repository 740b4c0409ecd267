/**
 * The index's scan for case-kept words (`caseKeptWords`) skips from capital to capital; it
 * finds exactly what a plain scan over every character finds, in any text and any sentence
 * of it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseKeptForm, caseKeptWords } from "../../src/core/passageIndex.ts";

const isAsciiLetter = (code: number): boolean =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
const isAsciiCapital = (code: number): boolean => code >= 0x41 && code <= 0x5a;

/** The plain scan: every character looked at, words as maximal runs of ASCII letters. */
function plainCaseKeptWords(text: string, start: number, end: number): string[] {
  const found: string[] = [];
  let first = true;
  let i = start;
  while (i < end) {
    if (!isAsciiLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const wordStart = i;
    while (i < end && isAsciiLetter(text.charCodeAt(i))) i++;
    if (i - wordStart === 1) {
      let run = wordStart;
      while (
        run + 1 < end &&
        isAsciiCapital(text.charCodeAt(run)) &&
        text.charCodeAt(run + 1) === 0x2e
      ) {
        run += 2;
      }
      const last = run > wordStart && run < end && isAsciiCapital(text.charCodeAt(run));
      if (last && (run + 1 >= end || !isAsciiLetter(text.charCodeAt(run + 1)))) run++;
      const before = wordStart > 0 ? text.charCodeAt(wordStart - 1) : 0x20;
      const acronym =
        run - wordStart >= 3 &&
        !isAsciiLetter(before) &&
        !(before >= 0x30 && before <= 0x39) &&
        before !== 0x2e &&
        (run >= end || !isAsciiLetter(text.charCodeAt(run)));
      if (acronym) {
        const joined = text.slice(wordStart, run).replaceAll(".", "");
        found.push(caseKeptForm(joined, false) ?? joined.toLowerCase());
      }
      if (run > wordStart) {
        i = run;
        first = false;
        continue;
      }
    }
    if (text.charCodeAt(wordStart) <= 0x5a && i - wordStart <= 8) {
      const kept = caseKeptForm(text.slice(wordStart, i), first);
      if (kept !== null) found.push(kept);
    }
    first = false;
  }
  return found;
}

const PIECES = [
  "US",
  "us",
  "U",
  "S",
  "U.S.",
  "U.S",
  "U.K.",
  ".",
  "A",
  "a",
  "I",
  "May",
  "may",
  "MAY",
  "Will",
  "WHO",
  "Who",
  "The",
  "the",
  "McDonald",
  "AB",
  "Ab",
  "x",
  "3",
  "1.5",
  " ",
  " ",
  "  ",
  "-",
  "'",
  "é",
  "É",
  "東京",
  "\n",
  "Z.",
  "it",
  "IT",
  "Its",
  "and",
  "AND",
  "Over",
];

describe("case-kept words of the index", () => {
  it("are what a plain scan of every character finds, in any sentence of any text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join("")),
        fc.nat(),
        fc.nat(),
        (text, a, b) => {
          const start = a % (text.length + 1);
          const end = start + (b % (text.length - start + 1));
          expect(caseKeptWords(text, start, end)).toEqual(plainCaseKeptWords(text, start, end));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it("finds names, acronyms and capitalised stop words past the first word", () => {
    const text = "May the U.S. and WHO talk. The US said Will Smith may go over IT.";
    expect(caseKeptWords(text, 0, text.length)).toEqual(["US", "WHO", "The", "US", "Will", "IT"]);
    expect(caseKeptWords(text, 27, text.length)).toEqual(plainCaseKeptWords(text, 27, text.length));
  });
});
