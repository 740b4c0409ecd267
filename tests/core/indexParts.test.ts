/**
 * A library indexed in parts side by side, the parts then joined, gives the very index a
 * build of the whole library in one pass gives: the same words and terms in the same order,
 * the same arrays, byte for byte.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { indexFromParts } from "../../src/core/indexParts.ts";
import { buildPassageIndex, indexPart, type PassageIndex } from "../../src/core/passageIndex.ts";
import type { Article } from "../../src/core/types.ts";
import { goldenArticles } from "./goldenLibrary.ts";
import { paragraphOf } from "./paragraphArbitrary.ts";

/** Words sharing stems, case-kept stop words and acronyms, numbers, accents and other scripts. */
const WORDS = [
  "harbour",
  "harbours",
  "Harbour",
  "agree",
  "agreed",
  "agreement",
  "the",
  "The",
  "of",
  "US",
  "us",
  "U.S.",
  "U.K.",
  "May",
  "may",
  "WHO",
  "who",
  "Kupiecki",
  "lighthouse",
  "ferries",
  "2026",
  "3.5",
  "1,200",
  "2.5bn",
  "café",
  "Café",
  "naïve",
  "Poland",
  "Polish",
  "Will",
  "will",
  "A",
  "I",
  "東京",
  "Zürich",
  "co-operate",
  "soft\u00adhyphen",
];

const paragraph = paragraphOf(WORDS);

let serial = 0;
const article = fc
  .record({
    title: fc
      .array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 6 })
      .map((words) => words.join(" ")),
    paragraphs: fc.array(paragraph, { minLength: 0, maxLength: 4 }),
    date: fc.option(fc.constantFrom("2024-01-10", "2026-02-03", "not a date")),
  })
  .map(({ title, paragraphs, date }): Article => {
    const id = `article-${serial++}`;
    return { id, title, date, url: null, path: `${id}.md`, paragraphs } as unknown as Article;
  });

/** Everything an index holds, its maps as lists of entries so that their order counts. */
function contents(index: PassageIndex): Record<string, unknown> {
  return {
    ...index,
    words: [...index.words],
    stems: [...index.stems],
  };
}

/** The index of `articles` indexed in parts cut at `cuts` (positions, ascending). */
function fromParts(articles: readonly Article[], cuts: readonly number[]): PassageIndex {
  const bounds = [0, ...cuts, articles.length];
  return indexFromParts(
    bounds.slice(1).map((end, at) => indexPart(articles.slice(bounds[at], end))),
  );
}

describe("an index joined from parts", () => {
  it("is the index of the whole library, wherever it is cut", () => {
    fc.assert(
      fc.property(
        fc.array(article, { minLength: 0, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        (articles, picks) => {
          const cuts = picks.map((pick) => pick % (articles.length + 1)).sort((a, b) => a - b);
          const index = fromParts(articles, cuts);
          expect(contents(index)).toEqual(contents(buildPassageIndex(articles)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("is the index of the whole library for real news text, cut at every article", () => {
    const articles = goldenArticles();
    const whole = contents(buildPassageIndex(articles));
    for (let cut = 0; cut <= articles.length; cut++) {
      expect(contents(fromParts(articles, [cut]))).toEqual(whole);
    }
  });

  it("gives each word the count of all its occurrences and each term its articles", () => {
    const articles = goldenArticles();
    const half = Math.floor(articles.length / 2);
    const index = fromParts(articles, [half]);
    const harbour = index.words.get("harbour");
    expect(harbour).toEqual(buildPassageIndex(articles).words.get("harbour"));
    expect(harbour!.count).toBeGreaterThan(
      buildPassageIndex(articles.slice(0, half)).words.get("harbour")?.count ?? 0,
    );
  });

  it("needs at least one part", () => {
    expect(() => indexFromParts([])).toThrow(/at least one part/);
  });
});
