/**
 * Whatever a user types, searching never throws, stays quick, and every reply built from it
 * fits Discord's limits. Questions are drawn from hostile pieces (empty, 6,000 characters,
 * punctuation, emoji, zero-width and right-to-left characters, Markdown, regex and fuse.js
 * operators, mentions, links) and from arbitrary Unicode.
 *
 * Time budget: < 50 ms per question on the small library below. Measured by `npm run bench`
 * (Discord section, "hostile questions": search plus answer rendering, 381 questions, 2-core
 * machine): p50 0.24 ms, p99 6–29 ms depending on machine load. Only a loose sanity bound
 * (1 s, a hang rather than a slow search) is asserted here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { hostileQuestions, HOSTILE_PIECES } from "../../tools/bench/discordQuestions.ts";
import type { Context } from "../../src/app/context.ts";
import { buildLibrary } from "../../src/core/library.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";
import type { Article, Library } from "../../src/core/types.ts";
import { answerQuestion, normaliseQuestion } from "../../src/discord/answer.ts";
import { RecentAnswers } from "../../src/discord/answerMemory.ts";
import { cooldownNotice } from "../../src/discord/cooldown.ts";
import { renderAnswer, renderNothingFound } from "../../src/discord/renderAnswer.ts";
import { renderArticle, renderArticlePage } from "../../src/discord/renderArticles.ts";
import { reloadSummary } from "../../commands/reload.ts";
import { FormErrors, isEmptyMessage, validateMessageBody } from "../fakeDiscord/validate.ts";
import { SEED_ARTICLE } from "../e2e/harness.ts";
import { HOSTILE_ARTICLE, PLAIN_ARTICLES } from "../faults/harness.ts";

/** Sanity bound only: a question that takes this long is a hang, not a slow search. */
const SANITY_MS = 1000;

let library: Library;
let context: Context;

function article(text: string, file: string): Article {
  const { article: parsed } = parseArticle(text, file);
  if (!parsed) throw new Error(`fixture ${file} did not parse`);
  return parsed;
}

beforeAll(() => {
  const articles = [
    article(readFileSync(SEED_ARTICLE, "utf8"), path.basename(SEED_ARTICLE)),
    article(HOSTILE_ARTICLE, "2026-01-15-council.md"),
    ...Object.entries(PLAIN_ARTICLES).map(([file, text]) => article(text, file)),
    ...Array.from({ length: 30 }, (_, i) =>
      article(
        `date 2024-02-${String((i % 28) + 1).padStart(2, "0")}\nThe regional choir number ${i} sang in the town hall, and Poland's delegation of ${i} singers agreed to return.\n`,
        `choir-${i}.txt`,
      ),
    ),
  ];
  library = buildLibrary(articles);
  context = {
    library: { current: library, reloading: false },
    answers: new RecentAnswers(),
  } as unknown as Context;
});

/** Fails with Discord's own error tree when a message would be rejected. */
function expectAccepted(message: Record<string, unknown>): void {
  const errors = new FormErrors();
  validateMessageBody(message, errors);
  expect(errors.tree, JSON.stringify(message).slice(0, 500)).toEqual({});
  expect(isEmptyMessage(message, 0)).toBe(false);
  for (const embed of (message.embeds ?? []) as Array<Record<string, unknown>>) {
    // An embed needs something to show; an empty description is rejected.
    if ("description" in embed) expect(String(embed.description).length).toBeGreaterThan(0);
  }
}

function timed<T>(task: () => T): T {
  const started = performance.now();
  const value = task();
  expect(performance.now() - started).toBeLessThan(SANITY_MS);
  return value;
}

/** Everything the bot does with a question, checked. */
function answerChecked(question: string): void {
  const hits = timed(() => library.search(question, { top: 4 }));
  for (const hit of hits) expect(hit.quote.length).toBeGreaterThan(0);
  // The renderers get the raw text too (the title shows the question as typed).
  if (hits.length > 0) {
    expectAccepted(
      renderAnswer({ question, results: hits.slice(0, 3), articleCount: 36, offset: 3 }),
    );
  }
  expectAccepted(renderNothingFound(timed(() => library.closestArticles(question, 3))));
  // What /ask, mentions and the message menu send.
  const normalised = normaliseQuestion(question);
  const answer = timed(() => answerQuestion(context, normalised));
  expectAccepted(answer.found ? { embeds: answer.embeds, components: answer.components } : answer);
  // "More results" pages, from their custom ids.
  if (answer.found) {
    for (const row of answer.components) {
      for (const button of row.components) {
        if ("custom_id" in button) expect(button.custom_id.length).toBeLessThanOrEqual(100);
      }
    }
    const page = answerQuestion(context, normalised, 3);
    expectAccepted(page.found ? { embeds: page.embeds, components: page.components } : page);
  }
  expect(() => library.matchTitles(question, 25)).not.toThrow();
}

const hostile = fc
  .array(fc.constantFrom(...HOSTILE_PIECES), { maxLength: 15 })
  .chain((pieces) => fc.constantFrom(pieces.join(" "), pieces.join("")));
const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(..."*_~|`[]()<>@#&!=^$'\\.\n \u200b\u202e"), maxLength: 300 }),
);
const huge = fc
  .tuple(fc.constantFrom(...HOSTILE_PIECES.filter(Boolean)), fc.integer({ min: 500, max: 6000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

describe("questions", () => {
  it("the fixed hostile set: never throws, always fits", () => {
    for (const question of hostileQuestions(100)) answerChecked(question);
  });

  it("hostile mixes, arbitrary Unicode and huge questions (property)", () => {
    fc.assert(
      fc.property(fc.oneof(hostile, anyText, huge), (question) => answerChecked(question)),
      { numRuns: 300 },
    );
  });
});

describe("other replies", () => {
  const hostileText = fc.oneof(hostile, fc.string({ unit: "grapheme", maxLength: 3000 }), huge);

  it("article cards and pages fit for any title, source, link and text", () => {
    fc.assert(
      fc.property(
        hostileText,
        hostileText,
        fc.option(fc.oneof(fc.webUrl(), fc.string()), { nil: null }),
        fc.array(hostileText, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: -5, max: 50 }),
        (title, source, url, paragraphs, page) => {
          const card: Article = {
            id: "a",
            title,
            date: "2026-02-30",
            url,
            path: "a.txt",
            source,
            author: null,
            tags: [],
            paragraphs,
          };
          expectAccepted(renderArticle(card));
          expectAccepted(
            renderArticlePage(
              Array.from({ length: 23 }, () => card),
              page,
            ),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it("the /reload summary and the cooldown notice fit", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            file: hostileText,
            line: fc.option(fc.nat(), { nil: null }),
            severity: fc.constantFrom("error" as const, "warning" as const),
            message: hostileText,
          }),
          { maxLength: 60 },
        ),
        fc.boolean(),
        fc.nat({ max: 10_000_000 }),
        (problems, ok, waitMs) => {
          expectAccepted({ content: reloadSummary(problems.length, problems, ok) });
          expectAccepted({ content: cooldownNotice(waitMs) });
        },
      ),
      { numRuns: 150 },
    );
  });
});
