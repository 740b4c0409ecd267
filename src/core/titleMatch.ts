/**
 * Finding articles by their titles as someone types them (`/article`), in time that does not
 * grow with the library. fuse.js scores every title it is given against the typed text, at a
 * cost of the text's length times the titles' total length: over tens of thousands of titles
 * that takes seconds, on every keystroke. So it scores only the titles that share the most
 * words with the typed text, a word typed in part counting as the start of one ("lighthous"),
 * and a word the titles lack as the title words one slip away ("festivl" for "festival").
 */
import Fuse from "fuse.js";
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
} as const;

export interface TitleMatcher {
  /** The numbers of the articles whose titles best match `query`, best first, at most `limit`. */
  match(query: string, limit: number): number[];
  /** Reads a few more titles; true once every title is read. */
  prepare(): boolean;
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Every string one deletion, substitution, insertion or swap of neighbours away from `word`. */
function* oneSlipAway(word: string): Generator<string> {
  for (let i = 0; i <= word.length; i++) {
    const before = word.slice(0, i);
    if (i < word.length) {
      const after = word.slice(i + 1);
      yield before + after;
      if (i + 1 < word.length)
        yield before + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
      for (const letter of LETTERS) yield before + letter + after;
    }
    for (const letter of LETTERS) yield before + letter + word.slice(i);
  }
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
  const articlesOfWord = new Map<string, number[]>();
  let sortedWords: string[] | null = null;

  /** Reads up to `count` more titles; true once every title is read and its words sorted. */
  function step(count: number): boolean {
    if (sortedWords !== null) return true;
    const end = Math.min(titles.length, folded.length + count);
    for (let article = folded.length; article < end; article++) {
      const title = foldQuestion(titles[article] ?? "", limits.maxTitleLength);
      folded.push(title);
      for (const word of titleWords(title)) {
        const list = articlesOfWord.get(word);
        if (list === undefined) articlesOfWord.set(word, [article]);
        else if (list[list.length - 1] !== article) list.push(article);
      }
    }
    if (folded.length < titles.length) return false;
    sortedWords = [...articlesOfWord.keys()].sort();
    return true;
  }

  /** The title words `typed` may stand for: those it starts, else those one slip away. */
  function titleWordsFor(typed: string, sorted: readonly string[]): string[] {
    const found: string[] = [];
    for (let i = lowerBound(sorted, typed); i < sorted.length; i++) {
      const word = sorted[i] ?? "";
      if (!word.startsWith(typed) || found.length >= limits.maxPrefixWords) break;
      found.push(word);
    }
    if (found.length > 0 || typed.length < limits.minSlipLength) return found;
    const slips = new Set<string>();
    for (const variant of oneSlipAway(typed)) if (articlesOfWord.has(variant)) slips.add(variant);
    return [...slips];
  }

  /** The articles whose titles share the most words with the typed ones, at most `count`. */
  function candidates(
    typedWords: readonly string[],
    count: number,
    sorted: readonly string[],
  ): number[] {
    const shared = new Map<number, number>();
    for (const typed of new Set(typedWords)) {
      const articles = new Set<number>();
      for (const word of titleWordsFor(typed, sorted)) {
        for (const article of articlesOfWord.get(word) ?? []) articles.add(article);
      }
      for (const article of articles) shared.set(article, (shared.get(article) ?? 0) + 1);
    }
    // By how many typed words they share, most first (in article order within a count).
    const byShare: number[][] = [];
    for (const [article, words] of shared) (byShare[words] ??= []).push(article);
    const chosen: number[] = [];
    for (let words = byShare.length - 1; words > 0 && chosen.length < count; words--) {
      const articles = (byShare[words] ?? []).sort((a, b) => a - b);
      chosen.push(...articles.slice(0, count - chosen.length));
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
