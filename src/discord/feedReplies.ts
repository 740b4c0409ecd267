/**
 * The texts of `/feed` and `/add` replies: a subscription list with each feed's last check,
 * last new article and last error; what was saved by link, with its date as read.
 */
import type { FeedRecord } from "../feeds/feedStore.ts";
import type { AddedPage } from "../feeds/feedService.ts";
import { LIMITS, escapeText, formatDate, renderTitle, truncateWords } from "./markdown.ts";

/** Longest last-error text shown per feed in `/feed list`. */
const ERROR_SHOWN = 120;

function when(ms: number | null): string {
  return ms === null ? "never" : `<t:${Math.floor(ms / 1000)}:R>`;
}

export function feedLine(feed: FeedRecord): string {
  const head = `**${feed.id}.** ${renderTitle(feed.title ?? feed.url, feed.url, 100)}`;
  const status = `checked ${when(feed.lastCheckedAt)} · last new article ${when(feed.lastNewAt)}`;
  const error = feed.lastError
    ? `\n  ⚠️ last error: ${escapeText(truncateWords(feed.lastError, ERROR_SHOWN))}`
    : "";
  return `${head}\n  ${status}${error}`;
}

/**
 * The subscription list: whole entries while they fit in one message, then how many more
 * there are and their numbers, which `/feed remove` asks for.
 */
export function feedListText(feeds: readonly FeedRecord[]): string {
  if (feeds.length === 0) return "No feeds yet. Add one with `/feed add url:`.";
  let text = `${feeds.length} feed${feeds.length === 1 ? "" : "s"}:`;
  for (const [shown, feed] of feeds.entries()) {
    const line = `\n${feedLine(feed)}`;
    const after = feeds.slice(shown + 1);
    const room = LIMITS.content - (after.length > 0 ? moreLine(after).length : 0);
    if (text.length + line.length > room) return text + moreLine(feeds.slice(shown));
    text += line;
  }
  return text;
}

/** "…and 3 more: 10, 11, 12", for the entries a list has no room for. */
function moreLine(rest: readonly FeedRecord[]): string {
  const numbers = truncateWords(rest.map((feed) => feed.id).join(", "), MORE_NUMBERS_SHOWN);
  return `\n…and ${rest.length} more: ${numbers}`;
}

/** Longest list of the numbers of feeds a list had no room for. */
const MORE_NUMBERS_SHOWN = 300;

export function subscribedText(feed: FeedRecord, items: number): string {
  return truncateWords(
    `Subscribed to ${renderTitle(feed.title ?? feed.url, feed.url, 150)} (${items} item${items === 1 ? "" : "s"} listed now). ` +
      `New articles are saved in \`feeds/${feed.folder}/\` of the articles folder; the first check runs within a few minutes.`,
    LIMITS.content,
  );
}

/**
 * The reply to `/add`: the title and date as read, so a wrong one is noticed at once (or that
 * the saved file could not be read back to show them).
 */
export function addedText(article: AddedPage): string {
  const head = article.existing ? "Already in the library:" : "Added:";
  const date = !article.readBack
    ? "Its file could not be read back, so its title and date are not shown here."
    : article.date
      ? `dated ${formatDate(article.date)}`
      : "**no date found** on the page: add a `date: YYYY-MM-DD` line to the file";
  return truncateWords(
    `${head} ${renderTitle(article.title, article.url, 200)}\n${date}\nFile: \`${article.file}\` (edit it to correct the title or date).`,
    LIMITS.content,
  );
}
