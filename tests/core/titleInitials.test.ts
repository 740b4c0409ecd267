import { describe, expect, it } from "vitest";
import { looksLikeInitials, titleWordsOfInitials } from "../../src/core/titleInitials.ts";

describe("initials a title spells out", () => {
  it.each([
    // [initials, titles, the words they stand for]
    ["UMC", ["The United Methodist Church"], ["united", "methodist", "church"]],
    // A hyphenated word is two words of the name.
    ["ENR", ["Engineering News-Record"], ["engineering", "news", "record"]],
    // A joining word inside a name is skipped, as initials skip it.
    ["BE", ["Bank of England"], ["bank", "england"]],
    // The spelling most titles share wins over one title's.
    [
      "NBA",
      [
        "National Basketball Association",
        "National Book Awards",
        "National Basketball Association",
      ],
      ["national", "basketball", "association"],
    ],
  ])("reads %s in %j as %j", (initials, titles, words) => {
    expect(titleWordsOfInitials(titles, initials)).toEqual(words);
  });

  it.each([
    // A headline is more than a name: the capitals that start it are no initials of
    // what the question asks about ("Who won the NBA finals?" is not about book prizes).
    ["NBA", ["National Book Awards name this year's winners"]],
    ["ECB", ["European Commission Budget talks stall over interest rates"]],
    ["SK", ["South Korea and Poland agree on arms"]],
    // Across a comma the words are two names, not one.
    ["PCDC", ["Prince Charles, Duchess Camilla"]],
    // A word in capitals is a short form itself, not a word of the name.
    ["UMC", ["UC Medical Center"]],
    // Lower-case words are no name.
    ["GMD", ["good morning, dear readers"]],
    // Letters out of order spell nothing.
    ["CMU", ["The United Methodist Church"]],
  ])("finds no words for %s in %j", (initials, titles) => {
    expect(titleWordsOfInitials(titles, initials)).toBeNull();
  });

  it("takes 2 to 6 capitals as initials, not a word or a name", () => {
    expect(["UMC", "UK", "NASDAQ"].map(looksLikeInitials)).toEqual([true, true, true]);
    expect(["U", "Umc", "umc", "ABCDEFG", "U2"].map(looksLikeInitials)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
