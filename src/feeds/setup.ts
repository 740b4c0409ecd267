/**
 * Builds the feed service from the configuration: the state database under DATA_DIR, and the
 * content folder articles are saved in. Saving needs a folder: with a `.jsonl` library file,
 * or any other file, as CONTENT_DIR there is no feed service.
 */
import { statSync } from "node:fs";
import type { Config } from "../app/config.ts";
import type { Logger } from "../ops/logger.ts";
import { FeedService } from "./feedService.ts";
import type { SavedArticle } from "./feedService.ts";
import { FeedStore } from "./feedStore.ts";
import { ParserThread } from "./parserThread.ts";
import { pollsFeeds, startFeedPoller } from "./poller.ts";
import type { FeedPoller } from "./poller.ts";
import { isLibraryFile } from "../content/sourceKind.ts";

/** Why feeds and `/add` are off: what CONTENT_DIR names, or the state database under DATA_DIR. */
export type FeedsOff = "library-file" | "content-file" | "state-database";

export function createFeedService(
  config: Pick<Config, "contentDir" | "feeds">,
  logger: Logger,
  onArticle?: (article: SavedArticle) => void,
): FeedService | { off: FeedsOff } {
  const opened = openFeedService(config, logger, onArticle);
  if ("service" in opened) return opened.service;
  if (opened.err === undefined) logger.info(`feeds and /add are off: ${opened.off}`);
  else logger.error(`feeds and /add are off: ${opened.off}`, { err: opened.err });
  return { off: opened.why };
}

/**
 * The feed service, or why there is none: articles are saved to a folder, so CONTENT_DIR
 * must not be a library file or any other file; and the state database under DATA_DIR
 * must open (`err` says why it did not).
 */
export function openFeedService(
  config: Pick<Config, "contentDir" | "feeds">,
  logger: Logger,
  onArticle?: (article: SavedArticle) => void,
): { service: FeedService } | { off: string; why: FeedsOff; err?: unknown } {
  if (isLibraryFile(config.contentDir)) {
    return {
      off: "CONTENT_DIR is a library file: articles can only be saved to a folder",
      why: "library-file",
    };
  }
  if (isFile(config.contentDir)) {
    return {
      off: "CONTENT_DIR is a file: articles can only be saved to a folder",
      why: "content-file",
    };
  }
  let store: FeedStore;
  try {
    store = FeedStore.open(config.feeds.stateDir);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      off: `the feed state database under DATA_DIR (${config.feeds.stateDir}) cannot be opened: ${why}`,
      why: "state-database",
      err,
    };
  }
  const service = new FeedService({
    store,
    parser: new ParserThread(),
    contentDir: config.contentDir,
    logger,
    intervalMs: config.feeds.intervalMinutes * 60_000,
    allowLoopback: config.feeds.allowLoopback,
    ...(onArticle ? { onArticle } : {}),
  });
  return { service };
}

/** Whether something other than a folder is at `file`. */
function isFile(file: string): boolean {
  try {
    return !statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export interface RunningFeeds {
  service: FeedService;
  /** The schedule, when this process is the one that polls. */
  poller: FeedPoller | null;
  /** Stops polling, then closes the parser thread and the database. */
  close(): Promise<void>;
}

/**
 * The feed service, and its poller when this process polls (see {@link pollsFeeds}); or why
 * feeds are off.
 */
export function startFeeds(
  config: Pick<Config, "contentDir" | "feeds" | "shardList" | "shardCount">,
  logger: Logger,
  options: {
    onArticle?: (article: SavedArticle) => void;
    /** The poller's schedule (defaults: poller.ts). */
    tickMs?: number;
    firstTickMs?: number;
  } = {},
): RunningFeeds | { off: FeedsOff } {
  const service = createFeedService(config, logger, options.onArticle);
  if ("off" in service) return service;
  // The parser thread starts on first use (the first check, /feed add or /add), not here:
  // loading the parsers would compete with logging in.
  const poller = pollsFeeds(config)
    ? startFeedPoller({
        service,
        logger,
        ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
        ...(options.firstTickMs === undefined ? {} : { firstTickMs: options.firstTickMs }),
      })
    : null;
  return {
    service,
    poller,
    async close() {
      service.cancel();
      await poller?.stop();
      await service.close();
    },
  };
}
