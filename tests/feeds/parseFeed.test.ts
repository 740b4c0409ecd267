/**
 * Reading feed documents (the parser thread's work, run here directly).
 */
import { describe, expect, it } from "vitest";
import { parseFeed } from "../../src/feeds/parseFeed.ts";

const options = { feedUrl: "https://news.example/feed.xml", maxItems: 500 };

describe("parseFeed", () => {
  it("gives the same answer for the same document every time, whatever came before", async () => {
    const broken = `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad &bogus; news</title>
<item><guid>b-1</guid><title>Also &bogus;</title><link>https://news.example/b-1</link></item></channel></rss>`;
    const good = `<?xml version="1.0"?><rss version="2.0"><channel><title>Good news</title>
<item><guid>g-1</guid><title>Fine</title><link>https://news.example/g-1</link></item></channel></rss>`;
    const outcomes: string[] = [];
    for (const body of [broken, broken, good, broken, good]) {
      try {
        outcomes.push(`read ${(await parseFeed(body, options)).title ?? ""}`);
      } catch (err) {
        outcomes.push(`refused: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const refused = "refused: not an RSS or Atom feed (Invalid character entity)";
    expect(outcomes).toEqual([refused, refused, "read Good news", refused, "read Good news"]);
  });
});
