/**
 * What the fetcher accepts and the parsers report, kept apart from the parsers themselves so
 * the bot's main thread never loads rss-parser, linkedom or chrono-node (they run on the
 * parser thread).
 */

/** Media types a feed is served with (servers often use the generic XML and JSON ones). */
export const FEED_MEDIA_TYPES: readonly string[] = [
  "application/rss+xml",
  "application/atom+xml",
  "application/x-rss+xml",
  "application/x-atom+xml",
  "application/rdf+xml",
  "application/xml",
  "text/xml",
  "application/feed+json",
  "application/json",
  "text/plain",
];

/** Media types an article page is served with. */
export const PAGE_MEDIA_TYPES: readonly string[] = ["text/html", "application/xhtml+xml"];

/** A fetched document that is no feed. */
export class FeedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedFormatError";
  }
}

/** A fetched document the parser could not read: it took too long, or broke the parser. */
export class ParseError extends Error {
  /**
   * @param message what a user is told ("parsing took longer than 30 s");
   * @param detail what went wrong inside the parser, for the log only.
   */
  constructor(
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
    this.name = "ParseError";
  }
}
