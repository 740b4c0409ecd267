/**
 * Pure rendering of articles for /article (one article's card) and /articles (the library,
 * a page at a time). Returns plain API JSON.
 */
import { ButtonStyle, ComponentType } from "discord.js";
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import type { Article, ArticleRef } from "../core/types.ts";
import { ANSWER_COLOUR } from "./renderAnswer.ts";
import {
  LIMITS,
  escapeText,
  formatDate,
  safeLinkTarget,
  squashSpaces,
  truncateWords,
} from "./markdown.ts";

export const ARTICLES_PER_PAGE = 10;
export const ARTICLES_PREFIX = "articles";
const FIRST_PARAGRAPH_LENGTH = 1500;

export function countWords(article: Article): number {
  return article.paragraphs.reduce(
    (sum, paragraph) =>
      sum + (paragraph.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0),
    0,
  );
}

/** One article: title (linked), date, length and its first paragraph. */
export function renderArticle(article: Article): { embeds: APIEmbed[] } {
  const target = safeLinkTarget(article.url);
  // An embed field holds at most 1024 characters; a longer link is left out, not cut.
  const link = target && target.length <= LIMITS.fieldValue ? target : null;
  const first = article.paragraphs[0] ?? "";
  const words = countWords(article);
  const fields = [
    { name: "Date", value: formatDate(article.date), inline: true },
    { name: "Length", value: `${words} word${words === 1 ? "" : "s"}`, inline: true },
  ];
  if (article.source) {
    fields.push({
      name: "Source",
      value: escapeText(truncateWords(article.source, 200)),
      inline: true,
    });
  }
  fields.push({
    name: "Link",
    value: link ?? (target ? "too long to show" : "none"),
    inline: false,
  });
  const embed: APIEmbed = {
    title: truncateWords(escapeText(truncateWords(squashSpaces(article.title), 200)), 256),
    description:
      escapeText(truncateWords(squashSpaces(first), FIRST_PARAGRAPH_LENGTH)) || "(no text)",
    color: ANSWER_COLOUR,
    fields,
  };
  if (link) embed.url = link;
  return { embeds: [embed] };
}

/** What a listing shows of an article. */
export type Listed = Pick<ArticleRef, "title" | "date">;

/** Newest first; undated articles last, then by title. */
export function sortNewestFirst<T extends Listed>(articles: readonly T[]): T[] {
  return [...articles].sort((a, b) => {
    if (a.date !== b.date) {
      if (a.date === null) return 1;
      if (b.date === null) return -1;
      return a.date < b.date ? 1 : -1;
    }
    return a.title.localeCompare(b.title);
  });
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / ARTICLES_PER_PAGE));
}

/** What /articles lists: the library, or what it holds about a topic, over a period. */
export interface Browse {
  /** Only articles about this (words, as in a question). */
  topic?: string;
  /** Only articles from this day on (`YYYY-MM-DD`). */
  since?: string;
  /** Only articles up to this day (`YYYY-MM-DD`). */
  until?: string;
}

/** The longest topic /articles takes, so its page buttons can carry it in their custom id. */
export const MAX_TOPIC_LENGTH = 50;

const DAY = String.raw`\d{4}-\d{2}-\d{2}`;
const PAGE_ID = new RegExp(`^(?:prev|next):(-?\\d{1,6})(?::(${DAY})?:(${DAY})?:(.*))?$`, "s");

/** The custom id of a Previous/Next button: the page, then the period and topic it browses. */
export function articlePageId(direction: "prev" | "next", page: number, browse: Browse): string {
  const base = `${ARTICLES_PREFIX}:${direction}:${page}`;
  if (!browse.topic && !browse.since && !browse.until) return base;
  return `${base}:${browse.since ?? ""}:${browse.until ?? ""}:${browse.topic ?? ""}`;
}

/** Reads what {@link articlePageId} wrote (after `articles:`), or null when it is not one. */
export function parseArticlePageId(rest: string): { page: number; browse: Browse } | null {
  const match = PAGE_ID.exec(rest);
  if (!match?.[1]) return null;
  const browse: Browse = {};
  if (match[2]) browse.since = match[2];
  if (match[3]) browse.until = match[3];
  if (match[4]) browse.topic = match[4];
  return { page: Number(match[1]), browse };
}

/** Whether a dated article falls in [since, until]; undated ones only when no period is set. */
export function inPeriod(date: string | null, period: Browse): boolean {
  if (!period.since && !period.until) return true;
  if (date === null) return false;
  return (!period.since || date >= period.since) && (!period.until || date <= period.until);
}

function listTitle(browse: Browse): string {
  const about = browse.topic ? ` about “${squashSpaces(browse.topic)}”` : "";
  return truncateWords(`Articles${about}, newest first`, LIMITS.embedTitle);
}

function periodNote(browse: Browse): string {
  if (browse.since && browse.until) return ` · ${browse.since} to ${browse.until}`;
  if (browse.since) return ` · from ${browse.since}`;
  if (browse.until) return ` · up to ${browse.until}`;
  return "";
}

/**
 * Characters a listed title may take once escaped: ten lines of it, with their numbers and
 * dates, stay within an embed's description (4,096).
 */
const MAX_LISTED_TITLE = 360;

/**
 * A title as a line of the list shows it: escaped, and shortened at a word before escaping
 * until it fits {@link MAX_LISTED_TITLE}, so a cut never splits an escape.
 */
function listedTitle(title: string): string {
  let shown = truncateWords(squashSpaces(title), MAX_LISTED_TITLE);
  let escaped = escapeText(shown);
  while (escaped.length > MAX_LISTED_TITLE) {
    shown = truncateWords(shown, Math.max(1, shown.length - (escaped.length - MAX_LISTED_TITLE)));
    escaped = escapeText(shown);
  }
  return escaped;
}

/**
 * One page (0-based, clamped) of `articles` with Previous/Next buttons; `browse` says what
 * the list holds (shown in the title and footer, and carried by the buttons).
 */
export function renderArticlePage(
  articles: readonly Listed[],
  requestedPage: number,
  browse: Browse = {},
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const sorted = sortNewestFirst(articles);
  const pages = pageCount(sorted.length);
  const page = Math.min(Math.max(0, Math.trunc(requestedPage) || 0), pages - 1);
  const shown = sorted.slice(page * ARTICLES_PER_PAGE, (page + 1) * ARTICLES_PER_PAGE);
  const lines = shown.map((article, index) => {
    const title = listedTitle(article.title);
    const number = page * ARTICLES_PER_PAGE + index + 1;
    return `${number}\\. **${title}** — ${article.date ?? "date unknown"}`;
  });
  const empty =
    browse.topic || browse.since || browse.until ? "No articles match." : "The library is empty.";
  const description = lines.length > 0 ? lines.join("\n") : empty;
  return {
    embeds: [
      {
        title: escapeText(listTitle(browse)),
        description: description.slice(0, 4096),
        color: ANSWER_COLOUR,
        footer: {
          text: `Page ${page + 1} of ${pages} · ${sorted.length} article${sorted.length === 1 ? "" : "s"}${periodNote(browse)}`,
        },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: "Previous",
            custom_id: articlePageId("prev", page - 1, browse),
            disabled: page === 0,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: "Next",
            custom_id: articlePageId("next", page + 1, browse),
            disabled: page >= pages - 1,
          },
        ],
      },
    ],
  };
}
