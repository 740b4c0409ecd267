/**
 * Finding articles by their titles as someone types them (`/article`), in time that does not
 * grow with the library. fuse.js scores every title it is given against the typed text, at a
 * cost of the text's length times the titles' total length: over tens of thousands of titles
 * that takes seconds, on every keystroke. So it scores only the titles that share the most
 * words with the typed text, the word being typed counting as the start of one ("lighthous"),
 * and a word the titles lack as the title words one slip away ("festivl" for "festival"),
 * shorter titles first among those that share as much.
 */
import Fuse from "fuse.js";
import { oneEditVariants } from "./spelling.ts";
import { foldQuestion } from "./text.ts";

/** The bounds of title matching: each keeps one query's cost down, none is tuned. */
export const TITLE_MATCHING = {
  /** Titles fuse.js scores for one query, at most. */
  maxScored: 100,
  /** Characters of a title that are matched (the rest of a very long title is not). */
  maxTitleLength: 200,
  /** Characters of the typed text that are matched. */
  maxQueryLength: 64,
  /** Title words one typed word may stand for, at most, as their start. */
  maxPrefixWords: 200,
  /** Typed words shorter than this are not read as slips of other words. */
  minSlipLength: 3,
  /** Typed words that choose the titles to score, at most (the longest). */
  maxTypedWords: 8,
} as const;

export interface TitleMatcher {
  /** The numbers of the articles whose titles best match `query`, best first, at most `limit`. */
  match(query: string, limit: number): number[];
  /** Reads a few more titles; true once every title is read. */
  prepare(): boolean;
}

/** The first index of `sorted` whose word is not before `word`. */
function lowerBound(sorted: readonly string[], word: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? "") < word) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The typed words that choose the titles to score: the longest, the most telling, first. */
function mostTelling(typedWords: readonly string[]): string[] {
  return [...new Set(typedWords)]
    .sort((a, b) => b.length - a.length)
    .slice(0, TITLE_MATCHING.maxTypedWords);
}

/** Titles read in one step of a matcher's preparation (a few milliseconds' work). */
const TITLES_PER_STEP = 1_000;

/** The words of folded text, as titles and typed text are compared by. */
const TITLE_WORD = /[\p{L}\p{N}]+/gu;

function titleWords(folded: string): string[] {
  return folded.match(TITLE_WORD) ?? [];
}

/**
 * Builds the matcher over the library's titles (in article order); `threshold` as fuse.js's.
 * The titles are read in steps (`prepare`), so a large library's are read between questions;
 * a match reads any left first.
 */
export function createTitleMatcher(titles: readonly string[], threshold: number): TitleMatcher {
  const limits = TITLE_MATCHING;
  const folded: string[] = [];
  /** How many words each title has. */
  const wordCounts: number[] = [];
  const articlesOfWord = new Map<string, number[]>();
  let sortedWords: string[] | null = null;

  /** Reads up to `count` more titles; true once every title is read and its words sorted. */
  function step(count: number): boolean {
    if (sortedWords !== null) return true;
    const end = Math.min(titles.length, folded.length + count);
    for (let article = folded.length; article < end; article++) {
      const title = foldQuestion(titles[article] ?? "", limits.maxTitleLength);
      folded.push(title);
      const words = titleWords(title);
      wordCounts.push(words.length);
      for (const word of words) {
        const list = articlesOfWord.get(word);
        if (list === undefined) articlesOfWord.set(word, [article]);
        else if (list[list.length - 1] !== article) list.push(article);
      }
    }
    if (folded.length < titles.length) return false;
    sortedWords = [...articlesOfWord.keys()].sort();
    return true;
  }

  /**
   * The title words `typed` may stand for: itself, or those it starts when it is the word
   * being typed (`inPart`); else those one slip away.
   */
  function titleWordsFor(typed: string, inPart: boolean, sorted: readonly string[]): string[] {
    const found: string[] = [];
    if (inPart) {
      for (let i = lowerBound(sorted, typed); i < sorted.length; i++) {
        const word = sorted[i] ?? "";
        if (!word.startsWith(typed) || found.length >= limits.maxPrefixWords) break;
        found.push(word);
      }
    } else if (articlesOfWord.has(typed)) {
      found.push(typed);
    }
    if (found.length > 0 || typed.length < limits.minSlipLength) return found;
    const slips = new Set<string>();
    for (const variant of oneEditVariants(typed))
      if (articlesOfWord.has(variant)) slips.add(variant);
    return [...slips];
  }

  /**
   * The articles whose titles share the most with the typed words, at most `count`: a title
   * word typed in full counts twice, one being typed (or typed with a slip) once; among
   * titles sharing as much, the shorter come first, as more of them was typed.
   */
  function candidates(
    typedWords: readonly string[],
    count: number,
    sorted: readonly string[],
  ): number[] {
    const shared = new Map<number, number>();
    const add = (article: number, points: number): void => {
      shared.set(article, (shared.get(article) ?? 0) + points);
    };
    // Only the last word may be one still being typed.
    const last = typedWords[typedWords.length - 1];
    for (const typed of mostTelling(typedWords)) {
      const whole = new Set(articlesOfWord.get(typed) ?? []);
      const near = new Set<number>();
      for (const word of titleWordsFor(typed, typed === last, sorted)) {
        if (word === typed) continue;
        for (const article of articlesOfWord.get(word) ?? []) {
          if (!whole.has(article)) near.add(article);
        }
      }
      for (const article of whole) add(article, 2);
      for (const article of near) add(article, 1);
    }
    const byShare: number[][] = [];
    for (const [article, points] of shared) (byShare[points] ??= []).push(article);
    const chosen: number[] = [];
    for (let points = byShare.length - 1; points > 0 && chosen.length < count; points--) {
      const articles = byShare[points] ?? [];
      const room = count - chosen.length;
      if (articles.length > room) {
        articles.sort((a, b) => (wordCounts[a] ?? 0) - (wordCounts[b] ?? 0) || a - b);
      }
      chosen.push(...articles.slice(0, room));
    }
    return chosen;
  }

  return {
    prepare: () => step(TITLES_PER_STEP),
    match(query, limit) {
      const typed = foldQuestion(query.trim(), limits.maxQueryLength).trim();
      if (typed === "" || limit <= 0) return [];
      step(Infinity);
      const scored =
        folded.length <= limits.maxScored
          ? folded.map((_, article) => article)
          : candidates(titleWords(typed), limits.maxScored, sortedWords ?? []);
      const fuse = new Fuse(
        scored.map((article) => ({ article, title: folded[article] ?? "" })),
        { keys: ["title"], ignoreLocation: true, threshold },
      );
      return fuse.search(typed, { limit }).map((hit) => hit.item.article);
    },
  };
}
