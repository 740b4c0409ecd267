import { describe, expect, it } from "vitest";
import { looksLikeInitials, titleWordsOfInitials } from "../../src/core/titleInitials.ts";

describe("initials a title spells out", () => {
  it.each([
    // [initials, titles, the words they stand for]
    ["UMC", ["The United Methodist Church"], ["united", "methodist", "church"]],
    // A hyphenated word is two words of the name.
    ["ENR", ["Engineering News-Record"], ["engineering", "news", "record"]],
    // "and" ends one name and starts the next: "SK" is South Korea alone.
    ["SK", ["South Korea and Poland agree on arms"], ["south", "korea"]],
    // A joining word inside a name is skipped, as initials skip it.
    ["BE", ["Bank of England raises rates"], ["bank", "england"]],
    // The spelling most titles share wins over one title's.
    [
      "NBA",
      [
        "NBA: National Basketball Association finals",
        "National Book Awards",
        "National Basketball Association draft",
      ],
      ["national", "basketball", "association"],
    ],
  ])("reads %s in %j as %j", (initials, titles, words) => {
    expect(titleWordsOfInitials(titles, initials)).toEqual(words);
  });

  it.each([
    // Across a comma or "and" the words are two names, not one: no "CDC" here.
    ["CDC", ["Prince Charles, Duchess Camilla visit Canada"]],
    ["CDC", ["Prince Charles and Duchess Camilla visit Canada"]],
    // A word in capitals is a short form itself, not a word of the name.
    ["UMC", ["UC Medical Center opens"]],
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
