/**
 * Time, not only crashes, for fetched markup nested deep: pages and feeds of elements nested
 * tens of thousands deep are read in time proportional to their size. As in
 * pathological.fuzz.test.ts, each shape is read at depth n and 4n; linear work takes about 4
 * times as long, work growing with the square of the depth 16 times. The bound (10 times,
 * plus a floor for timer noise) leaves room for a busy machine and still catches the
 * quadratic parsing these tests were written for (80,000 nested elements took seconds).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractArticle, extractFeedHtml } from "../../src/feeds/extractArticle.ts";
import { parseFeed } from "../../src/feeds/parseFeed.ts";

/** Largest allowed ratio of the time at 4n to the time at n. */
const MAX_GROWTH = 10;
/** Milliseconds below which a difference is timer and scheduling noise. */
const NOISE_MS = 100;
/** Depth n of the shapes below (4n is 80,000). */
const DEPTH = 20_000;

/** Best of three runs, in milliseconds (the first run also warms the code up). */
async function bestTime(run: () => unknown): Promise<number> {
  let best = Infinity;
  for (let attempt = 0; attempt < 3; attempt++) {
    const started = performance.now();
    await run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function msPerMb(ms: number, markup: string): string {
  return `${(ms / (markup.length / 2 ** 20)).toFixed(0)} ms/MB`;
}

async function expectLinear(
  build: (depth: number) => string,
  read: (markup: string) => unknown,
  depth: number,
): Promise<void> {
  const small = build(depth);
  const large = build(4 * depth);
  const smallMs = await bestTime(() => read(small));
  const largeMs = await bestTime(() => read(large));
  expect(
    largeMs,
    `${smallMs.toFixed(0)} ms at n (${msPerMb(smallMs, small)}), ` +
      `${largeMs.toFixed(0)} ms at 4n (${msPerMb(largeMs, large)})`,
  ).toBeLessThan(MAX_GROWTH * smallMs + NOISE_MS);
}

const page = (body: string): string =>
  `<!doctype html><html><head><title>Walrus</title></head><body>${body}</body></html>`;
const readPage = (html: string): unknown => extractArticle(html);
const readFeed = (xml: string): Promise<unknown> =>
  parseFeed(xml, { feedUrl: "https://news.example/feed.xml", maxItems: 10 });

const PAGES: Record<string, (n: number) => string> = {
  "divs around a paragraph": (n) =>
    page(`${"<div>".repeat(n)}<p>The walrus swam.</p>${"</div>".repeat(n)}`),
  "divs never closed": (n) => page(`${"<div>".repeat(n)}The walrus swam.`),
  "bold never closed, then italics closed that were never opened": (n) =>
    page(`${"<b>".repeat(n)}The walrus swam.${"</i>".repeat(n)}`),
  "tables in tables": (n) => page(`${"<table><tr><td>".repeat(n / 3)}The walrus swam.`),
  "SVG groups": (n) => page(`<svg>${"<g>".repeat(n)}<text>The walrus swam.</text></svg>`),
};

describe("pages nested deep are read in linear time", () => {
  for (const [shape, build] of Object.entries(PAGES)) {
    it(shape, async () => {
      await expectLinear(build, readPage, DEPTH);
    });
  }

  it("an item's own HTML of nested divs", async () => {
    const build = (n: number) => `${"<div>".repeat(n)}<p>The walrus swam.</p>`;
    await expectLinear(build, (html) => extractFeedHtml(html), DEPTH);
  });
});

describe("feeds nested deep are read in linear time", () => {
  it("an RSS title of nested bold", async () => {
    const build = (n: number) =>
      `<rss version="2.0"><channel><title>Desk</title><item><guid>a</guid><title>${"<b>".repeat(n)}Walrus swims${"</b>".repeat(n)}</title></item></channel></rss>`;
    await expectLinear(build, readFeed, DEPTH);
  });

  it("an Atom XHTML content of nested divs", async () => {
    const build = (n: number) =>
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><entry><id>a</id><title>Walrus</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${"<div>".repeat(n)}<p>The walrus swam.</p>${"</div>".repeat(n)}</div></content></entry></feed>`;
    await expectLinear(build, readFeed, DEPTH);
  });
});

/** Pieces of markup that nest, close each other, close nothing, or are text. */
const PIECES = [
  "<div>",
  "</div>",
  "<b>",
  "</i>",
  "<p>",
  "<li>",
  "<ul>",
  "<table>",
  "<td>",
  "<svg>",
  "<x/>",
  "<span>",
  "<blockquote>",
  "<br>",
  "walrus ",
];

/** The property times 12 shapes at two sizes, three times each: a busy machine needs longer. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe("generated nested pages", () => {
  it("cost time proportional to their size (property)", { timeout: PROPERTY_TIMEOUT_MS }, () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 4 }),
        async (pieces) => {
          const unit = pieces.join("");
          const repeats = Math.ceil(24_000 / unit.length);
          await expectLinear((n) => page(unit.repeat(n)), readPage, repeats);
        },
      ),
      // A fixed seed: the same shapes on every run, so a timing failure can be reproduced.
      // The examples nest a level with each piece.
      {
        numRuns: 10,
        seed: 20261207,
        examples: [[["<b>"]], [["<div>", "walrus "]], [["<ul>", "<li>"]]],
      },
    ),
  );
});
