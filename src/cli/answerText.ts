/**
 * Answers as plain text for a terminal: numbered quotes wrapped to the screen, each with
 * its article's title, date and link beneath. Shared by `npm run ask` and the offline
 * console. Pure: no I/O, and the library is only searched, never changed.
 */
import type { ArticleRef, Library, SearchResult } from "../core/types.ts";

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
}

export interface AnswerOptions {
  /** How many quotes at most (default 3). */
  top?: number;
  /** Line width to wrap to (default {@link DEFAULT_WIDTH}). */
  width?: number;
}

/** Control characters (other than line breaks and tabs) must not reach a terminal. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

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

/**
 * The answer to one question as terminal text (lines joined with `\n`, no final line
 * break): numbered quotes separated by blank lines, or {@link NO_ANSWER} followed by the
 * closest titles when there are none.
 */
export function formatAnswer(answer: TerminalAnswer): string {
  const width = Math.max(20, Math.floor(answer.width ?? DEFAULT_WIDTH));
  if (answer.results.length === 0) {
    const lines = [NO_ANSWER];
    const closest = (answer.closest ?? []).slice(0, CLOSEST_TITLES);
    if (closest.length > 0) {
      lines.push("Closest articles:");
      for (const article of closest) {
        lines.push(...wrapText(describeArticle(article), width, "    ", "  - "));
      }
    }
    return lines.join("\n");
  }
  const offset = answer.offset ?? 0;
  return answer.results
    .map((result, at) => formatResult(result, offset + at + 1, width).join("\n"))
    .join("\n\n");
}

/** Searches the library for a question and formats the answer for a terminal. */
export function answerForTerminal(
  library: Library,
  question: string,
  options: AnswerOptions = {},
): string {
  const results = library.search(question, { top: options.top ?? 3 });
  const closest = results.length === 0 ? library.closestArticles(question, CLOSEST_TITLES) : [];
  return formatAnswer({ results, closest, width: options.width ?? DEFAULT_WIDTH });
}

/** The width to wrap to on a terminal `columns` wide (unknown: {@link DEFAULT_WIDTH}). */
export function terminalWidth(columns: number | undefined): number {
  if (columns === undefined || !Number.isFinite(columns) || columns <= 0) return DEFAULT_WIDTH;
  return Math.max(20, Math.min(DEFAULT_WIDTH, Math.floor(columns) - 1));
}
