/**
 * Words as written in a text (a title, a quote), looked up as the index knows them: a name
 * or acronym in its written case first ("US"), then folded.
 */
import { perIndex } from "../perIndex.ts";
import type { PassageIndex } from "../passageIndex.ts";
import { foldText, wordsAsWritten } from "../text.ts";

/** The index term of a word as written, or null for a stop word or a word it lacks. */
export function termOfWritten(index: PassageIndex, written: string): number | null {
  const asWritten = index.words.get(written)?.term;
  if (asWritten !== undefined && asWritten >= 0) return asWritten;
  const folded = index.words.get(foldText(written))?.term;
  return folded !== undefined && folded >= 0 ? folded : null;
}

/** Every word of `text` with the index term it stands for, as `text` writes it. */
export function* writtenTerms(
  index: PassageIndex,
  text: string,
): Generator<{ written: string; term: number }> {
  for (const { word, written } of wordsAsWritten(text)) {
    const term = termOfWritten(index, word);
    if (term !== null) yield { written, term };
  }
}

/** Per index: the terms of each article's title, worked out the first time one is asked for. */
const titleTermCache = perIndex(() => new Map<number, readonly number[]>());

/** The index terms of an article's title (cached: titles are read on many questions). */
export function titleTerms(index: PassageIndex, article: number, title: string): readonly number[] {
  const cache = titleTermCache(index);
  let terms = cache.get(article);
  if (terms === undefined) {
    terms = [...writtenTerms(index, title)].map(({ term }) => term);
    cache.set(article, terms);
  }
  return terms;
}
