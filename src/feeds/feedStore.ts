/**
 * Subscriptions and what the poller knows about each feed, kept in a small SQLite database
 * (better-sqlite3) under DATA_DIR so they survive restarts: the feed's title, its ETag and
 * Last-Modified for conditional requests, when it was last checked, when it last brought a new
 * article, its last error and the failures in a row that set its backoff. Also every item
 * already saved (or given up on), keyed by feed and GUID/link, so no item is fetched twice,
 * even after the feed is removed and subscribed to again.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export interface FeedRecord {
  id: number;
  url: string;
  /**
   * The address the feed was last read from, after redirects (null before its first read):
   * another address that leads there is the same feed.
   */
  finalUrl: string | null;
  title: string | null;
  /** Folder name under `content/feeds/`. */
  folder: string;
  etag: string | null;
  lastModified: string | null;
  addedAt: number;
  lastCheckedAt: number | null;
  lastNewAt: number | null;
  lastError: string | null;
  /** Failed checks in a row (0 after a success); sets the backoff. */
  failures: number;
  nextCheckAt: number;
}

/** `claimed`: a check is saving the item now (see {@link FeedStore.claimItem}). */
export type ItemState = "saved" | "failed" | "claimed";

export interface ItemRecord {
  state: ItemState;
  attempts: number;
  /** The saved file, relative to the content folder. */
  file: string | null;
  /** When the item was last saved, failed or claimed. */
  updatedAt: number;
}

/** Items of pages added by link (`/add`) are kept under this feed id. */
export const ADDED_PAGES = 0;
export const DATABASE_FILE = "feeds.sqlite";
/** How long a writer waits for another process's write before failing. */
const BUSY_TIMEOUT_MS = 5_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS feeds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL UNIQUE,
  title TEXT,
  folder TEXT NOT NULL UNIQUE,
  etag TEXT,
  last_modified TEXT,
  added_at INTEGER NOT NULL,
  last_checked_at INTEGER,
  last_new_at INTEGER,
  last_error TEXT,
  failures INTEGER NOT NULL DEFAULT 0,
  next_check_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS items (
  feed_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  url TEXT,
  file TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (feed_id, key)
);
CREATE INDEX IF NOT EXISTS items_by_url ON items (url);
CREATE TABLE IF NOT EXISTS former_feeds (
  url TEXT PRIMARY KEY,
  id INTEGER NOT NULL
);
`;

/**
 * Addresses are kept without their `#fragment` (it names a place in one page): a database
 * from before that rule has the ones it kept with one rewritten. Two subscriptions that
 * differ only by their fragments are one feed: the second is merged into the first (its
 * items' records with it), so no address names two subscriptions. In a stored address a
 * "#" can only start the fragment.
 */
const WITHOUT_FRAGMENT = (column: string): string =>
  `substr(${column}, 1, instr(${column}, '#') - 1)`;
const ADDRESSES_WITHOUT_FRAGMENTS = `
UPDATE OR IGNORE feeds SET url = ${WITHOUT_FRAGMENT("url")} WHERE instr(url, '#') > 0;
UPDATE OR IGNORE items SET feed_id = (
    SELECT kept.id FROM feeds AS kept, feeds AS twin
    WHERE twin.id = items.feed_id AND kept.url = ${WITHOUT_FRAGMENT("twin.url")}
  )
  WHERE feed_id IN (SELECT id FROM feeds WHERE instr(url, '#') > 0);
DELETE FROM items WHERE feed_id IN (SELECT id FROM feeds WHERE instr(url, '#') > 0);
DELETE FROM feeds WHERE instr(url, '#') > 0;
UPDATE OR IGNORE former_feeds SET url = ${WITHOUT_FRAGMENT("url")} WHERE instr(url, '#') > 0;
DELETE FROM former_feeds WHERE instr(url, '#') > 0;
UPDATE items SET url = ${WITHOUT_FRAGMENT("url")} WHERE instr(url, '#') > 0;
UPDATE OR IGNORE items SET key = ${WITHOUT_FRAGMENT("key")}
  WHERE feed_id = ${ADDED_PAGES} AND instr(key, '#') > 0;
DELETE FROM items WHERE feed_id = ${ADDED_PAGES} AND instr(key, '#') > 0;
`;

/** Adds `feeds.final_url` to a database from before it was kept. */
function addFinalUrlColumn(db: Database.Database): void {
  const columns = db.prepare("PRAGMA table_info(feeds)").all() as Array<{ name: string }>;
  if (!columns.some((column) => column.name === "final_url")) {
    db.exec("ALTER TABLE feeds ADD COLUMN final_url TEXT");
  }
}

interface FeedRow {
  id: number;
  url: string;
  final_url: string | null;
  title: string | null;
  folder: string;
  etag: string | null;
  last_modified: string | null;
  added_at: number;
  last_checked_at: number | null;
  last_new_at: number | null;
  last_error: string | null;
  failures: number;
  next_check_at: number;
}

function toRecord(row: FeedRow): FeedRecord {
  return {
    id: row.id,
    url: row.url,
    finalUrl: row.final_url,
    title: row.title,
    folder: row.folder,
    etag: row.etag,
    lastModified: row.last_modified,
    addedAt: row.added_at,
    lastCheckedAt: row.last_checked_at,
    lastNewAt: row.last_new_at,
    lastError: row.last_error,
    failures: row.failures,
    nextCheckAt: row.next_check_at,
  };
}

export class FeedStore {
  private constructor(private readonly db: Database.Database) {}

  /** Opens (creating when needed) the database in `dataDir`. */
  static open(dataDir: string): FeedStore {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.pragma("journal_mode = WAL");
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.exec(SCHEMA);
    db.transaction(() => db.exec(ADDRESSES_WITHOUT_FRAGMENTS))();
    db.transaction(() => addFinalUrlColumn(db)).immediate();
    return new FeedStore(db);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Adds a subscription, due at once. Null when the URL is already subscribed. A feed
   * subscribed to before gets its former number back, and with it the record of the items
   * already saved, so none of them is saved again.
   */
  addFeed(feed: {
    url: string;
    /** The address it was read from, after redirects. */
    finalUrl?: string | null;
    title: string | null;
    folder: string;
    now: number;
  }) {
    const add = this.db.transaction(() => {
      const former = this.formerFeedId(feed.url);
      const result = this.db
        .prepare(
          `INSERT INTO feeds (id, url, final_url, title, folder, added_at, next_check_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        )
        .run(former, feed.url, feed.finalUrl ?? null, feed.title, feed.folder, feed.now, feed.now);
      if (result.changes === 0) return null;
      this.db.prepare("DELETE FROM former_feeds WHERE url = ?").run(feed.url);
      return Number(result.lastInsertRowid);
    });
    const id = add();
    return id === null ? null : this.feedById(id);
  }

  /** The number a feed had when it was last subscribed to, if it was. */
  private formerFeedId(url: string): number | null {
    const row = this.db.prepare("SELECT id FROM former_feeds WHERE url = ?").get(url) as
      { id: number } | undefined;
    return row?.id ?? null;
  }

  feedById(id: number): FeedRecord | null {
    const row = this.db.prepare("SELECT * FROM feeds WHERE id = ?").get(id) as FeedRow | undefined;
    return row ? toRecord(row) : null;
  }

  feedByUrl(url: string): FeedRecord | null {
    const row = this.db.prepare("SELECT * FROM feeds WHERE url = ?").get(url) as
      FeedRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Whether a feed already uses `folder`. */
  folderTaken(folder: string): boolean {
    return this.db.prepare("SELECT 1 FROM feeds WHERE folder = ?").get(folder) !== undefined;
  }

  listFeeds(): FeedRecord[] {
    return (this.db.prepare("SELECT * FROM feeds ORDER BY id").all() as FeedRow[]).map(toRecord);
  }

  dueFeeds(now: number): FeedRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM feeds WHERE next_check_at <= ? ORDER BY next_check_at")
      .all(now) as FeedRow[];
    return rows.map(toRecord);
  }

  /**
   * Removes a subscription. Saved files stay, and so does the record of its items: a feed
   * subscribed to again does not save them a second time.
   */
  removeFeed(id: number): boolean {
    const remove = this.db.transaction(() => {
      const feed = this.feedById(id);
      if (!feed) return false;
      this.db
        .prepare(
          `INSERT INTO former_feeds (url, id) VALUES (?, ?)
           ON CONFLICT (url) DO UPDATE SET id = excluded.id`,
        )
        .run(feed.url, id);
      return this.db.prepare("DELETE FROM feeds WHERE id = ?").run(id).changes > 0;
    });
    return remove();
  }

  recordCheck(
    id: number,
    check: {
      now: number;
      nextCheckAt: number;
      /** Null keeps the stored title. */
      title: string | null;
      /** The address the feed was read from, after redirects. */
      finalUrl: string;
      /** Validators for the next conditional request; null forgets them. */
      etag: string | null;
      lastModified: string | null;
      newArticles: number;
    },
  ): void {
    this.db
      .prepare(
        `UPDATE feeds SET title = COALESCE(?, title), final_url = ?, etag = ?, last_modified = ?,
           last_checked_at = ?, last_new_at = CASE WHEN ? > 0 THEN ? ELSE last_new_at END,
           last_error = NULL, failures = 0, next_check_at = ?
         WHERE id = ?`,
      )
      .run(
        check.title,
        check.finalUrl,
        check.etag,
        check.lastModified,
        check.now,
        check.newArticles,
        check.now,
        check.nextCheckAt,
        id,
      );
  }

  recordFailure(id: number, failure: { now: number; nextCheckAt: number; error: string }): void {
    this.db
      .prepare(
        `UPDATE feeds SET last_checked_at = ?, last_error = ?, failures = failures + 1,
           next_check_at = ? WHERE id = ?`,
      )
      .run(failure.now, failure.error, failure.nextCheckAt, id);
  }

  /** Makes every feed due now (a manual check). */
  makeAllDue(now: number): void {
    this.db.prepare("UPDATE feeds SET next_check_at = ?").run(now);
  }

  item(feedId: number, key: string): ItemRecord | null {
    const row = this.db
      .prepare(
        "SELECT state, attempts, file, updated_at AS updatedAt FROM items WHERE feed_id = ? AND key = ?",
      )
      .get(feedId, key) as ItemRecord | undefined;
    return row ?? null;
  }

  /**
   * Claims an item for the check about to save it: true when no other check (in this process
   * or another one sharing the database) has it, nor saved it, nor gave up on it. A claim older
   * than `leaseMs` is taken over, so a check that died does not hold its items for ever.
   */
  claimItem(
    feedId: number,
    key: string,
    claim: { now: number; leaseMs: number; maxAttempts: number },
  ): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO items (feed_id, key, url, file, state, attempts, updated_at)
         VALUES (?, ?, NULL, NULL, 'claimed', 0, ?)
         ON CONFLICT (feed_id, key) DO UPDATE SET state = 'claimed', updated_at = excluded.updated_at
         WHERE (items.state = 'failed' AND items.attempts < ?)
            OR (items.state = 'claimed' AND items.updated_at <= ?)`,
      )
      .run(feedId, key, claim.now, claim.maxAttempts, claim.now - claim.leaseMs);
    return result.changes > 0;
  }

  /**
   * Gives up a claim from {@link claimItem} without saving the item: an item that failed
   * before is failed again, with the attempts it had; one never tried is forgotten.
   */
  releaseItem(feedId: number, key: string): void {
    const release = this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE items SET state = 'failed'
           WHERE feed_id = ? AND key = ? AND state = 'claimed' AND attempts > 0`,
        )
        .run(feedId, key);
      this.db
        .prepare("DELETE FROM items WHERE feed_id = ? AND key = ? AND state = 'claimed'")
        .run(feedId, key);
    });
    release();
  }

  /**
   * The files saved for the page at `url`, oldest first: added by link at that address, or
   * saved from a feed or by link with that as the page's final address.
   */
  savedFilesOf(url: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT file FROM items WHERE state = 'saved' AND file IS NOT NULL
           AND (url = ? OR (feed_id = ? AND key = ?))
         ORDER BY updated_at`,
      )
      .all(url, ADDED_PAGES, url) as Array<{ file: string }>;
    return [...new Set(rows.map((row) => row.file))];
  }

  /**
   * Saves the page at `url` once, whoever else (in this process or another one sharing the
   * database) is saving it at the same time. In one write transaction, which other processes
   * wait for: the file that `known` picks among the files saved for the page (see
   * {@link savedFilesOf}) when there is one; otherwise `save` runs and its result is returned.
   * `save` must be synchronous: it puts the page's file in place and records it.
   */
  savePageOnce<T>(
    url: string,
    known: (files: string[]) => string | undefined,
    save: () => T,
  ): { existing: string } | { saved: T } {
    const once = this.db.transaction(() => {
      const existing = known(this.savedFilesOf(url));
      return existing === undefined ? { saved: save() } : { existing };
    });
    return once.immediate();
  }

  recordItem(
    feedId: number,
    key: string,
    item: { state: ItemState; url: string | null; file: string | null; now: number },
  ): void {
    this.db
      .prepare(
        `INSERT INTO items (feed_id, key, url, file, state, attempts, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT (feed_id, key) DO UPDATE SET url = excluded.url, file = excluded.file,
           state = excluded.state, attempts = attempts + 1, updated_at = excluded.updated_at`,
      )
      .run(feedId, key, item.url, item.file, item.state, item.now);
  }
}
