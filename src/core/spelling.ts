import Fuse from "fuse.js";
import SearchableMap from "minisearch/SearchableMap";
import { isEverydayEnglish } from "./englishRarity.ts";
import { MAX_WORD_LENGTH } from "./text.ts";

/** Words shorter than this are never corrected: too many real words lie one edit apart. */
const MIN_CORRECTABLE_LENGTH = 4;

/** Fuse.js scores from 0 (exact) to 1; candidates above this are not corrections. */
const MAX_FUSE_SCORE = 0.6;

/**
 * Added to the rank (lower is better) of a candidate whose first letter differs from the
 * typo's: typing seldom gets the first letter wrong, but a far more frequent word still wins
 * ("Nusk" is "Musk", not "nuss"). Tune half of XQuAD with one typo, seeds 1-4: 275, 270,
 * 277, 273 without it and at 0.05; 276, 270, 278, 273 at 0.1 and 0.2.
 */
const FIRST_LETTER_PENALTY = 0.1;

/** Words this long may be corrected by two edits of any kind. */
const LONG_WORD = 8;

import { MAX_VOCABULARY } from "./vocabularyLimit.ts";

export { MAX_VOCABULARY };

/** A library word that may be what a misspelled word meant. */
interface Candidate {
  candidate: string;
  /** How often the library has it. */
  count: number;
  /** Edits between it and the misspelled word (a swap of neighbours counts 2). */
  edits: number;
}

/** How often the library has a word (one the corrector may suggest), or undefined. */
export type WordCount = (word: string) => number | undefined;

/**
 * Typed words whose one-edit neighbours are looked up directly: folded Latin letters and
 * digits only.
 * Folding leaves library words of Latin script in these letters too (see foldText), so the
 * neighbours are the words one of {@link NEIGHBOUR_LETTERS} away; only a neighbour with a
 * letter of another script in it is not looked for.
 */
const LOOKED_UP_WORD = /^[a-z0-9]+$/;

/**
 * The word one edit away: two neighbouring letters swapped, a letter dropped, added or
 * replaced (Latin letters; digits are never touched, as the word has none).
 */
export function* oneEditVariants(word: string): Generator<string> {
  for (let i = 0; i + 1 < word.length; i++) {
    if (word[i] !== word[i + 1]) yield word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  }
  for (let i = 0; i <= word.length; i++) {
    const before = word.slice(0, i);
    if (i < word.length) yield before + word.slice(i + 1);
    for (const letter of LATIN_LETTERS) {
      yield before + letter + word.slice(i);
      if (i < word.length && letter !== word[i]) yield before + letter + word.slice(i + 1);
    }
  }
}

const LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Whether {@link oneEditNeighbours} can look up a word's neighbours. */
export function isLookedUpWord(word: string): boolean {
  return LOOKED_UP_WORD.test(word);
}

/** The letters a one-edit neighbour of a {@link LOOKED_UP_WORD} may add or replace. */
const NEIGHBOUR_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * The library words one edit (a letter dropped, added or replaced) from a word of
 * {@link LOOKED_UP_WORD}'s letters, with their counts: every candidate looked up by hash.
 */
export function oneEditNeighbours(word: string, count: WordCount): Map<string, number> {
  const found = new Map<string, number>();
  const offer = (candidate: string): void => {
    if (found.has(candidate)) return;
    const seen = count(candidate);
    if (seen !== undefined) found.set(candidate, seen);
  };
  for (let i = 0; i <= word.length; i++) {
    const before = word.slice(0, i);
    const after = word.slice(i);
    if (i < word.length) offer(before + word.slice(i + 1));
    for (const letter of NEIGHBOUR_LETTERS) {
      offer(before + letter + after);
      if (i < word.length && letter !== word[i]) offer(before + letter + word.slice(i + 1));
    }
  }
  return found;
}

/**
 * Library words close to a misspelled one: one edit away (a letter dropped, added or
 * replaced), two neighbouring letters swapped, and for long words two edits of any kind.
 * Latin words' one-edit neighbours and every word's swaps are looked up by hash (a few
 * hundred lookups, tens of microseconds); other one-edit searches and two-edit ones use the
 * tree's edit-distance automaton, which costs about a millisecond and needs the tree
 * filled (`tree()` fills whatever is left). Between short words two edits too often lead
 * to another real word.
 */
function findCandidates(
  tree: () => SearchableMap<number>,
  count: WordCount,
  word: string,
): Candidate[] {
  const found = new Map<string, Candidate>();
  const kept: WordCount = (candidate) =>
    candidate.length <= MAX_WORD_LENGTH ? count(candidate) : undefined;
  const addFromTree = (edits: number): void => {
    for (const [candidate, [seen, distance]] of tree().fuzzyGet(word, edits)) {
      if (distance > 0) found.set(candidate, { candidate, count: seen, edits: distance });
    }
  };
  if (isLookedUpWord(word)) {
    for (const [candidate, seen] of oneEditNeighbours(word, kept)) {
      found.set(candidate, { candidate, count: seen, edits: 1 });
    }
  } else addFromTree(1);
  for (let i = 0; i + 1 < word.length; i++) {
    const swapped = word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2);
    const seen = swapped === word ? undefined : kept(swapped);
    if (seen !== undefined && !found.has(swapped)) {
      found.set(swapped, { candidate: swapped, count: seen, edits: 2 });
    }
  }
  // Most typos are one edit or a swap; two edits are tried only when those find nothing.
  if (found.size === 0 && word.length >= LONG_WORD) addFromTree(2);
  // In word order, so the choice never depends on the order the tree was filled in.
  return [...found.values()].sort((a, b) =>
    a.candidate < b.candidate ? -1 : a.candidate > b.candidate ? 1 : 0,
  );
}

/** Maps words the library lacks to the library words they most likely meant. */
export interface SpellingCorrector {
  /**
   * The library word a misspelled word most likely meant, or null when no word is close.
   * Call it only for words the library does not know.
   */
  correct(word: string): string | null;
  /** Does one short step of the corrector's preparation; true once it is complete. */
  prepare(): boolean;
}

/**
 * Whether a word the library lacks may be a misspelling: with enough letters to correct
 * safely, not over MAX_WORD_LENGTH, and not an everyday English word. "help" stays "help"
 * even when the library only has "held": a correct word is never changed. A word with
 * digits ("Intrenet2") is corrected by its letters only ({@link digitsOf}).
 */
export function isCorrectable(word: string): boolean {
  if (word.length > MAX_WORD_LENGTH) return false;
  if (word.length - digitsOf(word).length < MIN_CORRECTABLE_LENGTH) return false;
  return !isEverydayEnglish(word);
}

/** The digits of a word in order: a correction keeps them ("Intrenet2" → "internet2", never "119" for "118"). */
function digitsOf(word: string): string {
  return word.replace(/\D+/g, "");
}

/** Library words added to the corrector's tree per step of its preparation. */
const WORDS_PER_STEP = 1_000;

/** The library's words with their counts, as often as asked (a corrector may refill its tree). */
export type WordCounts = () => Iterable<readonly [string, number]>;

/** Whether a library word goes into the corrector's tree. */
function isKeptWord(word: string, count: number): boolean {
  return count > 0 && word.length <= MAX_WORD_LENGTH;
}

/**
 * A corrector over a radix tree of the library's words. The tree of a corrector may be
 * handed on to the corrector of the next library ({@link updateSpellingCorrector}); the
 * corrector that gave it away fills a tree of its own again if it is ever asked again.
 */
class TreeCorrector implements SpellingCorrector {
  private tree = new SearchableMap<number>();
  private pending: Iterator<readonly [string, number]>;
  private added = 0;
  private ready = false;

  constructor(
    private readonly wordCounts: WordCounts,
    private readonly wordCount: WordCount,
  ) {
    this.pending = wordCounts()[Symbol.iterator]();
  }

  /** Adds up to `limit` more words; true when every word is in. */
  private step(limit: number): boolean {
    for (let n = 0; !this.ready && n < limit; n++) {
      const next = this.pending.next();
      if (next.done === true || this.added >= MAX_VOCABULARY) {
        this.ready = true;
        break;
      }
      const [word, count] = next.value;
      if (!isKeptWord(word, count)) continue;
      this.tree.set(word, count);
      this.added++;
    }
    return this.ready;
  }

  prepare(): boolean {
    return this.step(WORDS_PER_STEP);
  }

  /** The tree with every word in: what is left of the preparation is done first. */
  private filledTree(): SearchableMap<number> {
    while (!this.step(WORDS_PER_STEP));
    return this.tree;
  }

  correct(word: string): string | null {
    if (!isCorrectable(word)) return null;
    const digits = digitsOf(word);
    const found = findCandidates(() => this.filledTree(), this.wordCount, word).filter(
      (candidate) => digitsOf(candidate.candidate) === digits,
    );
    const candidates = found;
    if (candidates.length === 0) return null;
    const fuse = new Fuse(candidates, {
      keys: ["candidate"],
      includeScore: true,
      ignoreLocation: true,
      threshold: MAX_FUSE_SCORE,
    });
    let best: { candidate: string; rank: number } | null = null;
    for (const { item, score = 1 } of fuse.search(word)) {
      // Typing seldom gets a word's first letter wrong ("ltest" is "latest", not "test").
      const otherStart = item.candidate.charAt(0) === word.charAt(0) ? 0 : FIRST_LETTER_PENALTY;
      const rank = score + 0.15 * item.edits - 0.03 * Math.log(item.count) + otherStart;
      if (best === null || rank < best.rank) best = { candidate: item.candidate, rank };
    }
    return best?.candidate ?? null;
  }

  /**
   * The corrector of the next library: this one's tree with `changes` made (a word's new
   * count, or undefined for a word gone), or null when the tree cannot be handed on (not
   * filled yet, or it would pass the vocabulary limit).
   */
  handOn(
    changes: ReadonlyMap<string, number | undefined>,
    next: WordCounts,
    nextCount: WordCount,
  ): TreeCorrector | null {
    if (!this.ready) return null;
    // Counted here: the tree's own size walks every word once it has changed.
    let size = this.added;
    for (const [word, count] of changes) {
      const kept = count !== undefined && isKeptWord(word, count);
      if (kept && !this.tree.has(word)) size++;
      else if (!kept && this.tree.has(word)) size--;
    }
    if (size > MAX_VOCABULARY) return null;
    for (const [word, count] of changes) {
      if (count !== undefined && isKeptWord(word, count)) this.tree.set(word, count);
      else this.tree.delete(word);
    }
    const successor = new TreeCorrector(next, nextCount);
    successor.tree = this.tree;
    successor.added = size;
    successor.ready = true;
    this.giveUpTree();
    return successor;
  }

  /** Forgets the tree handed on: a later question refills one from this library's words. */
  private giveUpTree(): void {
    this.tree = new SearchableMap<number>();
    this.pending = this.wordCounts()[Symbol.iterator]();
    this.added = 0;
    this.ready = false;
  }
}

/**
 * Builds a corrector over the library's vocabulary (folded words and how often each
 * occurs). An edit-distance automaton over a radix tree (MiniSearch's SearchableMap)
 * narrows the vocabulary to a handful of candidates in about a millisecond; fuse.js
 * then scores those candidates, and frequency breaks near ties in favour of the
 * word people more often write.
 *
 * The tree is filled step by step ({@link SpellingCorrector.prepare}), so a caller that
 * must stay responsive can spread its construction over many short turns; `correct`
 * finishes whatever is left first.
 */
export function createSpellingCorrector(
  wordCounts: WordCounts | Iterable<readonly [string, number]>,
  wordCount?: WordCount,
): SpellingCorrector {
  if (typeof wordCounts === "function") {
    return new TreeCorrector(wordCounts, wordCount ?? countsOf(wordCounts()));
  }
  return new TreeCorrector(() => wordCounts, wordCount ?? countsOf(wordCounts));
}

/** How often each kept word occurs, looked up in a table of `wordCounts`. */
function countsOf(wordCounts: Iterable<readonly [string, number]>): WordCount {
  const counts = new Map<string, number>();
  for (const [word, count] of wordCounts) if (isKeptWord(word, count)) counts.set(word, count);
  return (word) => counts.get(word);
}

/**
 * The corrector of a library updated from the one `previous` serves: `previous`'s tree
 * with the changed words' counts (undefined: the word is gone), so nothing is refilled.
 * Corrects exactly as {@link createSpellingCorrector} over `wordCounts` would. Falls back
 * to a new corrector when the tree cannot be handed on.
 */
export function updateSpellingCorrector(
  previous: SpellingCorrector,
  changes: ReadonlyMap<string, number | undefined>,
  wordCounts: WordCounts,
  wordCount: WordCount,
): SpellingCorrector {
  const handedOn =
    previous instanceof TreeCorrector ? previous.handOn(changes, wordCounts, wordCount) : null;
  return handedOn ?? createSpellingCorrector(wordCounts, wordCount);
}
