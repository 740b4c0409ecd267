/**
 * Joining the parts of a library indexed side by side (each with a vocabulary of its own,
 * see {@link indexPart}) into the index a build of the whole library gives, byte for byte.
 *
 * A build meets words, and gives terms to their stems, in the order of the text. So the
 * whole library's words are the first part's, then the next part's words the first lacks,
 * in the order that part met them, and so on; and likewise its terms. Each part's terms are
 * renumbered to those, its articles, sentences and tokens follow the parts before it, and
 * so do its postings (article after article): grouped by term, every list comes out as a
 * single pass lays it out.
 */
import {
  assembleIndex,
  STOP,
  type IndexedPart,
  type PassageIndex,
  type WordEntry,
} from "./passageIndex.ts";

/** The index of a library from its parts, in the library's order (at least one). */
export function indexFromParts(parts: readonly IndexedPart[]): PassageIndex {
  if (parts.length === 0) throw new Error("an index is made of at least one part");
  const words = new Map<string, WordEntry>();
  const stems = new Map<string, number>();
  const termsOf = parts.map((part) => joinVocabulary(part, words, stems));
  const termCount = stems.size;
  const sum = (count: (part: IndexedPart) => number): number =>
    parts.reduce((total, part) => total + count(part), 0);
  const articleCount = sum((part) => part.articleCount);
  const sentenceCount = sum((part) => part.sentenceCount);
  const sentenceFrequency = new Int32Array(termCount);
  const paragraphFrequency = new Int32Array(termCount);
  parts.forEach((part, at) => {
    const termOf = termsOf[at]!;
    for (let term = 0; term < termOf.length; term++) {
      sentenceFrequency[termOf[term]!]! += part.sentenceFrequency[term]!;
      paragraphFrequency[termOf[term]!]! += part.paragraphFrequency[term]!;
    }
  });
  const indexed = {
    articleCount,
    sentenceCount,
    paragraphCount: sum((part) => part.paragraphCount),
    tokens: joinedTerms(parts, termsOf, (part) => part.tokens),
    sentenceTokenStart: joinedStarts(parts, (part) => part.sentenceTokenStart),
    sentenceParagraph: joined(parts, sentenceCount, (part) => part.sentenceParagraph),
    sentenceCharStart: joined(parts, sentenceCount, (part) => part.sentenceCharStart),
    sentenceCharEnd: joined(parts, sentenceCount, (part) => part.sentenceCharEnd),
    articleSentenceStart: joinedStarts(parts, (part) => part.articleSentenceStart),
    articleLength: joined(parts, articleCount, (part) => part.articleLength),
    articleDay: new Int32Array(joined(parts, articleCount, (part) => part.articleDay).buffer),
    sentenceFrequency,
    paragraphFrequency,
  };
  const postings = joinedPostings(parts, termsOf, termCount);
  return assembleIndex(indexed, postings, termCount, words, stems);
}

/**
 * Adds a part's words and stems to the library's (in the order the part met them); the
 * library's term of each of the part's terms.
 */
function joinVocabulary(
  part: IndexedPart,
  words: Map<string, WordEntry>,
  stems: Map<string, number>,
): Uint32Array {
  const termOf = new Uint32Array(part.stems.length);
  part.stems.forEach((stem, term) => {
    let joined = stems.get(stem);
    if (joined === undefined) {
      joined = stems.size;
      stems.set(stem, joined);
    }
    termOf[term] = joined;
  });
  part.words.forEach((word, at) => {
    const count = part.wordCounts[at]!;
    const known = words.get(word);
    if (known !== undefined) {
      known.count = (known.count + count) | 0;
      return;
    }
    const term = part.wordTerms[at]!;
    words.set(word, { term: term === STOP ? STOP : termOf[term]!, count });
  });
  return termOf;
}

type Values = Uint32Array | Int32Array;

/** The parts' values one after the other (`length` in all), as unsigned 32-bit words. */
function joined(
  parts: readonly IndexedPart[],
  length: number,
  values: (part: IndexedPart) => Values,
): Uint32Array {
  const out = new Uint32Array(length);
  let at = 0;
  for (const part of parts) {
    const part32 = values(part);
    out.set(new Uint32Array(part32.buffer, part32.byteOffset, part32.length), at);
    at += part32.length;
  }
  return out;
}

/** The parts' term ids one after the other, each renumbered to the library's terms. */
function joinedTerms(
  parts: readonly IndexedPart[],
  termsOf: readonly Uint32Array[],
  values: (part: IndexedPart) => Uint32Array,
): Uint32Array {
  const out = new Uint32Array(parts.reduce((total, part) => total + values(part).length, 0));
  let at = 0;
  parts.forEach((part, index) => {
    const terms = values(part);
    const termOf = termsOf[index]!;
    for (let i = 0; i < terms.length; i++) out[at++] = termOf[terms[i]!]!;
  });
  return out;
}

/**
 * The parts' lists of starts (each closed by one extra entry) as one: each part's shifted
 * past the end of the parts before it, closed by one entry at the end of the last.
 */
function joinedStarts(
  parts: readonly IndexedPart[],
  values: (part: IndexedPart) => Uint32Array,
): Uint32Array {
  const out = new Uint32Array(parts.reduce((total, part) => total + values(part).length - 1, 1));
  let at = 0;
  let offset = 0;
  for (const part of parts) {
    const starts = values(part);
    for (let i = 0; i < starts.length - 1; i++) out[at++] = starts[i]! + offset;
    offset += starts[starts.length - 1]!;
  }
  out[at] = offset;
  return out;
}

/**
 * The parts' postings grouped by the library's terms: a counting sort of every part's
 * (term, article, frequency) triples in order, articles numbered across the library.
 */
function joinedPostings(
  parts: readonly IndexedPart[],
  termsOf: readonly Uint32Array[],
  termCount: number,
): Pick<PassageIndex, "postingStart" | "postingDocs" | "postingFrequencies"> {
  const postingStart = new Uint32Array(termCount + 1);
  parts.forEach((part, index) => {
    const termOf = termsOf[index]!;
    const terms = part.postingTerm;
    for (let i = 0; i < terms.length; i++) postingStart[termOf[terms[i]!]! + 1]!++;
  });
  for (let t = 0; t < termCount; t++) postingStart[t + 1]! += postingStart[t]!;
  const cursor = postingStart.slice(0, termCount);
  const total = postingStart[termCount]!;
  const postingDocs = new Uint32Array(total);
  const postingFrequencies = new Uint16Array(total);
  let firstArticle = 0;
  parts.forEach((part, index) => {
    const termOf = termsOf[index]!;
    const { postingTerm, postingDoc, postingTf } = part;
    for (let i = 0; i < postingTerm.length; i++) {
      const slot = cursor[termOf[postingTerm[i]!]!]!++;
      postingDocs[slot] = postingDoc[i]! + firstArticle;
      postingFrequencies[slot] = postingTf[i]!;
    }
    firstArticle += part.articleCount;
  });
  return { postingStart, postingDocs, postingFrequencies };
}
