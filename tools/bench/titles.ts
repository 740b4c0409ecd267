/**
 * `/article` title matching as people type: for each library size, how long the titles'
 * words take to prepare (in steps, as the bot does between questions; the longest step is
 * what the event loop waits for at once), then the latency of matching what someone types
 * while choosing an article: the start of real titles, letter by letter, and the same with
 * one letter dropped.
 */
import { createTitleMatcher } from "../../src/core/titleMatch.ts";
import { DEFAULT_RANKING } from "../../src/core/settings.ts";
import { formatMs, rightAligned } from "../eval/table.ts";
import type { BenchSection } from "./section.ts";
import { count, timeQueries } from "./timing.ts";

/** Titles whose typing is replayed, spread evenly over the library. */
const TYPED_TITLES = 40;
/** Typing is replayed every this many letters, up to the longest a typed value is matched. */
const LETTERS_PER_STEP = 4;
const MAX_TYPED = 64;
/** Choices autocomplete offers. */
const CHOICES = 25;

/** What someone types while choosing each of a few titles: its starts, and with a slip. */
function typedValues(titles: readonly string[]): string[] {
  const typed: string[] = [];
  const every = Math.max(1, Math.floor(titles.length / TYPED_TITLES));
  for (let i = 0; i < titles.length; i += every) {
    const title = (titles[i] ?? "").slice(0, MAX_TYPED);
    for (let end = 1; end <= title.length; end += LETTERS_PER_STEP) {
      const start = title.slice(0, end);
      typed.push(start);
      if (start.length > 4) typed.push(start.slice(0, 2) + start.slice(3));
    }
  }
  return typed;
}

export const titlesSection: BenchSection = {
  name: "titles",
  async run(context) {
    const rows: string[][] = [];
    for (const size of context.options.sizes) {
      const loaded = await context.load(size);
      const articles = size === null ? loaded.articles : loaded.articles.slice(0, size);
      const titles = articles.map((article) => article.title);
      context.progress(`titles: ${count(titles.length)} titles`);
      const matcher = createTitleMatcher(titles, DEFAULT_RANKING.titleMatchThreshold);
      const started = performance.now();
      let longestStep = 0;
      let steps = 0;
      for (let done = false; !done; steps++) {
        const stepStarted = performance.now();
        done = matcher.prepare();
        longestStep = Math.max(longestStep, performance.now() - stepStarted);
      }
      const prepareMs = performance.now() - started;
      const typed = typedValues(titles);
      const times = timeQueries((value) => matcher.match(value, CHOICES), typed);
      rows.push([
        count(titles.length),
        formatMs(prepareMs),
        count(steps),
        formatMs(longestStep),
        count(times.count),
        formatMs(times.p50),
        formatMs(times.p95),
        formatMs(times.p99),
      ]);
    }
    return [
      {
        title: "/article title matching as people type",
        columns: rightAligned(
          "titles",
          "prepare",
          "steps",
          "longest step",
          "typed",
          "p50",
          "p95",
          "p99",
        ),
        rows,
        notes: [
          `typed: the start of ${TYPED_TITLES} titles every ${LETTERS_PER_STEP} letters (up to ${MAX_TYPED}), and each with its third letter dropped; ${CHOICES} choices asked for.`,
        ],
      },
    ];
  },
};
