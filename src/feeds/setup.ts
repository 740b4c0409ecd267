/**
 * Builds the feed service from the configuration: the state database under DATA_DIR, and the
 * content folder articles are saved in. Saving needs a folder: with a `.jsonl` library file as
 * CONTENT_DIR there is no feed service.
 */
import type { Config } from "../app/config.ts";
import type { Logger } from "../ops/logger.ts";
import { FeedService } from "./feedService.ts";
import type { SavedArticle } from "./feedService.ts";
import { FeedStore } from "./feedStore.ts";
import { ParserThread } from "./parserThread.ts";
import { isLibraryFile } from "../content/loadLibrary.ts";

export function createFeedService(
  config: Pick<Config, "contentDir" | "dataDir" | "feeds">,
  logger: Logger,
  onArticle?: (article: SavedArticle) => void,
): FeedService | null {
  if (isLibraryFile(config.contentDir)) {
    logger.info("feeds and /add are off: CONTENT_DIR is a library file, not a folder");
    return null;
  }
  return new FeedService({
    store: FeedStore.open(config.dataDir),
    parser: new ParserThread(),
    contentDir: config.contentDir,
    logger,
    intervalMs: config.feeds.intervalMinutes * 60_000,
    allowLoopback: config.feeds.allowLoopback,
    ...(onArticle ? { onArticle } : {}),
  });
}
