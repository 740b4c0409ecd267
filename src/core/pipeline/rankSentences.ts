/**
 * Stage 3: ranking sentences. Every sentence of the best articles is scored by its own
 * BM25, its best neighbour in the paragraph, its paragraph's BM25 and its article's rank;
 * each term group counts by its best alternative. The sentence rewards then move
 * sentences within the ranked set.
 */
import { bm25, idf } from "../bm25.ts";
import type { PassageIndex } from "../passageIndex.ts";
import { perIndex } from "../perIndex.ts";
import { applySentenceRewards } from "../signals/sentenceRewards.ts";
import type { SearchContext } from "./context.ts";
import { groupIdf } from "./understand.ts";
import type { Question } from "./question.ts";
import { quoteLength } from "./quotes.ts";
import type { RankedArticle } from "./rankArticles.ts";

/** A sentence that matches the question, with the evidence behind its rank. */
export interface RankedSentence {
  /** Article number (position in the library's articles). */
  article: number;
  /** Library-wide sentence number. */
  sentence: number;
  /** Ranking score (unbounded; compare within one query only). */
  score: number;
  /**
   * 0..1: the score divided by that of a sentence which, with its neighbour, paragraph and
   * article, holds every piece of the question, and at most the share of the question the
   * sentence and its neighbours hold.
   */
  relevance: number;
  /** Share of the question's information (IDF mass) found in the sentence and its neighbours. */
  coverage: number;
  /** Share of the question's information found in the sentence itself. */
  ownCoverage: number;
  /** Share of the question's information found anywhere in the sentence's article. */
  articleCoverage: number;
  /** Bit g set when term group g occurs in the sentence itself. */
  sentenceMask: number;
  /**
   * Bit g set when term group g occurs in the previous / next sentence of the paragraph
   * (of the article, for a sentence that is a paragraph of its own).
   */
  previousMask: number;
  nextMask: number;
  /** Bit g set when term group g occurs anywhere in the article (by any / a strong alternative). */
  articleMask: number;
  articleStrongMask: number;
  /** Bit g set when a strong alternative of group g is in the sentence or around it (as the masks). */
  passageStrongMask: number;
  /**
   * The sentence opens its article's story in a list of what is new: its quote never takes
   * the sentences before it (a byline, a dateline). Unset for a sentence a search ranked.
   */
  opensStory?: boolean;
}

/** Per-query tables, so scoring a sentence allocates nothing. */
interface QueryScratch {
  /** Slot of every term of the index (-1 for terms not in the question). */
  slotOfTerm: Int32Array;
  /** Per slot (one alternative of one group): its group, weight and IDFs. */
  groupOfSlot: Int32Array;
  weight: Float64Array;
  /** 1 for a slot whose alternative is strong enough to hold its group in full. */
  strong: Uint8Array;
  sentenceIdf: Float64Array;
  paragraphIdf: Float64Array;
  groupCount: number;
  /** Sentence-level IDF of each group (by its best term), the units of coverage. */
  groupIdf: Float64Array;
  /** IDF mass of the whole question, the denominator of coverage. */
  totalIdf: number;
  /** Sentence and paragraph score of a unit holding every group once, at average length. */
  idealSentence: number;
  idealParagraph: number;
}

/** One slot table per index, reused by every query (queries run one at a time). */
const slotTableOf = perIndex((index) => new Int32Array(index.termCount).fill(-1));

/** The per-query tables; the caller clears `slotOfTerm` afterwards ({@link clearScratch}). */
function prepareScratch(context: SearchContext, question: Question): QueryScratch {
  const { index } = context;
  const groups = question.groups.list;
  const slots = groups.flatMap((group, g) =>
    group.alternatives.map((alternative) => ({ ...alternative, group: g })),
  );
  const slotOfTerm = slotTableOf(index);
  const scratch: QueryScratch = {
    slotOfTerm,
    groupOfSlot: new Int32Array(slots.length),
    weight: new Float64Array(slots.length),
    strong: new Uint8Array(slots.length),
    sentenceIdf: new Float64Array(slots.length),
    paragraphIdf: new Float64Array(slots.length),
    groupCount: groups.length,
    groupIdf: new Float64Array(groups.length),
    totalIdf: 0,
    idealSentence: 0,
    idealParagraph: 0,
  };
  slots.forEach((slot, s) => {
    // A term two groups share scores for the first of them.
    if (slotOfTerm[slot.term] === -1) slotOfTerm[slot.term] = s;
    scratch.groupOfSlot[s] = slot.group;
    scratch.weight[s] = slot.weight;
    scratch.strong[s] = slot.weight >= context.settings.strongMatchWeight ? 1 : 0;
    scratch.sentenceIdf[s] = idf(index.sentenceCount, index.sentenceFrequency[slot.term] ?? 0);
    scratch.paragraphIdf[s] = idf(index.paragraphCount, index.paragraphFrequency[slot.term] ?? 0);
  });
  groups.forEach((group, g) => {
    const idfOfGroup = groupIdf(context, group);
    scratch.groupIdf[g] = idfOfGroup;
    // A word the library lacks weighs by how rare it is in English: missing phrasing
    // ("take place") says less about whether the library covers the question than a
    // missing name does.
    scratch.totalIdf += idfOfGroup * (group.alternatives.length > 0 ? 1 : group.rarity);
  });
  for (let g = 0; g < groups.length; g++) {
    let bestSentence = 0;
    let bestParagraph = 0;
    for (let s = 0; s < slots.length; s++) {
      if (scratch.groupOfSlot[s] !== g) continue;
      bestSentence = Math.max(bestSentence, scratch.sentenceIdf[s]! * scratch.weight[s]!);
      bestParagraph = Math.max(bestParagraph, scratch.paragraphIdf[s]! * scratch.weight[s]!);
    }
    scratch.idealSentence += bestSentence;
    scratch.idealParagraph += bestParagraph;
  }
  return scratch;
}

function clearScratch(question: Question, scratch: QueryScratch): void {
  for (const group of question.groups.list) {
    for (const { term } of group.alternatives) scratch.slotOfTerm[term] = -1;
  }
}

/** Term frequencies of the question's slots in each sentence of one article. */
interface ArticleCounts {
  /** `tf[sentence * slots + slot]`, sentences numbered within the article. */
  tf: Float64Array;
  length: Uint32Array;
  /** Group bits per sentence: any alternative, and the strong ones only. */
  mask: Int32Array;
  strong: Int32Array;
}

/**
 * The term-frequency table articles are counted into, reused (queries run one at a time):
 * all zeros between articles, since {@link releaseCounts} clears the rows an article used.
 */
let sharedTf = new Float64Array(1 << 14);

/** A zeroed table of at least `size` entries. */
function zeroedTf(size: number): Float64Array {
  if (sharedTf.length < size) sharedTf = new Float64Array(Math.max(size, sharedTf.length * 2));
  return sharedTf;
}

/** Zeroes the rows of the sentences that matched, for the next article. */
function releaseCounts(counts: ArticleCounts, slots: number): void {
  for (let i = 0; i < counts.mask.length; i++) {
    if (counts.mask[i] !== 0) counts.tf.fill(0, i * slots, (i + 1) * slots);
  }
}

/** Counts the question's terms in sentences `first .. first + sentences - 1` (one article). */
function countArticle(
  index: PassageIndex,
  scratch: QueryScratch,
  first: number,
  sentences: number,
): ArticleCounts {
  const slots = scratch.weight.length;
  const tf = zeroedTf(sentences * slots);
  const length = new Uint32Array(sentences);
  const mask = new Int32Array(sentences);
  const strong = new Int32Array(sentences);
  const { tokens, sentenceTokenStart } = index;
  const { slotOfTerm, groupOfSlot } = scratch;
  const strongSlot = scratch.strong;
  for (let i = 0; i < sentences; i++) {
    const start = sentenceTokenStart[first + i]!;
    const end = sentenceTokenStart[first + i + 1]!;
    length[i] = end - start;
    let sentenceMask = 0;
    let sentenceStrong = 0;
    for (let t = start; t < end; t++) {
      const slot = slotOfTerm[tokens[t]!]!;
      if (slot < 0) continue;
      tf[i * slots + slot]!++;
      const bit = 1 << groupOfSlot[slot]!;
      sentenceMask |= bit;
      if (strongSlot[slot] === 1) sentenceStrong |= bit;
    }
    mask[i] = sentenceMask;
    strong[i] = sentenceStrong;
  }
  return { tf, length, mask, strong };
}

/** BM25 of the counts `tf[offset ..]`, each group by its best alternative. */
function scoreCounts(
  context: SearchContext,
  scratch: QueryScratch,
  tf: Float64Array,
  offset: number,
  length: number,
  averageLength: number,
  idfs: Float64Array,
  best: Float64Array,
): number {
  const { sentenceK1, sentenceB } = context.settings;
  best.fill(0);
  for (let slot = 0; slot < idfs.length; slot++) {
    const count = tf[offset + slot] ?? 0;
    if (count === 0) continue;
    const value =
      idfs[slot]! *
      scratch.weight[slot]! *
      bm25(count, length, averageLength, sentenceK1, sentenceB);
    const group = scratch.groupOfSlot[slot]!;
    if (value > best[group]!) best[group] = value;
  }
  let score = 0;
  for (let g = 0; g < best.length; g++) score += best[g]!;
  return score;
}

/** Sum of the IDF of the groups whose bits are set in `mask`. */
function maskIdf(scratch: QueryScratch, mask: number): number {
  let sum = 0;
  for (let g = 0; g < scratch.groupCount; g++) if (mask & (1 << g)) sum += scratch.groupIdf[g]!;
  return sum;
}

/**
 * The share of the question's information that groups hold: in full for a group matched
 * by a strong alternative (the word, its forms, a place word, a spelling correction), by
 * `weakMatchCredit` for one matched only through a looser word relation.
 */
function coverageOf(
  context: SearchContext,
  scratch: QueryScratch,
  any: number,
  strong: number,
): number {
  const held =
    maskIdf(scratch, strong) + context.settings.weakMatchCredit * maskIdf(scratch, any & ~strong);
  return held / Math.max(1e-9, scratch.totalIdf);
}

/** What the sentences of one article share: its evidence and the tables to fill. */
interface ArticlePass {
  article: number;
  first: number;
  /** How many of its sentences are read (at most `maxSentencesPerArticle`). */
  sentences: number;
  counts: ArticleCounts;
  own: Float64Array;
  articleEvidence: number;
  articleMask: number;
  articleStrong: number;
  articleCoverage: number;
}

/**
 * The sentence IDF of each slot, discounted by the share of the article's sentences that
 * hold it: a word nearly every sentence of an article repeats (its subject) does not tell
 * them apart, so within the article the question's other words choose the sentence.
 */
function idfWithinArticle(
  context: SearchContext,
  scratch: QueryScratch,
  counts: ArticleCounts,
  sentences: number,
): Float64Array {
  const discount = Math.min(1, Math.max(0, context.settings.articleSpreadDiscount));
  const slots = scratch.weight.length;
  const holding = new Uint32Array(slots);
  for (let i = 0; i < sentences; i++) {
    if ((counts.mask[i] ?? 0) === 0) continue;
    for (let slot = 0; slot < slots; slot++) if (counts.tf[i * slots + slot]! > 0) holding[slot]!++;
  }
  const idfs = new Float64Array(slots);
  for (let slot = 0; slot < slots; slot++) {
    // One more sentence than the article has, so no word loses all its weight.
    idfs[slot] = scratch.sentenceIdf[slot]! * (1 - (discount * holding[slot]!) / (sentences + 1));
  }
  return idfs;
}

/**
 * The BM25 of every sentence of one article that holds a word of the question (0 for the
 * others), each word weighted by {@link idfWithinArticle}, then scaled so that the top one
 * scores what the article's best would with library-wide IDF alone: the discount reorders
 * the article's sentences while its best still stands against other articles' as before.
 */
function scoreOwnSentences(
  context: SearchContext,
  scratch: QueryScratch,
  counts: ArticleCounts,
  sentences: number,
  best: Float64Array,
): Float64Array {
  const { index, settings } = context;
  const slots = scratch.weight.length;
  const own = new Float64Array(sentences);
  const score = (i: number, idfs: Float64Array): number =>
    scoreCounts(
      context,
      scratch,
      counts.tf,
      i * slots,
      counts.length[i] ?? 0,
      index.averageSentenceLength,
      idfs,
      best,
    );
  const discounted = settings.articleSpreadDiscount > 0;
  const idfs = discounted
    ? idfWithinArticle(context, scratch, counts, sentences)
    : scratch.sentenceIdf;
  let bestPlain = 0;
  let bestWithin = 0;
  for (let i = 0; i < sentences; i++) {
    if ((counts.mask[i] ?? 0) === 0) continue;
    own[i] = score(i, idfs);
    if (!discounted) continue;
    bestWithin = Math.max(bestWithin, own[i]!);
    bestPlain = Math.max(bestPlain, score(i, scratch.sentenceIdf));
  }
  if (bestWithin > 0)
    for (let i = 0; i < sentences; i++) own[i] = (own[i]! * bestPlain) / bestWithin;
  return own;
}

/**
 * Scores every sentence of one article: its own BM25, the best neighbouring sentence in
 * its paragraph, its paragraph's BM25, and the article's own rank.
 */
function rankSentencesOfArticle(
  context: SearchContext,
  scratch: QueryScratch,
  article: number,
  articleEvidence: number,
  ideal: number,
  out: RankedSentence[],
): void {
  const { index, settings } = context;
  const first = index.articleSentenceStart[article] ?? 0;
  const last = index.articleSentenceEnd[article] ?? 0;
  // A huge article is read up to a bound: the cost of a question stays bounded.
  const sentences = Math.min(last - first, settings.maxSentencesPerArticle);
  const slots = scratch.weight.length;
  const counts = countArticle(index, scratch, first, sentences);
  try {
    const best = new Float64Array(scratch.groupCount);
    const own = scoreOwnSentences(context, scratch, counts, sentences, best);
    let articleMask = 0;
    let articleStrong = 0;
    for (let i = 0; i < sentences; i++) {
      articleMask |= counts.mask[i] ?? 0;
      articleStrong |= counts.strong[i] ?? 0;
    }
    const pass: ArticlePass = {
      article,
      first,
      sentences,
      counts,
      own,
      articleEvidence,
      articleMask,
      articleStrong,
      articleCoverage: coverageOf(context, scratch, articleMask, articleStrong),
    };
    const paragraphTf = new Float64Array(slots);
    let paragraphFirst = 0;
    while (paragraphFirst < sentences) {
      const paragraph = index.sentenceParagraph[first + paragraphFirst];
      let paragraphEnd = paragraphFirst;
      while (
        paragraphEnd < sentences &&
        index.sentenceParagraph[first + paragraphEnd] === paragraph
      ) {
        paragraphEnd++;
      }
      paragraphTf.fill(0);
      let paragraphLength = 0;
      let paragraphMask = 0;
      for (let i = paragraphFirst; i < paragraphEnd; i++) {
        paragraphLength += counts.length[i] ?? 0;
        const mask = counts.mask[i] ?? 0;
        if (mask === 0) continue;
        paragraphMask |= mask;
        for (let slot = 0; slot < slots; slot++) paragraphTf[slot]! += counts.tf[i * slots + slot]!;
      }
      if (paragraphMask !== 0) {
        const paragraphScore = scoreCounts(
          context,
          scratch,
          paragraphTf,
          0,
          paragraphLength,
          index.averageParagraphLength,
          scratch.paragraphIdf,
          best,
        );
        for (let i = paragraphFirst; i < paragraphEnd; i++) {
          const sentence = scoreSentence(
            context,
            scratch,
            pass,
            i,
            paragraphFirst,
            paragraphEnd,
            paragraphScore,
            ideal,
          );
          if (sentence !== null) out.push(sentence);
        }
      }
      paragraphFirst = paragraphEnd;
    }
  } finally {
    // The shared table must be clean for the next article, whatever happened here.
    releaseCounts(counts, slots);
  }
}

/** Whether two neighbouring sentences of an article fit in one quote (`maxWidenedQuote`). */
function quotable(context: SearchContext, first: number, second: number): boolean {
  return quoteLength(context, first, second) <= context.settings.maxWidenedQuote;
}

/** One sentence's score and evidence, or null when it holds no word of the question. */
function scoreSentence(
  context: SearchContext,
  scratch: QueryScratch,
  pass: ArticlePass,
  i: number,
  paragraphFirst: number,
  paragraphEnd: number,
  paragraphScore: number,
  ideal: number,
): RankedSentence | null {
  const { settings } = context;
  const { counts, own } = pass;
  const sentenceMask = counts.mask[i] ?? 0;
  if (sentenceMask === 0) return null;
  const hasPrevious = i > paragraphFirst;
  const hasNext = i + 1 < paragraphEnd;
  // What the passage around a sentence holds: its neighbours in the paragraph. A sentence
  // that is a paragraph of its own, as news writes, is read with the sentences on either
  // side, which its quote may take along.
  const alone = paragraphEnd - paragraphFirst === 1;
  const sentence = pass.first + i;
  const previousAround =
    hasPrevious || (alone && i > 0 && quotable(context, sentence - 1, sentence));
  const nextAround =
    hasNext || (alone && i + 1 < pass.sentences && quotable(context, sentence, sentence + 1));
  const previousMask = previousAround ? (counts.mask[i - 1] ?? 0) : 0;
  const nextMask = nextAround ? (counts.mask[i + 1] ?? 0) : 0;
  const neighbour = Math.max(hasPrevious ? own[i - 1]! : 0, hasNext ? own[i + 1]! : 0);
  const score =
    settings.sentenceWeight * own[i]! +
    settings.neighbourWeight * neighbour +
    settings.paragraphWeight * paragraphScore +
    settings.articleWeight * pass.articleEvidence;
  const strongAround =
    (counts.strong[i] ?? 0) |
    (previousAround ? (counts.strong[i - 1] ?? 0) : 0) |
    (nextAround ? (counts.strong[i + 1] ?? 0) : 0);
  const coverage = coverageOf(
    context,
    scratch,
    sentenceMask | previousMask | nextMask,
    strongAround,
  );
  return {
    article: pass.article,
    sentence,
    score,
    // Never more than the share of the question the passage holds: 1 only when it holds
    // every piece of it and scores as an ideal passage would.
    relevance: Math.min(1, coverage, score / Math.max(1e-9, ideal)),
    coverage,
    ownCoverage: coverageOf(context, scratch, sentenceMask, counts.strong[i] ?? 0),
    articleCoverage: pass.articleCoverage,
    sentenceMask,
    previousMask,
    nextMask,
    articleMask: pass.articleMask,
    articleStrongMask: pass.articleStrong,
    passageStrongMask: strongAround,
  };
}

/**
 * Ranks the sentences of the ranked articles for a question, best first, and applies the
 * sentence rewards. Returns at most `limit` sentences.
 */
export function rankSentences(
  context: SearchContext,
  question: Question,
  articles: readonly RankedArticle[],
  limit: number,
): RankedSentence[] {
  const bestArticle = articles[0]?.score ?? 0;
  if (bestArticle <= 0) return [];
  const { settings } = context;
  const scratch = prepareScratch(context, question);
  // The article's rank is scaled into the units of a sentence score: the best article
  // adds as much as half of an ideal sentence, paragraph and neighbour together.
  const base =
    settings.sentenceWeight * scratch.idealSentence +
    settings.paragraphWeight * scratch.idealParagraph +
    settings.neighbourWeight * scratch.idealSentence * settings.idealNeighbourShare;
  const unit = base * settings.articleEvidenceShare;
  // A sentence holding every group once, with its neighbour, paragraph and the best
  // article around it, scores this much: its relevance is 1.
  const ideal = base + settings.articleWeight * unit;
  const ranked: RankedSentence[] = [];
  try {
    for (const { article, score } of articles) {
      rankSentencesOfArticle(
        context,
        scratch,
        article,
        (score / bestArticle) * unit,
        ideal,
        ranked,
      );
    }
  } finally {
    clearScratch(question, scratch);
  }
  ranked.sort((a, b) => b.score - a.score || a.article - b.article || a.sentence - b.sentence);
  return applySentenceRewards(context, question, ranked.slice(0, limit));
}
