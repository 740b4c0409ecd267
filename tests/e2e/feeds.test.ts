/**
 * Following a feed through Discord: a server manager subscribes with /feed add, the poller
 * fetches the feed from a local news site, the article is saved to the content folder, the
 * library picks it up, it is announced, and the next /ask quotes it with its date.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CHANNEL_ID } from "../fakeDiscord/index.ts";
import { articlePage, serve, startTestServer } from "../feeds/server.ts";
import type { TestServer } from "../feeds/server.ts";
import type { Harness } from "./harness.ts";
import {
  answerOf,
  ask,
  callbackOf,
  embedOf,
  expectPingsNoOneBut,
  messagesSent,
  slash,
  startHarness,
} from "./harness.ts";
import type { APIInteraction } from "discord.js";

const MANAGER = {
  member_permissions: (
    PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel
  ).toString(),
};
const EPHEMERAL = 64;
const COMET_TITLE = "Lindenfeld observatory spots a new comet";
const COMET_STORY = [
  "Astronomers at the Lindenfeld observatory discovered a new comet on Monday night, the observatory said in a statement.",
  "The comet, named C/2026 E1, will be visible with binoculars in the northern sky until the end of April.",
];

/** Fetching and parsing may outlast the harness's usual wait on a busy machine. */
const FETCH_WAIT_MS = 30_000;

/** The edit of a reply deferred privately, waiting as long as a fetch may take. */
async function deferredReply(interaction: APIInteraction): Promise<Record<string, unknown>> {
  // Feeds and pages are a server manager's business: only they see the outcome.
  expect(await callbackOf(h.fake, interaction)).toMatchObject({
    type: 5,
    data: { flags: EPHEMERAL },
  });
  const edit = await h.fake.waitForRequest(
    (r) =>
      r.method === "PATCH" &&
      decodeURIComponent(r.path) ===
        `/webhooks/${h.fake.applicationId}/${interaction.token}/messages/@original`,
    FETCH_WAIT_MS,
  );
  return edit.body as Record<string, unknown>;
}

let h: Harness;
let site: TestServer;
let dataDir: string;

beforeAll(async () => {
  site = await startTestServer();
  site.route(
    "/feed.xml",
    serve(
      "application/rss+xml",
      `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Courier</title><link>${site.origin}/</link>
<item><title>${COMET_TITLE}</title><link>${site.origin}/science/comet</link>
<guid isPermaLink="true">${site.origin}/science/comet</guid>
<pubDate>Mon, 02 Mar 2026 22:40:00 -0500</pubDate>
<description><![CDATA[<p>A new <b>comet</b>.</p>]]></description></item>
</channel></rss>`,
    ),
  );
  site.route(
    "/science/comet",
    serve("text/html", articlePage({ title: COMET_TITLE, paragraphs: COMET_STORY })),
  );
  site.route(
    "/opinion/parks",
    serve(
      "text/html",
      articlePage({
        title: "Why the city needs more parks",
        paragraphs: [
          "The city has fewer parks per resident than any other in the region, a council report found this winter.",
          "New parks would cool the streets in summer and give children somewhere to play, the report said.",
        ],
        jsonLdDate: "2026-02-27T07:00:00+01:00",
      }),
    ),
  );
  dataDir = await mkdtemp(path.join(tmpdir(), "citebot-e2e-feeds-"));
  h = await startHarness({ feeds: { dataDir, announceChannelId: DEFAULT_CHANNEL_ID } });
});

afterAll(async () => {
  await h?.close();
  await site?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("following a feed", () => {
  it("refuses members without Manage Server", async () => {
    const refused = await callbackOf(
      h.fake,
      slash(h.fake, "feed", [
        {
          name: "add",
          type: 1,
          options: [{ name: "url", type: 3, value: `${site.origin}/feed.xml` }],
        },
      ] as never),
    );
    expect(refused.data.flags).toBe(EPHEMERAL);
    expect(String(refused.data.content)).toContain("Manage Server");
  });

  it("subscribes, saves the new article, announces it, and /ask quotes it with its date", async () => {
    const added = await deferredReply(
      slash(
        h.fake,
        "feed",
        [
          {
            name: "add",
            type: 1,
            options: [{ name: "url", type: 3, value: `${site.origin}/feed.xml` }],
          },
        ] as never,
        MANAGER,
      ),
    );
    expect(String(added.content)).toMatch(/^Subscribed to \[Valley Courier\]/);

    // The poller fetches the feed and the page; the library picks the saved file up.
    await h.fake.waitUntil(
      () => h.context.library.current.articles.some((article) => article.title === COMET_TITLE),
      FETCH_WAIT_MS,
      "the feed article in the library",
    );
    const article = h.context.library.current.articles.find((a) => a.title === COMET_TITLE);
    expect(article).toMatchObject({
      date: "2026-03-02",
      source: "Valley Courier",
      url: `${site.origin}/science/comet`,
      path: "feeds/valley-courier/2026-03-02-lindenfeld-observatory-spots-a-new-comet.md",
    });
    const file = await readFile(path.join(h.contentDir, article?.path ?? ""), "utf8");
    expect(file).toMatch(
      /^---\ntitle: Lindenfeld observatory spots a new comet\ndate: '2026-03-02'\n/,
    );

    const answer = await answerOf(
      h.fake,
      ask(h.fake, "What did the Lindenfeld observatory discover?"),
    );
    const description = String(embedOf(answer).description);
    // The quote, word for word (the words of the question are in bold).
    expect(description.replace(/\*\*/g, "")).toContain(
      "> Astronomers at the Lindenfeld observatory discovered a new comet on Monday night",
    );
    expect(description).toContain("2026-03-02");
    expect(description).toContain(COMET_TITLE);

    const announcement = await h.fake.waitForRequest(
      (r) => r.method === "POST" && r.path === `/channels/${DEFAULT_CHANNEL_ID}/messages`,
    );
    const body = announcement.body as { content: string; allowed_mentions: unknown };
    expect(body.content).toContain(`[${COMET_TITLE}](${site.origin}/science/comet)`);
    expect(body.content).toContain("2026-03-02");
    expect(body.content).toContain(
      "> Astronomers at the Lindenfeld observatory discovered a new comet on Monday night",
    );
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it("lists the feed with its last check, and removes it", async () => {
    const list = await deferredReply(
      slash(h.fake, "feed", [{ name: "list", type: 1 }] as never, MANAGER),
    );
    const text = String(list.content);
    expect(text).toContain("**1.** [Valley Courier]");
    expect(text).toMatch(/checked <t:\d+:R> · last new article <t:\d+:R>/);
    expect(text).not.toContain("last error");

    const removed = await deferredReply(
      slash(
        h.fake,
        "feed",
        [{ name: "remove", type: 1, options: [{ name: "feed", type: 3, value: "1" }] }] as never,
        MANAGER,
      ),
    );
    expect(String(removed.content)).toMatch(/^Unsubscribed from \[Valley Courier\]\(http:\/\//);
    const empty = await answerOf(
      h.fake,
      slash(h.fake, "feed", [{ name: "list", type: 1 }] as never, MANAGER),
    );
    expect(String(empty.content)).toContain("No feeds yet");
  });
});

describe("/add", () => {
  it("saves one page and replies with its title and date as read", async () => {
    const reply = await deferredReply(
      slash(
        h.fake,
        "add",
        [{ name: "url", type: 3, value: `${site.origin}/opinion/parks` }],
        MANAGER,
      ),
    );
    const text = String(reply.content);
    expect(text).toContain("Added: [Why the city needs more parks]");
    expect(text).toContain("dated 2026-02-27");
    expect(text).toContain("added/2026-02-27-why-the-city-needs-more-parks.md");
  });

  it("refuses a private address", async () => {
    const reply = await deferredReply(
      slash(
        h.fake,
        "add",
        [{ name: "url", type: 3, value: "http://169.254.169.254/latest/meta-data/" }],
        MANAGER,
      ),
    );
    expect(String(reply.content)).toMatch(/Could not read the page: refused: 169\.254\.169\.254/);
  });
});

describe("feeds that are off", () => {
  it("say why: the feed database under DATA_DIR cannot be opened", async () => {
    const notAFolder = path.join(await mkdtemp(path.join(tmpdir(), "citebot-e2e-off-")), "file");
    await writeFile(notAFolder, "not a folder");
    const off = await startHarness({ feeds: { dataDir: notAFolder } });
    try {
      for (const command of [
        slash(off.fake, "feed", [{ name: "list", type: 1 }] as never, MANAGER),
        slash(off.fake, "add", [{ name: "url", type: 3, value: `${site.origin}/x` }], MANAGER),
      ]) {
        const reply = await callbackOf(off.fake, command);
        expect(reply.data.flags).toBe(EPHEMERAL);
        const text = String(reply.data.content);
        expect(text).toContain("cannot open the database where it keeps its feeds");
        expect(text).not.toContain("library file");
      }
      for (const message of messagesSent(off.fake)) expectPingsNoOneBut(message);
    } finally {
      await off.close();
      await rm(path.dirname(notAFolder), { recursive: true, force: true });
    }
  });
});

describe("every message the bot sent above", () => {
  it("pings no one: replies with pages' titles, feed lists, refusals and announcements", () => {
    const messages = messagesSent(h.fake);
    expect(messages.length).toBeGreaterThan(8);
    for (const message of messages) expectPingsNoOneBut(message);
  });
});
