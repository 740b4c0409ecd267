/**
 * Words as written in a text (a title, a quote), looked up as the index knows them: a name
 * or acronym in its written case first ("US"), then folded.
 */
import { perIndex } from "../perIndex.ts";
import type { PassageIndex } from "../passageIndex.ts";
import { foldText, withJoinedAcronyms, WORD } from "../text.ts";

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
  for (const match of withJoinedAcronyms(text).matchAll(WORD)) {
    const [word] = match;
    const term = termOfWritten(index, word);
    if (term === null) continue;
    // A dotted acronym is looked up joined ("US") and given as the text writes it ("U.S.").
    const asWritten = text.slice(match.index, match.index + word.length);
    const dots = asWritten === word ? 0 : [...word].length;
    const written = text.slice(match.index, match.index + word.length + dots);
    yield { written, term };
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
