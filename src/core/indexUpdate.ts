/**
 * Updating an index in place of rebuilding it: the articles taken out and put in are
 * indexed on their own (a small segment each, with the library's term ids), and the
 * segment is merged into the index's arrays in one pass over them.
 *
 * The result equals `buildPassageIndex` over the new list of articles in everything a
 * search reads: articles, sentences and their numbers, postings (in article order), term
 * frequencies, lengths and averages, and which words and stems the library has. Only the
 * term ids may differ (a new term gets the next free id, and the id of a term no article
 * holds any more is left unused), and the search never depends on them.
 */
import { LayeredMap } from "./layeredMap.ts";
import {
  averageLengths,
  groupPostingsByTerm,
  indexArticles,
  isCaseKept,
  STOP,
  type IndexedArticles,
  type PassageIndex,
  type TermSource,
  type WordEntry,
} from "./passageIndex.ts";
import { DEFAULT_RANKING, type RankingSettings } from "./settings.ts";
import { isStopWord, stem } from "./text.ts";
import type { Article } from "./types.ts";
import { WordTable } from "./wordScanner.ts";

/** One article taken out of or put into a library, with its position. */
export interface PlacedArticle {
  /** Position in the library before the update (taken out) or after it (put in). */
  at: number;
  article: Article;
}

/**
 * A change to a library's list of articles. The new list is the old one without the
 * `removed` articles (the others keep their order), with the `inserted` ones put at their
 * positions. Both lists ascend by position.
 */
export interface ArticleChanges {
  removed: readonly PlacedArticle[];
  inserted: readonly PlacedArticle[];
}

/** How an update changed the vocabulary: what the main thread's copy of the maps needs. */
export interface VocabularyChanges {
  /** Folded word → its new entry, or undefined for a word no article holds any more. */
  words: Map<string, WordEntry | undefined>;
  /** Stem → its term, or undefined for a stem no article holds any more. */
  stems: Map<string, number | undefined>;
}

/** The index after the update, and what changed in its vocabulary. */
export interface IndexUpdate {
  index: PassageIndex;
  vocabulary: VocabularyChanges;
}

/** The stem a folded word is indexed under (itself for a word kept in its case). */
function stemKeyOf(word: string): string {
  return isCaseKept(word) ? word : stem(word);
}

/**
 * The term ids of some articles' words in an existing index: a word the index knows keeps
 * its term; a new word goes to its stem's term, and a new stem to the next free id.
 */
class SegmentVocabulary implements TermSource {
  readonly table = new WordTable();
  /** Stems that got a term here, the index having none. */
  readonly newStems = new Map<string, number>();
  readonly countOfWord: number[] = [];
  private readonly termOfWord: number[] = [];

  constructor(
    private readonly words: ReadonlyMap<string, WordEntry>,
    private readonly stems: ReadonlyMap<string, number>,
    public termCount: number,
  ) {}

  termOf(wordNumber: number): number {
    while (this.termOfWord.length <= wordNumber) {
      this.termOfWord.push(this.resolve(this.table.words[this.termOfWord.length] ?? ""));
      this.countOfWord.push(0);
    }
    this.countOfWord[wordNumber]!++;
    return this.termOfWord[wordNumber]!;
  }

  /** The term this segment gave a word it holds. */
  termOfSegmentWord(word: string): number {
    return this.termOfWord[this.table.numberOf(word)] ?? STOP;
  }

  /** Each word of the segment with how often it occurs there. */
  *wordCounts(): Generator<readonly [string, number]> {
    for (let n = 0; n < this.countOfWord.length; n++) {
      yield [this.table.words[n] ?? "", this.countOfWord[n] ?? 0];
    }
  }

  private resolve(word: string): number {
    const known = this.words.get(word);
    if (known !== undefined) return known.term;
    if (!isCaseKept(word) && isStopWord(word)) return STOP;
    const key = stemKeyOf(word);
    let term = this.stems.get(key) ?? this.newStems.get(key);
    if (term === undefined) {
      term = this.termCount++;
      this.newStems.set(key, term);
    }
    return term;
  }
}

/** Makes the typed arrays of an updated index (in shared memory, say, for another thread). */
export interface ArrayMaker {
  uint32(length: number): Uint32Array;
  uint16(length: number): Uint16Array;
  int32(length: number): Int32Array;
}

/** Typed arrays of their own, as a build makes them. */
export const PLAIN_ARRAYS: ArrayMaker = {
  uint32: (length) => new Uint32Array(length),
  uint16: (length) => new Uint16Array(length),
  int32: (length) => new Int32Array(length),
};

/** The list of articles after `changes`: what the updated index is the index of. */
export function changedArticles(articles: readonly Article[], changes: ArticleChanges): Article[] {
  const removed = new Set(changes.removed.map((placed) => placed.at));
  const kept = articles.filter((_, at) => !removed.has(at));
  const result: Article[] = [];
  let next = 0;
  for (const placed of changes.inserted) {
    while (result.length < placed.at && next < kept.length) result.push(kept[next++]!);
    result.push(placed.article);
  }
  while (next < kept.length) result.push(kept[next++]!);
  return result;
}

/** Where each article of the new list comes from, and where each old one goes. */
interface MergePlan {
  /** Per new position: the old article number, or -1 - k for the k-th inserted article. */
  source: Int32Array;
  /** Per old article number: its new position, or -1 when it is taken out. */
  newPosition: Int32Array;
}

function planMerge(oldCount: number, changes: ArticleChanges): MergePlan {
  const newCount = oldCount - changes.removed.length + changes.inserted.length;
  const newPosition = new Int32Array(oldCount);
  for (const { at } of changes.removed) {
    if (!(at >= 0 && at < oldCount)) throw new RangeError(`no article ${at} to take out`);
    newPosition[at] = -1;
  }
  const source = new Int32Array(newCount);
  let old = 0;
  let next = 0;
  for (let at = 0; at < newCount; at++) {
    const inserted = changes.inserted[next];
    if (inserted !== undefined && inserted.at === at) {
      source[at] = -1 - next++;
      continue;
    }
    while (old < oldCount && newPosition[old] === -1) old++;
    if (old >= oldCount) throw new RangeError(`article positions do not add up at ${at}`);
    source[at] = old;
    newPosition[old++] = at;
  }
  if (next !== changes.inserted.length) throw new RangeError("an inserted article is out of place");
  return { source, newPosition };
}

/** Sentence and token ranges of one article of the index or of the segment. */
function articleRange(
  from: Pick<IndexedArticles, "articleSentenceStart" | "sentenceTokenStart">,
  article: number,
): { sentenceStart: number; sentenceEnd: number; tokenStart: number; tokenEnd: number } {
  const sentenceStart = from.articleSentenceStart[article] ?? 0;
  const sentenceEnd = from.articleSentenceStart[article + 1] ?? sentenceStart;
  return {
    sentenceStart,
    sentenceEnd,
    tokenStart: from.sentenceTokenStart[sentenceStart] ?? 0,
    tokenEnd: from.sentenceTokenStart[sentenceEnd] ?? 0,
  };
}

type ArticleArrays = Pick<
  PassageIndex,
  | "tokens"
  | "sentenceTokenStart"
  | "sentenceParagraph"
  | "sentenceCharStart"
  | "sentenceCharEnd"
  | "articleSentenceStart"
  | "articleLength"
  | "articleDay"
>;

/** The per-article, per-sentence and token arrays of the new list, copied article by article. */
function mergeArticleArrays(
  index: PassageIndex,
  segment: IndexedArticles,
  plan: MergePlan,
  sentenceCount: number,
  tokenCount: number,
  make: ArrayMaker,
): ArticleArrays {
  const count = plan.source.length;
  const merged = {
    tokens: make.uint32(tokenCount),
    sentenceTokenStart: make.uint32(sentenceCount + 1),
    sentenceParagraph: make.uint32(sentenceCount),
    sentenceCharStart: make.uint32(sentenceCount),
    sentenceCharEnd: make.uint32(sentenceCount),
    articleSentenceStart: make.uint32(count + 1),
    articleLength: make.uint32(count),
    articleDay: make.int32(count),
  };
  let sentence = 0;
  let token = 0;
  for (let at = 0; at < count;) {
    const from = plan.source[at]!;
    const fromIndex = from >= 0;
    const parts: IndexedArticles | PassageIndex = fromIndex ? index : segment;
    const first = fromIndex ? from : -1 - from;
    // A run of articles that lie next to each other in their source is copied at once.
    let last = first;
    while (
      at + (last - first) + 1 < count &&
      plan.source[at + (last - first) + 1] === (fromIndex ? last + 1 : -1 - (last + 1))
    ) {
      last++;
    }
    const start = articleRange(parts, first);
    const end = articleRange(parts, last);
    const runSentences = end.sentenceEnd - start.sentenceStart;
    const runTokens = end.tokenEnd - start.tokenStart;
    const sentences = [start.sentenceStart, end.sentenceEnd] as const;
    merged.tokens.set(parts.tokens.subarray(start.tokenStart, end.tokenEnd), token);
    merged.sentenceParagraph.set(parts.sentenceParagraph.subarray(...sentences), sentence);
    merged.sentenceCharStart.set(parts.sentenceCharStart.subarray(...sentences), sentence);
    merged.sentenceCharEnd.set(parts.sentenceCharEnd.subarray(...sentences), sentence);
    merged.articleLength.set(parts.articleLength.subarray(first, last + 1), at);
    merged.articleDay.set(parts.articleDay.subarray(first, last + 1), at);
    const tokenShift = token - start.tokenStart;
    const fromStarts = parts.sentenceTokenStart;
    const toStarts = merged.sentenceTokenStart;
    for (let s = 0; s < runSentences; s++) {
      toStarts[sentence + s] = fromStarts[start.sentenceStart + s]! + tokenShift;
    }
    const sentenceShift = sentence - start.sentenceStart;
    for (let a = 0; a <= last - first; a++) {
      merged.articleSentenceStart[at + a] =
        (parts.articleSentenceStart[first + a] ?? 0) + sentenceShift;
    }
    sentence += runSentences;
    token += runTokens;
    at += last - first + 1;
  }
  merged.sentenceTokenStart[sentence] = token;
  merged.articleSentenceStart[count] = sentence;
  if (sentence !== sentenceCount || token !== tokenCount) {
    throw new Error(
      "the update's sentences do not add up: the articles taken out are not the indexed ones",
    );
  }
  return merged;
}

/**
 * The postings of the new list: per term, the old postings of the articles kept (at their
 * new positions) merged with the segment's, in article order.
 */
function mergePostings(
  index: PassageIndex,
  segment: IndexedArticles,
  removed: IndexedArticles,
  plan: MergePlan,
  termCount: number,
  inserted: readonly PlacedArticle[],
  make: ArrayMaker,
): Pick<PassageIndex, "postingStart" | "postingDocs" | "postingFrequencies"> {
  const added = groupPostingsByTerm(
    termCount,
    segment.postingTerm,
    segment.postingDoc,
    segment.postingTf,
  );
  const total = index.postingDocs.length + segment.postingDoc.length - removed.postingDoc.length;
  const postingStart = make.uint32(termCount + 1);
  const postingDocs = make.uint32(total);
  const postingFrequencies = make.uint16(total);
  // Hot loop over every posting: the arrays in locals, and a plain copy for terms the
  // segment does not hold.
  const oldStart = index.postingStart;
  const oldDocs = index.postingDocs;
  const oldFrequencies = index.postingFrequencies;
  const newPosition = plan.newPosition;
  const addedStart = added.postingStart;
  const addedDocs = added.postingDocs;
  const addedFrequencies = added.postingFrequencies;
  const insertedAt = Int32Array.from(inserted, (placed) => placed.at);
  const oldTerms = index.termCount;
  let out = 0;
  for (let term = 0; term < termCount; term++) {
    postingStart[term] = out;
    let p = term < oldTerms ? oldStart[term]! : 0;
    const pEnd = term < oldTerms ? oldStart[term + 1]! : 0;
    let q = addedStart[term]!;
    const qEnd = addedStart[term + 1]!;
    if (q === qEnd) {
      for (; p < pEnd; p++) {
        const doc = newPosition[oldDocs[p]!]!;
        if (doc < 0) continue;
        postingDocs[out] = doc;
        postingFrequencies[out++] = oldFrequencies[p]!;
      }
      continue;
    }
    while (p < pEnd || q < qEnd) {
      const oldDoc = p < pEnd ? newPosition[oldDocs[p]!]! : -1;
      if (p < pEnd && oldDoc < 0) {
        p++;
        continue;
      }
      const newDoc = q < qEnd ? insertedAt[addedDocs[q]!]! : Infinity;
      if (p < pEnd && oldDoc < newDoc) {
        postingDocs[out] = oldDoc;
        postingFrequencies[out++] = oldFrequencies[p++]!;
      } else {
        postingDocs[out] = newDoc;
        postingFrequencies[out++] = addedFrequencies[q++]!;
      }
    }
  }
  postingStart[termCount] = out;
  if (out !== total) {
    throw new Error(
      "the update's postings do not add up: the articles taken out are not the indexed ones",
    );
  }
  return { postingStart, postingDocs, postingFrequencies };
}

/** Old frequencies per term, less those of the articles taken out, plus those put in. */
function mergeFrequencies(
  old: Uint32Array,
  added: Int32Array,
  taken: Int32Array,
  termCount: number,
  make: ArrayMaker,
): Uint32Array {
  const merged = make.uint32(termCount);
  for (let term = 0; term < termCount; term++) {
    const value = (old[term] ?? 0) + (added[term] ?? 0) - (taken[term] ?? 0);
    if (value < 0) throw new Error("the articles taken out are not the indexed ones");
    merged[term] = value;
  }
  return merged;
}

/** The word and stem changes: counts moved by the segments, words and stems gone at zero. */
function vocabularyChanges(
  index: PassageIndex,
  takenOut: SegmentVocabulary,
  putIn: SegmentVocabulary,
  postingStart: Uint32Array,
): VocabularyChanges {
  const delta = new Map<string, number>();
  for (const [word, count] of takenOut.wordCounts())
    delta.set(word, (delta.get(word) ?? 0) - count);
  for (const [word, count] of putIn.wordCounts()) delta.set(word, (delta.get(word) ?? 0) + count);
  const words = new Map<string, WordEntry | undefined>();
  const stems = new Map<string, number | undefined>(putIn.newStems);
  for (const [word, change] of delta) {
    if (change === 0) continue;
    const known = index.words.get(word);
    const count = (known?.count ?? 0) + change;
    if (count < 0) throw new Error(`the articles taken out are not the indexed ones ("${word}")`);
    if (count > 0) {
      words.set(word, { term: known?.term ?? putIn.termOfSegmentWord(word), count });
      continue;
    }
    words.set(word, undefined);
    const term = known?.term ?? STOP;
    // A term no article holds any more: its stem goes, as a fresh build would not have it.
    if (term !== STOP && postingStart[term] === postingStart[term + 1]) {
      stems.set(stemKeyOf(word), undefined);
    }
  }
  return { words, stems };
}

/**
 * The index of the library after `changes`: the articles taken out must be those the
 * index holds at their positions (the same text), or the update throws.
 */
export function updatePassageIndex(
  index: PassageIndex,
  changes: ArticleChanges,
  settings: Pick<RankingSettings, "titleWeight" | "leadWeight"> = DEFAULT_RANKING,
  make: ArrayMaker = PLAIN_ARRAYS,
): IndexUpdate {
  const plan = planMerge(index.articleCount, changes);
  const takenOut = new SegmentVocabulary(index.words, index.stems, index.termCount);
  const removed = indexArticles(
    changes.removed.map((placed) => placed.article),
    takenOut,
    settings,
  );
  if (takenOut.newStems.size > 0) {
    throw new Error(
      "the articles taken out hold words the index lacks: they are not the indexed ones",
    );
  }
  const putIn = new SegmentVocabulary(index.words, index.stems, index.termCount);
  const segment = indexArticles(
    changes.inserted.map((placed) => placed.article),
    putIn,
    settings,
  );
  const termCount = putIn.termCount;
  const sentenceCount = index.sentenceCount - removed.sentenceCount + segment.sentenceCount;
  const tokenCount = index.tokens.length - removed.tokens.length + segment.tokens.length;
  const arrays = mergeArticleArrays(index, segment, plan, sentenceCount, tokenCount, make);
  const postings = mergePostings(index, segment, removed, plan, termCount, changes.inserted, make);
  const vocabulary = vocabularyChanges(index, takenOut, putIn, postings.postingStart);
  const paragraphCount = index.paragraphCount - removed.paragraphCount + segment.paragraphCount;
  return {
    index: {
      articleCount: plan.source.length,
      sentenceCount,
      paragraphCount,
      termCount,
      words: LayeredMap.over(index.words, vocabulary.words),
      stems: LayeredMap.over(index.stems, vocabulary.stems),
      ...arrays,
      ...postings,
      sentenceFrequency: mergeFrequencies(
        index.sentenceFrequency,
        segment.sentenceFrequency,
        removed.sentenceFrequency,
        termCount,
        make,
      ),
      paragraphFrequency: mergeFrequencies(
        index.paragraphFrequency,
        segment.paragraphFrequency,
        removed.paragraphFrequency,
        termCount,
        make,
      ),
      ...averageLengths(tokenCount, sentenceCount, paragraphCount, arrays.articleLength),
    },
    vocabulary,
  };
}
