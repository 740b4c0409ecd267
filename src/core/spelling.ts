import Fuse from "fuse.js";
import SearchableMap from "minisearch/SearchableMap";

/** Words shorter than this are never corrected: too many real words lie one edit apart. */
const MIN_CORRECTABLE_LENGTH = 4;

/** Fuse.js scores from 0 (exact) to 1; candidates above this are not corrections. */
const MAX_FUSE_SCORE = 0.6;

/** Words this long may be corrected by two edits of any kind. */
const LONG_WORD = 8;

/** True when `b` is `a` with two neighbouring letters swapped. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = 0;
  while (first < a.length && a[first] === b[first]) first++;
  return (
    first + 1 < a.length &&
    a[first] === b[first + 1] &&
    a[first + 1] === b[first] &&
    a.slice(first + 2) === b.slice(first + 2)
  );
}

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
      // Transposed letters are two edits to the automaton; anything else two edits away
      // must be a long word, where two real words rarely lie that close.
      const maxEdits = word.length >= 5 ? 2 : 1;
      const candidates = [...vocabulary.fuzzyGet(word, maxEdits)]
        .map(([candidate, [count, edits]]) => ({ candidate, count, edits }))
        .filter(
          ({ candidate, edits }) =>
            edits < 2 || word.length >= LONG_WORD || isTransposition(word, candidate),
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
