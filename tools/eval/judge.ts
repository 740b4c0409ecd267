/**
 * Whether an answer is right. Quote-level questions compare text loosely (Unicode NFKC,
 * curly quotes folded to straight ones, white space collapsed, case ignored); article-level
 * questions compare article ids; unanswerable questions are right only without results.
 */
import type { Question, QuoteQuestion } from "./questions.ts";

/** The part of a search result judging needs; `SearchResult` and the baselines' hits fit it. */
export interface Hit {
  quote: string;
  article: { id: string; date: string | null };
}

/** K when a quote-level question does not name its own. */
export const DEFAULT_QUOTE_K = 3;
/** K when an article-level question does not name its own. */
export const DEFAULT_ARTICLE_K = 5;

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u02BC]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;

/** Text as the judge compares it. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize("NFKC")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(/\s+/gu, " ")
    .trim()
    .toLowerCase();
}

/** Whether an article's date is within a question's `dateFrom`…`dateTo` (true without them). */
export function isInDateWindow(question: QuoteQuestion, date: string | null): boolean {
  if (question.dateFrom === undefined && question.dateTo === undefined) return true;
  if (date === null) return false;
  if (question.dateFrom !== undefined && date < question.dateFrom) return false;
  return question.dateTo === undefined || date <= question.dateTo;
}

/** Whether one hit answers a quote-level question. */
export function isRightQuote(question: QuoteQuestion, hit: Hit): boolean {
  if (question.date !== null && hit.article.date !== question.date) return false;
  if (!isInDateWindow(question, hit.article.date)) return false;
  const quote = normalizeForMatch(hit.quote);
  return question.any.some((wanted) =>
    question.wholeWords === true
      ? includesWholeWords(quote, normalizeForMatch(wanted))
      : quote.includes(normalizeForMatch(wanted)),
  );
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Whether `wanted` occurs in `text` with no letter or digit right before or after it. */
function includesWholeWords(text: string, wanted: string): boolean {
  if (wanted === "") return false;
  for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + 1)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + wanted.length);
    if (!WORD_CHARACTER.test(before) && !WORD_CHARACTER.test(after)) return true;
  }
  return false;
}

/** The 1-based rank of the first right hit, or null when none is right (always null for `none`). */
export function firstRightRank(question: Question, hits: readonly Hit[]): number | null {
  const at = hits.findIndex((hit) => {
    switch (question.kind) {
      case "quote":
        return isRightQuote(question, hit);
      case "article":
        return question.gold.includes(hit.article.id);
      case "none":
        return false;
    }
  });
  return at === -1 ? null : at + 1;
}

/** The K a question is judged at: `at` when given, else the question's own, else the default. */
export function cutoffFor(question: Question, at?: number): number {
  if (at !== undefined) return at;
  switch (question.kind) {
    case "quote":
      return question.k ?? DEFAULT_QUOTE_K;
    case "article":
      return question.k ?? DEFAULT_ARTICLE_K;
    case "none":
      return DEFAULT_QUOTE_K;
  }
}

/** How one question went. */
export interface Outcome {
  kind: Question["kind"];
  /** 1-based rank of the first right result, or null. */
  rank: number | null;
  /** The cutoff it is judged at. */
  k: number;
  /** How many results came back. */
  results: number;
}

export function judge(question: Question, hits: readonly Hit[], at?: number): Outcome {
  return {
    kind: question.kind,
    rank: firstRightRank(question, hits),
    k: cutoffFor(question, at),
    results: hits.length,
  };
}

/** Right within its cutoff: a right result at rank ≤ K, or, for `none`, no results at all. */
export function isRightAtK(outcome: Outcome): boolean {
  if (outcome.kind === "none") return outcome.results === 0;
  return outcome.rank !== null && outcome.rank <= outcome.k;
}
