/**
 * Announcements of new feed articles in one channel (FEED_ANNOUNCE_CHANNEL_ID): the title as
 * a link, the date, the feed, and the article's first sentence. Nobody is ever pinged.
 */
import type { Client } from "discord.js";
import { splitSentences } from "../core/sentences.ts";
import type { SavedArticle } from "../feeds/feedService.ts";
import type { Logger } from "../ops/logger.ts";
import { LIMITS, escapeText, formatDate, renderTitle, truncateWords } from "./markdown.ts";

/** Longest first sentence shown; the rest is one click away. */
const FIRST_SENTENCE_CHARS = 300;

/** The first sentence of a paragraph, shortened at a word when long. */
export function firstSentence(paragraph: string | null): string | null {
  if (!paragraph) return null;
  const span = splitSentences(paragraph)[0];
  const sentence = span ? paragraph.slice(span.start, span.end) : paragraph;
  return truncateWords(sentence, FIRST_SENTENCE_CHARS);
}

export function announcementText(article: SavedArticle): string {
  const source = article.source ? ` · ${escapeText(article.source)}` : "";
  const sentence = firstSentence(article.firstParagraph);
  const lines = [
    `📰 ${renderTitle(article.title, article.url, 200)}`,
    `${formatDate(article.date)}${source}`,
    ...(sentence ? [`> ${escapeText(sentence)}`] : []),
  ];
  return truncateWords(lines.join("\n"), LIMITS.content);
}

/** Posts an announcement; a failure is logged, never thrown (the article is saved anyway). */
export async function announceArticle(
  client: Client,
  channelId: string,
  article: SavedArticle,
  logger: Logger,
): Promise<void> {
  try {
    const channel = await client.channels.fetch(channelId);
    if (!channel?.isSendable()) {
      logger.warn("the announcement channel cannot be posted in", { channel: channelId });
      return;
    }
    await channel.send({ content: announcementText(article), allowedMentions: { parse: [] } });
  } catch (err) {
    logger.warn("could not announce a new article", {
      channel: channelId,
      file: article.file,
      err,
    });
  }
}
