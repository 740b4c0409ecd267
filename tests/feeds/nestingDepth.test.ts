/**
 * Fetched markup nested deeper than any real page: its elements past the limit read as text,
 * everything else as it was written.
 */
import fc from "fast-check";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH, withNestingCapped } from "../../src/feeds/nestingDepth.ts";

/** The text of an HTML document as linkedom reads it, white space left out. */
function words(html: string): string {
  const window: unknown = parseHTML(html);
  const { document } = window as { document: { documentElement: { textContent: string } } };
  return document.documentElement.textContent.replace(/\s+/g, "");
}

describe("markup within the limit", () => {
  it("is returned as it is, however it is written", () => {
    const page = `<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>T &amp; U</title>
<script>if (a < b && c) document.write("<div>")</script></head><body><!-- nav -->
<div class="a" data-x='1' hidden><p>Caf&eacute; &nbsp; <br> opens<p>again<ul><li>one<li>two</ul></div>
<svg><path d="M0"/></svg><![CDATA[x]]></body></html>`;
    expect(withNestingCapped(page, "html")).toBe(page);
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>A &amp; B</title>
<item><title>Budget <b>passed</b></title><description><![CDATA[<p>Hi</p>]]></description><x:y a="1"/></item>
</channel></rss>`;
    expect(withNestingCapped(feed, "xml")).toBe(feed);
  });

  it("includes real pages' nesting: the limit is far above a few dozen levels", () => {
    const page = `<html><body>${"<div>".repeat(60)}<p>Deep but real.</p>${"</div>".repeat(60)}</body></html>`;
    expect(withNestingCapped(page, "html")).toBe(page);
    expect(MAX_NESTING_DEPTH).toBeGreaterThanOrEqual(64);
  });
});

describe("markup nested deeper than the limit", () => {
  it("keeps its elements up to the limit and the text of deeper ones, in order", () => {
    expect(withNestingCapped("<a><b><c>x</c><c>y</c></b>z</a><d>w</d>", "html", 2)).toBe(
      "<a><b>xy</b>z</a><d>w</d>",
    );
    // The elements after the deep ones are kept as they were written.
    expect(
      withNestingCapped(
        `<div><div><div><p>One.</p><p>Two &amp; <i>three</i></p></div></div><p class="x">After</p></div>`,
        "html",
        2,
      ),
    ).toBe(`<div><div>\nOne.\nTwo &amp; three\n</div><p class="x">After</p></div>`);
  });

  it("keeps block elements' text apart, the words of alt and title, and drops scripts and styles", () => {
    const capped = withNestingCapped(
      `<body><div><div><p>Walrus</p><p>colony</p><img alt="A walrus &amp; calf"><a title="Ice">floe</a><script>var x = "<b>";</script><style>p{}</style></div></div></body>`,
      "html",
      2,
    );
    expect(capped).toBe(
      "<body><div>\nWalrus\ncolony\n A walrus &amp; calf  Ice floe\n</div></body>",
    );
  });

  it("writes markup that was text as text", () => {
    // A deep textarea's text looks like tags and entities; it is not to become elements again.
    const capped = withNestingCapped(
      `<div><div><textarea>&amp; ${"<div>".repeat(1000)}</textarea></div></div>`,
      "html",
      1,
    );
    expect(capped).toBe(`<div>\n&amp;amp; ${"&lt;div&gt;".repeat(1000)}\n</div>`);
  });

  it("reads a feed's elements as XML: self-closing ones, CDATA and the declaration", () => {
    const capped = withNestingCapped(
      `<?xml version="1.0"?><rss><channel><item><title>A <b><i><u>deep &amp; <![CDATA[<raw>]]></u><br/>x</i></b> end</title><guid isPermaLink="false">g</guid></item></channel></rss>`,
      "xml",
      5,
    );
    expect(capped).toBe(
      `<?xml version="1.0"?><rss><channel><item><title>A <b>deep &amp; &lt;raw&gt;\nx</b> end</title><guid isPermaLink="false">g</guid></item></channel></rss>`,
    );
  });

  it("keeps an ill-formed feed ill-formed: closings the feed did not write are not added", () => {
    expect(withNestingCapped("<rss><title><b><b><b>Walrus</title></rss>", "xml", 3)).toBe(
      "<rss><title><b>Walrus</title></rss>",
    );
  });

  it("closes what the parser closes, whatever the tags under the limit", () => {
    // Closing tags that match nothing open, and lists and tables whose items close each other.
    const html = `<ul><li>a<li>b<ul><li>c</i></b><li>d</ul></ul><table><tr><td>${"<table><tr><td>".repeat(5)}e${"</table>".repeat(6)}<p>f</p>`;
    expect(withNestingCapped(html, "html", 3)).toBe(
      "<ul><li>a<li>b<ul>\nc\nd\n</ul></ul><table><tr><td>\ne\n</table><p>f</p>",
    );
  });
});

/** Pieces of markup: elements that nest, close each other or nothing, void ones and text. */
const PIECES = [
  "<div>",
  "</div>",
  "<p>",
  "</p>",
  "<b>",
  "</b>",
  "</i>",
  "<ul>",
  "<li>",
  "</ul>",
  "<table>",
  "<tr>",
  "<td>",
  "<br>",
  "<img src=x>",
  "<x/>",
  "<svg>",
  "<path/>",
  "<textarea>",
  "</textarea>",
  "<!-- note -->",
  "walrus ",
  "&amp;",
  "a<b",
  "5 < 6",
];

describe("any markup (property)", () => {
  it("comes out nested no deeper than the limit, with the same words in the same order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        (pieces, repeats, limit) => {
          const markup = `<!doctype html><html><body>${pieces.join("").repeat(repeats)}</body></html>`;
          const capped = withNestingCapped(markup, "html", limit);
          expect(withNestingCapped(capped, "html", limit)).toBe(capped);
          expect(words(capped)).toBe(words(markup));
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });
});
