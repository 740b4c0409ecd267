import fc from "fast-check";

/**
 * Paragraphs of one to three sentences, each of one to nine of `words` and a full stop: the
 * text the index property tests build their articles from.
 */
export function paragraphOf(words: readonly string[]): fc.Arbitrary<string> {
  const sentence = fc
    .array(fc.constantFrom(...words), { minLength: 1, maxLength: 9 })
    .map((chosen) => `${chosen.join(" ")}.`);
  return fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(" "));
}
