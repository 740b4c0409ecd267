import { englishRarity } from "./englishRarity.ts";
import { relatedPlaceWords } from "./nationalities.ts";
import type { PassageIndex } from "./passageIndex.ts";
import type { SpellingCorrector } from "./spelling.ts";
import { isStopWord, splitWords, stem } from "./text.ts";

/** BM25 saturation and length normalisation for sentences and paragraphs. */
const K1 = 1.2;
const B = 0.75;
/**
 * For whole articles: words repeat more in long texts, so saturation is slower and length
 * normalisation stronger (tuned on the news questions: right article first 51.8% → 62.8%).
 */
const ARTICLE_K1 = 2.5;
const ARTICLE_B = 0.8;

/** Articles scored sentence by sentence after the article-level pass. */
const CANDIDATE_ARTICLES = 60;

/** At most this many distinct query terms are scored (longer questions keep the rarest). */
const MAX_QUERY_TERMS = 32;

/** Weight of a country word standing in for a nationality word, or the other way round. */
const RELATED_WEIGHT = 0.9;

/** Weight of a word found by spelling correction rather than typed as is. */
const CORRECTED_WEIGHT = 0.8;

/**
 * How the parts of a sentence's evidence add up to its ranking score. The article's own
 * rank weighs most: on the news questions it took the right article first from 42% to 56%
 * while the XQuAD quotes stayed as good (both measured with `npm run eval`).
 */
const WEIGHTS = {
  sentence: 1,
  neighbour: 0.3,
  paragraph: 0.4,
  article: 3,
};

/** A word of the question as the index understands it. */
export interface QueryTerm {
  /** The word as typed (folded). */
  typed: string;
  /** The library word it was matched to (differs from `typed` after spelling correction). */
  word: string;
  /** Term id in the index, or -1 when the library has no such word. */
  term: number;
  /** How much a match counts: 1, or less for a related place word or a spelling correction. */
  weight: number;
}

/** A sentence that matches the question, with the evidence behind its rank. */
export interface RankedSentence {
  /** Article number (position in the library's articles). */
  article: number;
  /** Library-wide sentence number. */
  sentence: number;
  /** Ranking score (unbounded; compare within one query only). */
  score: number;
  /** Ranking score divided by what a sentence holding every query word would get: 0..1. */
  relevance: number;
  /** Share of the question's information (IDF mass) found in the sentence and its neighbours. */
  coverage: number;
  /** Share of the question's information found anywhere in the sentence's article. */
  articleCoverage: number;
  /** Bit i set when query term i occurs in the sentence itself. */
  sentenceMask: number;
  /** Bit i set when query term i occurs in the previous / next sentence of the paragraph. */
  previousMask: number;
  nextMask: number;
}

/** The question's content words, each mapped to an indexed term (corrected when misspelled). */
export function resolveQuery(
  index: PassageIndex,
  corrector: SpellingCorrector,
  query: string,
): QueryTerm[] {
  const byWord = new Map<string, QueryTerm>();
  for (const typed of splitWords(query)) {
    if (isStopWord(typed) || byWord.has(typed)) continue;
    byWord.set(typed, resolveWord(index, corrector, typed));
  }
  return keepMostTelling(index, [...mergeSameTerms(byWord.values())]);
}

/**
 * The indexed term for one word of a question: the word itself, another form of it, the
 * country for a nationality the library does not have ("Polish" → "Poland"), or the
 * spelling correction; term -1 when nothing fits.
 */
function resolveWord(index: PassageIndex, corrector: SpellingCorrector, typed: string): QueryTerm {
  const known = index.words.get(typed);
  if (known !== undefined) return { typed, word: typed, term: known.term, weight: 1 };
  const sameStem = index.stems.get(stem(typed));
  if (sameStem !== undefined) return { typed, word: typed, term: sameStem, weight: 1 };
  for (const place of relatedPlaceWords(typed)) {
    const term = index.words.get(place)?.term;
    if (term !== undefined && term >= 0)
      return { typed, word: place, term, weight: RELATED_WEIGHT };
  }
  const corrected = corrector.correct(typed);
  const term = corrected === null ? undefined : index.words.get(corrected)?.term;
  if (corrected !== null && term !== undefined && term >= 0) {
    return { typed, word: corrected, term, weight: CORRECTED_WEIGHT };
  }
  return { typed, word: typed, term: -1, weight: 1 };
}

/** Two words with one stem ("agree", "agreed") are one query term. */
function* mergeSameTerms(terms: Iterable<QueryTerm>): Iterable<QueryTerm> {
  const seen = new Set<number>();
  for (const term of terms) {
    if (term.term >= 0) {
      if (seen.has(term.term)) continue;
      seen.add(term.term);
    }
    yield term;
  }
}

/** At most MAX_QUERY_TERMS terms: the rarest in the library (words it lacks first). */
function keepMostTelling(index: PassageIndex, terms: QueryTerm[]): QueryTerm[] {
  if (terms.length <= MAX_QUERY_TERMS) return terms;
  return [...terms]
    .sort((a, b) => sentenceIdf(index, b.term) - sentenceIdf(index, a.term))
    .slice(0, MAX_QUERY_TERMS);
}

/** BM25's inverse document frequency of a term found in `frequency` of `total` units. */
function idf(total: number, frequency: number): number {
  return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
}

/** How telling a term is at sentence level; a word the library lacks is as rare as can be. */
function sentenceIdf(index: PassageIndex, term: number): number {
  const frequency = term >= 0 ? (index.sentenceFrequency[term] ?? 0) : 0;
  return idf(index.sentenceCount, frequency);
}

/** BM25's weight of a term occurring `tf` times in a unit of `length` tokens. */
function bm25(tf: number, length: number, averageLength: number, k1 = K1, b = B): number {
  if (tf === 0) return 0;
  return (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / Math.max(1, averageLength)));
}

/**
 * Ranks every article by BM25 over its whole text (title words weighted up) and returns
 * the best `limit` article numbers with their scores, best first.
 */
export function rankArticles(
  index: PassageIndex,
  terms: readonly QueryTerm[],
  limit: number,
): { article: number; score: number }[] {
  const scores = new Float64Array(index.articleCount);
  const touched: number[] = [];
  for (const { term, weight } of terms) {
    if (term < 0) continue;
    const start = index.postingStart[term] ?? 0;
    const end = index.postingStart[term + 1] ?? 0;
    const termIdf = idf(index.articleCount, end - start) * weight;
    for (let p = start; p < end; p++) {
      const doc = index.postingDocs[p] ?? 0;
      const tf = index.postingFrequencies[p] ?? 0;
      if (scores[doc] === 0) touched.push(doc);
      scores[doc]! +=
        termIdf *
        bm25(tf, index.articleLength[doc] ?? 0, index.averageArticleLength, ARTICLE_K1, ARTICLE_B);
    }
  }
  return topByScore(touched, (doc) => scores[doc] ?? 0, limit).map((article) => ({
    article,
    score: scores[article] ?? 0,
  }));
}

/**
 * The `wanted` items with the highest scores, best first (ties: lower item first): the
 * same as sorting all items and cutting, whatever order the items come in.
 */
export function topByScore(
  items: readonly number[],
  scoreOf: (item: number) => number,
  wanted: number,
): number[] {
  const limit = Math.floor(wanted);
  if (!(limit >= 1)) return [];
  const byRank = (a: number, b: number): number => scoreOf(b) - scoreOf(a) || a - b;
  if (items.length <= limit) return [...items].sort(byRank);
  const kept: number[] = [];
  /** The last item kept after the latest cut: nothing that ranks below it can make the top. */
  let floor: number | null = null;
  for (const item of items) {
    if (floor !== null && byRank(item, floor) > 0) continue;
    kept.push(item);
    if (kept.length >= limit * 4) {
      kept.sort(byRank);
      kept.length = limit;
      floor = kept[limit - 1] ?? null;
    }
  }
  return kept.sort(byRank).slice(0, limit);
}

/** Per-query scratch space, so scoring a sentence allocates nothing. */
interface QueryScratch {
  /** Query slot of every term of the index (-1 for terms not in the question). */
  slotOfTerm: Int32Array;
  sentenceIdf: Float64Array;
  paragraphIdf: Float64Array;
  weight: Float64Array;
  /** IDF mass of the whole question, the denominator of coverage. */
  totalIdf: number;
  /** Score of a sentence that holds every query word once, at average length. */
  idealScore: number;
}

/** One slot table per index, reused by every query (queries run one at a time). */
const slotTables = new WeakMap<PassageIndex, Int32Array>();

function slotTableOf(index: PassageIndex): Int32Array {
  let table = slotTables.get(index);
  if (table === undefined) {
    table = new Int32Array(index.termCount).fill(-1);
    slotTables.set(index, table);
  }
  return table;
}

/** The per-query tables for `terms`; the caller clears `slotOfTerm` afterwards. */
function prepareScratch(index: PassageIndex, terms: readonly QueryTerm[]): QueryScratch {
  const slotOfTerm = slotTableOf(index);
  const sentenceIdfs = new Float64Array(terms.length);
  const paragraphIdfs = new Float64Array(terms.length);
  const weights = new Float64Array(terms.length);
  let totalIdf = 0;
  let idealSentence = 0;
  let idealParagraph = 0;
  terms.forEach((term, slot) => {
    if (term.term >= 0) slotOfTerm[term.term] = slot;
    sentenceIdfs[slot] = sentenceIdf(index, term.term);
    paragraphIdfs[slot] = idf(
      index.paragraphCount,
      term.term >= 0 ? (index.paragraphFrequency[term.term] ?? 0) : 0,
    );
    weights[slot] = term.weight;
    // A word the library lacks weighs by how rare it is in English: missing phrasing
    // ("take place") says less about whether the library covers the question than a
    // missing name does.
    totalIdf += sentenceIdfs[slot] * (term.term >= 0 ? 1 : englishRarity(term.typed));
    idealSentence += sentenceIdfs[slot] * term.weight;
    idealParagraph += paragraphIdfs[slot] * term.weight;
  });
  return {
    slotOfTerm,
    sentenceIdf: sentenceIdfs,
    paragraphIdf: paragraphIdfs,
    weight: weights,
    totalIdf,
    idealScore:
      WEIGHTS.sentence * idealSentence +
      WEIGHTS.paragraph * idealParagraph +
      WEIGHTS.neighbour * idealSentence * 0.5,
  };
}

/** Term frequencies of the query's terms in each sentence of one article. */
interface ArticleCounts {
  /** `tf[sentence * slots + slot]`, sentences numbered within the article. */
  tf: Float64Array;
  length: Uint32Array;
  mask: Int32Array;
}

/** Counts the query's terms in sentences `first .. last - 1` (one article). */
function countArticle(
  index: PassageIndex,
  scratch: QueryScratch,
  first: number,
  last: number,
): ArticleCounts {
  const slots = scratch.weight.length;
  const sentences = last - first;
  const tf = new Float64Array(sentences * slots);
  const length = new Uint32Array(sentences);
  const mask = new Int32Array(sentences);
  for (let i = 0; i < sentences; i++) {
    const start = index.sentenceTokenStart[first + i] ?? 0;
    const end = index.sentenceTokenStart[first + i + 1] ?? 0;
    length[i] = end - start;
    for (let t = start; t < end; t++) {
      const slot = scratch.slotOfTerm[index.tokens[t] ?? 0] ?? -1;
      if (slot < 0) continue;
      tf[i * slots + slot]!++;
      mask[i]! |= 1 << slot;
    }
  }
  return { tf, length, mask };
}

/** BM25 of the counts `tf[offset .. offset + idfs.length]`. */
function scoreCounts(
  tf: Float64Array,
  offset: number,
  length: number,
  averageLength: number,
  idfs: Float64Array,
  weights: Float64Array,
): number {
  let score = 0;
  for (let slot = 0; slot < idfs.length; slot++) {
    const count = tf[offset + slot] ?? 0;
    if (count > 0)
      score += (idfs[slot] ?? 0) * (weights[slot] ?? 0) * bm25(count, length, averageLength);
  }
  return score;
}

/** Sum of the sentence-level IDF of the query terms whose bits are set in `mask`. */
function maskIdf(scratch: QueryScratch, mask: number): number {
  let sum = 0;
  for (let slot = 0; slot < scratch.sentenceIdf.length; slot++) {
    if (mask & (1 << slot)) sum += scratch.sentenceIdf[slot] ?? 0;
  }
  return sum;
}

/**
 * Scores every sentence of one article: its own BM25, the best neighbouring sentence in
 * its paragraph, its paragraph's BM25, and the article's own rank.
 */
function rankSentencesOfArticle(
  index: PassageIndex,
  scratch: QueryScratch,
  article: number,
  articleEvidence: number,
  out: RankedSentence[],
): void {
  const first = index.articleSentenceStart[article] ?? 0;
  const last = index.articleSentenceStart[article + 1] ?? 0;
  const slots = scratch.weight.length;
  const counts = countArticle(index, scratch, first, last);
  const sentences = last - first;
  const own = new Float64Array(sentences);
  let articleMask = 0;
  for (let i = 0; i < sentences; i++) {
    const mask = counts.mask[i] ?? 0;
    if (mask === 0) continue;
    articleMask |= mask;
    own[i] = scoreCounts(
      counts.tf,
      i * slots,
      counts.length[i] ?? 0,
      index.averageSentenceLength,
      scratch.sentenceIdf,
      scratch.weight,
    );
  }

  const articleCoverage = maskIdf(scratch, articleMask) / Math.max(1e-9, scratch.totalIdf);
  let paragraphFirst = 0;
  const paragraphTf = new Float64Array(slots);
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
      paragraphMask |= counts.mask[i] ?? 0;
      for (let slot = 0; slot < slots; slot++)
        paragraphTf[slot]! += counts.tf[i * slots + slot] ?? 0;
    }
    if (paragraphMask !== 0) {
      const paragraphScore = scoreCounts(
        paragraphTf,
        0,
        paragraphLength,
        index.averageParagraphLength,
        scratch.paragraphIdf,
        scratch.weight,
      );
      for (let i = paragraphFirst; i < paragraphEnd; i++) {
        const sentenceMask = counts.mask[i] ?? 0;
        if (sentenceMask === 0) continue;
        const previousMask = i > paragraphFirst ? (counts.mask[i - 1] ?? 0) : 0;
        const nextMask = i + 1 < paragraphEnd ? (counts.mask[i + 1] ?? 0) : 0;
        const neighbour = Math.max(
          i > paragraphFirst ? own[i - 1]! : 0,
          i + 1 < paragraphEnd ? own[i + 1]! : 0,
        );
        const score =
          WEIGHTS.sentence * own[i]! +
          WEIGHTS.neighbour * neighbour +
          WEIGHTS.paragraph * paragraphScore +
          WEIGHTS.article * articleEvidence;
        out.push({
          article,
          sentence: first + i,
          score,
          relevance: Math.min(1, score / Math.max(1e-9, scratch.idealScore)),
          coverage:
            maskIdf(scratch, sentenceMask | previousMask | nextMask) /
            Math.max(1e-9, scratch.totalIdf),
          articleCoverage,
          sentenceMask,
          previousMask,
          nextMask,
        });
      }
    }
    paragraphFirst = paragraphEnd;
  }
}

/**
 * Ranks the library's sentences for a question: articles first (BM25 over whole
 * articles), then every sentence of the best articles with its paragraph as context.
 * Returns sentences best first; the caller turns them into quotes.
 */
export function rankSentences(
  index: PassageIndex,
  terms: readonly QueryTerm[],
  limit: number,
): RankedSentence[] {
  if (!terms.some((term) => term.term >= 0)) return [];
  const articles = rankArticles(index, terms, CANDIDATE_ARTICLES);
  const best = articles[0]?.score ?? 0;
  if (best <= 0) return [];
  const scratch = prepareScratch(index, terms);
  const ranked: RankedSentence[] = [];
  try {
    for (const { article, score } of articles) {
      // The article's rank, scaled into the units of a sentence score.
      const evidence = (score / best) * (scratch.idealScore / 2);
      rankSentencesOfArticle(index, scratch, article, evidence, ranked);
    }
  } finally {
    for (const { term } of terms) if (term >= 0) scratch.slotOfTerm[term] = -1;
  }
  ranked.sort((a, b) => b.score - a.score || a.sentence - b.sentence);
  return ranked.slice(0, limit);
}
