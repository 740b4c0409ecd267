/**
 * Time, not only crashes: reading and answering over pathological text must cost time
 * proportional to its size. Each shape is read at size n and 4n; linear work takes about
 * 4 times as long, work growing with the square of the size 16 times. The bound (10 times,
 * plus a floor for timer noise) leaves room for a busy machine and still catches the
 * quadratic shapes these tests were written for.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/core/library.ts";
import { caseKeptWords } from "../../src/core/passageIndex.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";
import { withLongDurationRunsBroken } from "../../src/core/time.ts";
import { titleWordsOfInitials } from "../../src/core/titleInitials.ts";
import { PATHOLOGICAL_FILES } from "../../tools/bench/pathological.ts";

/** Largest allowed ratio of the time at 4n to the time at n. */
const MAX_GROWTH = 10;
/** Milliseconds below which a difference is timer and scheduling noise. */
const NOISE_MS = 100;

/** Reads a file's text as an article, builds a library and asks one question about it. */
function readAndAsk(text: string, name: string): void {
  const { article } = parseArticle(text, name);
  const library = buildLibrary(article === null ? [] : [article]);
  library.search("walrus aardvark korea question 安全 xxxxxxxx");
}

/** Best of three runs, in milliseconds (the first run also warms the code up). */
function bestTime(run: () => void): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function expectLinear(build: (scale: number) => string, name: string, scale: number): void {
  const small = build(scale);
  const large = build(4 * scale);
  const smallMs = bestTime(() => readAndAsk(small, name));
  const largeMs = bestTime(() => readAndAsk(large, name));
  expect(
    largeMs,
    `${name}: ${smallMs.toFixed(0)} ms at n, ${largeMs.toFixed(0)} ms at 4n`,
  ).toBeLessThan(MAX_GROWTH * smallMs + NOISE_MS);
}

/** Scales at which each article-shaped file is tried (the bench reads them at 1). */
const TEST_SCALE: Record<string, number> = {
  "long-word.txt": 0.02,
  "dots.txt": 0.2,
  "no-sentence-ends.txt": 0.02,
  "cjk.txt": 0.01,
  "setext-faq.md": 0.01,
  "deep-list.md": 0.015,
  "deep-quote.md": 0.2,
  "brackets.md": 0.1,
  "exclaim-lines.md": 0.125,
  "exclaim-after-markup.md": 0.125,
  "big.md": 0.001,
};

describe("pathological articles are read in linear time", () => {
  for (const file of PATHOLOGICAL_FILES) {
    const scale = TEST_SCALE[file.name];
    if (scale === undefined) continue;
    it(`${file.name}: ${file.shape}`, () => {
      expectLinear((s) => file.build(s).toString("utf8"), file.name, scale);
    });
  }
});

/** Pieces that once made some reader quadratic, and ordinary ones between them. */
const PIECES = [
  ".",
  "?!",
  "…",
  "x",
  "[",
  "]",
  "*",
  "_",
  "`",
  ">",
  "<a>",
  "&amp;",
  "- ",
  "  ",
  "1. ",
  "\n",
  "\n\n",
  "Q\n---\n\n",
  "。",
  "\u00ad",
  "\u200b",
  "㌖",
  "word ",
  "Mr. ",
  "3.5 ",
  "U.S. ",
  "A.",
];

/** The property times 14 shapes at two sizes, three times each: a busy machine needs longer. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe("a long run of plain lines that markup ends", () => {
  it("costs about what the run costs without it", () => {
    // Handed to the parser whole with the markup line after it, 16,000 plain lines took
    // seconds where they alone take milliseconds.
    const run = "walrus colony\n".repeat(16_000);
    const plainMs = bestTime(() => readAndAsk(run, "a.md"));
    const endedMs = bestTime(() => readAndAsk(`${run}    code\n`, "a.md"));
    expect(
      endedMs,
      `${plainMs.toFixed(0)} ms plain, ${endedMs.toFixed(0)} ms ended by markup`,
    ).toBeLessThan(MAX_GROWTH * plainMs + NOISE_MS);
  });
});

describe("dotted capitals", () => {
  it("are read in time linear in their run", () => {
    // A long run of "A." that a letter ends ("A.A.…A.Ab") is no acronym; reading it must not
    // start over at each of its capitals.
    const run = (n: number): string => `${"A.".repeat(n)}b`;
    const smallMs = bestTime(() => caseKeptWords(run(20_000), 0, 40_001));
    const largeMs = bestTime(() => caseKeptWords(run(80_000), 0, 160_001));
    expect(largeMs, `${smallMs.toFixed(0)} ms at n, ${largeMs.toFixed(0)} ms at 4n`).toBeLessThan(
      MAX_GROWTH * smallMs + NOISE_MS,
    );
  });
});

describe("titles read for initials", () => {
  it("are read in time linear in their length", () => {
    // A name whose joining words run on: each is read and skipped, so the whole title is
    // read before it is found to spell the initials or not.
    const title = (n: number): string =>
      `United ${"of ".repeat(n)}Methodist ${"and ".repeat(n)}Church`;
    for (const initials of ["UMC", "UM", "UMCX"]) {
      const smallMs = bestTime(() => titleWordsOfInitials([title(20_000)], initials));
      const largeMs = bestTime(() => titleWordsOfInitials([title(80_000)], initials));
      expect(
        largeMs,
        `${initials}: ${smallMs.toFixed(0)} ms at n, ${largeMs.toFixed(0)} ms at 4n`,
      ).toBeLessThan(MAX_GROWTH * smallMs + NOISE_MS);
    }
  });
});

describe("generated pathological shapes", () => {
  it("cost time proportional to their size (property)", { timeout: PROPERTY_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }),
        fc.constantFrom("a.txt", "a.md"),
        (pieces, name) => {
          const unit = pieces.join("");
          const prefix = name.endsWith(".txt") ? "date 2026-01-01\n" : "";
          const repeats = Math.ceil(6000 / unit.length);
          expectLinear((s) => prefix + unit.repeat(Math.round(repeats * s)), name, 1);
        },
      ),
      // A fixed seed: the same shapes on every run, so a timing failure can be reproduced.
      // The examples are shapes found quadratic before: short lines of "?!" after a blank
      // line, or after a line with markup.
      {
        numRuns: 12,
        seed: 20261201,
        examples: [
          [["\n", "?!"], "a.md"],
          [["*", "\n\n", "?!", "\n"], "a.md"],
        ],
      },
    );
  });
});

describe("questions made of durations", () => {
  // The date parser tries its ways of splitting a run of amounts and units against one
  // another: "couple day" twelve times over once took minutes. A question of such runs costs
  // time in proportion to its length.
  const library = buildLibrary([
    parseArticle(
      "date 2026-03-01\nThe ferry union said the strike would last a couple of days.",
      "ferry.txt",
    ).article!,
  ]);
  for (const unit of ["couple day ", "couple  d  ", "half a day ", "a few h "]) {
    it(`"${unit}" repeated`, () => {
      const question = (n: number): string => `What did the ferry union say ${unit.repeat(n)}`;
      const ask = (n: number) => () => library.answer(question(n), { asOf: "2026-03-04" });
      const smallMs = bestTime(ask(3));
      const largeMs = bestTime(ask(12));
      expect(largeMs, `${smallMs.toFixed(0)} ms at n, ${largeMs.toFixed(0)} ms at 4n`).toBeLessThan(
        MAX_GROWTH * smallMs + NOISE_MS,
      );
    });
  }

  it("still read as durations when they are short", () => {
    // "two years, three months and four days" is seven words: read whole.
    const text = "What changed in the last two years, three months and four days?";
    expect(withLongDurationRunsBroken(text)).toBe(text);
    const long = `a couple of days ${"couple day ".repeat(6)}`;
    const broken = withLongDurationRunsBroken(long);
    expect(broken).toHaveLength(long.length);
    expect(broken.startsWith("a couple of days couple day couple")).toBe(true);
    expect(broken).toContain("_");
  });
});
