/**
 * Reading article pages nested deeper than any real page: their words are still read, and
 * the article beside a deep part of the page is still found.
 */
import { describe, expect, it } from "vitest";
import { extractArticle } from "../../src/feeds/extractArticle.ts";

const STORY = [
  "The harbour authority approved a new ferry terminal on Tuesday after a two-year review of its costs, officials said.",
  "Construction of the terminal is expected to begin in the spring and to last eighteen months, according to the plan.",
  "Residents near the port said they welcomed the decision but worried about traffic during the works on the quay.",
];

/** `html` inside `depth` nested divs. */
function nested(html: string, depth: number): string {
  return `${"<div>".repeat(depth)}${html}${"</div>".repeat(depth)}`;
}

describe("a page nested 100,000 elements deep", () => {
  it("is read: its title, and the words of its deep part in order, code left out", () => {
    const article = extractArticle(
      `<!doctype html><html><head><title>Walrus colony</title></head><body>${nested(
        `<h2>Walrus colony</h2><p>The walrus swam.</p><p>Then it slept &amp; ate.</p><img alt="A walrus"><script>var walrus = 1;</script>`,
        100_000,
      )}</body></html>`,
    );
    expect(article.title).toBe("Walrus colony");
    // Past the nesting read as elements, its paragraphs are one.
    expect(article.blocks).toEqual([
      { kind: "paragraph", text: "Walrus colony The walrus swam. Then it slept & ate. A walrus" },
    ]);
  });

  it("still has its article found beside the deep part", () => {
    const article = extractArticle(
      `<!doctype html><html><head><title>Ferry terminal approved</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article><h1>Ferry terminal approved</h1>${STORY.map((p) => `<p>${p}</p>`).join("")}</article></main>
<aside>${nested("<p>Comment spam.</p>", 100_000)}</aside></body></html>`,
    );
    expect(article.title).toBe("Ferry terminal approved");
    expect(article.blocks).toEqual(STORY.map((text) => ({ kind: "paragraph", text })));
  });
});
