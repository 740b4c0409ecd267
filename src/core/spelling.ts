import Fuse from "fuse.js";
import SearchableMap from "minisearch/SearchableMap";

/** Words shorter than this are never corrected: too many real words lie one edit apart. */
const MIN_CORRECTABLE_LENGTH = 4;

/** Fuse.js scores from 0 (exact) to 1; candidates above this are not corrections. */
const MAX_FUSE_SCORE = 0.6;

export interface SpellingCorrector {
  /**
   * The library word a misspelled word most likely meant, or null when no word is close.
   * Call it only for words the library does not know.
   */
  correct(word: string): string | null;
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
  for (const [word, count] of wordCounts) vocabulary.set(word, count);

  return {
    correct(word: string): string | null {
      if (word.length < MIN_CORRECTABLE_LENGTH || /\d/.test(word)) return null;
      const maxEdits = word.length >= 5 ? 2 : 1;
      const candidates = [...vocabulary.fuzzyGet(word, maxEdits)].map(
        ([candidate, [count, edits]]) => ({
          candidate,
          count,
          edits,
        }),
      );
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
