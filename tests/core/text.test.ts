import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseKeptWords } from "../../src/core/passageIndex.ts";
import {
  foldText,
  isStopWord,
  splitWords,
  stem,
  withJoinedAcronyms,
  wordsAsWritten,
} from "../../src/core/text.ts";
import { scanWords, WordTable } from "../../src/core/wordScanner.ts";

describe("dotted acronyms", () => {
  it("joins U.S. into one word and keeps every other character in its place", () => {
    expect(withJoinedAcronyms("the U.S. team")).toBe("the US   team");
    expect(withJoinedAcronyms("U.S.-China talks")).toBe("US  -China talks");
    expect(withJoinedAcronyms("made in the U.S.A.")).toBe("made in the USA   ");
    // The last full stop may be missing, as people type it.
    expect(withJoinedAcronyms("the U.S economy")).toBe("the US  economy");
    // Initials of a name, lower-case abbreviations and a lone capital are not acronyms,
    // nor is a run a letter ends.
    expect(withJoinedAcronyms("J. K. Rowling, e.g. Plan B.")).toBe("J. K. Rowling, e.g. Plan B.");
    expect(withJoinedAcronyms("A.B.c and A.Ab")).toBe("A.B.c and A.Ab");
  });

  it("reads the index's words and the question's alike", () => {
    // The index finds acronyms with its own scan (caseKeptWords); a question is read with
    // withJoinedAcronyms. Both must make the same words of the same text.
    const texts = ["the U.S. team", "the U.S team", "U.S.-China", "U.K's view", "U.S.A.", "A.B.c"];
    for (const text of texts) {
      const joined = [...wordsAsWritten(text)]
        .map(({ word }) => word)
        .filter((word) => word.length > 1 && word === word.toUpperCase());
      const indexed = caseKeptWords(text, 0, text.length).map((word) => word.toUpperCase());
      expect(indexed, text).toEqual(joined);
    }
  });

  it("gives each word as the text writes it", () => {
    expect([...wordsAsWritten("the U.S economy")].map(({ written }) => written)).toEqual([
      "the",
      "U.S",
      "economy",
    ]);
    expect([...wordsAsWritten("U.S.-China")].map(({ written }) => written)).toEqual([
      "U.S.",
      "China",
    ]);
  });
});

describe("folding and words", () => {
  it("folds case, accents, compatibility forms and curly quotes", () => {
    expect(foldText("Ćafé ＡＢＣ naïve")).toBe("cafe abc naive");
    expect(splitWords("Seoul’s “talks” don't")).toEqual(["seoul", "talks", "don", "t"]);
  });

  it("reads a Greek word the same with its closing sigma written either way", () => {
    // Lower-casing a whole text writes Σ as the closing ς after a letter, and as σ alone: a
    // question typed in capitals ("ΛΟΓΟΣ") and an article's "λόγος" must be one word, and a
    // word must not change with the character before it ("a﮲Σ", where ﮲ has no case).
    expect(splitWords("λόγος ΛΟΓΟΣ λογοσ")).toEqual(["λογοσ", "λογοσ", "λογοσ"]);
    expect(splitWords("a﮲Σ")).toEqual(splitWords("a﮲ Σ"));
  });

  it("writes Latin letters that have no accent to remove as the letters people type", () => {
    // "Łódź" and "Błaszczak" must be found as "Lodz" and "Blaszczak": ł, ø, ß, æ, đ and
    // the dotless ı have no decomposition, so taking accents off leaves them as they are.
    expect(splitWords("Łódź Błaszczak Søren Straße Æther Đorđe Işık")).toEqual([
      "lodz",
      "blaszczak",
      "soren",
      "strasse",
      "aether",
      "dorde",
      "isik",
    ]);
  });

  it("keeps decimal numbers and thousands whole", () => {
    expect(splitWords("3.5 million, 1,200 people in 2022.")).toEqual([
      "3.5",
      "million",
      "1,200",
      "people",
      "in",
      "2022",
    ]);
  });

  it("treats question words and single letters as stop words", () => {
    expect(["what", "who", "the", "s", "t"].every(isStopWord)).toBe(true);
    expect(isStopWord("harbour")).toBe(false);
    expect(isStopWord("7")).toBe(false);
  });

  it("reduces word forms to one stem", () => {
    expect(new Set(["agreed", "agrees", "agreeing"].map(stem)).size).toBe(1);
  });
});

describe("scanWords", () => {
  it("finds the same words as splitWords, for any text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: "grapheme" }), (text) => {
        const table = new WordTable();
        const out: number[] = [];
        const count = scanWords(table, text, 0, text.length, out);
        const scanned = out.slice(0, count).map((n) => table.words[n]);
        // splitWords drops a possessive "s" that the scanner yields as a stop word, so
        // apostrophes are compared as spaces.
        expect(scanned).toEqual(splitWords(text.replace(/['’‘`]/g, " ")));
      }),
      { numRuns: 300 },
    );
  });

  it("splits numbers from the letters and digits around them as splitWords does", () => {
    // Random text rarely puts a letter right after "3.5"; these characters do it often:
    // ASCII and full-width digits, separators, ASCII and accented letters.
    const numberish = fc.string({
      maxLength: 40,
      unit: fc.constantFrom("3", "5", ".", ",", "k", "M", "é", "３", "٣", " ", "$"),
    });
    fc.assert(
      fc.property(numberish, (text) => {
        const table = new WordTable();
        const out: number[] = [];
        const count = scanWords(table, text, 0, text.length, out);
        expect(out.slice(0, count).map((n) => table.words[n])).toEqual(splitWords(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("ends a number at the unit written right after it", () => {
    const table = new WordTable();
    const out: number[] = [];
    const text = "a $2.5bn deal for 1,200m of track";
    const count = scanWords(table, text, 0, text.length, out);
    expect(out.slice(0, count).map((n) => table.words[n])).toEqual([
      "a",
      "2.5",
      "bn",
      "deal",
      "for",
      "1,200",
      "m",
      "of",
      "track",
    ]);
  });
});
