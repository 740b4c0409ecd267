/**
 * Following feeds against a real local server: what ends up in the content folder, read back
 * by the same loader the bot uses.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Article } from "../../src/core/types.ts";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { addedText } from "../../src/discord/feedReplies.ts";
import {
  FeedService,
  ITEM_CLAIM_LEASE_MS,
  MAX_NEW_PER_CHECK,
} from "../../src/feeds/feedService.ts";
import type { FeedServiceOptions } from "../../src/feeds/feedService.ts";
import { FeedUserError } from "../../src/feeds/feedErrors.ts";
import { FeedStore } from "../../src/feeds/feedStore.ts";
import { ParserThread } from "../../src/feeds/parserThread.ts";
import { createLogger } from "../../src/ops/logger.ts";
import { articlePage, serve, startTestServer } from "./server.ts";
import type { TestServer } from "./server.ts";

const RSS = "application/rss+xml; charset=utf-8";
const ATOM = "application/atom+xml";
const MINUTE = 60_000;
/** A parse limit that {@link slowPage} overruns many times over. */
const SLOW_ITEM_TIMEOUT_MS = 500;

/**
 * A page that takes seconds to read: 2 MB of short paragraphs, each in 77 nested divs (within
 * the nesting read as elements), which Readability reads again and again for each level it is
 * given (the page cut down to what it reads in a few seconds).
 */
function slowPage(chains = 2_400): string {
  const chain = `${"<div>".repeat(77)}<p>The walrus swam to the ice floe.</p>${"</div>".repeat(77)}`;
  return `<html><body>${chain.repeat(chains)}</body></html>`;
}

let server: TestServer;
/** One parser thread for the file: it starts once, as in the bot. */
let parser: ParserThread;
let contentDir: string;
let dataDir: string;
let store: FeedStore;
let service: FeedService;
let clock: number;
let logs: Array<Record<string, unknown>>;

const STORY = [
  "The harbour authority approved a new ferry terminal on Tuesday after a two-year review of its costs.",
  "Construction of the terminal is expected to begin in the spring and to last eighteen months, officials said.",
];

function page(
  title: string,
  extra: Parameters<typeof articlePage>[0] extends infer T ? Partial<T> : never = {},
) {
  return serve("text/html; charset=utf-8", articlePage({ title, paragraphs: STORY, ...extra }));
}

async function articles(): Promise<Article[]> {
  return (await loadLibrary(contentDir)).articles;
}

function byTitle(list: Article[], title: string): Article {
  const found = list.find((article) => article.title === title);
  if (!found) throw new Error(`no article "${title}" in ${list.map((a) => a.title).join(", ")}`);
  return found;
}

beforeAll(() => {
  parser = new ParserThread();
});

afterAll(async () => {
  await parser.close();
});

beforeEach(async () => {
  server = await startTestServer();
  contentDir = await mkdtemp(path.join(tmpdir(), "citebot-feeds-content-"));
  dataDir = await mkdtemp(path.join(tmpdir(), "citebot-feeds-data-"));
  store = FeedStore.open(dataDir);
  clock = Date.UTC(2026, 1, 4, 12, 0, 0);
  logs = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  service = new FeedService({
    store,
    parser,
    contentDir,
    logger: createLogger(
      { logLevel: "debug", logFormat: "json", discordToken: null },
      { stream: sink },
    ),
    intervalMs: 15 * MINUTE,
    allowLoopback: true,
    now: () => clock,
    random: () => 0.5,
  });
});

/** A second service over the test's store and folder, on the test's clock, with `options`. */
function anotherService(options: Partial<FeedServiceOptions>): FeedService {
  return new FeedService({
    store,
    parser,
    contentDir,
    logger: createLogger({ logLevel: "error", logFormat: "json", discordToken: null }),
    intervalMs: 15 * MINUTE,
    allowLoopback: true,
    now: () => clock,
    random: () => 0.5,
    ...options,
  });
}

afterEach(async () => {
  service.cancel();
  store.close();
  await server.close();
  await rm(contentDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe("RSS", () => {
  it("saves each item's article with its title, date, link, source and author", async () => {
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Harbour Gazette</title>
  <link>${server.origin}/</link>
  <description>News from the harbour</description>
  <item>
    <title><![CDATA[Ferry terminal approved: "a new gateway" for the city]]></title>
    <link>${server.origin}/2026/02/ferry</link>
    <guid isPermaLink="false">gazette-1001</guid>
    <pubDate>Tue, 03 Feb 2026 23:30:00 -0800</pubDate>
    <dc:creator>Maria Jones</dc:creator>
    <description><![CDATA[<p>The harbour authority <b>approved</b> a terminal.</p>]]></description>
  </item>
</channel>
</rss>`,
      ),
    );
    server.route("/2026/02/ferry", page("Ferry terminal approved"));
    const { feed } = await service.subscribe(`${server.origin}/rss.xml`);
    expect(feed.title).toBe("Harbour Gazette");
    const [report] = await service.checkDue();
    expect(report?.saved).toHaveLength(1);

    const list = await articles();
    expect(list).toHaveLength(1);
    const article = list[0];
    expect(article).toMatchObject({
      title: 'Ferry terminal approved: "a new gateway" for the city',
      // The day the publisher wrote (in its own time zone), not the UTC day (the 4th).
      date: "2026-02-03",
      url: `${server.origin}/2026/02/ferry`,
      source: "Harbour Gazette",
      author: "Maria Jones",
      paragraphs: STORY,
    });
    expect(article?.path).toMatch(/^feeds\/harbour-gazette\/2026-02-03-ferry-terminal-approved/);
    // Navigation, asides and footers are not part of the article.
    expect(article?.paragraphs.join(" ")).not.toMatch(/Most read|All rights reserved/);
  });

  it("uses the item's own HTML (CDATA) when the page cannot be read", async () => {
    const long =
      "The council voted to extend the night bus service to the eastern suburbs, starting next month. " +
      "Residents had asked for the change for years, and the operator said new drivers had been hired.";
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>City Desk</title>
<item><title>Night buses extended</title><link>${server.origin}/missing</link><guid>cd-1</guid>
<pubDate>Mon, 02 Feb 2026 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<div><p>${long}</p><p>Tickets cost <em>the same</em> &amp; passes stay valid.</p></div>]]></content:encoded>
</item></channel></rss>`,
      ),
    );
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    const article = byTitle(await articles(), "Night buses extended");
    expect(article.paragraphs).toEqual([long, "Tickets cost the same & passes stay valid."]);
    expect(article.date).toBe("2026-02-02");
  });

  it("uses the item's own HTML whole and in order when the feed writes its markup as elements", async () => {
    const first =
      "The council voted to extend the night bus service to the eastern suburbs, starting next month.";
    const second =
      "Residents had asked for the change for years, and the operator said new drivers had been hired " +
      "and trained over the winter.";
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>City Desk</title>
<item><title>Night buses extended</title><link>${server.origin}/missing</link><guid>cd-1</guid>
<content:encoded><div><p>${first.replace("extend", "<b>extend</b>")}</p><p>${second.replace("years", "<em>years</em>")}</p></div></content:encoded>
</item>
<item><title>Trams extended</title><link>${server.origin}/missing-too</link><guid>cd-2</guid>
<description>${first.replace("bus", "<b>tram</b>")} ${second.replace("drivers", "<i>drivers</i>")}</description>
</item></channel></rss>`,
      ),
    );
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    const list = await articles();
    expect(byTitle(list, "Night buses extended").paragraphs).toEqual([first, second]);
    expect(byTitle(list, "Trams extended").paragraphs).toEqual([
      `${first.replace("bus", "tram")} ${second}`,
    ]);
  });

  it("saves an item with a repeated GUID once, and never fetches a saved item again", async () => {
    const item = (title: string) =>
      `<item><title>${title}</title><link>${server.origin}/story</link><guid>same-guid</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item>`;
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>Twice</title>${item("First")}${item("Second")}</channel></rss>`,
      ),
    );
    server.route("/story", page("Story"));
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    clock += 20 * MINUTE;
    await service.checkDue();
    expect(await articles()).toHaveLength(1);
    expect(server.requests.filter((r) => r.path === "/story")).toHaveLength(1);
  });

  it("keeps the saved (and maybe corrected) file when the publisher updates an item", async () => {
    let title = "Bridge closed";
    server.route("/atom.xml", (_request, response) => {
      response.writeHead(200, { "content-type": ATOM }).end(`<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Bridges</title><id>urn:bridges</id><updated>2026-02-03T10:00:00Z</updated>
<entry><id>urn:bridges:1</id><title>${title}</title><link href="/bridge"/><published>2026-02-03T09:00:00Z</published><updated>${title === "Bridge closed" ? "2026-02-03T09:00:00Z" : "2026-02-03T15:00:00Z"}</updated></entry>
</feed>`);
    });
    server.route("/bridge", page("Bridge closed"));
    await service.subscribe(`${server.origin}/atom.xml`);
    await service.checkDue();
    const [saved] = await articles();
    const file = path.join(contentDir, saved?.path ?? "");
    const corrected = (await readFile(file, "utf8")).replace("2026-02-03", "2026-02-02");
    await writeFile(file, corrected);

    title = "Bridge closed until Friday";
    clock += 20 * MINUTE;
    const [report] = await service.checkDue();
    expect(report?.saved).toEqual([]);
    const list = await articles();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ title: "Bridge closed", date: "2026-02-02" });
  });

  it("saves articles whose titles hold markup under their text, in a folder named for it", async () => {
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>Harbour <em>&amp;</em> Coast</title>
<item><title>Ferry terminal <b>approved</b> &#8212; <i>at last</i></title><link>${server.origin}/ferry</link><guid>hc-1</guid>
<pubDate>Tue, 03 Feb 2026 09:00:00 GMT</pubDate></item>
</channel></rss>`,
      ),
    );
    await expectFerryUnderPlainTitles("rss.xml");
  });
});

/**
 * Subscribes to the harbour feed at `feedPath`, whose titles hold markup, and checks that the
 * feed and its one article came out under their plain text.
 */
async function expectFerryUnderPlainTitles(feedPath: string): Promise<void> {
  server.route("/ferry", page("Ferry terminal approved"));
  const { feed } = await service.subscribe(`${server.origin}/${feedPath}`);
  expect(feed).toMatchObject({ title: "Harbour & Coast", folder: "harbour-coast" });
  await service.checkDue();
  expect(await articles()).toMatchObject([
    {
      title: "Ferry terminal approved — at last",
      source: "Harbour & Coast",
      path: "feeds/harbour-coast/2026-02-03-ferry-terminal-approved-at-last.md",
    },
  ]);
}

describe("titles of thousands of characters", () => {
  it("are cut at a word to a title's length, in the feed, its articles and pages added", async () => {
    const long = (word: string) => `${word} `.repeat(20_000).trim();
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>${long("Desk")}</title><item><title>${long("Headline")}</title><link>${server.origin}/story</link><guid>t-1</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item></channel></rss>`,
      ),
    );
    server.route("/story", page("Story"));
    server.route("/page", page(long("Page")));
    const { feed } = await service.subscribe(`${server.origin}/rss.xml`);
    expect(feed.title).toMatch(/^Desk( Desk)+…$/);
    const [report] = await service.checkDue();
    const added = await service.addPage(`${server.origin}/page`);
    for (const title of [feed.title, report?.saved[0]?.title, added.title]) {
      expect(title?.length).toBeLessThanOrEqual(300);
      expect(title?.length).toBeGreaterThan(250);
    }
    const list = await articles();
    expect(list.map((article) => article.title).sort()).toEqual(
      [added.title, report?.saved[0]?.title].sort(),
    );
    expect(report?.saved[0]?.title).toMatch(/^Headline( Headline)+…$/);
  });
});

describe("Atom", () => {
  it("resolves relative links against the feed's address and reads the publisher's day", async () => {
    server.route(
      "/news/atom.xml",
      serve(
        ATOM,
        `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Kyoto Times</title>
  <link rel="self" href="/news/atom.xml"/>
  <id>tag:kyoto-times,2026:feed</id>
  <updated>2026-02-04T01:30:00+09:00</updated>
  <entry>
    <title>Temple restoration finished</title>
    <link rel="alternate" type="text/html" href="/news/temple"/>
    <link rel="enclosure" href="/media/temple.jpg"/>
    <id>tag:kyoto-times,2026:temple</id>
    <published>2026-02-04T01:30:00+09:00</published>
    <updated>2026-02-04T02:00:00+09:00</updated>
    <author><name>Aiko Tanaka</name></author>
    <summary type="html">&lt;p&gt;Restoration finished.&lt;/p&gt;</summary>
  </entry>
</feed>`,
      ),
    );
    server.route("/news/temple", page("Temple restoration finished"));
    await service.subscribe(`${server.origin}/news/atom.xml`);
    await service.checkDue();
    expect(byTitle(await articles(), "Temple restoration finished")).toMatchObject({
      url: `${server.origin}/news/temple`,
      // 2026-02-03 in UTC, but the publisher in Japan wrote the 4th.
      date: "2026-02-04",
      author: "Aiko Tanaka",
      source: "Kyoto Times",
    });
  });

  it("saves articles whose XHTML titles are markup under their text, in a folder named for it", async () => {
    const xhtml = (inner: string) =>
      `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${inner}</div></title>`;
    server.route(
      "/atom.xml",
      serve(
        ATOM,
        `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
${xhtml("Harbour <em>&amp;</em> Coast")}<id>urn:harbour</id>
<entry><id>urn:harbour:1</id>${xhtml("Ferry terminal <b>approved</b> &#8212; at last")}<link href="/ferry"/><published>2026-02-03T09:00:00Z</published></entry>
</feed>`,
      ),
    );
    await expectFerryUnderPlainTitles("atom.xml");
  });
});

describe("dates", () => {
  it("takes the page's date when the item has none, and saves undated articles without one", async () => {
    const item = (slug: string) =>
      `<item><title>${slug}</title><link>${server.origin}/${slug}</link></item>`;
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>Undated</title>${["meta", "jsonld", "time", "none"].map(item).join("")}</channel></rss>`,
      ),
    );
    server.route("/meta", page("meta", { publishedTime: "2026-01-20T22:15:00-05:00" }));
    server.route("/jsonld", page("jsonld", { jsonLdDate: "2026-01-21T08:00:00+01:00" }));
    server.route("/time", page("time", { timeDatetime: "2026-01-22" }));
    server.route("/none", page("none"));
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    const list = await articles();
    expect(byTitle(list, "meta").date).toBe("2026-01-20");
    expect(byTitle(list, "jsonld").date).toBe("2026-01-21");
    expect(byTitle(list, "time").date).toBe("2026-01-22");
    expect(byTitle(list, "none").date).toBeNull();
  });

  it("saves an article undated rather than dated by when it was read, when its date is relative", async () => {
    // "Yesterday" or "2 days ago" is no day: read later, it would name another one.
    const item = (slug: string, pubDate: string) =>
      `<item><title>${slug}</title><link>${server.origin}/${slug}</link><pubDate>${pubDate}</pubDate></item>`;
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>Relative</title>${item("yesterday", "Yesterday")}${item("ago", "2 days ago")}${item("written", "Tue, 3 Feb 2026 10:00:00 GMT")}</channel></rss>`,
      ),
    );
    for (const slug of ["yesterday", "ago", "written"]) server.route(`/${slug}`, page(slug));
    server.route("/today", page("today", { publishedTime: "today" }));
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    expect(await service.addPage(`${server.origin}/today`)).toMatchObject({ date: null });
    const list = await articles();
    expect(byTitle(list, "yesterday").date).toBeNull();
    expect(byTitle(list, "ago").date).toBeNull();
    expect(byTitle(list, "written").date).toBe("2026-02-03");
    expect(byTitle(list, "today").date).toBeNull();
  });

  it("reads no date from a placeholder or a day still to come: the page's date is taken instead", async () => {
    const dates: Record<string, string> = {
      // Hugo's feed of an undated post, a zero timestamp, a mistyped year.
      "go-zero": "Mon, 01 Jan 0001 00:00:00 +0000",
      epoch: "Thu, 01 Jan 1970 00:00:00 +0000",
      "epoch-west": "Wed, 31 Dec 1969 19:00:00 -0500",
      "year-ahead": "Tue, 03 Feb 2099 10:00:00 GMT",
    };
    const items = Object.entries(dates)
      .map(
        ([slug, pubDate]) =>
          `<item><title>${slug}</title><link>${server.origin}/${slug}</link><pubDate>${pubDate}</pubDate></item>`,
      )
      .join("");
    server.route(
      "/rss.xml",
      serve(RSS, `<rss version="2.0"><channel><title>Placeholders</title>${items}</channel></rss>`),
    );
    server.route("/go-zero", page("go-zero", { publishedTime: "2026-01-20T10:00:00Z" }));
    server.route("/epoch", page("epoch", { timeDatetime: "2026-01-21" }));
    server.route("/epoch-west", page("epoch-west"));
    server.route("/year-ahead", page("year-ahead", { publishedTime: "2099-02-03T10:00:00Z" }));
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    const list = await articles();
    expect(byTitle(list, "go-zero").date).toBe("2026-01-20");
    expect(byTitle(list, "epoch").date).toBe("2026-01-21");
    expect(byTitle(list, "epoch-west").date).toBeNull();
    expect(byTitle(list, "year-ahead").date).toBeNull();
  });
});

describe("JSON Feed", () => {
  it("reads a JSON Feed 1.1", async () => {
    server.route(
      "/feed.json",
      serve(
        "application/feed+json",
        JSON.stringify({
          version: "https://jsonfeed.org/version/1.1",
          title: "River Notes",
          home_page_url: `${server.origin}/`,
          items: [
            {
              id: "river-1",
              url: `${server.origin}/river`,
              title: "River level falls",
              date_published: "2026-02-01T18:00:00-03:00",
              authors: [{ name: "Ana Souza" }],
              content_text: "Short.",
            },
          ],
        }),
      ),
    );
    server.route("/river", page("River level falls"));
    await service.subscribe(`${server.origin}/feed.json`);
    await service.checkDue();
    expect(byTitle(await articles(), "River level falls")).toMatchObject({
      date: "2026-02-01",
      author: "Ana Souza",
      source: "River Notes",
      paragraphs: STORY,
    });
  });
});

describe("polling", () => {
  const FEED = `<rss version="2.0"><channel><title>Validators</title><item><title>One</title><link>/one</link><guid>v-1</guid></item></channel></rss>`;

  it("sends ETag and Last-Modified back and accepts 304 Not Modified", async () => {
    server.route("/rss.xml", (request, response) => {
      if (request.headers["if-none-match"] === '"v1"') {
        response.writeHead(304).end();
        return;
      }
      response
        .writeHead(200, {
          "content-type": RSS,
          etag: '"v1"',
          "last-modified": "Wed, 04 Feb 2026 11:00:00 GMT",
          "content-encoding": "gzip",
        })
        .end(gzipSync(FEED));
    });
    server.route("/one", page("One"));
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    clock += 20 * MINUTE;
    const [second] = await service.checkDue();
    expect(second?.notModified).toBe(true);
    const last = server.requests.filter((r) => r.path === "/rss.xml").at(-1);
    expect(last?.headers["if-none-match"]).toBe('"v1"');
    expect(last?.headers["if-modified-since"]).toBe("Wed, 04 Feb 2026 11:00:00 GMT");
    expect(store.feedById(second?.feed.id ?? 0)).toMatchObject({ lastError: null, failures: 0 });
  });

  it("tries an item whose page failed again at the next check, though the feed is unchanged", async () => {
    server.route("/rss.xml", (request, response) => {
      if (request.headers["if-none-match"] === '"v1"') {
        response.writeHead(304).end();
        return;
      }
      response.writeHead(200, { "content-type": RSS, etag: '"v1"' }).end(FEED);
    });
    let pageUp = false;
    server.route("/one", (request, response) => {
      if (pageUp) page("One")(request, response);
      else response.writeHead(503, { "content-type": "text/plain" }).end("busy");
    });
    const { feed } = await service.subscribe(`${server.origin}/rss.xml`);
    const [first] = await service.checkDue();
    expect(first?.saved).toEqual([]);

    pageUp = true;
    clock += 20 * MINUTE;
    const [second] = await service.checkDue();
    expect(second?.saved.map((saved) => saved.title)).toEqual(["One"]);
    expect(store.item(feed.id, "v-1")?.state).toBe("saved");
    // Once every item is saved, the feed's validators are kept again.
    clock += 20 * MINUTE;
    const [third] = await service.checkDue();
    expect(third?.notModified).toBe(true);
  });

  it("waits the interval between checks, and backs off after errors", async () => {
    let status = 200;
    server.route("/rss.xml", (_request, response) => {
      if (status === 200) response.writeHead(200, { "content-type": RSS }).end(FEED);
      else response.writeHead(status).end();
    });
    server.route("/one", page("One"));
    const { feed } = await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    expect(await service.checkDue()).toEqual([]); // not due yet
    const afterSuccess = store.feedById(feed.id);
    expect(afterSuccess?.nextCheckAt).toBe(clock + 15 * MINUTE);

    status = 500;
    clock += 15 * MINUTE;
    await service.checkDue();
    const first = store.feedById(feed.id);
    expect(first).toMatchObject({ lastError: "the server answered 500", failures: 1 });
    expect(first?.nextCheckAt).toBe(clock + 30 * MINUTE);
    clock += 30 * MINUTE;
    await service.checkDue();
    expect(store.feedById(feed.id)?.nextCheckAt).toBe(clock + 60 * MINUTE);

    status = 200;
    clock += 60 * MINUTE;
    await service.checkDue();
    expect(store.feedById(feed.id)).toMatchObject({ lastError: null, failures: 0 });
  });

  it("waits at most a day before checking a feed that keeps failing", async () => {
    server.route("/rss.xml", serve(RSS, FEED));
    const unlucky = anotherService({ random: () => 0.999 });
    const { feed } = await unlucky.subscribe(`${server.origin}/rss.xml`);
    server.route("/rss.xml", (_request, response) => response.writeHead(500).end());
    const waits: number[] = [];
    for (let failures = 1; failures <= 9; failures++) {
      await unlucky.checkDue();
      const next = store.feedById(feed.id)?.nextCheckAt ?? 0;
      waits.push(next - clock);
      clock = next;
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(24 * 60 * MINUTE);
    expect(waits.at(-1)).toBeGreaterThan(23 * 60 * MINUTE);
    unlucky.cancel();
  });

  it("keeps feeds that fail for days spread out, below the day", async () => {
    // Feeds waiting the longest are not all due at the same moment of the day after.
    server.route("/rss.xml", serve(RSS, FEED));
    const lucky = anotherService({ random: () => 0 });
    const { feed } = await lucky.subscribe(`${server.origin}/rss.xml`);
    server.route("/rss.xml", (_request, response) => response.writeHead(500).end());
    let last = 0;
    for (let failures = 1; failures <= 9; failures++) {
      await lucky.checkDue();
      const next = store.feedById(feed.id)?.nextCheckAt ?? 0;
      last = next - clock;
      clock = next;
    }
    expect(last).toBeLessThan(20 * 60 * MINUTE);
    expect(last).toBeGreaterThan(19 * 60 * MINUTE);
    lucky.cancel();
  });

  it("records an item that fails as failed, and goes on to the next", async () => {
    // An item whose page takes longer to read than the parser allows, with no text of its
    // own, fails; the items after it are still saved, and the feed itself is not counted as
    // failing.
    const slowParser = new ParserThread(SLOW_ITEM_TIMEOUT_MS);
    const slowService = anotherService({ parser: slowParser });
    try {
      const good = STORY.map((paragraph) => `<p>${paragraph}</p>`).join("");
      server.route("/slow", serve("text/html", slowPage()));
      server.route(
        "/rss.xml",
        serve(
          RSS,
          `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title>
<item><title>Nested</title><guid>slow</guid><link>${server.origin}/slow</link></item>
<item><title>Ferry terminal approved</title><guid>good</guid><content:encoded><![CDATA[${good}]]></content:encoded></item>
</channel></rss>`,
        ),
      );
      const { feed } = await slowService.subscribe(`${server.origin}/rss.xml`);
      const [report] = await slowService.checkDue();
      expect(report?.error).toBeNull();
      expect(report?.saved.map((saved) => saved.title)).toEqual(["Ferry terminal approved"]);
      expect(store.item(feed.id, "slow")).toMatchObject({ state: "failed", attempts: 1 });
      expect(store.feedById(feed.id)?.failures).toBe(0);
    } finally {
      slowService.cancel();
      await slowParser.close();
    }
  });

  it("leaves the items a check has no time for to the next check", async () => {
    // Each page takes a while to come; past its time budget a check saves no more, so one
    // slow feed cannot hold up the others, and the next check goes on where it stopped.
    const patient = anotherService({ checkBudgetMs: 1 });
    const items = [1, 2, 3]
      .map(
        (n) =>
          `<item><title>Story ${n}</title><link>${server.origin}/slow/${n}</link><guid>slow-${n}</guid></item>`,
      )
      .join("");
    server.route(
      "/rss.xml",
      serve(RSS, `<rss version="2.0"><channel><title>Slow</title>${items}</channel></rss>`),
    );
    for (const n of [1, 2, 3]) {
      server.route(`/slow/${n}`, (request, response) => {
        setTimeout(() => page(`Story ${n}`)(request, response), 20);
      });
    }
    await patient.subscribe(`${server.origin}/rss.xml`);
    const [first] = await patient.checkDue();
    expect(first?.saved.map((saved) => saved.title)).toEqual(["Story 1"]);
    expect(first?.deferred).toBe(2);
    clock += 20 * MINUTE;
    const [second] = await patient.checkDue();
    expect(second?.saved.map((saved) => saved.title)).toEqual(["Story 2"]);
    patient.cancel();
  });

  it("survives a 404 feed, a huge feed and a huge page with a log line each", async () => {
    const items = Array.from(
      { length: 10_000 },
      (_, i) =>
        `<item><title>Item ${i}</title><link>${server.origin}/big/${i}</link><guid>big-${i}</guid></item>`,
    ).join("");
    server.route(
      "/big.xml",
      serve(RSS, `<rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`),
    );
    server.route("/big/0", (_request, response) => {
      response.writeHead(200, {
        "content-type": "text/html",
        "content-length": String(50 * 1024 * 1024),
      });
      response.write("<html><body>");
    });
    for (let i = 1; i < 10_000; i++) server.route(`/big/${i}`, page(`Item ${i}`));
    server.route("/gone.xml", serve(RSS, FEED));

    const big = await service.subscribe(`${server.origin}/big.xml`);
    const gone = await service.subscribe(`${server.origin}/gone.xml`);
    server.route("/gone.xml", (_request, response) => response.writeHead(404).end());

    const reports = await service.checkDue();
    const bigReport = reports.find((r) => r.feed.id === big.feed.id);
    expect(bigReport?.saved).toHaveLength(MAX_NEW_PER_CHECK - 1); // the 50 MB page is skipped
    expect(bigReport?.deferred).toBeGreaterThan(0);
    expect(reports.find((r) => r.feed.id === gone.feed.id)?.error).toBe("the server answered 404");
    expect(
      logs.some((l) => l.message === "feed lists too many items; only the first ones are read"),
    ).toBe(true);
    expect(
      logs.some(
        (l) =>
          l.message === "feed item has no readable text" && String(l.error).includes("larger than"),
      ),
    ).toBe(true);
    // The cap left items for later, so the next check reads the whole feed again.
    expect(store.feedById(big.feed.id)?.etag).toBeNull();
  });

  it("accepts feeds served as application/x-rss+xml or application/x-atom+xml", async () => {
    server.route("/x-rss.xml", serve("application/x-rss+xml", FEED));
    server.route(
      "/x-atom.xml",
      serve(
        "application/x-atom+xml; charset=utf-8",
        `<feed xmlns="http://www.w3.org/2005/Atom"><title>Old Atom</title><id>urn:old</id></feed>`,
      ),
    );
    expect((await service.subscribe(`${server.origin}/x-rss.xml`)).feed.title).toBe("Validators");
    expect((await service.subscribe(`${server.origin}/x-atom.xml`)).feed.title).toBe("Old Atom");
  });

  it("finds the feed a site's page names when given the page, as feed readers do", async () => {
    const feed = `<rss version="2.0"><channel><title>Harbour News</title><item><title>Story one</title><link>${server.origin}/story-1</link><guid>hn-1</guid></item></channel></rss>`;
    server.route("/feeds/all.xml", serve(RSS, feed));
    server.route(
      "/",
      serve(
        "text/html; charset=utf-8",
        `<!doctype html><html><head><title>Harbour News</title>
<link rel="stylesheet" href="/site.css">
<link rel="alternate" type="application/rss+xml" title="All stories" href="/feeds/all.xml#top">
<link rel="alternate" type="application/atom+xml" href="/feeds/all.atom"></head>
<body><p>Welcome to the harbour's news.</p></body></html>`,
      ),
    );
    const { feed: subscribed, items } = await service.subscribe(`${server.origin}/`);
    expect(subscribed).toMatchObject({
      url: `${server.origin}/feeds/all.xml`,
      title: "Harbour News",
    });
    expect(items).toBe(1);
    await expect(service.subscribe(`${server.origin}/`)).rejects.toThrow(
      `already subscribed to ${server.origin}/feeds/all.xml`,
    );
    expect(server.requests.some((r) => r.path === "/feeds/all.atom")).toBe(false);
  });

  it("reads a feed its server calls a web page", async () => {
    server.route(
      "/rss",
      serve(
        "text/html",
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Mislabelled</title><item><title>One</title><guid>m-1</guid></item></channel></rss>`,
      ),
    );
    expect((await service.subscribe(`${server.origin}/rss`)).feed.title).toBe("Mislabelled");
  });

  it("says so plainly when the page given is neither a feed nor names one", async () => {
    server.route("/page.html", page("Not a feed"));
    await expect(service.subscribe(`${server.origin}/page.html`)).rejects.toThrow(
      /^Could not read the feed: that address is a web page that names no feed$/,
    );
  });

  it("refuses to subscribe to what is not a feed, or to a private address", async () => {
    server.route("/page.html", page("Not a feed"));
    await expect(service.subscribe(`${server.origin}/page.html`)).rejects.toThrow(
      /Could not read the feed/,
    );
    await expect(service.subscribe("http://169.254.169.254/latest/meta-data/")).rejects.toThrow(
      /169\.254\.169\.254 is a link-local address/,
    );
    // "Not modified" to a request that asked nothing is no feed.
    server.route("/not-modified.xml", (_request, response) => response.writeHead(304).end());
    await expect(service.subscribe(`${server.origin}/not-modified.xml`)).rejects.toThrow(
      /answered 304/,
    );
    expect(service.listFeeds()).toEqual([]);
  });
});

describe("adding a page by link", () => {
  it("says a page that takes too long to read could not be read", async () => {
    const slowParser = new ParserThread(SLOW_ITEM_TIMEOUT_MS);
    const slowService = anotherService({ parser: slowParser });
    try {
      server.route("/nested", serve("text/html", slowPage()));
      const failure = slowService.addPage(`${server.origin}/nested`);
      await expect(failure).rejects.toBeInstanceOf(FeedUserError);
      await expect(failure).rejects.toThrow(
        /^Could not read the page: parsing took longer than 0.5 s$/,
      );
      expect(await articles()).toEqual([]);
    } finally {
      slowService.cancel();
      await slowParser.close();
    }
  });

  it("saves a 5 MB page of paragraphs nested just within the limit, every word of it, in the time a page may take", async () => {
    // Each paragraph in 76 nested divs in an article: nested as deep as elements are read, so Readability
    // would read its text again at every level (about 10 s per MB, past the 30 s the parser
    // thread gives a page). The page is cut down to a nesting Readability reads in seconds.
    const paragraph = (n: number) => `The walrus number ${n} swam to the ice floe.`;
    const count = 5_000;
    const chains = Array.from(
      { length: count },
      (_, n) => `${"<div>".repeat(76)}<p>${paragraph(n)}</p>${"</div>".repeat(76)}`,
    );
    const html = `<html><head><title>Walruses</title></head><body><article>${chains.join("")}</article></body></html>`;
    expect(html.length).toBeGreaterThan(4 * 2 ** 20);
    server.route("/walruses", serve("text/html", html));
    const added = await service.addPage(`${server.origin}/walruses`);
    expect(added).toMatchObject({ title: "Walruses", existing: false });
    const [article] = await articles();
    const text = article?.paragraphs.join(" ") ?? "";
    for (const n of [0, 1, 2_500, count - 1]) expect(text).toContain(paragraph(n));
    expect(text.match(/The walrus number/g)).toHaveLength(count);
  }, 60_000);

  it("says the article could not be saved when the content folder refuses it", async () => {
    server.route("/story", page("Story one"));
    // Something that is not a folder where added pages go.
    await writeFile(path.join(contentDir, "added"), "not a folder");
    const failure = service.addPage(`${server.origin}/story`);
    await expect(failure).rejects.toBeInstanceOf(FeedUserError);
    await expect(failure).rejects.toThrow(/^Could not save the article in the content folder/);
  });

  it("saves the page with the date it shows, and does not fetch it twice", async () => {
    server.route(
      "/story",
      serve(
        "text/html",
        Buffer.from(
          articlePage({
            title: "Caf\xe9 owners protest new rules",
            paragraphs: [
              "Owners of caf\xe9s in the old town protested on Monday against new rules on terrace opening hours.",
              "The city said the rules would be reviewed after the summer, according to a statement.",
            ],
            publishedTime: "2026-01-05T09:30:00+01:00",
            author: "Jean Dupont",
            charset: "iso-8859-1",
          }),
          "latin1",
        ),
      ),
    );
    const added = await service.addPage(`${server.origin}/story`);
    expect(added).toMatchObject({
      title: "Café owners protest new rules",
      date: "2026-01-05",
      existing: false,
    });
    expect(added.file).toMatch(/^added\/2026-01-05-cafe-owners-protest-new-rules\.md$/);
    const [article] = await articles();
    expect(article?.paragraphs[0]).toContain("cafés in the old town");
    expect(article?.author).toBe("Jean Dupont");

    const again = await service.addPage(`${server.origin}/story`);
    expect(again).toMatchObject({ existing: true, file: added.file, date: "2026-01-05" });
    expect(server.requests.filter((r) => r.path === "/story")).toHaveLength(1);
  });
});

// A check's page may take the parser thread's whole time limit.
describe("adding while feeds are checked", { timeout: 60_000 }, () => {
  /** An RSS feed of `items`, each a title and a link. */
  function linksFeed(items: Array<{ title: string; link: string }>): string {
    const entries = items.map(
      ({ title, link }) =>
        `<item><title>${title}</title><guid>${link}</guid><link>${link}</link></item>`,
    );
    return `<rss version="2.0"><channel><title>Desk</title>${entries.join("")}</channel></rss>`;
  }

  it("adds a page and subscribes to a feed without waiting for the page a check is reading", async () => {
    // The check's page takes seconds to read (about 6 s on an idle 2-core machine; 4.3 MB of
    // paragraphs nested 77 deep). The /add and /feed add asked meanwhile are answered while
    // it is still being read, not after it.
    const savedAt = new Map<string, number>();
    const checker = anotherService({
      onArticle: (article) => savedAt.set(article.title, performance.now()),
    });
    let pageSent!: () => void;
    const slowPageSent = new Promise<void>((resolve) => (pageSent = resolve));
    const slowBody = slowPage(4_800);
    server.route("/slow", (_request, response) => {
      response.on("finish", pageSent);
      response.writeHead(200, { "content-type": "text/html" }).end(slowBody);
    });
    server.route(
      "/desk.xml",
      serve(RSS, linksFeed([{ title: "Walrus", link: `${server.origin}/slow` }])),
    );
    server.route(
      "/other.xml",
      serve(RSS, linksFeed([{ title: "Other", link: `${server.origin}/o` }])),
    );
    server.route("/ferry", page("Ferry terminal approved"));
    const { feed } = await service.subscribe(`${server.origin}/desk.xml`);
    const check = checker.checkFeed(feed);
    await slowPageSent;
    // The page arrives within milliseconds and goes to the parser thread.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [added, subscribed] = await Promise.all([
      service.addPage(`${server.origin}/ferry`),
      service.subscribe(`${server.origin}/other.xml`),
    ]);
    const answeredAt = performance.now();
    expect(added).toMatchObject({ title: "Ferry terminal approved", existing: false });
    expect(subscribed.items).toBe(1);
    const report = await check;
    expect(report.saved.map((saved) => saved.title)).toEqual(["Walrus"]);
    // Waiting for it, they would be answered as it is saved, or just after.
    expect((savedAt.get("Walrus") ?? 0) - answeredAt).toBeGreaterThan(500);
  });

  it("goes on saving a feed's items while pages are added one after another", async () => {
    const items = Array.from({ length: 5 }, (_, n) => ({
      title: `Story ${n}`,
      link: `${server.origin}/story/${n}`,
    }));
    for (const { title, link } of items) server.route(new URL(link).pathname, page(title));
    server.route("/desk.xml", serve(RSS, linksFeed(items)));
    const adds = 40;
    for (let n = 0; n < adds; n++) server.route(`/added/${n}`, page(`Added ${n}`));
    const { feed } = await service.subscribe(`${server.origin}/desk.xml`);
    let added = 0;
    let addedWhenChecked = -1;
    // Two people adding pages back to back, while the feed is checked.
    const adder = async (first: number) => {
      for (let n = first; n < adds; n += 2) {
        await service.addPage(`${server.origin}/added/${n}`);
        added++;
      }
    };
    const check = service.checkFeed(feed).then((report) => {
      addedWhenChecked = added;
      return report;
    });
    const [report] = await Promise.all([check, adder(0), adder(1)]);
    expect(report.saved).toHaveLength(items.length);
    expect(addedWhenChecked).toBeLessThan(adds);
  });
});

describe("a news page's boilerplate", () => {
  const LEDE =
    "The harbour authority approved a new ferry terminal on Tuesday after a two-year review of its costs, officials said.";
  const REST = [
    "Construction is expected to begin in the spring; the authority said it would sign up contractors this month.",
    "The mayor, who writes a weekly newsletter for residents, said the town had waited a decade for a modern terminal.",
    "The terminal's website uses cookies only for ticket sales, the operator said, and its advertisement campaign starts in May.",
    "Books about the harbour are selling well this winter:",
    "By Kate Atkinson",
    "The harbour: a history in a hundred ships, out in March.",
  ];

  it("is left out of the saved article: its text starts with the story and keeps every line of it", async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Ferry terminal approved | Harbour News</title>
<meta property="og:title" content="Ferry terminal approved"><meta name="author" content="Jane Smith"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>Ferry terminal approved</h1>
<p>We use cookies to improve your experience. By continuing to browse this site you agree to our use of cookies.</p>
<p>By Jane Smith</p>
<p>Published 3 February 2026, 10:00 GMT</p>
<p>Sign up for our newsletter to get the latest harbour news every morning.</p>
<p>Advertisement</p>
<p>${LEDE}</p>
<div><p>ADVERTISEMENT</p></div>
${REST.map((text) => `<p>${text}</p>`).join("\n")}
<p>Story continues below advertisement</p>
<p>By Jane Smith</p>
<p>Read more: Harbour dredging to start next year</p>
<p>© 2026 Harbour News. All rights reserved.</p>
</article></main><footer><p>Subscribe to our newsletter</p></footer></body></html>`;
    server.route("/story", serve("text/html; charset=utf-8", html));
    const added = await service.addPage(`${server.origin}/story`);
    expect(added.firstParagraph).toBe(LEDE);
    const [article] = await articles();
    expect(article?.author).toBe("Jane Smith");
    expect(article?.paragraphs).toEqual([LEDE, ...REST]);
  });

  it("is left out of an item's own text: the line blogs add to their feeds", async () => {
    const story = [LEDE, ...REST.slice(0, 3)];
    const html = `${story.map((text) => `<p>${text}</p>`).join("")}<p>The post Ferry terminal approved appeared first on Harbour News.</p>`;
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour News</title><item><title>Ferry terminal approved</title><guid>hn-1</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate><content:encoded><![CDATA[${html}]]></content:encoded></item></channel></rss>`,
      ),
    );
    await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    const [article] = await articles();
    expect(article?.paragraphs).toEqual(story);
  });
});

describe("subscriptions", () => {
  const FEED = (origin: string) =>
    `<rss version="2.0"><channel><title>Harbour News</title><item><title>Story one</title><link>${origin}/story-1</link><guid>hn-1</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item></channel></rss>`;

  it("never saves an item again after the feed is removed and subscribed to again", async () => {
    server.route("/rss.xml", serve(RSS, FEED(server.origin)));
    server.route("/story-1", page("Story one"));
    const { feed } = await service.subscribe(`${server.origin}/rss.xml`);
    await service.checkDue();
    expect(service.unsubscribe(String(feed.id))?.id).toBe(feed.id);

    await service.subscribe(`${server.origin}/rss.xml`);
    clock += 20 * MINUTE;
    const [report] = await service.checkDue();
    expect(report?.saved).toEqual([]);
    expect((await articles()).map((article) => article.path)).toEqual([
      "feeds/harbour-news/2026-02-03-story-one.md",
    ]);
    expect(server.requests.filter((r) => r.path === "/story-1")).toHaveLength(1);
  });

  it("treats an address that differs only by its #fragment as the same feed", async () => {
    server.route("/rss.xml", serve(RSS, FEED(server.origin)));
    await service.subscribe(`${server.origin}/rss.xml`);
    await expect(service.subscribe(`${server.origin}/rss.xml#latest`)).rejects.toThrow(
      /already subscribed/,
    );
    expect(service.findFeed(`${server.origin}/rss.xml#latest`)?.url).toBe(
      `${server.origin}/rss.xml`,
    );
    expect(service.listFeeds()).toHaveLength(1);
  });

  function redirect(status: number, location: string) {
    return ((_request, response) => {
      response.writeHead(status, { location }).end();
    }) satisfies Parameters<TestServer["route"]>[1];
  }

  it("names the subscription an address redirects to instead of adding it again", async () => {
    server.route("/rss.xml", serve(RSS, FEED(server.origin)));
    server.route("/feed", redirect(301, "/rss.xml"));
    server.route("/latest", redirect(302, "/feed"));
    const { feed } = await service.subscribe(`${server.origin}/rss.xml`);

    for (const address of ["/feed", "/latest"]) {
      await expect(service.subscribe(`${server.origin}${address}`)).rejects.toThrow(
        `already subscribed to ${server.origin}/rss.xml as #${feed.id}`,
      );
    }
    expect(service.listFeeds().map((f) => f.url)).toEqual([`${server.origin}/rss.xml`]);
    // The feed is checked once, by its one subscription.
    const feedReads = () => server.requests.filter((r) => r.path === "/rss.xml").length;
    const before = feedReads();
    await service.checkDue();
    expect(feedReads() - before).toBe(1);
  });

  it("names the subscription that redirects to an address instead of adding that address", async () => {
    server.route("/rss.xml", serve(RSS, FEED(server.origin)));
    server.route("/feed", redirect(302, "/rss.xml"));
    const { feed } = await service.subscribe(`${server.origin}/feed`);

    await expect(service.subscribe(`${server.origin}/rss.xml`)).rejects.toThrow(
      `already subscribed to ${server.origin}/feed as #${feed.id}`,
    );
    expect(service.listFeeds()).toHaveLength(1);
  });

  it("treats an address written differently (case, trailing slash, empty query) as the same feed", async () => {
    server.route("/rss/", serve(RSS, FEED(server.origin)));
    server.route("/rss", serve(RSS, FEED(server.origin)));
    server.route("/rss?", serve(RSS, FEED(server.origin)));
    const { feed } = await service.subscribe(`${server.origin}/rss/`);

    const shouting = server.origin.replace("http://", "HTTP://");
    for (const address of [`${shouting}/rss`, `${server.origin}/rss?`]) {
      await expect(service.subscribe(address)).rejects.toThrow(`as #${feed.id}`);
    }
    expect(service.listFeeds()).toHaveLength(1);
  });
});

describe("removing a feed while it is checked", () => {
  it("saves and announces none of its items after that", async () => {
    const items = [1, 2, 3]
      .map(
        (n) =>
          `<item><title>Story ${n}</title><link>${server.origin}/story-${n}</link><guid>gone-${n}</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item>`,
      )
      .join("");
    server.route(
      "/rss.xml",
      serve(RSS, `<rss version="2.0"><channel><title>Going</title>${items}</channel></rss>`),
    );
    const announced: string[] = [];
    const announcing = anotherService({ onArticle: (article) => announced.push(article.title) });
    server.route("/story-1", page("Story 1"));
    // The feed is removed while its second item's page is being fetched.
    server.route("/story-2", (request, response) => {
      announcing.unsubscribe(`${server.origin}/rss.xml`);
      page("Story 2")(request, response);
    });
    server.route("/story-3", page("Story 3"));
    const { feed } = await announcing.subscribe(`${server.origin}/rss.xml`);
    const [report] = await announcing.checkDue();
    expect(report?.saved.map((article) => article.title)).toEqual(["Story 1"]);
    expect(announced).toEqual(["Story 1"]);
    expect((await articles()).map((article) => article.title)).toEqual(["Story 1"]);
    expect(server.requests.filter((r) => r.path === "/story-3")).toEqual([]);
    expect(store.item(feed.id, "gone-2")).toBeNull();
    expect(announcing.listFeeds()).toEqual([]);
    announcing.cancel();
  });
});

describe("two checks of the same feed at once", () => {
  const items = (origin: string) =>
    [1, 2, 3]
      .map(
        (n) =>
          `<item><title>Story ${n}</title><link>${origin}/story-${n}</link><guid>two-${n}</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item>`,
      )
      .join("");

  it("save each item once, as two processes sharing the data folder would", async () => {
    // The feed is answered only once both checks have asked for it, so both read the same
    // new items before either saves one.
    const waiting: Array<() => void> = [];
    let subscribed = false;
    const body = `<rss version="2.0"><channel><title>Shared</title>${items(server.origin)}</channel></rss>`;
    server.route("/rss.xml", (_request, response) => {
      const answer = () => response.writeHead(200, { "content-type": RSS }).end(body);
      if (!subscribed) {
        answer();
        return;
      }
      waiting.push(answer);
      if (waiting.length === 2) for (const release of waiting.splice(0)) release();
    });
    for (const n of [1, 2, 3]) server.route(`/story-${n}`, page(`Story ${n}`));
    await service.subscribe(`${server.origin}/rss.xml`);
    subscribed = true;
    const otherStore = FeedStore.open(dataDir);
    const other = anotherService({ store: otherStore });
    try {
      const [mine, theirs] = await Promise.all([service.checkDue(), other.checkDue()]);
      const saved = [...(mine[0]?.saved ?? []), ...(theirs[0]?.saved ?? [])];
      expect(saved.map((article) => article.title).sort()).toEqual([
        "Story 1",
        "Story 2",
        "Story 3",
      ]);
      expect((await articles()).map((article) => article.path).sort()).toEqual([
        "feeds/shared/2026-02-03-story-1.md",
        "feeds/shared/2026-02-03-story-2.md",
        "feeds/shared/2026-02-03-story-3.md",
      ]);
      for (const n of [1, 2, 3]) {
        expect(server.requests.filter((r) => r.path === `/story-${n}`)).toHaveLength(1);
      }
    } finally {
      other.cancel();
      otherStore.close();
    }
  });

  it("take over an item whose check stopped before saving it, once its claim has lapsed", async () => {
    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>Shared</title>${items(server.origin)}</channel></rss>`,
      ),
    );
    for (const n of [1, 2, 3]) server.route(`/story-${n}`, page(`Story ${n}`));
    const { feed } = await service.subscribe(`${server.origin}/rss.xml`);
    // A check in another process claimed the first item, then died.
    expect(
      store.claimItem(feed.id, "two-1", {
        now: clock,
        leaseMs: ITEM_CLAIM_LEASE_MS,
        maxAttempts: 3,
      }),
    ).toBe(true);
    const [first] = await service.checkDue();
    expect(first?.saved.map((article) => article.title)).toEqual(["Story 2", "Story 3"]);

    clock += ITEM_CLAIM_LEASE_MS;
    await service.checkAll();
    expect((await articles()).map((article) => article.title).sort()).toEqual([
      "Story 1",
      "Story 2",
      "Story 3",
    ]);
  });
});

describe("one article listed by two feeds", () => {
  it("is saved once, and the second feed's items for it are known from then on", async () => {
    server.route(
      "/a.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>Harbour News</title><item><title>Ferry terminal approved</title><link>${server.origin}/story#from-a</link><guid>hn-7</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item></channel></rss>`,
      ),
    );
    // The second feed lists the page under GUIDs of its own: once by its address, once by a
    // short link that redirects to it.
    const coast = `<rss version="2.0"><channel><title>Coast Daily</title>
<item><title>Terminal gets the go-ahead</title><link>${server.origin}/story#from-b</link><guid>cd-99</guid><pubDate>Tue, 03 Feb 2026 11:00:00 +0000</pubDate></item>
<item><title>Ferry news</title><link>${server.origin}/s/7</link><guid>cd-100</guid><pubDate>Tue, 03 Feb 2026 12:00:00 +0000</pubDate></item>
</channel></rss>`;
    server.route("/b.xml", (request, response) => {
      if (request.headers["if-none-match"] === '"b1"') response.writeHead(304).end();
      else response.writeHead(200, { "content-type": RSS, etag: '"b1"' }).end(coast);
    });
    server.route("/story", page("Ferry terminal approved"));
    server.route("/s/7", (_request, response) => {
      response.writeHead(301, { location: "/story" }).end();
    });
    const pageFetches = () =>
      server.requests.filter((r) => r.path === "/story" || r.path === "/s/7").length;

    await service.subscribe(`${server.origin}/a.xml`);
    await service.checkDue();
    const { feed: second } = await service.subscribe(`${server.origin}/b.xml`);
    const [report] = await service.checkDue();
    expect(report?.saved).toEqual([]);
    expect((await articles()).map((article) => article.path)).toEqual([
      "feeds/harbour-news/2026-02-03-ferry-terminal-approved.md",
    ]);
    expect(store.feedById(second.id)?.lastNewAt).toBeNull();

    // Nothing is left to try again: the next check is one 304, and no page is fetched.
    const fetched = pageFetches();
    clock += 20 * MINUTE;
    const next = (await service.checkDue()).find((checked) => checked.feed.id === second.id);
    expect(next?.notModified).toBe(true);
    expect(pageFetches()).toBe(fetched);
    expect(await articles()).toHaveLength(1);
  });

  it("stays out of the library when its file was deleted before the second feed lists it", async () => {
    const feed = (title: string, guid: string) =>
      `<rss version="2.0"><channel><title>${title}</title><item><title>Story</title><link>${server.origin}/story</link><guid>${guid}</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item></channel></rss>`;
    server.route("/a.xml", serve(RSS, feed("Harbour News", "hn-8")));
    server.route("/b.xml", serve(RSS, feed("Coast Daily", "cd-8")));
    server.route("/story", page("Story"));
    await service.subscribe(`${server.origin}/a.xml`);
    const [first] = await service.checkDue();
    await rm(path.join(contentDir, first?.saved[0]?.file ?? "missing"));

    await service.subscribe(`${server.origin}/b.xml`);
    const [second] = await service.checkDue();
    expect(second?.saved).toEqual([]);
    expect(await articles()).toEqual([]);
  });
});

describe("one page saved by two processes at once", () => {
  /**
   * Serves the page at `/story` only once it has been asked for `count` times, so that every
   * process has read it before any of them saves it.
   */
  function pageAnsweredTogether(count: number): void {
    const waiting: Array<() => void> = [];
    const html = articlePage({ title: "Ferry terminal approved", paragraphs: STORY });
    server.route("/story", (_request, response) => {
      waiting.push(() => response.writeHead(200, { "content-type": "text/html" }).end(html));
      if (waiting.length === count) for (const answer of waiting.splice(0)) answer();
    });
  }

  const feedOf = (title: string, guid: string) =>
    `<rss version="2.0"><channel><title>${title}</title><item><title>Ferry terminal approved</title><link>${server.origin}/story</link><guid>${guid}</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item></channel></rss>`;

  it("is saved once when two feeds list it, and both feeds know its file", async () => {
    server.route("/a.xml", serve(RSS, feedOf("Harbour News", "hn-1")));
    server.route("/b.xml", serve(RSS, feedOf("Coast Daily", "cd-1")));
    const { feed: first } = await service.subscribe(`${server.origin}/a.xml`);
    const { feed: second } = await service.subscribe(`${server.origin}/b.xml`);
    pageAnsweredTogether(2);
    const otherStore = FeedStore.open(dataDir);
    const other = anotherService({ store: otherStore });
    try {
      const reports = await Promise.all([service.checkFeed(first), other.checkFeed(second)]);
      const saved = reports.flatMap((report) => report.saved);
      expect(saved).toHaveLength(1);
      const library = await articles();
      expect(library.map((article) => article.path)).toEqual([saved[0]?.file]);
      expect(store.item(first.id, "hn-1")).toMatchObject({ state: "saved", file: saved[0]?.file });
      expect(store.item(second.id, "cd-1")).toMatchObject({ state: "saved", file: saved[0]?.file });
    } finally {
      other.cancel();
      otherStore.close();
    }
  });

  it("is saved once when it is added by link while a feed saves it", async () => {
    server.route("/a.xml", serve(RSS, feedOf("Harbour News", "hn-1")));
    const { feed } = await service.subscribe(`${server.origin}/a.xml`);
    pageAnsweredTogether(2);
    const otherStore = FeedStore.open(dataDir);
    const other = anotherService({ store: otherStore });
    try {
      const [report, added] = await Promise.all([
        service.checkFeed(feed),
        other.addPage(`${server.origin}/story`),
      ]);
      const library = await articles();
      expect(library).toHaveLength(1);
      expect(added.file).toBe(library[0]?.path);
      expect(added.existing).toBe(report.saved.length === 1);
      expect(store.item(feed.id, "hn-1")).toMatchObject({ state: "saved", file: added.file });
    } finally {
      other.cancel();
      otherStore.close();
    }
  });
});

describe("adding a page the library already has", () => {
  it("finds it through a #fragment, a link that redirects to it, or a feed that saved it", async () => {
    // Fragments name places in one page, wherever they appear: typed, in a redirect's
    // target, or in the link a feed gave for the page.
    server.route("/story-one", page("Story one"));
    server.route("/s/1", (_request, response) => {
      response.writeHead(301, { location: "/story-one#top" }).end();
    });
    const added = await service.addPage(`${server.origin}/story-one`);
    expect(added.existing).toBe(false);
    expect(await service.addPage(`${server.origin}/story-one#comments`)).toMatchObject({
      existing: true,
      file: added.file,
    });
    expect(await service.addPage(`${server.origin}/s/1`)).toMatchObject({
      existing: true,
      file: added.file,
    });

    server.route(
      "/rss.xml",
      serve(
        RSS,
        `<rss version="2.0"><channel><title>Harbour News</title><item><title>Story two</title><link>${server.origin}/story-two#ref=rss</link><guid>hn-2</guid><pubDate>Tue, 03 Feb 2026 10:00:00 +0000</pubDate></item></channel></rss>`,
      ),
    );
    server.route("/story-two", page("Story two"));
    await service.subscribe(`${server.origin}/rss.xml`);
    const [report] = await service.checkDue();
    expect(await service.addPage(`${server.origin}/story-two`)).toMatchObject({
      existing: true,
      file: report?.saved[0]?.file,
    });

    expect((await articles()).map((article) => article.title).sort()).toEqual([
      "Story one",
      "Story two",
    ]);
  });

  it("finds it by its address when its file cannot be read back, and says so plainly", async () => {
    const slowParser = new ParserThread(SLOW_ITEM_TIMEOUT_MS);
    const slowService = anotherService({ parser: slowParser });
    // Each saved file is spoilt in its own way: its front matter broken by an edit, its text
    // removed, or so much text added that reading it back takes longer than the parser may.
    const spoil: Record<string, (text: string) => string> = {
      "broken-front-matter": (text) => text.replace(/^---\n/, "---\nnote: [unclosed\n"),
      "no-text": (text) => text.slice(0, text.indexOf("\n---\n") + 5),
      "too-slow": (text) => text + "More *text*, with `code` in it.\n\n".repeat(50_000),
    };
    try {
      for (const [slug, spoilt] of Object.entries(spoil)) {
        server.route(`/${slug}`, page(`Story ${slug}`));
        const added = await slowService.addPage(`${server.origin}/${slug}`);
        const file = path.join(contentDir, added.file);
        await writeFile(file, spoilt(await readFile(file, "utf8")));

        const again = await slowService.addPage(`${server.origin}/${slug}#more`);
        expect(again).toMatchObject({ existing: true, readBack: false, file: added.file });
        expect(addedText(again)).toBe(
          `Already in the library: [${server.origin}/${slug}](${server.origin}/${slug})\n` +
            "Its file could not be read back, so its title and date are not shown here.\n" +
            `File: \`${added.file}\` (edit it to correct the title or date).`,
        );
        expect(server.requests.filter((r) => r.path === `/${slug}`)).toHaveLength(1);
      }
      expect((await readdir(path.join(contentDir, "added"))).sort()).toEqual([
        "story-broken-front-matter.md",
        "story-no-text.md",
        "story-too-slow.md",
      ]);
    } finally {
      slowService.cancel();
      await slowParser.close();
    }
  });
});
