import { afterAll, describe, expect, it } from "vitest";
import { ParserThread } from "../../src/feeds/parserThread.ts";

/** A real-world-shaped feed of `items` items (about 270 bytes each). */
function bigFeed(items: number): Uint8Array {
  const entries = Array.from(
    { length: items },
    (_, i) =>
      `<item><title>Story ${i}</title><link>https://news.example.com/${i}</link><guid>g-${i}</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate><description><![CDATA[<p>Summary ${i}.</p>]]></description></item>`,
  );
  return Buffer.from(
    `<rss version="2.0"><channel><title>Big</title>${entries.join("")}</channel></rss>`,
  );
}

/**
 * A time limit well below what the 40,000-item feed needs (2.6 s of XML parsing on this machine
 * when idle, more under load) and far above what the 3-item feed needs (about a millisecond), so
 * the outcome does not hang on the machine's speed.
 */
const parser = new ParserThread(1_000);

afterAll(async () => {
  await parser.close();
});

describe("the parser thread", { timeout: 60_000 }, () => {
  it("gives up on a parse that takes too long, and carries on with the next job", async () => {
    await expect(
      parser.parseFeed({
        body: bigFeed(40_000),
        contentType: "application/rss+xml",
        mediaType: "application/rss+xml",
        feedUrl: "https://news.example.com/feed",
        maxItems: 500,
      }),
    ).rejects.toThrow(/took longer than 1 s/);
    const small = await parser.parseFeed({
      body: bigFeed(3),
      contentType: "application/rss+xml",
      mediaType: "application/rss+xml",
      feedUrl: "https://news.example.com/feed",
      maxItems: 500,
    });
    expect(small.items.map((item) => item.title)).toEqual(["Story 0", "Story 1", "Story 2"]);
  });

  it("reads a page nested thousands of elements deep as text, within the time limit", async () => {
    // Readability's cleaning grows with the cube of the nesting: 2,000 nested divs (22 KB)
    // took it nearly two minutes, holding up every page and feed behind it. So deep a page
    // is read as plain text blocks instead, in milliseconds.
    const depth = 2_000;
    const page = `<html><head><title>Walrus</title></head><body><article>${"<div>".repeat(depth)}<p>The walrus swam to the ice floe.</p>${"</div>".repeat(depth)}</article></body></html>`;
    const article = await parser.extractPage(Buffer.from(page), "text/html");
    expect(article.blocks).toEqual([
      { kind: "paragraph", text: "The walrus swam to the ice floe." },
    ]);
    expect(article.title).toBe("Walrus");
  });

  it("keeps what went wrong inside the parser for the log, and says only that it failed", async () => {
    // An article without its text blocks makes the file writer throw a TypeError.
    const broken = { title: "T", date: null, url: null, source: null, author: null } as never;
    await expect(parser.articleMarkdown(broken)).rejects.toMatchObject({
      name: "ParseError",
      message: "its text could not be read",
      detail: expect.stringMatching(/^TypeError: /) as unknown,
    });
  });

  it("holds what someone waits for, parsed while a feed check is, to the same time limit", async () => {
    // The second worker, for what someone waits for, gives up as the first does, starts
    // again for the next job, stops after a while without work, and closes with the first.
    const spareIdleMs = 200;
    const lanes = new ParserThread(2_000, spareIdleMs);
    try {
      // Twice the feed the first test gives up on, under twice its time limit: a little
      // one is read well within the limit on a busy machine.
      const huge = bigFeed(80_000);
      const feedJob = (items: number) => ({
        body: items > 3 ? huge : bigFeed(items),
        contentType: "application/rss+xml",
        mediaType: "application/rss+xml",
        feedUrl: "https://news.example.com/feed",
        maxItems: 500,
      });
      const tooLong = (job: Promise<unknown>) => expect(job).rejects.toThrow(/longer than 2 s/);
      const background = tooLong(lanes.parseFeed(feedJob(80_000)));
      await tooLong(lanes.forUser.parseFeed(feedJob(80_000)));
      await background;
      const busy = tooLong(lanes.parseFeed(feedJob(80_000)));
      expect((await lanes.forUser.parseFeed(feedJob(2))).items).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, spareIdleMs * 3));
      expect((await lanes.forUser.parseFeed(feedJob(3))).items).toHaveLength(3);
      await busy;
      const closed = (job: Promise<unknown>) => expect(job).rejects.toThrow(/parser was closed/);
      const closing = [
        closed(lanes.parseFeed(feedJob(80_000))),
        closed(lanes.forUser.parseFeed(feedJob(80_000))),
      ];
      await lanes.close();
      await Promise.all(closing);
    } finally {
      await lanes.close();
    }
  });

  it("reports a document that is no feed", async () => {
    await expect(
      parser.parseFeed({
        body: Buffer.from("<html><body>Not a feed</body></html>"),
        contentType: "text/html",
        mediaType: "text/html",
        feedUrl: "https://news.example.com/",
        maxItems: 10,
      }),
    ).rejects.toMatchObject({ name: "FeedFormatError" });
  });
});
