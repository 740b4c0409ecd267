/**
 * Pure rendering of articles for /article (one article's card) and /articles (the library,
 * a page at a time). Returns plain API JSON.
 */
import { ButtonStyle, ComponentType } from "discord.js";
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import type { Article } from "../core/types.ts";
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

/** Newest first; undated articles last, then by title. */
export function sortNewestFirst(articles: readonly Article[]): Article[] {
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

/** One page (0-based, clamped) of the library with Previous/Next buttons. */
export function renderArticlePage(
  articles: readonly Article[],
  requestedPage: number,
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponent>[] } {
  const sorted = sortNewestFirst(articles);
  const pages = pageCount(sorted.length);
  const page = Math.min(Math.max(0, Math.trunc(requestedPage) || 0), pages - 1);
  const shown = sorted.slice(page * ARTICLES_PER_PAGE, (page + 1) * ARTICLES_PER_PAGE);
  const lines = shown.map((article, index) => {
    const title = escapeText(truncateWords(squashSpaces(article.title), 300));
    const number = page * ARTICLES_PER_PAGE + index + 1;
    return `${number}\\. **${title}** — ${article.date ?? "date unknown"}`;
  });
  const description = lines.length > 0 ? lines.join("\n") : "The library is empty.";
  return {
    embeds: [
      {
        title: "Articles, newest first",
        description: description.slice(0, 4096),
        color: ANSWER_COLOUR,
        footer: {
          text: `Page ${page + 1} of ${pages} · ${sorted.length} article${sorted.length === 1 ? "" : "s"}`,
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
            custom_id: `${ARTICLES_PREFIX}:prev:${page - 1}`,
            disabled: page === 0,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: "Next",
            custom_id: `${ARTICLES_PREFIX}:next:${page + 1}`,
            disabled: page >= pages - 1,
          },
        ],
      },
    ],
  };
}
