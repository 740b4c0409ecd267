/**
 * Answers as plain text for a terminal: numbered quotes wrapped to the screen, each with
 * its article's title, date and link beneath. Shared by `npm run ask` and the offline
 * console. Pure: no I/O, and the library is only searched, never changed.
 */
import {
  EARLIER_ANSWERS,
  NO_NEWS,
  OUTSIDE_ANSWERS,
  explainNothingFound,
  outsideWindowHeading,
} from "../core/nothingFound.ts";
import { OPEN_START, describeWindow } from "../core/time.ts";
import type { Answer, ArticleRef, Library, SearchResult } from "../core/types.ts";

/** The reply when no passage answers a question. */
export const NO_ANSWER = "Nothing in the articles answers that.";
/** Shown instead of a date for articles without one. */
export const UNKNOWN_DATE = "date unknown";
/** Default line width; terminals narrower than this get their own width. */
export const DEFAULT_WIDTH = 80;
/** How many closest titles a reply without an answer suggests. */
export const CLOSEST_TITLES = 3;

export interface TerminalAnswer {
  /** Results to show, best first (may be empty). */
  results: readonly SearchResult[];
  /** Articles nearest the question, shown when there are no results. */
  closest?: readonly ArticleRef[];
  /** Number of the first result minus one (for later pages). */
  offset?: number;
  /** Line width to wrap to (default {@link DEFAULT_WIDTH}). */
  width?: number;
  /** The period the answer is limited to, and the day it is asked (for naming the window). */
  window?: Answer["window"];
  asOf?: string;
  /** When nothing in the window answers: the best answers from before it. */
  outsideWindow?: readonly SearchResult[];
  /** When nothing answers: why, in sentences ("No article mentions Tesla."). */
  reasons?: readonly string[];
  /** The question asks what is new: the results are the newest stories, not answers. */
  listsNews?: boolean;
}

export interface AnswerOptions {
  /** How many quotes at most (default 3). */
  top?: number;
  /** Line width to wrap to (default {@link DEFAULT_WIDTH}). */
  width?: number;
  /** The day the question is asked (`YYYY-MM-DD`); time words are read relative to it. */
  asOf?: string;
  /** Only articles from / up to this day (`YYYY-MM-DD`). */
  since?: string;
  until?: string;
  /** Results skipped first, for the next page of the same question (numbered on from it). */
  offset?: number;
}

/**
 * Control characters (other than line breaks and tabs) must not reach a terminal, nor the
 * bidirectional overrides and isolates, which would show a quote's words in another order.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print: no control characters, white space collapsed to single spaces. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, "").replace(/\s+/g, " ").trim();
}

/** An article's date as shown to people: `YYYY-MM-DD`, or "date unknown". */
export function formatDate(date: string | null): string {
  return date ?? UNKNOWN_DATE;
}

function displayLength(text: string): number {
  return [...text].length;
}

/**
 * Wraps text at spaces so no line is wider than `width` (a single word longer than that,
 * such as a link, keeps its own line). Every line starts with `indent`; the first line
 * may start with its own `firstIndent` (a list number, say) instead.
 */
export function wrapText(
  text: string,
  width: number,
  indent = "",
  firstIndent: string = indent,
): string[] {
  const words = cleanText(text).split(" ").filter(Boolean);
  const lines: string[] = [];
  let line = firstIndent;
  let lineHasWord = false;
  for (const word of words) {
    const candidate = lineHasWord ? `${line} ${word}` : `${line}${word}`;
    if (lineHasWord && displayLength(candidate) > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
    lineHasWord = true;
  }
  if (lineHasWord || lines.length === 0) lines.push(lineHasWord ? line : line.trimEnd());
  return lines;
}

/** `Title (date)` for an article, on one logical line. */
function describeArticle(article: ArticleRef): string {
  return `${cleanText(article.title) || article.id} (${formatDate(article.date)})`;
}

/** The text of one result: its number, the quote, then title, date and link. */
function formatResult(result: SearchResult, number: number, width: number): string[] {
  const label = `${number}. `;
  const indent = " ".repeat(label.length);
  const lines = wrapText(result.quote, width, indent, label);
  lines.push(...wrapText(`— ${describeArticle(result.article)}`, width, `${indent}  `, indent));
  const url = result.article.url ? cleanText(result.article.url) : "";
  if (url) lines.push(`${indent}  ${url}`);
  return lines;
}

/** Words that already say which end of the window a phrase gives ("since March"). */
const BOUND_WORDS = /^(?:since|after|from|until|till|til|through|by|before|between)\b/i;

/**
 * The window in words, ready to follow "Nothing" or "Articles": "from last week (23–29
 * March)", "since March (1–29 March)", "from 1–30 June" (days only, from `--since` /
 * `--until`). Null when there is no window.
 */
export function windowWords(window: Answer["window"] | undefined, asOf: string): string | null {
  if (!window) return null;
  const days = describeWindow({ from: window.from ?? OPEN_START, to: window.to ?? asOf }, asOf);
  const phrase = window.phrase === null ? "" : cleanText(window.phrase);
  if (phrase === "") return window.from === null ? days : `from ${days}`;
  return `${BOUND_WORDS.test(phrase) ? "" : "from "}${phrase} (${days})`;
}

/** "Nothing from last week (23–29 March) answers that." */
export function nothingInWindow(words: string): string {
  return `Nothing ${words} answers that.`;
}

/** "No articles from yesterday (29 March).", to a question asking what is new. */
export function noNewsInWindow(words: string): string {
  return `No articles ${words}.`;
}

/** The first lines of a reply with no results: that nothing answers, or that there is no news. */
function emptyAnswerLines(answer: TerminalAnswer, window: string | null, width: number): string[] {
  if (answer.listsNews === true) {
    return window === null ? wrapText(NO_NEWS, width) : wrapText(noNewsInWindow(window), width);
  }
  return window === null ? [NO_ANSWER] : wrapText(nothingInWindow(window), width);
}

export { EARLIER_ANSWERS, OUTSIDE_ANSWERS };

/** The next page of a question that has no more results. */
export const NO_MORE_RESULTS = "There are no more results for that question.";

function formatResults(results: readonly SearchResult[], offset: number, width: number): string {
  return results
    .map((result, at) => formatResult(result, offset + at + 1, width).join("\n"))
    .join("\n\n");
}

/**
 * The answer to one question as terminal text (lines joined with `\n`, no final line
 * break): numbered quotes separated by blank lines, or {@link NO_ANSWER} followed by the
 * closest titles when there are none. When the answer was limited to a window, a first
 * line names it; when nothing in it answers, that is said before any earlier answers.
 */
export function formatAnswer(answer: TerminalAnswer): string {
  const width = Math.max(20, Math.floor(answer.width ?? DEFAULT_WIDTH));
  const window = windowWords(answer.window, answer.asOf ?? answer.window?.to ?? "");
  if (answer.results.length === 0) {
    const lines = emptyAnswerLines(answer, window, width);
    for (const reason of answer.reasons ?? []) lines.push(...wrapText(cleanText(reason), width));
    const earlier = answer.outsideWindow ?? [];
    if (earlier.length > 0) {
      lines.push(
        outsideWindowHeading(answer.window, earlier, answer.listsNews),
        "",
        formatResults(earlier, 0, width),
      );
      return lines.join("\n");
    }
    const closest = (answer.closest ?? []).slice(0, CLOSEST_TITLES);
    if (closest.length > 0) {
      lines.push("Closest articles:");
      for (const article of closest) {
        lines.push(...wrapText(describeArticle(article), width, "    ", "  - "));
      }
    }
    return lines.join("\n");
  }
  const quotes = formatResults(answer.results, answer.offset ?? 0, width);
  if (window !== null) return [...wrapText(`Articles ${window}:`, width), "", quotes].join("\n");
  return answer.listsNews === true ? [NEWEST_STORIES, "", quotes].join("\n") : quotes;
}

/** The heading of a list of the newest stories asked for without a period ("latest news"). */
export const NEWEST_STORIES = "The newest stories:";

/** Searches the library for a question and formats the answer for a terminal. */
export function answerForTerminal(
  library: Library,
  question: string,
  options: AnswerOptions = {},
): string {
  const { width = DEFAULT_WIDTH, top = 3, offset = 0, ...moment } = options;
  const found = library.answer(question, { top, offset, ...moment });
  if (offset > 0 && found.results.length === 0) return NO_MORE_RESULTS;
  // A question asking what is new is near no article: its words were not looked for.
  const closest =
    found.results.length === 0 && found.outsideWindow.length === 0 && !found.listsNews
      ? library.closestArticles(question, CLOSEST_TITLES, { asOf: moment.asOf })
      : [];
  return formatAnswer({
    results: found.results,
    closest,
    width,
    offset,
    window: found.window,
    outsideWindow: found.outsideWindow,
    reasons: found.results.length === 0 ? explainNothingFound(question, found) : [],
    listsNews: found.listsNews,
    ...(moment.asOf === undefined ? {} : { asOf: moment.asOf }),
  });
}

/** The width to wrap to on a terminal `columns` wide (unknown: {@link DEFAULT_WIDTH}). */
export function terminalWidth(columns: number | undefined): number {
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return DEFAULT_WIDTH;
  return Math.max(20, Math.min(DEFAULT_WIDTH, Math.floor(columns) - 1));
}
