import stemWord from "wink-porter2-stemmer";

/**
 * Common English words that say nothing about what a passage is about. Question words
 * are included: "who" or "what" never tells two passages apart.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren as at be because been before " +
    "being below between both but by can cannot could couldn did didn do does doesn doing don " +
    "down during each few for from further had hadn has hasn have haven having he her here hers " +
    "herself him himself his how i if in into is isn it its itself just let ll me more most " +
    "mustn my myself no nor not now of off on once only or other ought our ours ourselves out " +
    "over own re same shan she should shouldn so some such than that the their theirs them " +
    "themselves then there these they this those through to too under until up upon us ve very " +
    "was wasn we were weren what when where which while who whom whose why will with won would " +
    "wouldn you your yours yourself yourselves also did does got get gets many much may might " +
    "must shall s t d m o y"
  ).split(" "),
);

const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;
/** A word: a number with its decimal point or separators ("3.5", "1,200"), or letters and digits. */
export const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+/gu;
const POSSESSIVE = /['’‘`](?:s\b)?/gu;

/**
 * Folds text for matching: Unicode NFKC, lower case, accents removed, curly quotes
 * straightened. The result is for comparing words only, never for showing.
 */
export function foldText(text: string): string {
  let folded = text.normalize("NFKC").toLowerCase();
  if (NON_ASCII.test(folded)) folded = folded.normalize("NFD").replace(COMBINING_MARKS, "");
  return folded;
}

/**
 * Splits text into folded words, dropping possessive endings ("Seoul’s" → "seoul").
 * Stop words are kept; see {@link isStopWord}.
 */
export function splitWords(text: string): string[] {
  return foldText(text).replace(POSSESSIVE, " ").match(WORD) ?? [];
}

/** True for words too common, or too short, to tell passages apart. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || (word.length === 1 && !/\d/.test(word));
}

/** Reduces a folded word to its stem, so "agreed", "agrees" and "agreement" meet. */
export function stem(word: string): string {
  if (/\d/.test(word) || word.length <= 3) return word;
  return stemWord(word);
}
