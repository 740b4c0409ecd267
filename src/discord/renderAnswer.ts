/**
 * Turns search results into the Discord message that answers a question: one embed, each
 * quote as a block quote with the question's words in bold, its article and date beneath.
 * Pure: returns plain API JSON, and always fits Discord's size limits.
 */
import type { APIEmbed } from "discord.js";
import { OPEN_START, describeWindow } from "../core/time.ts";
import { NO_NEWS, outsideWindowHeading } from "../core/nothingFound.ts";
import type { Answer, ArticleRef, DayWindow, SearchResult } from "../core/types.ts";
import {
  ELLIPSIS,
  LIMITS,
  SPOILER_MARKS_LENGTH,
  asSpoiler,
  escapeInline,
  escapeInlineKeepingLinks,
  escapeLineStart,
  escapeText,
  formatDate,
  hidesAnything,
  holdsBareLink,
  neutraliseDiscordMarkup,
  renderTitle,
  spoilerParts,
  squashSpaces,
  truncateWords,
  type SpoilerPart,
} from "./markdown.ts";

export const ANSWER_COLOUR = 0x3b82f6;
/** The longest a single quote may be once rendered, so three stay readable. */
export const MAX_QUOTE_LENGTH = 900;
/** Every quote gets at least this much room, even next to long titles. */
const MIN_QUOTE_LENGTH = 120;

export interface AnswerView {
  question: string;
  results: readonly SearchResult[];
  /** How many articles were searched (shown in the footer). */
  articleCount: number;
  /** How many results came before these (for "More results" pages). */
  offset?: number;
  /** The period the question asked about, when it named one. */
  window?: Answer["window"];
  /** The day the question was asked (for naming the period; default: the period's end). */
  asOf?: string;
  /** The results are the newest stories, not answers ("What's new this week?"). */
  listsNews?: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A case-insensitive, whole-word pattern for the words to bold, or null when there are none. */
function matchPattern(words: readonly string[]): RegExp | null {
  const unique = [...new Set(words.map((word) => word.trim()).filter(Boolean))];
  if (unique.length === 0) return null;
  unique.sort((a, b) => b.length - a.length);
  const alternatives = unique.map(escapeRegExp).join("|");
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, "giu");
}

/** One whitespace-free token, escaped, with its matching parts in bold. */
function renderToken(token: string, pattern: RegExp | null, atLineStart: boolean): string {
  let out = "";
  if (holdsBareLink(token)) {
    // A web address is shown as written, unbolded, so that Discord links it to where it leads.
    out = neutraliseDiscordMarkup(escapeInlineKeepingLinks(token));
  } else if (pattern) {
    let last = 0;
    for (const match of token.matchAll(pattern)) {
      const index = match.index;
      out += neutraliseDiscordMarkup(escapeInline(token.slice(last, index)));
      out += `**${neutraliseDiscordMarkup(escapeInline(match[0]))}**`;
      last = index + match[0].length;
    }
    out += neutraliseDiscordMarkup(escapeInline(token.slice(last)));
  } else {
    out = neutraliseDiscordMarkup(escapeInline(token));
  }
  return atLineStart ? escapeLineStart(out) : out;
}

/** Joins rendered tokens; neighbouring bold words share one bold run (`**South Korea**`). */
function joinTokens(rendered: readonly string[]): string {
  return rendered.join(" ").replace(/\*\* \*\*/g, " ");
}

/**
 * Renders a quote on one line: escaped, matched words in bold, and — when it is longer than
 * `max` — shortened around the first matching word with "…", never cutting a word.
 */
export function renderQuote(quote: string, matchedWords: readonly string[], max: number): string {
  const tokens = squashSpaces(quote).split(" ").filter(Boolean);
  if (tokens.length === 0) return "";
  const pattern = matchPattern(matchedWords);
  const rendered = tokens.map((token, index) => renderToken(token, pattern, index === 0));
  const whole = joinTokens(rendered);
  if (whole.length <= max) return whole;

  const anchorIndex = pattern ? tokens.findIndex((token) => new RegExp(pattern).test(token)) : -1;
  const anchor = Math.max(anchorIndex, 0);
  const cost = (start: number, end: number): number => {
    let length = end - start; // spaces between tokens
    for (let i = start; i <= end; i++) length += rendered[i]?.length ?? 0;
    if (start > 0) length += ELLIPSIS.length + 1;
    if (end < tokens.length - 1) length += ELLIPSIS.length + 1;
    return length;
  };

  let start = anchor;
  let end = anchor;
  if (cost(start, end) > max) {
    // One enormous word (a URL, say): nothing to cut at but the word itself.
    return truncateWords(rendered[anchor] ?? "", max);
  }
  // Some context before the first match, then as much after it as fits, then fill backwards.
  const leadBudget = Math.floor(max * 0.3);
  while (start > 0 && cost(start - 1, end) <= max && cost(start - 1, anchor) <= leadBudget) start--;
  while (end < tokens.length - 1 && cost(start, end + 1) <= max) end++;
  while (start > 0 && cost(start - 1, end) <= max) start--;

  const body = joinTokens(rendered.slice(start, end + 1));
  return `${start > 0 ? `${ELLIPSIS} ` : ""}${body}${end < tokens.length - 1 ? ` ${ELLIPSIS}` : ""}`;
}

/**
 * The line under a quote: article title (linked when it has a URL) and its date, as written
 * and relative to when it is read ("3 days ago"), so the age of a quote is plain to see.
 */
export function renderSource(article: ArticleRef): string {
  return `— ${renderTitle(article.title, article.url)} · ${formatDate(article.date, "R")}`;
}

function footerText(view: AnswerView): string {
  const count = view.articleCount;
  const parts = [
    view.listsNews ? "Newest stories first" : `Searched ${count} article${count === 1 ? "" : "s"}`,
  ];
  if (view.window) parts.push(windowInWords(view.window, view.asOf ?? view.window.to ?? ""));
  const offset = view.offset ?? 0;
  if (offset > 0) parts.push(`results ${offset + 1}–${offset + view.results.length}`);
  return truncateWords(parts.join(" · "), LIMITS.embedFooter);
}

/** Time words longer than this are shortened where a reply names them. */
const MAX_PHRASE_LENGTH = 80;

/** Time words that carry their own preposition ("in January", "since March"). */
const LEADING_PREPOSITION = /^(?:in|on|since|before|after|from|during|until|till|by|between)\s/i;

/**
 * The period a question asked on `asOf` was about, as a reply names it: "from last week
 * (23–29 March)", "in January (1–31 January)", "from 1–30 June 2025" without time words,
 * "until 4 March". The year shows when it is not the moment's.
 */
export function windowInWords(window: DayWindow & { phrase: string | null }, asOf: string): string {
  const days = describeWindow({ from: window.from ?? OPEN_START, to: window.to ?? asOf }, asOf);
  const phrase = window.phrase ? truncateWords(squashSpaces(window.phrase), MAX_PHRASE_LENGTH) : "";
  if (!phrase) return window.from === null ? days : `from ${days}`;
  return `${LEADING_PREPOSITION.test(phrase) ? "" : "from "}${phrase} (${days})`;
}

/** Characters of the question a heading shows, before escaping. */
const MAX_HEADING_QUESTION = 200;

/**
 * The question as an answer's heading names it: escaped, with what the asker hid as a spoiler
 * (`||who won||`) hidden again, in at most {@link LIMITS.embedTitle} characters. It is cut at
 * a word before escaping, so a cut never splits an escape or leaves a spoiler open.
 */
function headingOf(view: AnswerView): string {
  const parts = spoilerParts(squashSpaces(view.question));
  let budget = MAX_HEADING_QUESTION;
  let heading = spoileredText(parts, budget);
  while (heading.length > LIMITS.embedTitle && budget > 0) {
    budget = Math.max(0, budget - (heading.length - LIMITS.embedTitle));
    heading = spoileredText(parts, budget);
  }
  return heading;
}

/** The parts escaped, hidden ones as spoilers, keeping at most `max` characters of their text. */
function spoileredText(parts: readonly SpoilerPart[], max: number): string {
  let out = "";
  let room = max;
  for (const part of parts) {
    if (room <= 0) break;
    const text = truncateWords(part.text, room);
    room -= text.length;
    if (text.length < part.text.length) room = 0;
    const escaped = escapeText(text);
    out += part.hidden ? `||${escaped}||` : escaped;
  }
  return out;
}

/**
 * The quotes of an answer, each a block quote with its source line beneath, in at most
 * `room` characters. Whole results are dropped (never cut in half) when they do not fit.
 * When the asker hid part of the question, every quote is hidden as a spoiler (it may give
 * away what they hid); its article, date and link stay in sight.
 */
function quoteBlocks(view: AnswerView, room: number): string {
  const marks = hidesAnything(view.question) ? SPOILER_MARKS_LENGTH : 0;
  const sources = view.results.map((result) => renderSource(result.article));
  const separators = Math.max(view.results.length - 1, 0) * 2;
  const fixed = sources.reduce((sum, source) => sum + source.length + 3, 0) + separators; // "> " + "\n"
  const perQuote = Math.min(
    MAX_QUOTE_LENGTH,
    Math.floor((room - fixed) / Math.max(view.results.length, 1)),
  );
  // A quote in at most `max` characters, spoiler marks included: it is cut before it is
  // hidden, so a cut never leaves a spoiler open.
  const block = (result: SearchResult, source: string, max: number): string => {
    const quote = renderQuote(result.quote, result.matchedWords, max - marks);
    return `> ${marks > 0 ? asSpoiler(quote) : quote}\n${source}`;
  };
  const blocks = view.results.map((result, index) =>
    block(result, sources[index] ?? "", Math.max(perQuote, MIN_QUOTE_LENGTH)),
  );
  while (blocks.length > 1 && blocks.join("\n\n").length > room) blocks.pop();
  const first = view.results[0];
  const firstSource = sources[0] ?? "";
  if (blocks.length === 1 && first && (blocks[0] ?? "").length > room) {
    // One result, still too long: its quote is shortened to fit, not the source after it.
    const max = room - firstSource.length - 3;
    return max > marks ? block(first, firstSource, max) : truncateWords(firstSource, room);
  }
  return blocks.join("\n\n");
}

/** The answer embed for a question and its results (at least one). */
export function renderAnswer(view: AnswerView): { embeds: APIEmbed[] } {
  const title = headingOf(view);
  const footer = footerText(view);
  const room = Math.min(LIMITS.embedDescription, LIMITS.embedsTotal - title.length - footer.length);
  return {
    embeds: [
      {
        title,
        description: quoteBlocks(view, room),
        color: ANSWER_COLOUR,
        footer: { text: footer },
      },
    ],
  };
}

/**
 * The same answer as the text of a message, in at most `max` characters: for a channel
 * where the bot may not show embeds. The question in bold, the quotes, the footer's line
 * in small print.
 */
export function renderAnswerText(view: AnswerView, max: number = LIMITS.content): string {
  const heading = `**${headingOf(view)}**`;
  const footer = `-# ${escapeText(footerText(view))}`;
  const room = Math.max(0, max - heading.length - footer.length - 2);
  return truncateWords(`${heading}\n${quoteBlocks(view, room)}\n${footer}`, max);
}

export const NOTHING_FOUND = "Nothing in the articles answers that.";

/** At most this many articles are named under a "nothing answers" note. */
const CLOSEST_SHOWN = 3;

function articleList(articles: readonly ArticleRef[]): string {
  return articles
    .slice(0, CLOSEST_SHOWN)
    .map(
      (article) => `- ${renderTitle(article.title, null, 150)} (${article.date ?? "date unknown"})`,
    )
    .join("\n");
}

/**
 * Why nothing answers, escaped; as spoilers when `hidden` (they name the words of a question
 * its asker hid: "No article mentions Tesla.").
 */
function reasonsText(reasons: readonly string[], hidden: boolean): string[] {
  return reasons.map((reason) => (hidden ? `||${escapeText(reason)}||` : escapeText(reason)));
}

/**
 * The (ephemeral) reply when no passage answers: a plain sentence, why when that is known
 * ("No article mentions Tesla."), and the nearest articles.
 */
export function renderNothingFound(
  closest: readonly ArticleRef[],
  reasons: readonly string[] = [],
  hideReasons = false,
): { content: string } {
  const head = [NOTHING_FOUND, ...reasonsText(reasons, hideReasons)].join(" ");
  if (closest.length === 0) return { content: truncateWords(head, LIMITS.content) };
  const content = `${head} The closest articles are:\n${articleList(closest)}`;
  return { content: truncateWords(content, LIMITS.content) };
}

/**
 * The (ephemeral) reply when the question named a period and nothing in it answers: it says
 * so, naming the period, then why (`reasons`: "No article mentions Tesla."), and lists the
 * articles from outside it that answer best, headed "earlier" only when all are. It never
 * passes those off as answers from inside the period.
 */
export function renderNothingInWindow(
  window: DayWindow & { phrase: string | null },
  outside: readonly SearchResult[],
  asOf: string,
  reasons: readonly string[] = [],
  hideReasons = false,
): { content: string } {
  const head = [
    `Nothing ${escapeText(windowInWords(window, asOf))} answers that.`,
    ...reasonsText(reasons, hideReasons),
  ].join(" ");
  return withArticlesOutside(head, window, outside, false);
}

/**
 * A reply that nothing came from a period: `head`, then the articles of `outside` (each
 * once) under a heading that says where they lie, cut to fit a message.
 */
function withArticlesOutside(
  head: string,
  window: DayWindow & { phrase: string | null },
  outside: readonly SearchResult[],
  listsNews: boolean,
): { content: string } {
  const articles = [...new Map(outside.map((hit) => [hit.article.id, hit.article])).values()];
  if (articles.length === 0) return { content: truncateWords(head, LIMITS.content) };
  const heading = outsideWindowHeading(window, outside, listsNews);
  return { content: truncateWords(`${head} ${heading}\n${articleList(articles)}`, LIMITS.content) };
}

/**
 * The (ephemeral) reply to a question asking what is new when its period has no story: it
 * says so, naming the period, and lists the newest articles outside it, headed "earlier"
 * only when all are. Without a period, no article is dated by the day asked.
 */
export function renderNoNews(
  window: (DayWindow & { phrase: string | null }) | null,
  outside: readonly SearchResult[],
  asOf: string,
): { content: string } {
  if (window === null) return { content: NO_NEWS };
  const head = `No articles ${escapeText(windowInWords(window, asOf))}.`;
  return withArticlesOutside(head, window, outside, true);
}
