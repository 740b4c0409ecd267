/**
 * Following feeds and adding pages by link: subscribing (the feed is fetched once to check
 * it is one), checking a feed (a conditional request; each new item's page fetched, its
 * article extracted and saved under `content/feeds/<feed>/`), and saving one page (`/add`).
 * Everything fetched goes through {@link safeFetch}'s limits; a feed or page that breaks a
 * limit costs one log line and a `last error`, never the bot.
 */
import { existsSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../ops/logger.ts";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TOTAL_TIMEOUT_MS,
  FetchError,
  safeFetch,
} from "../net/safeFetch.ts";
import type { FetchLimits, FetchResult } from "../net/safeFetch.ts";
import {
  articleBaseName,
  claimFreeName,
  removeTemporary,
  slugify,
  writeTemporary,
} from "./articleFile.ts";
import type { ArticleToSave } from "./articleFile.ts";
import type { TextBlock } from "./extractArticle.ts";
import { ADDED_PAGES } from "./feedStore.ts";
import { FeedUserError } from "./feedErrors.ts";
import type { FeedRecord, FeedStore } from "./feedStore.ts";
import { FEED_MEDIA_TYPES, FeedFormatError, PAGE_MEDIA_TYPES, ParseError } from "./formats.ts";
import type { FeedItem, ParsedFeed } from "./parseFeed.ts";
import type { ParserJobs, ParserThread } from "./parserThread.ts";

/** What a feed is asked for as: feeds first, anything else (a page naming its feed) after. */
const FEED_ACCEPT =
  "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5";
/** Largest feed document read. A 10,000-item feed is about 5 MB; longer ones are refused. */
export const FEED_MAX_BYTES = 5 * 1024 * 1024;
/** Largest article page read (news pages are 0.1–2 MB of HTML). */
export const PAGE_MAX_BYTES = 5 * 1024 * 1024;
/** Items of one feed document considered; the rest of a huge feed is ignored (and logged). */
export const MAX_FEED_ITEMS = 500;
/**
 * New articles fetched from one feed per check. More wait for the next check (the feed's
 * validators are then not kept, so that check reads the whole feed again; the same goes for
 * items that failed and are to be tried again).
 */
export const MAX_NEW_PER_CHECK = 25;
/** Attempts at an item whose page cannot be read (and that has no text of its own). */
export const MAX_ITEM_ATTEMPTS = 3;
/**
 * Time one check of a feed may spend saving its new items; the items left are saved at the
 * next check. A page's fetch and parse have their own limits (20 s and 30 s).
 */
export const FEED_CHECK_BUDGET_MS = 2 * 60 * 1000;
/**
 * How long a check's claim on an item holds (see {@link FeedStore.claimItem}): longer than one
 * item's fetch and parses take, so only a check that died loses its items to the next one.
 */
export const ITEM_CLAIM_LEASE_MS = 10 * 60 * 1000;
/** Fewest characters of item text used as the article when its page cannot be read. */
const MIN_FALLBACK_CHARS = 200;
/** Checks are spread by ± this fraction of the interval, so feeds are not all polled at once. */
export const POLL_JITTER = 0.1;
/** The longest wait after failures in a row (the backoff doubles up to this). */
export const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;
/** Longest error message kept for `/feed list`. */
const MAX_ERROR_CHARS = 300;
/** Folder under the content folder that holds feed articles, one sub-folder per feed. */
export const FEEDS_FOLDER = "feeds";
/** Folder under the content folder that holds pages added by link. */
export const ADDED_FOLDER = "added";

export interface FeedServiceOptions {
  store: FeedStore;
  /**
   * Where feeds are parsed and pages extracted (off the main thread): feed checks on it, and
   * what someone waits for (`/add`, `/feed add`) on its `forUser`.
   */
  parser: ParserThread;
  /** The content folder articles are saved in. */
  contentDir: string;
  logger: Logger;
  /** Time between two checks of a feed. */
  intervalMs: number;
  /** Allows loopback addresses (tests only). */
  allowLoopback: boolean;
  now?: () => number;
  /** Source of randomness for the jitter (default Math.random). */
  random?: () => number;
  /** Called after each new article from a feed is saved. */
  onArticle?: (article: SavedArticle) => void;
  /** Time one check of a feed may spend saving items (default {@link FEED_CHECK_BUDGET_MS}). */
  checkBudgetMs?: number;
}

export interface SavedArticle {
  title: string;
  date: string | null;
  url: string;
  source: string | null;
  /** Saved file, relative to the content folder. */
  file: string;
  firstParagraph: string | null;
  /** The feed it came from; null for a page added by link. */
  feed: FeedRecord | null;
}

/** A page `/add` was asked for: saved now, or found in the library already. */
export interface AddedPage extends SavedArticle {
  /** The library had the page already: nothing was saved. */
  existing: boolean;
  /**
   * Whether the title and date are as the file holds them. False for a page saved earlier
   * whose file could not be read back (its front matter or text edited away, or too slow to
   * read): its title is then the page's address, and its date unknown.
   */
  readBack: boolean;
}

export interface CheckReport {
  feed: FeedRecord;
  notModified: boolean;
  saved: SavedArticle[];
  /** New items left for a later check by the per-check cap. */
  deferred: number;
  error: string | null;
}

export { FeedUserError };

/**
 * An error as a feed's log lines and `/feed list` show it (to the server's admins): with
 * what went wrong inside the parser, which a user adding a page is not shown.
 */
function errorText(err: unknown): string {
  const said = err instanceof Error ? err.message : String(err);
  const message =
    err instanceof ParseError && err.detail !== null ? `${said} (${err.detail})` : said;
  return message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS)}…` : message;
}

function plainLength(blocks: readonly TextBlock[]): number {
  return blocks.reduce(
    (sum, block) => sum + (block.kind === "paragraph" ? block.text.length : 0),
    0,
  );
}

export class FeedService {
  private readonly now: () => number;
  private readonly random: () => number;
  private cancelled = false;

  constructor(private readonly options: FeedServiceOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get store(): FeedStore {
    return this.options.store;
  }

  private limits(maxBytes: number, mediaTypes: readonly string[]): FetchLimits {
    return {
      allowLoopback: this.options.allowLoopback,
      maxBytes,
      maxRedirects: DEFAULT_MAX_REDIRECTS,
      connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
      totalTimeoutMs: DEFAULT_TOTAL_TIMEOUT_MS,
      mediaTypes,
    };
  }

  /**
   * The wait before the next check after `failures` failures in a row: the interval doubled
   * for each, spread by ±{@link POLL_JITTER}; at the day it never exceeds, spread below it.
   */
  private delayAfter(failures: number): number {
    const base = this.options.intervalMs * 2 ** failures;
    const random = this.random();
    if (base * (1 + POLL_JITTER) <= MAX_BACKOFF_MS) {
      return Math.round(base * (1 + POLL_JITTER * (2 * random - 1)));
    }
    return Math.round(MAX_BACKOFF_MS * (1 - 2 * POLL_JITTER * (1 - random)));
  }

  private async fetchFeed(
    url: string,
    validators: { etag: string | null; lastModified: string | null },
    parser: ParserJobs,
  ) {
    const headers: Record<string, string> = { accept: FEED_ACCEPT };
    if (validators.etag) headers["if-none-match"] = validators.etag;
    if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
    const response = await safeFetch(url, {
      limits: this.limits(FEED_MAX_BYTES, FEED_MEDIA_TYPES),
      headers,
    });
    if (response.notModified) {
      // "Not modified" answers a question only when one was asked.
      if (!validators.etag && !validators.lastModified) {
        throw new FetchError("http-status", "the server answered 304 to a plain request", 304);
      }
      return { response, feed: null };
    }
    return { response, feed: await this.parseFetchedFeed(url, response, parser) };
  }

  /** The feed fetched from `url` (as `response`), parsed by `parser`. */
  private async parseFetchedFeed(
    url: string,
    response: FetchResult,
    parser: ParserJobs,
  ): Promise<ParsedFeed> {
    const feed = await parser.parseFeed({
      body: response.body,
      contentType: response.headers["content-type"] ?? "",
      mediaType: response.mediaType,
      feedUrl: response.url,
      maxItems: MAX_FEED_ITEMS,
    });
    if (feed.listed > MAX_FEED_ITEMS) {
      this.options.logger.warn("feed lists too many items; only the first ones are read", {
        url,
        listed: feed.listed,
        read: MAX_FEED_ITEMS,
      });
    }
    return feed;
  }

  /**
   * The feed to subscribe to for the address `url`: the feed there, or, when it is a web page,
   * the first feed the page names (`<link rel="alternate" type="application/rss+xml">`), as
   * feed readers find a site's feed from its home page. A page that names none is read as a
   * feed all the same: some servers call their feeds web pages.
   */
  private async discoverFeed(
    url: string,
  ): Promise<{ url: string; finalUrl: string; feed: ParsedFeed }> {
    const parser = this.options.parser.forUser;
    const response = await safeFetch(url, {
      limits: this.limits(FEED_MAX_BYTES, [...FEED_MEDIA_TYPES, ...PAGE_MEDIA_TYPES]),
      headers: { accept: FEED_ACCEPT },
    });
    if (response.notModified) {
      throw new FetchError("http-status", "the server answered 304 to a plain request", 304);
    }
    const finalUrl = response.url;
    if (!PAGE_MEDIA_TYPES.includes(response.mediaType)) {
      return { url, finalUrl, feed: await this.parseFetchedFeed(url, response, parser) };
    }
    const contentType = response.headers["content-type"] ?? "";
    const [named] = await parser.feedLinks(response.body, contentType, response.url);
    if (named === undefined) {
      try {
        return { url, finalUrl, feed: await this.parseFetchedFeed(url, response, parser) };
      } catch (err) {
        if (!(err instanceof FeedFormatError)) throw err;
        throw new FeedUserError(
          "Could not read the feed: that address is a web page that names no feed",
        );
      }
    }
    const feedUrl = withoutFragment(named);
    const read = await this.fetchFeed(feedUrl, { etag: null, lastModified: null }, parser);
    // A feed answering "not modified" to a plain request is refused by fetchFeed already.
    if (!read.feed) throw new FeedUserError(`Could not read the feed at ${feedUrl}`);
    return { url: feedUrl, finalUrl: read.response.url, feed: read.feed };
  }

  /**
   * Subscribes to a feed after fetching it once. Throws {@link FeedUserError} with the reason,
   * also when the feed is subscribed to already, under this address or another one leading to
   * it (written differently, or redirected to the same place).
   */
  async subscribe(rawUrl: string): Promise<{ feed: FeedRecord; items: number }> {
    let parsed: ParsedFeed | null;
    let url: string;
    let finalUrl: string;
    try {
      ({ url, finalUrl, feed: parsed } = await this.discoverFeed(withoutFragment(rawUrl)));
    } catch (err) {
      throw this.userError(err, "the feed");
    }
    this.refuseIfSubscribed([url, finalUrl]);
    const title = parsed?.title ?? null;
    const base = slugify(title ?? new URL(url).hostname, "feed");
    let folder = base;
    for (let n = 2; this.store.folderTaken(folder); n++) folder = `${base}-${n}`;
    const feed = this.store.addFeed({ url, finalUrl, title, folder, now: this.now() });
    if (!feed) {
      this.refuseIfSubscribed([url]);
      throw new FeedUserError(`already subscribed to ${url}`);
    }
    this.options.logger.info("feed subscribed", { url, title, folder });
    return { feed, items: parsed?.items.length ?? 0 };
  }

  /**
   * Throws "already subscribed" naming the subscription that any of `addresses` leads to:
   * one with the same address or last read from it, compared as {@link comparableAddress}.
   */
  private refuseIfSubscribed(addresses: readonly string[]): void {
    const wanted = new Set(addresses.map(comparableAddress));
    const existing = this.store
      .listFeeds()
      .find(
        (feed) =>
          wanted.has(comparableAddress(feed.url)) ||
          (feed.finalUrl !== null && wanted.has(comparableAddress(feed.finalUrl))),
      );
    if (existing) {
      throw new FeedUserError(`already subscribed to ${existing.url} as #${existing.id}`);
    }
  }

  /** Finds a subscription by its number (as `/feed list` shows it) or its URL. */
  findFeed(idOrUrl: string): FeedRecord | null {
    const trimmed = idOrUrl.trim();
    if (/^\d+$/.test(trimmed)) return this.store.feedById(Number(trimmed));
    try {
      return this.store.feedByUrl(withoutFragment(trimmed));
    } catch {
      return null;
    }
  }

  unsubscribe(idOrUrl: string): FeedRecord | null {
    const feed = this.findFeed(idOrUrl);
    if (!feed) return null;
    this.store.removeFeed(feed.id);
    this.options.logger.info("feed removed", { url: feed.url });
    return feed;
  }

  listFeeds(): FeedRecord[] {
    return this.store.listFeeds();
  }

  /** Checks every feed that is due; one feed at a time, each failure kept to its feed. */
  async checkDue(): Promise<CheckReport[]> {
    const reports: CheckReport[] = [];
    for (const feed of this.store.dueFeeds(this.now())) {
      if (this.cancelled) break;
      reports.push(await this.checkFeed(feed));
    }
    return reports;
  }

  /** Stops checks in progress after the item being saved (for shutdown). */
  cancel(): void {
    this.cancelled = true;
  }

  /** Stops the parser thread and closes the state database. */
  async close(): Promise<void> {
    this.cancel();
    await this.options.parser.close();
    this.options.store.close();
  }

  /** Checks every feed now, due or not. */
  async checkAll(): Promise<CheckReport[]> {
    this.store.makeAllDue(this.now());
    return this.checkDue();
  }

  /** Fetches one feed (conditionally) and saves its new items. Never throws. */
  async checkFeed(feed: FeedRecord): Promise<CheckReport> {
    const report: CheckReport = { feed, notModified: false, saved: [], deferred: 0, error: null };
    try {
      const { response, feed: parsed } = await this.fetchFeed(feed.url, feed, this.options.parser);
      if (!parsed) {
        report.notModified = true;
        this.recordCheck(feed, response.url, parsed, feed.etag, feed.lastModified, 0);
        return report;
      }
      const fresh = parsed.items.filter((item) => this.isNew(feed.id, item.key));
      let tried = 0;
      let handled = 0;
      // One feed's slow pages may not hold up the others: what is left waits for its next check.
      const started = performance.now();
      const budget = this.options.checkBudgetMs ?? FEED_CHECK_BUDGET_MS;
      for (const item of fresh) {
        if (tried >= MAX_NEW_PER_CHECK || this.cancelled) break;
        if (!this.isSubscribed(feed)) return this.stopForRemovedFeed(feed, report);
        if (tried > 0 && performance.now() - started > budget) break;
        handled++;
        // Another check (this process's or another's) may be saving the same item right now.
        if (!this.claimItem(feed, item)) continue;
        if (this.recordIfSavedAlready(feed, item, item.link)) continue;
        tried++;
        const saved = await this.saveItemOrRecordFailure(feed, parsed.title ?? feed.title, item);
        if (saved) report.saved.push(saved);
      }
      if (!this.isSubscribed(feed)) return this.stopForRemovedFeed(feed, report);
      report.deferred = fresh.length - handled;
      // With items left over (for later, or to be tried again), the next check must read the
      // whole feed again: a 304 would hide them.
      const keep = parsed.items.every((item) => this.isSettled(feed.id, item.key));
      this.recordCheck(
        feed,
        response.url,
        parsed,
        keep ? headerText(response.headers.etag) : null,
        keep ? headerText(response.headers["last-modified"]) : null,
        report.saved.length,
      );
      if (report.saved.length > 0 || report.deferred > 0) {
        this.options.logger.info("feed checked", {
          url: feed.url,
          saved: report.saved.length,
          deferred: report.deferred,
        });
      }
    } catch (err) {
      report.error = errorText(err);
      const failures = feed.failures + 1;
      const delay = this.delayAfter(failures);
      this.store.recordFailure(feed.id, {
        now: this.now(),
        nextCheckAt: this.now() + delay,
        error: report.error,
      });
      this.options.logger.warn("feed check failed", {
        url: feed.url,
        error: report.error,
        failures,
        retryInMinutes: Math.round(delay / 60_000),
      });
    }
    return report;
  }

  /** Whether the feed is still subscribed to: it may be removed while it is being checked. */
  private isSubscribed(feed: FeedRecord): boolean {
    return this.store.feedById(feed.id) !== null;
  }

  /** Ends the check of a feed removed meanwhile: nothing more is saved or recorded for it. */
  private stopForRemovedFeed(feed: FeedRecord, report: CheckReport): CheckReport {
    this.options.logger.info("feed removed during its check; its other items are not saved", {
      url: feed.url,
      saved: report.saved.length,
    });
    return report;
  }

  private recordCheck(
    feed: FeedRecord,
    finalUrl: string,
    parsed: ParsedFeed | null,
    etag: string | null,
    lastModified: string | null,
    newArticles: number,
  ): void {
    this.store.recordCheck(feed.id, {
      now: this.now(),
      nextCheckAt: this.now() + this.delayAfter(0),
      title: parsed?.title ?? null,
      finalUrl,
      etag,
      lastModified,
      newArticles,
    });
  }

  private isNew(feedId: number, key: string): boolean {
    const known = this.store.item(feedId, key);
    if (!known) return true;
    if (known.state === "failed") return known.attempts < MAX_ITEM_ATTEMPTS;
    return known.state === "claimed" && known.updatedAt <= this.now() - ITEM_CLAIM_LEASE_MS;
  }

  /** Whether an item is saved or given up on: no later check needs to see it again. */
  private isSettled(feedId: number, key: string): boolean {
    const known = this.store.item(feedId, key);
    if (known?.state === "saved") return true;
    return known?.state === "failed" && known.attempts >= MAX_ITEM_ATTEMPTS;
  }

  /** Takes an item for this check to save; false when another check has it or is done with it. */
  private claimItem(feed: FeedRecord, item: FeedItem): boolean {
    return this.store.claimItem(feed.id, item.key, {
      now: this.now(),
      leaseMs: ITEM_CLAIM_LEASE_MS,
      maxAttempts: MAX_ITEM_ATTEMPTS,
    });
  }

  /**
   * Records an item whose page the library already has (saved from another feed, from this
   * one under another GUID, or added by link; at `url`, without its `#fragment`) as saved
   * with that page's file, so it is neither saved twice nor looked at again. False when the
   * library does not have the page.
   */
  private recordIfSavedAlready(feed: FeedRecord, item: FeedItem, url: string | null): boolean {
    if (url === null) return false;
    const page = knownAs(url);
    const [file] = this.store.savedFilesOf(page);
    if (file === undefined) return false;
    this.recordSavedAs(feed, item, page, file);
    this.options.logger.info("feed item already saved", { feed: feed.url, item: url, file });
    return true;
  }

  /** Records an item as saved: its page, known by `page`, is in the library as `file`. */
  private recordSavedAs(feed: FeedRecord, item: FeedItem, page: string, file: string): void {
    this.store.recordItem(feed.id, item.key, { state: "saved", url: page, file, now: this.now() });
  }

  /**
   * {@link saveItem}, with an item that fails recorded as failed, so that it is tried only
   * `MAX_ITEM_ATTEMPTS` times and never holds up the items after it. Null when not saved.
   */
  private async saveItemOrRecordFailure(
    feed: FeedRecord,
    source: string | null,
    item: FeedItem,
  ): Promise<SavedArticle | null> {
    try {
      return await this.saveItem(feed, source, item);
    } catch (err) {
      this.recordItemFailure(feed, item);
      this.options.logger.warn("feed item could not be saved", {
        feed: feed.url,
        item: item.link ?? item.key,
        error: errorText(err),
      });
      return null;
    }
  }

  private recordItemFailure(feed: FeedRecord, item: FeedItem): void {
    this.store.recordItem(feed.id, item.key, {
      state: "failed",
      url: item.link,
      file: null,
      now: this.now(),
    });
  }

  /** Reads an item's page (else its own text) and saves it. Null when neither has text. */
  private async saveItem(
    feed: FeedRecord,
    source: string | null,
    item: FeedItem,
  ): Promise<SavedArticle | null> {
    const page = item.link ? await this.readPage(item.link) : null;
    // A link that redirects (a short link, http to https) may lead to a page already saved.
    if (page && this.recordIfSavedAlready(feed, item, page.url)) return null;
    const extracted = page?.article ?? null;
    const pageBlocks = extracted?.blocks ?? [];
    // The item's own text is read only when its page gave none.
    const ownBlocks =
      plainLength(pageBlocks) === 0 && item.html
        ? await this.options.parser.extractHtml(item.html)
        : [];
    const blocks =
      plainLength(pageBlocks) > 0
        ? pageBlocks
        : plainLength(ownBlocks) >= MIN_FALLBACK_CHARS
          ? ownBlocks
          : [];
    if (blocks.length === 0) {
      this.recordItemFailure(feed, item);
      this.options.logger.warn("feed item has no readable text", {
        feed: feed.url,
        item: item.link ?? item.key,
        error: page?.error ?? null,
      });
      return null;
    }
    const article: ArticleToSave = {
      title: item.title ?? extracted?.title ?? item.link ?? "Untitled",
      date: item.day ?? extracted?.day ?? null,
      url: page?.url ?? item.link ?? feed.url,
      source: source ?? extracted?.siteName ?? null,
      author: item.author ?? extracted?.author ?? null,
      blocks,
    };
    // Reading the page took a while: the feed may have been removed meanwhile.
    if (!this.isSubscribed(feed)) {
      this.store.releaseItem(feed.id, item.key);
      return null;
    }
    // The page as it is known by; the article keeps its link as the feed gave it.
    const known = knownAs(article.url);
    const outcome = await this.saveOnce(
      this.options.parser,
      path.join(FEEDS_FOLDER, feed.folder),
      article,
      feed,
      // A page saved before counts even when its file was deleted: it was deleted on purpose.
      (files) => files[0],
      (file) => this.recordSavedAs(feed, item, known, file),
    );
    if ("existing" in outcome) {
      // Another check (a process sharing the data folder) saved the page while this one read it.
      this.recordSavedAs(feed, item, known, outcome.existing);
      this.options.logger.info("feed item already saved", {
        feed: feed.url,
        item: article.url,
        file: outcome.existing,
      });
      return null;
    }
    this.options.onArticle?.(outcome.saved);
    return outcome.saved;
  }

  /** Fetches and extracts a page; on failure returns the reason instead. */
  private async readPage(url: string) {
    try {
      const response = await safeFetch(url, {
        limits: this.limits(PAGE_MAX_BYTES, PAGE_MEDIA_TYPES),
        headers: { accept: "text/html, application/xhtml+xml;q=0.9" },
      });
      const article = await this.options.parser.extractPage(
        response.body,
        response.headers["content-type"] ?? "",
      );
      return { url: response.url, article, error: null };
    } catch (err) {
      return { url, article: null, error: errorText(err) };
    }
  }

  /**
   * Saves `article` in `folder` (under the content folder), unless the library has its page
   * already: another check, in this process or another one sharing the data folder, may have
   * saved it while this one read it. `known` picks the file of the page among those saved for
   * it, if any; that file comes back as `existing`. `record` notes the new file, in the same
   * transaction that decides it is to be saved, so no other saver can decide so too. Its
   * Markdown is written by `parser`.
   */
  private async saveOnce(
    parser: ParserJobs,
    folder: string,
    article: ArticleToSave,
    feed: FeedRecord | null,
    known: (files: string[]) => string | undefined,
    record: (file: string) => void,
  ): Promise<{ existing: string } | { saved: SavedArticle }> {
    const absoluteFolder = path.join(this.options.contentDir, folder);
    const base = articleBaseName(article);
    const text = await parser.articleMarkdown(article);
    const temp = await writeTemporary(absoluteFolder, base, text);
    let outcome: { existing: string } | { saved: string };
    try {
      outcome = this.store.savePageOnce(knownAs(article.url), known, () => {
        const absolute = claimFreeName(temp, absoluteFolder, base);
        try {
          record(this.contentFile(absolute));
        } catch (err) {
          rmSync(absolute, { force: true });
          throw err;
        }
        return this.contentFile(absolute);
      });
    } finally {
      await removeTemporary(temp);
    }
    if ("existing" in outcome) return outcome;
    const file = outcome.saved;
    this.options.logger.info("article saved", { file, url: article.url, date: article.date });
    return {
      saved: {
        title: article.title,
        date: article.date,
        url: article.url,
        source: article.source,
        file,
        firstParagraph: article.blocks.find((block) => block.kind === "paragraph")?.text ?? null,
        feed,
      },
    };
  }

  /** A file's path relative to the content folder, with forward slashes. */
  private contentFile(absolute: string): string {
    return path.relative(this.options.contentDir, absolute).split(path.sep).join("/");
  }

  /**
   * Fetches one page, extracts its article and saves it under `content/added/`. A page
   * already in the library (added by link, or saved from a feed; at the address typed, without
   * its `#fragment`, or at the one it redirects to) is not saved again: its saved article is
   * returned with `existing: true`, even when its file cannot be read back.
   */
  async addPage(rawUrl: string): Promise<AddedPage> {
    let url: string;
    try {
      url = withoutFragment(rawUrl);
    } catch (err) {
      throw this.userError(err, "the page");
    }
    // The same page asked for twice at once is fetched and saved once.
    const pending = this.pagesBeingAdded.get(url);
    if (pending) return { ...(await pending), existing: true };
    const adding = this.fetchAndAddPage(url);
    this.pagesBeingAdded.set(url, adding);
    try {
      return await adding;
    } finally {
      this.pagesBeingAdded.delete(url);
    }
  }

  /** Pages being added by {@link addPage}, by address. */
  private readonly pagesBeingAdded = new Map<string, Promise<AddedPage>>();

  private async fetchAndAddPage(url: string): Promise<AddedPage> {
    const existing = await this.savedArticleAt(url);
    if (existing) return { ...existing, existing: true };
    let response;
    try {
      response = await safeFetch(url, {
        limits: this.limits(PAGE_MAX_BYTES, PAGE_MEDIA_TYPES),
        headers: { accept: "text/html, application/xhtml+xml;q=0.9" },
      });
    } catch (err) {
      throw this.userError(err, "the page");
    }
    // A link that redirects (a short link, http to https) may lead to a page already saved.
    const finalUrl = withoutFragment(response.url);
    const redirectedTo = finalUrl === url ? null : await this.savedArticleAt(finalUrl);
    if (redirectedTo) {
      this.recordAddedPage(url, redirectedTo);
      return { ...redirectedTo, existing: true };
    }
    let extracted;
    try {
      extracted = await this.options.parser.forUser.extractPage(
        response.body,
        response.headers["content-type"] ?? "",
      );
    } catch (err) {
      throw this.userError(err, "the page");
    }
    if (plainLength(extracted.blocks) === 0) {
      throw new FeedUserError("no article text was found on that page");
    }
    return this.writeAddedPage(url, {
      title: extracted.title ?? response.url,
      date: extracted.day,
      url: response.url,
      source: extracted.siteName ?? new URL(response.url).hostname,
      author: extracted.author,
      blocks: extracted.blocks,
    });
  }

  /** Remembers that the page typed as `url` is saved as `saved`. */
  private recordAddedPage(url: string, saved: Pick<SavedArticle, "url" | "file">): void {
    this.store.recordItem(ADDED_PAGES, url, {
      state: "saved",
      url: knownAs(saved.url),
      file: saved.file,
      now: this.now(),
    });
  }

  /**
   * The article already saved for the page at `url` (from a feed or by link), if its file is
   * still there: a file that cannot be read back is the page's all the same.
   */
  private async savedArticleAt(url: string): Promise<Omit<AddedPage, "existing"> | null> {
    for (const file of this.store.savedFilesOf(url)) {
      const saved = await this.readSaved(file, url);
      if (saved) return saved;
    }
    return null;
  }

  /**
   * Saves a page added by link (typed as `url`), unless another process saved it meanwhile;
   * a file that cannot be written is the user's to hear of.
   */
  private async writeAddedPage(url: string, article: ArticleToSave): Promise<AddedPage> {
    let outcome;
    try {
      outcome = await this.saveOnce(
        this.options.parser.forUser,
        ADDED_FOLDER,
        article,
        null,
        // As for {@link savedArticleAt}: a page whose file was deleted is saved again.
        (files) => files.find((file) => existsSync(path.join(this.options.contentDir, file))),
        (file) => this.recordAddedPage(url, { url: article.url, file }),
      );
    } catch (err) {
      if (err instanceof ParseError) throw this.userError(err, "the page");
      this.options.logger.error("a page added by link could not be saved", { err });
      const code = (err as { code?: unknown }).code;
      throw new FeedUserError(
        `Could not save the article in the content folder${typeof code === "string" ? ` (${code})` : ""}.`,
      );
    }
    if ("saved" in outcome) return { ...outcome.saved, existing: false, readBack: true };
    const existing = await this.readSaved(outcome.existing, knownAs(article.url));
    if (!existing) throw new FeedUserError("the article was deleted as it was saved");
    this.recordAddedPage(url, existing);
    return { ...existing, existing: true };
  }

  /**
   * The article saved earlier for the page at `url`, read back from its file; null when the
   * file was deleted. A file the parser cannot read back, or that no longer names its page,
   * comes back under the page's address, undated, with `readBack: false`.
   */
  private async readSaved(file: string, url: string): Promise<Omit<AddedPage, "existing"> | null> {
    let text: string | null = null;
    try {
      text = await readFile(path.join(this.options.contentDir, file), "utf8");
    } catch (err) {
      if (isGone(err)) return null;
    }
    // Read on a parser thread: the Markdown of a page full of markup takes a while.
    const fields =
      text === null
        ? null
        : await this.options.parser.forUser.savedFields(text, file).catch(() => null);
    if (!fields?.url) {
      return {
        title: url,
        date: null,
        url,
        source: null,
        firstParagraph: null,
        file,
        feed: null,
        readBack: false,
      };
    }
    return { ...fields, url: fields.url, file, feed: null, readBack: true };
  }

  private userError(err: unknown, what: string): FeedUserError {
    if (err instanceof FeedUserError) return err;
    if (err instanceof ParseError && err.detail !== null) {
      this.options.logger.warn("the parser failed on a page or feed", { detail: err.detail });
    }
    if (err instanceof FetchError || err instanceof FeedFormatError || err instanceof ParseError) {
      return new FeedUserError(`Could not read ${what}: ${err.message}`);
    }
    if (err instanceof TypeError) return new FeedUserError(`That is not a web address.`);
    this.options.logger.error("unexpected failure reading a URL", { err });
    return new FeedUserError(`Could not read ${what}.`);
  }
}

/**
 * An address as feeds and pages are known by: absolute, without a `#fragment` (which names a
 * place in the same document).
 */
function withoutFragment(raw: string): string {
  const url = new URL(raw.trim());
  url.hash = "";
  return url.href;
}

/**
 * An address as two subscriptions are compared by: besides what every parsed address has in
 * common (scheme and host in lower case, no default port), without its `#fragment`, an empty
 * `?` or trailing slashes. A stored address that does not parse is compared as it is.
 */
function comparableAddress(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return raw;
  }
  url.hash = "";
  // An empty query reads as "" but is kept as "?" until set.
  if (url.search === "") url.search = "";
  url.pathname = withoutTrailingSlashes(url.pathname);
  return url.href;
}

/** `path` without the slashes it ends with ("/" stays as it is). */
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === "/") end--;
  return path.slice(0, end);
}

/** {@link withoutFragment} of an address that may not be one (a feed's odd link): as it is then. */
function knownAs(raw: string): string {
  try {
    return withoutFragment(raw);
  } catch {
    return raw;
  }
}

/** Whether a file could not be read because it is not there (any more). */
function isGone(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function headerText(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : null;
}
