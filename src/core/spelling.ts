import Fuse from "fuse.js";
import SearchableMap from "minisearch/SearchableMap";
import { isEverydayEnglish } from "./englishRarity.ts";
import { MAX_WORD_LENGTH } from "./text.ts";

/** Words shorter than this are never corrected: too many real words lie one edit apart. */
const MIN_CORRECTABLE_LENGTH = 4;

/** Fuse.js scores from 0 (exact) to 1; candidates above this are not corrections. */
const MAX_FUSE_SCORE = 0.6;

/** Words this long may be corrected by two edits of any kind. */
const LONG_WORD = 8;

/**
 * The corrector knows at most this many library words, the most frequent. A real
 * vocabulary (26,569 news articles) has about 300,000; a library of random tokens could
 * have millions, each costing a node of the search tree.
 */
const MAX_VOCABULARY = 500_000;

/** A library word that may be what a misspelled word meant. */
interface Candidate {
  candidate: string;
  /** How often the library has it. */
  count: number;
  /** Edits between it and the misspelled word (a swap of neighbours counts 2). */
  edits: number;
}

/**
 * Library words close to a misspelled one: one edit away (a letter dropped, added or
 * replaced), two neighbouring letters swapped, and for long words two edits of any kind.
 * Searching two edits away costs a few milliseconds on a large vocabulary, so shorter
 * words look up their swaps directly instead; between short words two edits too often
 * lead to another real word.
 */
function findCandidates(vocabulary: SearchableMap<number>, word: string): Candidate[] {
  const found = new Map<string, Candidate>();
  const add = (edits: number): void => {
    for (const [candidate, [count, distance]] of vocabulary.fuzzyGet(word, edits)) {
      found.set(candidate, { candidate, count, edits: distance });
    }
  };
  add(1);
  for (let i = 0; i + 1 < word.length; i++) {
    const swapped = word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
    const count = vocabulary.get(swapped);
    if (count !== undefined && !found.has(swapped)) {
      found.set(swapped, { candidate: swapped, count, edits: 2 });
    }
  }
  // Most typos are one edit or a swap; two edits are tried only when those find nothing.
  if (found.size === 0 && word.length >= LONG_WORD) add(2);
  return [...found.values()];
}

/** Maps words the library lacks to the library words they most likely meant. */
export interface SpellingCorrector {
  /**
   * The library word a misspelled word most likely meant, or null when no word is close.
   * Call it only for words the library does not know.
   */
  correct(word: string): string | null;
}

/**
 * Whether a word the library lacks may be a misspelling: long enough to correct safely,
 * no digits, not over MAX_WORD_LENGTH, and not an everyday English word. "help" stays
 * "help" even when the library only has "held": a correct word is never changed.
 */
function isCorrectable(word: string): boolean {
  if (word.length < MIN_CORRECTABLE_LENGTH || word.length > MAX_WORD_LENGTH) return false;
  return !/\d/.test(word) && !isEverydayEnglish(word);
}

/**
 * The least count a word needs to be among the `limit` most frequent (1 when all fit);
 * ties at that count are taken in the vocabulary's order up to the limit.
 * A histogram of counts rather than a sort, so this is linear in the vocabulary.
 */
function countForVocabulary(wordCounts: ReadonlyMap<string, number>, limit: number): number {
  if (wordCounts.size <= limit) return 1;
  const words = new Map<number, number>();
  for (const count of wordCounts.values()) words.set(count, (words.get(count) ?? 0) + 1);
  const counts = [...words.keys()].sort((a, b) => b - a);
  let kept = 0;
  for (const count of counts) {
    kept += words.get(count) ?? 0;
    if (kept >= limit) return count;
  }
  return 1;
}

/**
 * Builds a corrector over the library's vocabulary (folded words and how often each
 * occurs). An edit-distance automaton over a radix tree (MiniSearch's SearchableMap)
 * narrows the vocabulary to a handful of candidates in about a millisecond; fuse.js
 * then scores those candidates, and frequency breaks near ties in favour of the
 * word people more often write.
 */
export function createSpellingCorrector(
  wordCounts: ReadonlyMap<string, number>,
): SpellingCorrector {
  const vocabulary = new SearchableMap<number>();
  const minCount = countForVocabulary(wordCounts, MAX_VOCABULARY);
  let added = 0;
  for (const [word, count] of wordCounts) {
    if (count < minCount || word.length > MAX_WORD_LENGTH || added >= MAX_VOCABULARY) continue;
    vocabulary.set(word, count);
    added++;
  }

  return {
    correct(word: string): string | null {
      if (!isCorrectable(word)) return null;
      const candidates = findCandidates(vocabulary, word);
      if (candidates.length === 0) return null;
      const fuse = new Fuse(candidates, {
        keys: ["candidate"],
        includeScore: true,
        ignoreLocation: true,
        threshold: MAX_FUSE_SCORE,
      });
      let best: { candidate: string; rank: number } | null = null;
      for (const { item, score = 1 } of fuse.search(word)) {
        const rank = score + 0.15 * item.edits - 0.03 * Math.log(item.count);
        if (best === null || rank < best.rank) best = { candidate: item.candidate, rank };
      }
      return best?.candidate ?? null;
    },
  };
}
