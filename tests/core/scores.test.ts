/**
 * Scores as a reader of many results sees them, on the XQuAD library (48 Wikipedia
 * articles in `../shared/eval/xquad/content`), where later results often come from an
 * article already quoted.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { buildLibrary } from "../../src/core/library.ts";
import type { Library } from "../../src/core/types.ts";

const XQUAD = path.resolve(import.meta.dirname, "../../../shared/eval/xquad/content");

let library: Library;

beforeAll(async () => {
  const { articles } = await loadLibrary(XQUAD);
  expect(articles.length).toBeGreaterThan(40);
  library = buildLibrary(articles);
});

describe("scores", () => {
  it.each([
    "Who is the General Manager for the Broncos?",
    "When was Warsaw's first stock exchange established?",
    "What year did Tesla die?",
  ])("never rise down ten results, nor across pages: %s", (question) => {
    // Only passages of articles about the question's subject (Broncos, Warsaw, Tesla)
    // answer, so a question may have fewer than ten.
    const scores = library.search(question, { top: 10 }).map((result) => result.score);
    expect(scores.length).toBeGreaterThanOrEqual(2);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const secondPage = library.search(question, { top: 5, offset: 5 }).map((r) => r.score);
    expect(secondPage).toEqual(scores.slice(5));
  });

  it("say how much of the question a passage holds: 1 only for one that holds all of it", () => {
    // "Tesla" and "die" meet in the sentence that answers, but "year" is only in some of
    // the article's sentences: the best passage holds most of the question, not all of it.
    const [best, ...rest] = library.search("What year did Tesla die?", { top: 5 });
    expect(best?.quote).toContain("1943");
    expect(best?.score).toBeGreaterThan(0.5);
    expect(best?.score).toBeLessThan(1);
    for (const result of rest) expect(result.score).toBeLessThan(best?.score ?? 0);
  });
});
