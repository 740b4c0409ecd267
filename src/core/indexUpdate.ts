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

/**
 * Makes the typed arrays of an updated index (in shared memory, say, for another thread):
 * `length` values over room for `capacity` (at least `length`), so later updates can
 * append to them without copying.
 */
export interface ArrayMaker {
  uint32(length: number, capacity?: number): Uint32Array;
  uint16(length: number, capacity?: number): Uint16Array;
  int32(length: number, capacity?: number): Int32Array;
}

/** Typed arrays of their own, as a build makes them. */
export const PLAIN_ARRAYS: ArrayMaker = {
  uint32: (length, capacity = length) => new Uint32Array(new ArrayBuffer(capacity * 4), 0, length),
  uint16: (length, capacity = length) => new Uint16Array(new ArrayBuffer(capacity * 2), 0, length),
  int32: (length, capacity = length) => new Int32Array(new ArrayBuffer(capacity * 4), 0, length),
};

/** How updates lay out the index they change. */
export const INDEX_UPDATE_SETTINGS = {
  /**
   * Articles put in since the main segment was made that the tail may hold: past this,
   * the update folds the tail and the main segment into one, as a build lays it out
   * (a pass over the whole index, about as long as an update used to take every time).
   */
  maxTailArticles: 2_000,
  /** Share of the stored sentences that may belong to articles taken out before folding. */
  maxDeadShare: 0.25,
  /** Room left at the end of the stored arrays when they are copied, as a share of them. */
  growthShare: 0.125,
  /** ... and at least this many values, so small libraries are not copied at every update. */
  minGrowth: 65_536,
} as const;

export type IndexUpdateSettings = { readonly [K in keyof typeof INDEX_UPDATE_SETTINGS]: number };

/**
 * The longest view handed out of each buffer of stored values: only the view that long may
 * grow in place. A second update of the same index (a branch) copies instead, so it never
 * writes over what the first one appended.
 */
const handedOut = new WeakMap<ArrayBufferLike, number>();

type Stored = Uint32Array;

/** The stored fields, which updates append to: worth giving room to spare when copied. */
export const STORED_FIELDS = [
  "tokens",
  "sentenceTokenStart",
  "sentenceParagraph",
  "sentenceCharStart",
  "sentenceCharEnd",
] as const satisfies readonly (keyof PassageIndex)[];

/** Room for `length` values and some to spare. */
export function capacityFor(
  length: number,
  settings: IndexUpdateSettings = INDEX_UPDATE_SETTINGS,
): number {
  return length + Math.max(settings.minGrowth, Math.ceil(length * settings.growthShare));
}

/**
 * `array` followed by `extra`: a longer view of the same buffer when it has room (and
 * `array` is the longest view of it), else a copy with room to spare. `array` itself is
 * never changed: the values appended lie past its end.
 */
function appended(
  array: Stored,
  extra: ArrayLike<number>,
  make: ArrayMaker,
  settings: IndexUpdateSettings,
): Stored {
  const length = array.length + extra.length;
  const buffer = array.buffer;
  const ownsEnd = (handedOut.get(buffer) ?? array.length) === array.length;
  let grown: Stored;
  if (array.byteOffset === 0 && ownsEnd && buffer.byteLength >= length * 4) {
    grown = new Uint32Array(buffer as ArrayBuffer, 0, length);
  } else {
    grown = make.uint32(length, capacityFor(length, settings));
    grown.set(array);
  }
  grown.set(extra, array.length);
  handedOut.set(grown.buffer, length);
  return grown;
}

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
  termArticleCount: Uint32Array,
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
    if (term !== STOP && termArticleCount[term] === 0) {
      stems.set(stemKeyOf(word), undefined);
    }
  }
  return { words, stems };
}

/** How many articles of a segment hold each term (its postings counted per term). */
function articlesPerTerm(segment: IndexedArticles, termCount: number): Int32Array {
  const counts = new Int32Array(termCount);
  for (let i = 0; i < segment.postingTerm.length; i++) counts[segment.postingTerm.get(i)]!++;
  return counts;
}

/** Throws unless the articles taken out are stored as `removed` indexes them. */
function checkTakenOut(
  index: PassageIndex,
  changes: ArticleChanges,
  removed: IndexedArticles,
): void {
  changes.removed.forEach(({ at }, k) => {
    const first = index.articleSentenceStart[at]!;
    const end = index.articleSentenceEnd[at]!;
    const from = removed.articleSentenceStart[k]!;
    const to = removed.articleSentenceStart[k + 1]!;
    const tokenStart = index.sentenceTokenStart[first]!;
    const tokenEnd = index.sentenceTokenStart[end]!;
    const removedStart = removed.sentenceTokenStart[from]!;
    const same =
      end - first === to - from &&
      tokenEnd - tokenStart === removed.sentenceTokenStart[to]! - removedStart &&
      index.articleLength[at] === removed.articleLength[k] &&
      index.tokens
        .subarray(tokenStart, tokenEnd)
        .every((term, t) => term === removed.tokens[removedStart + t]);
    if (!same) {
      throw new Error(`article ${at} taken out is not the indexed one: its sentences differ`);
    }
  });
}

/**
 * The tail after an update: its postings of articles still in the library, then those of
 * the articles put in (slots from `firstNewSlot`), per term.
 */
function mergeTail(
  index: PassageIndex,
  slotArticle: Int32Array,
  segment: IndexedArticles,
  firstNewSlot: number,
  termCount: number,
  make: ArrayMaker,
): Pick<PassageIndex, "tailPostingStart" | "tailPostingDocs" | "tailPostingFrequencies"> {
  const added = groupPostingsByTerm(
    termCount,
    segment.postingTerm,
    segment.postingDoc,
    segment.postingTf,
  );
  const oldStart = index.tailPostingStart;
  const oldDocs = index.tailPostingDocs;
  const oldFrequencies = index.tailPostingFrequencies;
  let total = added.postingDocs.length;
  for (let p = 0; p < oldDocs.length; p++) if (slotArticle[oldDocs[p]!]! >= 0) total++;
  const start = make.uint32(termCount + 1);
  const docs = make.uint32(total);
  const frequencies = make.uint16(total);
  const oldTerms = oldStart.length - 1;
  let out = 0;
  for (let term = 0; term < termCount; term++) {
    start[term] = out;
    if (term < oldTerms) {
      for (let p = oldStart[term]!; p < oldStart[term + 1]!; p++) {
        if (slotArticle[oldDocs[p]!]! < 0) continue;
        docs[out] = oldDocs[p]!;
        frequencies[out++] = oldFrequencies[p]!;
      }
    }
    for (let q = added.postingStart[term]!; q < added.postingStart[term + 1]!; q++) {
      docs[out] = firstNewSlot + added.postingDocs[q]!;
      frequencies[out++] = added.postingFrequencies[q]!;
    }
  }
  start[termCount] = out;
  return { tailPostingStart: start, tailPostingDocs: docs, tailPostingFrequencies: frequencies };
}

/**
 * The index of the library after `changes`: the articles taken out must be those the
 * index holds at their positions (the same text), or the update throws.
 *
 * The sentences and tokens of the articles put in are appended to the stored ones (in
 * place, when the arrays have room and no other update of this index took it), their
 * postings go into the tail, and the articles taken out are no longer pointed at. Only
 * the per-article and per-term arrays are copied. When the tail or the dead part of the
 * storage grows too large, the result is folded into the form a build gives
 * ({@link compactIndex}).
 */
export function updatePassageIndex(
  index: PassageIndex,
  changes: ArticleChanges,
  settings: Pick<RankingSettings, "titleWeight" | "leadWeight"> = DEFAULT_RANKING,
  make: ArrayMaker = PLAIN_ARRAYS,
  layout: IndexUpdateSettings = INDEX_UPDATE_SETTINGS,
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
  checkTakenOut(index, changes, removed);
  const putIn = new SegmentVocabulary(index.words, index.stems, index.termCount);
  const segment = indexArticles(
    changes.inserted.map((placed) => placed.article),
    putIn,
    settings,
  );
  const termCount = putIn.termCount;
  const count = plan.source.length;

  // The new articles' sentences and tokens, after those stored.
  const storedSentences = index.sentenceParagraph.length;
  const storedTokens = index.tokens.length;
  const newStarts = segment.sentenceTokenStart.subarray(1).map((start) => start + storedTokens);
  const storage = {
    tokens: appended(index.tokens, segment.tokens, make, layout),
    sentenceTokenStart: appended(index.sentenceTokenStart, newStarts, make, layout),
    sentenceParagraph: appended(index.sentenceParagraph, segment.sentenceParagraph, make, layout),
    sentenceCharStart: appended(index.sentenceCharStart, segment.sentenceCharStart, make, layout),
    sentenceCharEnd: appended(index.sentenceCharEnd, segment.sentenceCharEnd, make, layout),
  };

  // Per article: where its sentences are stored, its length and day.
  const articleSentenceStart = make.uint32(count);
  const articleSentenceEnd = make.uint32(count);
  const articleLength = make.uint32(count);
  const articleDay = make.int32(count);
  for (let at = 0; at < count; at++) {
    const from = plan.source[at]!;
    if (from >= 0) {
      articleSentenceStart[at] = index.articleSentenceStart[from]!;
      articleSentenceEnd[at] = index.articleSentenceEnd[from]!;
      articleLength[at] = index.articleLength[from]!;
      articleDay[at] = index.articleDay[from]!;
    } else {
      const k = -1 - from;
      articleSentenceStart[at] = storedSentences + segment.articleSentenceStart[k]!;
      articleSentenceEnd[at] = storedSentences + segment.articleSentenceStart[k + 1]!;
      articleLength[at] = segment.articleLength[k]!;
      articleDay[at] = segment.articleDay[k]!;
    }
  }

  // Slots: the old ones follow their articles (or are dropped), the new ones are appended.
  const oldSlots = index.slotArticle.length;
  const slotArticle = make.int32(oldSlots + changes.inserted.length);
  for (let slot = 0; slot < oldSlots; slot++) {
    const article = index.slotArticle[slot]!;
    slotArticle[slot] = article < 0 ? -1 : plan.newPosition[article]!;
  }
  changes.inserted.forEach((placed, k) => (slotArticle[oldSlots + k] = placed.at));
  const tail = mergeTail(index, slotArticle, segment, oldSlots, termCount, make);

  const termArticleCount = mergeFrequencies(
    index.termArticleCount,
    articlesPerTerm(segment, termCount),
    articlesPerTerm(removed, termCount),
    termCount,
    make,
  );
  const vocabulary = vocabularyChanges(index, takenOut, putIn, termArticleCount);
  const sentenceCount = index.sentenceCount - removed.sentenceCount + segment.sentenceCount;
  const paragraphCount = index.paragraphCount - removed.paragraphCount + segment.paragraphCount;
  const tokenCount = index.tokenCount - removed.tokens.length + segment.tokens.length;
  const updated: PassageIndex = {
    articleCount: count,
    sentenceCount,
    paragraphCount,
    tokenCount,
    termCount,
    words: LayeredMap.over(index.words, vocabulary.words),
    stems: LayeredMap.over(index.stems, vocabulary.stems),
    ...storage,
    articleSentenceStart,
    articleSentenceEnd,
    articleLength,
    articleDay,
    slotArticle,
    mainSlotCount: index.mainSlotCount,
    postingStart: index.postingStart,
    postingDocs: index.postingDocs,
    postingFrequencies: index.postingFrequencies,
    ...tail,
    termArticleCount,
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
    ...averageLengths(tokenCount, sentenceCount, paragraphCount, articleLength),
  };
  const tailArticles = slotArticle.length - updated.mainSlotCount;
  const dead = storage.sentenceParagraph.length - sentenceCount;
  const fold =
    tailArticles > layout.maxTailArticles ||
    dead > layout.maxDeadShare * storage.sentenceParagraph.length;
  return { index: fold ? compactIndex(updated, make, layout) : updated, vocabulary };
}

/** Whether the index is laid out as a build lays it out: no tail, nothing taken out. */
export function isCompact(index: PassageIndex): boolean {
  return (
    index.mainSlotCount === index.articleCount &&
    index.slotArticle.length === index.articleCount &&
    index.tailPostingDocs.length === 0 &&
    index.sentenceParagraph.length === index.sentenceCount
  );
}

/**
 * The index laid out as a build of the same articles lays it out: sentences and tokens in
 * article order, one segment of postings in article order, no slot of an article taken
 * out. A pass over the whole index; searches give the same answers before and after.
 */
export function compactIndex(
  index: PassageIndex,
  make: ArrayMaker = PLAIN_ARRAYS,
  layout: IndexUpdateSettings = INDEX_UPDATE_SETTINGS,
): PassageIndex {
  const count = index.articleCount;
  const { sentenceCount, tokenCount, termCount } = index;
  const tokens = make.uint32(tokenCount, capacityFor(tokenCount, layout));
  const sentenceTokenStart = make.uint32(sentenceCount + 1, capacityFor(sentenceCount + 1, layout));
  const sentenceParagraph = make.uint32(sentenceCount, capacityFor(sentenceCount, layout));
  const sentenceCharStart = make.uint32(sentenceCount, capacityFor(sentenceCount, layout));
  const sentenceCharEnd = make.uint32(sentenceCount, capacityFor(sentenceCount, layout));
  const articleSentenceStart = make.uint32(count);
  const articleSentenceEnd = make.uint32(count);
  let sentence = 0;
  let token = 0;
  for (let at = 0; at < count; at++) {
    const first = index.articleSentenceStart[at]!;
    const end = index.articleSentenceEnd[at]!;
    const tokenStart = index.sentenceTokenStart[first]!;
    const tokenEnd = index.sentenceTokenStart[end]!;
    articleSentenceStart[at] = sentence;
    tokens.set(index.tokens.subarray(tokenStart, tokenEnd), token);
    sentenceParagraph.set(index.sentenceParagraph.subarray(first, end), sentence);
    sentenceCharStart.set(index.sentenceCharStart.subarray(first, end), sentence);
    sentenceCharEnd.set(index.sentenceCharEnd.subarray(first, end), sentence);
    const shift = token - tokenStart;
    for (let s = first; s < end; s++) {
      sentenceTokenStart[sentence++] = index.sentenceTokenStart[s]! + shift;
    }
    token += tokenEnd - tokenStart;
    articleSentenceEnd[at] = sentence;
  }
  sentenceTokenStart[sentence] = token;
  if (sentence !== sentenceCount || token !== tokenCount) {
    throw new Error("the index's sentences do not add up to its counts");
  }
  for (const array of [
    tokens,
    sentenceTokenStart,
    sentenceParagraph,
    sentenceCharStart,
    sentenceCharEnd,
  ]) {
    handedOut.set(array.buffer, array.length);
  }

  // Postings by article: the main segment's keep their order (articles never swap places),
  // the tail's are sorted, and the two lists are merged.
  let total = 0;
  for (let term = 0; term < termCount; term++) total += index.termArticleCount[term]!;
  const postingStart = make.uint32(termCount + 1);
  const postingDocs = make.uint32(total);
  const postingFrequencies = make.uint16(total);
  const { slotArticle } = index;
  const mainStart = index.postingStart;
  const mainTerms = mainStart.length - 1;
  const tailStart = index.tailPostingStart;
  const tailTerms = tailStart.length - 1;
  const tailPostings: [number, number][] = [];
  let out = 0;
  for (let term = 0; term < termCount; term++) {
    postingStart[term] = out;
    tailPostings.length = 0;
    if (term < tailTerms) {
      for (let q = tailStart[term]!; q < tailStart[term + 1]!; q++) {
        const article = slotArticle[index.tailPostingDocs[q]!]!;
        if (article >= 0) tailPostings.push([article, index.tailPostingFrequencies[q]!]);
      }
      tailPostings.sort((a, b) => a[0] - b[0]);
    }
    let p = term < mainTerms ? mainStart[term]! : 0;
    const pEnd = term < mainTerms ? mainStart[term + 1]! : 0;
    let q = 0;
    while (p < pEnd || q < tailPostings.length) {
      const mainArticle = p < pEnd ? slotArticle[index.postingDocs[p]!]! : -1;
      if (p < pEnd && mainArticle < 0) {
        p++;
        continue;
      }
      const tailArticle = q < tailPostings.length ? tailPostings[q]![0] : Infinity;
      if (p < pEnd && mainArticle < tailArticle) {
        postingDocs[out] = mainArticle;
        postingFrequencies[out++] = index.postingFrequencies[p++]!;
      } else {
        postingDocs[out] = tailArticle;
        postingFrequencies[out++] = tailPostings[q++]![1];
      }
    }
  }
  postingStart[termCount] = out;
  if (out !== total) throw new Error("the index's postings do not add up to its term counts");
  const identity = make.int32(count);
  for (let at = 0; at < count; at++) identity[at] = at;
  return {
    ...index,
    tokens,
    sentenceTokenStart,
    sentenceParagraph,
    sentenceCharStart,
    sentenceCharEnd,
    articleSentenceStart,
    articleSentenceEnd,
    slotArticle: identity,
    mainSlotCount: count,
    postingStart,
    postingDocs,
    postingFrequencies,
    tailPostingStart: make.uint32(termCount + 1),
    tailPostingDocs: make.uint32(0),
    tailPostingFrequencies: make.uint16(0),
  };
}
