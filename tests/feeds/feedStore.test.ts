import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { ADDED_PAGES, DATABASE_FILE, FeedStore } from "../../src/feeds/feedStore.ts";

let dataDir: string | null = null;

afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = null;
});

describe("a feed database kept by an earlier version", () => {
  it("finds subscriptions and saved pages it stored with a #fragment by their address", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "citebot-feedstore-"));
    const feedUrl = "https://news.example.com/feed.xml";
    const pageUrl = "https://news.example.com/story";
    // What an earlier version wrote: addresses as typed, fragments and all.
    FeedStore.open(dataDir).close();
    const old = new Database(path.join(dataDir, DATABASE_FILE));
    old
      .prepare("INSERT INTO feeds (url, folder, added_at) VALUES (?, 'harbour-news', 0)")
      .run(`${feedUrl}#top`);
    const insertItem = old.prepare(
      "INSERT INTO items (feed_id, key, url, file, state, updated_at) VALUES (?, ?, ?, ?, 'saved', 0)",
    );
    insertItem.run(1, "guid-1", `${pageUrl}#ref=rss`, "feeds/harbour-news/story.md");
    insertItem.run(ADDED_PAGES, `${pageUrl}-two#comments`, `${pageUrl}-two`, "added/two.md");
    old.close();

    const store = FeedStore.open(dataDir);
    try {
      // `/feed remove` with the address finds the subscription; adding it again adds none.
      expect(store.feedByUrl(feedUrl)?.id).toBe(1);
      expect(store.addFeed({ url: feedUrl, title: null, folder: "other", now: 1 })).toBeNull();
      // `/add` finds the pages already saved.
      expect(store.savedFilesOf(pageUrl)).toEqual(["feeds/harbour-news/story.md"]);
      expect(store.savedFilesOf(`${pageUrl}-two`)).toEqual(["added/two.md"]);
    } finally {
      store.close();
    }
  });
});

describe("a feed database from before final addresses were kept", () => {
  it("keeps its subscriptions and learns where each feed is read from at its next check", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "citebot-feedstore-"));
    const old = new Database(path.join(dataDir, DATABASE_FILE));
    old.exec(`CREATE TABLE feeds (
      id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, title TEXT,
      folder TEXT NOT NULL UNIQUE, etag TEXT, last_modified TEXT, added_at INTEGER NOT NULL,
      last_checked_at INTEGER, last_new_at INTEGER, last_error TEXT,
      failures INTEGER NOT NULL DEFAULT 0, next_check_at INTEGER NOT NULL DEFAULT 0)`);
    old
      .prepare("INSERT INTO feeds (url, folder, added_at) VALUES (?, 'harbour-news', 0)")
      .run("http://news.example.com/feed");
    old.close();

    const store = FeedStore.open(dataDir);
    try {
      expect(store.feedById(1)).toMatchObject({
        url: "http://news.example.com/feed",
        finalUrl: null,
      });
      store.recordCheck(1, {
        now: 1,
        nextCheckAt: 2,
        title: null,
        finalUrl: "https://news.example.com/rss.xml",
        etag: null,
        lastModified: null,
        newArticles: 0,
      });
      expect(store.feedById(1)?.finalUrl).toBe("https://news.example.com/rss.xml");
    } finally {
      store.close();
    }
    // Opened again, as every start does, it is left as it is.
    FeedStore.open(dataDir).close();
  });
});

describe("a feed database with two subscriptions differing by their fragments", () => {
  it("merges them into one subscription that knows the items of both", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "citebot-feedstore-"));
    const feedUrl = "https://news.example.com/rss";
    FeedStore.open(dataDir).close();
    const old = new Database(path.join(dataDir, DATABASE_FILE));
    const addFeed = old.prepare("INSERT INTO feeds (url, folder, added_at) VALUES (?, ?, 0)");
    addFeed.run(`${feedUrl}#a`, "news-a");
    addFeed.run(`${feedUrl}#b`, "news-b");
    const insertItem = old.prepare(
      "INSERT INTO items (feed_id, key, url, file, state, updated_at) VALUES (?, ?, ?, ?, 'saved', 0)",
    );
    insertItem.run(1, "guid-1", `${feedUrl}/one`, "feeds/news-a/one.md");
    insertItem.run(2, "guid-2", `${feedUrl}/two`, "feeds/news-b/two.md");
    // A former subscription kept with its fragment is known by its address too.
    old
      .prepare("INSERT INTO former_feeds (url, id) VALUES (?, 9)")
      .run("https://old.example.com/feed#x");
    old.close();

    const store = FeedStore.open(dataDir);
    try {
      // One subscription, known by its address, that knows both items.
      expect(store.listFeeds().map((feed) => feed.url)).toEqual([feedUrl]);
      expect(store.feedByUrl(feedUrl)?.id).toBe(1);
      expect(store.savedFilesOf(`${feedUrl}/two`)).toEqual(["feeds/news-b/two.md"]);
      expect(store.claimItem(1, "guid-2", { now: 1, leaseMs: 60_000, maxAttempts: 3 })).toBe(false);
      // Subscribing to the former feed again takes its number back, and its items' records.
      const again = store.addFeed({
        url: "https://old.example.com/feed",
        title: null,
        folder: "old",
        now: 1,
      });
      expect(again?.id).toBe(9);
    } finally {
      store.close();
    }
  });
});

describe("claims on items", () => {
  it("gives up a claim on an item that failed before without forgetting its attempts", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "citebot-feedstore-"));
    const store = FeedStore.open(dataDir);
    try {
      const feed = store.addFeed({
        url: "https://news.example.com/feed",
        title: null,
        folder: "news",
        now: 0,
      });
      if (feed === null) throw new Error("the feed was not added");
      const feedId = feed.id;
      const claim = { now: 1_000, leaseMs: 60_000, maxAttempts: 3 };
      // Failed twice already; a third try is claimed, then given up (its feed was removed).
      store.recordItem(feedId, "guid-1", { state: "failed", url: null, file: null, now: 0 });
      store.recordItem(feedId, "guid-1", { state: "failed", url: null, file: null, now: 0 });
      expect(store.claimItem(feedId, "guid-1", claim)).toBe(true);
      store.releaseItem(feedId, "guid-1");
      // One try is left, not three: after it, the item is given up on.
      expect(store.claimItem(feedId, "guid-1", claim)).toBe(true);
      store.recordItem(feedId, "guid-1", { state: "failed", url: null, file: null, now: 0 });
      expect(store.claimItem(feedId, "guid-1", claim)).toBe(false);
    } finally {
      store.close();
    }
  });
});
