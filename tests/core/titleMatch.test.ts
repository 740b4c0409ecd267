import { describe, expect, it } from "vitest";
import { TITLE_MATCHING, createTitleMatcher } from "../../src/core/titleMatch.ts";

/** Titles of a library far larger than the titles scored at once, the wanted ones among them. */
function largeLibrary(wanted: readonly string[]): string[] {
  const titles: string[] = [];
  for (let i = 0; i < 5_000; i++) {
    titles.push(`Council meeting number ${i} discusses the budget and the harbour`);
    if (i % 1_000 === 500) titles.push(...wanted);
  }
  return titles;
}

const LIGHTHOUSE = "Lighthouse keeper retires after forty years";
const JAZZ = "Jazz festival opens on the waterfront";

function titlesMatched(titles: readonly string[], typed: string, limit = 3): string[] {
  const matcher = createTitleMatcher(titles, 0.4);
  return matcher.match(typed, limit).map((article) => titles[article] ?? "");
}

describe("title matching in a large library", () => {
  it("finds a title typed in part, or with a letter wrong, among thousands", () => {
    // Only the titles sharing the most words with the typed ones are scored: a word typed
    // in part counts as the start of a title word ("lighthous"), and a word no title has as
    // the title words one slip away ("festivl" for "festival").
    const titles = largeLibrary([LIGHTHOUSE, JAZZ]);
    expect(titles.length).toBeGreaterThan(TITLE_MATCHING.maxScored * 10);
    expect(titlesMatched(titles, "lighthous")[0]).toBe(LIGHTHOUSE);
    expect(titlesMatched(titles, "jaz festivl")[0]).toBe(JAZZ);
    expect(titlesMatched(titles, "Jazz Festival Opens")[0]).toBe(JAZZ);
  });

  it("finds a short title of common words among many longer ones that hold them too", () => {
    // Thousands of council titles hold "the", "budget" and "harbour"; the titles scored are
    // those sharing the most, the shorter first, so "The Budget" is among them and wins.
    const titles = largeLibrary(["The Budget", "Harbour"]);
    expect(titlesMatched(titles, "The Budget")[0]).toBe("The Budget");
    expect(titlesMatched(titles, "harbour")[0]).toBe("Harbour");
    expect(titlesMatched(titles, "the budg")[0]).toBe("The Budget");
  });

  it("finds titles whatever their accents and case, as typed without them", () => {
    const titles = largeLibrary(["Łódź film school celebrates its graduates"]);
    expect(titlesMatched(titles, "lodz film")[0]).toBe("Łódź film school celebrates its graduates");
  });

  it("matches nothing rather than everything for text no title is like", () => {
    expect(titlesMatched(largeLibrary([LIGHTHOUSE]), "zzzz qqqq")).toEqual([]);
  });

  it("still finds other titles next to one of a megabyte", () => {
    const titles = [...largeLibrary([LIGHTHOUSE]), `Harbour ${"news ".repeat(200_000)}`];
    expect(titlesMatched(titles, "lighthouse keeper")[0]).toBe(LIGHTHOUSE);
  });

  it("is prepared in steps, and a match before the last step reads the rest first", () => {
    const titles = largeLibrary([LIGHTHOUSE]);
    const matcher = createTitleMatcher(titles, 0.4);
    // The first step reads only some of the titles.
    expect(matcher.prepare()).toBe(false);
    const found = matcher.match("lighthouse", 1).map((article) => titles[article]);
    expect(found).toEqual([LIGHTHOUSE]);
    expect(matcher.prepare()).toBe(true);
  });
});
