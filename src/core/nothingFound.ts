/**
 * What a reply says when nothing answers: which of the question's subject words no article
 * holds ("No article mentions Tesla."), and which words look like misspellings of library
 * words ("Did you mean “Kupiecki”?"). Words are shown as the question wrote them.
 */
import { foldText, splitCjkRuns, wordsAsWritten } from "./text.ts";
import type { Answer, SearchResult } from "./types.ts";

/** At most this many missing words are named in one sentence. */
const MAX_NAMED = 3;

/**
 * The question's own spelling of a folded (or case-kept) word, or the word itself; written
 * more than one way, the first with a capital ("Tesla" of "…/tesla-news say about Tesla").
 * A pair of Chinese or Japanese characters, as the search reads such a run, is the run the
 * question writes it in: "京发" of "北京发生了什么" is no word, and no article holds the run.
 */
function asWritten(query: string, word: string): string {
  let found: string | null = null;
  for (const { word: read, written } of wordsAsWritten(query)) {
    if (read !== word && foldText(read) !== word && !holdsCharacterPair(read, word)) continue;
    if (written !== written.toLowerCase()) return written;
    found ??= written;
  }
  return found ?? word;
}

/** True when `pair` is one of the character pairs the search reads `word` as. */
function holdsCharacterPair(word: string, pair: string): boolean {
  const parts = splitCjkRuns(foldText(word));
  return parts.length > 1 && parts.includes(pair);
}

/** `word` capitalised when `written` is ("Kupieki" → "Kupiecki"). */
function inCaseOf(written: string, word: string): string {
  const first = written.charAt(0);
  return first !== first.toLowerCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

/** "a", "a or b", "a, b or c". */
function alternatives(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1] ?? ""}`;
}

/**
 * The sentences explaining an empty answer, in order: what no article mentions, then
 * "did you mean". Empty when the answer gives no reason (the words are there, but no
 * passage holds enough of the question).
 */
export function explainNothingFound(
  query: string,
  answer: Pick<Answer, "missing" | "suggestions">,
): string[] {
  const sentences: string[] = [];
  const missing = [...new Set(answer.missing.map((word) => asWritten(query, word)))];
  if (missing.length > 0) {
    const named = alternatives(missing.slice(0, MAX_NAMED));
    // "N.Y." ends the sentence with its own full stop.
    sentences.push(`No article mentions ${named}${named.endsWith(".") ? "" : "."}`);
  }
  const suggested = [
    ...new Set(answer.suggestions.map((s) => inCaseOf(asWritten(query, s.typed), s.suggestion))),
  ];
  if (suggested.length > 0) {
    const quoted = suggested.slice(0, MAX_NAMED).map((word) => `“${word}”`);
    sentences.push(`Did you mean ${alternatives(quoted)}?`);
  }
  return sentences;
}

/** Heads the closest answers from before a window that had none. */
export const EARLIER_ANSWERS = "The closest earlier articles:";
/** Heads them when some come from after the window ("in March", asked in June). */
export const OUTSIDE_ANSWERS = "The closest articles from outside that period:";

/** Heads the newest stories from before a period that has none, for a question asking what is new. */
export const EARLIER_NEWS = "The newest earlier articles:";
/** Heads them when some come from after the period. */
export const OUTSIDE_NEWS = "The newest articles from outside that period:";
/** The reply to a question asking what is new when no article is dated by its moment. */
export const NO_NEWS =
  "No article is dated on or before the day asked, so there is no news to list.";

/**
 * The heading for answers from outside a window, or for the newest stories outside it when
 * the question asks what is new (`listsNews`): "earlier" only when every one is.
 */
export function outsideWindowHeading(
  window: Answer["window"] | undefined,
  results: readonly Pick<SearchResult, "article">[],
  listsNews = false,
): string {
  const from = window?.from ?? null;
  const allEarlier =
    from !== null &&
    results.every((result) => result.article.date !== null && result.article.date < from);
  if (listsNews) return allEarlier ? EARLIER_NEWS : OUTSIDE_NEWS;
  return allEarlier ? EARLIER_ANSWERS : OUTSIDE_ANSWERS;
}
