import Fuse from "fuse.js";
import { expectedAnswerType, holdsAnswerType, type AnswerType } from "./answerType.ts";
import { buildPassageIndex, type PassageIndex } from "./passageIndex.ts";
import {
  rankArticles,
  rankSentences,
  resolveQuery,
  type QueryTerm,
  type RankedSentence,
} from "./rankPassages.ts";
import { createSpellingCorrector } from "./spelling.ts";
import { foldText, WORD } from "./text.ts";
import type {
  Article,
  ArticleRef,
  Library,
  LibraryOptions,
  SearchOptions,
  SearchResult,
} from "./types.ts";

/** Questions longer than this are cut before searching; no real question needs more. */
export const MAX_QUERY_LENGTH = 2_000;
/** Title queries longer than this are cut before matching; no title is longer. */
const MAX_TITLE_QUERY_LENGTH = 200;

/**
 * How much of the question a result must account for: the share of the question's
 * information (IDF mass of its words) found around the quote, plus the share found
 * anywhere in its article. Calibrated on 30 off-topic questions over the XQuAD library:
 * at 0.7, 13 of them get no answer while 97.6% of the answerable questions keep their
 * best quote (a higher bar costs more right answers than it saves wrong ones).
 */
const MIN_EVIDENCE = 0.7;

/** Sentences ranked before quotes are formed; enough to page through "More results". */
const RANKED_SENTENCES = 300;

/** A quote grows to a neighbouring sentence only while it stays this short. */
const MAX_QUOTE_LENGTH = 700;
/**
 * A sentence shorter than this (about an average news sentence) takes a neighbour along,
 * so a quote carries its context: who "she" is, or the figure the next sentence gives.
 */
const SHORT_SENTENCE = 200;
/** Each further quote from an article already quoted is scored down by this factor. */
const SAME_ARTICLE_DISCOUNT = 0.85;

/** A sentence starting with one of these words refers back to the one before it. */
const LEADING_REFERENCE =
  /^[“"‘'(]*(he|she|it|they|this|that|these|those|his|her|its|their|there|but|however|such|the latter|the former|both|then|also)\b/i;

/** A quote before it becomes a result: a run of sentences of one paragraph. */
interface QuoteSpan {
  article: number;
  /** Library-wide numbers of the quote's first and last sentences. */
  firstSentence: number;
  lastSentence: number;
  /** Ranking score of the sentence the quote grew from. */
  score: number;
  /** Its relevance, 0..1 (the result's score). */
  relevance: number;
}

/** A count of results from the caller: a whole number, at least 0 (`fallback` when unset). */
function wholeCount(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.floor(value));
}

function toArticleRef(article: Article): ArticleRef {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    path: article.path,
    url: article.url,
  };
}

/** Builds the searchable library: the index, the spelling corrector and the title matcher. */
export function buildLibrary(articles: readonly Article[], options: LibraryOptions = {}): Library {
  return libraryFromIndex(articles, buildPassageIndex(articles), options);
}

/**
 * The searchable library over an index built already (in a worker thread, or read back
 * from disk): the index must be `buildPassageIndex(articles)` of these same articles.
 */
export function libraryFromIndex(
  articles: readonly Article[],
  index: PassageIndex,
  _options: LibraryOptions = {},
): Library {
  const indexedWords = new Map<string, number>();
  for (const [word, entry] of index.words) if (entry.term >= 0) indexedWords.set(word, entry.count);
  const corrector = createSpellingCorrector(indexedWords);
  const byId = new Map(articles.map((article) => [article.id, article]));
  let titleMatcher: Fuse<Article> | null = null;

  const resolve = (query: string): QueryTerm[] =>
    resolveQuery(index, corrector, query.slice(0, MAX_QUERY_LENGTH));

  return {
    articles,
    passageCount: index.sentenceCount,
    search(query: string, options: SearchOptions = {}): SearchResult[] {
      const top = wholeCount(options.top, 3);
      const offset = wholeCount(options.offset, 0);
      const terms = resolve(query);
      const ranked = rewardAnswerType(
        articles,
        index,
        expectedAnswerType(query),
        rankSentences(index, terms, RANKED_SENTENCES).filter(isRelevant),
      );
      return withFallingScores(
        chooseQuotes(articles, index, ranked, offset + top).map((span) =>
          toResult(articles, index, terms, span),
        ),
      ).slice(offset);
    },
    matchTitles(query: string, wanted: number): ArticleRef[] {
      const limit = wholeCount(wanted, 0);
      const trimmed = query.trim().slice(0, MAX_TITLE_QUERY_LENGTH);
      if (limit === 0) return [];
      if (trimmed === "") return articles.slice(0, limit).map(toArticleRef);
      titleMatcher ??= new Fuse([...articles], {
        keys: ["title"],
        ignoreLocation: true,
        threshold: 0.4,
        getFn: (article) => foldText(article.title),
      });
      return titleMatcher.search(foldText(trimmed), { limit }).map((hit) => toArticleRef(hit.item));
    },
    answer(query: string, options: SearchOptions = {}) {
      return {
        results: this.search(query, options),
        window: null,
        outsideWindow: [],
        missing: [],
        suggestions: [],
      };
    },
    closestArticles(query: string, limit: number): ArticleRef[] {
      return rankArticles(index, resolve(query), limit).flatMap(({ article }) => {
        const found = articles[article];
        return found === undefined ? [] : [toArticleRef(found)];
      });
    },
    getArticle(id: string): Article | undefined {
      return byId.get(id);
    },
  };
}

/** Share of the best score added to sentences that hold the kind of answer asked for. */
const ANSWER_TYPE_BONUS = 0.1;

/**
 * Moves up the sentences that hold the kind of answer the question asks for (a year for
 * "when", a number for "how many"), by a share of the best score.
 */
function rewardAnswerType(
  articles: readonly Article[],
  index: PassageIndex,
  type: AnswerType,
  ranked: RankedSentence[],
): RankedSentence[] {
  const best = ranked[0]?.score ?? 0;
  if (type === null || best === 0) return ranked;
  return ranked
    .map((sentence) =>
      holdsAnswerType(type, sentenceText(articles, index, sentence.article, sentence.sentence))
        ? { ...sentence, score: sentence.score + ANSWER_TYPE_BONUS * best }
        : sentence,
    )
    .sort((a, b) => b.score - a.score || a.sentence - b.sentence);
}

/** True when the sentence and its article account for enough of the question (MIN_EVIDENCE). */
/**
 * Scores never rise down the list: results are ordered by more than their score (the kind
 * of answer, spreading across articles), so a later result shows at most the score of the
 * one before it.
 */
function withFallingScores(results: SearchResult[]): SearchResult[] {
  let ceiling = 1;
  return results.map((result) => {
    ceiling = Math.min(ceiling, result.score);
    return { ...result, score: ceiling };
  });
}

function isRelevant(sentence: RankedSentence): boolean {
  return sentence.coverage + sentence.articleCoverage >= MIN_EVIDENCE;
}

/**
 * Turns ranked sentences into non-overlapping quotes, widening a sentence to its
 * neighbour when it reads badly alone or the neighbour holds more of the question,
 * and spreading results across articles.
 */
function chooseQuotes(
  articles: readonly Article[],
  index: PassageIndex,
  ranked: readonly RankedSentence[],
  count: number,
): QuoteSpan[] {
  const chosen: QuoteSpan[] = [];
  const quotedPerArticle = new Map<number, number>();
  const pending = ranked.map((sentence) => widenToQuote(articles, index, sentence));
  while (chosen.length < count && pending.length > 0) {
    let bestAt = -1;
    let bestScore = -Infinity;
    pending.forEach((span, at) => {
      const score = span.score * SAME_ARTICLE_DISCOUNT ** (quotedPerArticle.get(span.article) ?? 0);
      if (score > bestScore) {
        bestScore = score;
        bestAt = at;
      }
    });
    const [best] = pending.splice(bestAt, 1);
    if (best === undefined) break;
    if (chosen.some((span) => overlaps(span, best))) continue;
    chosen.push(best);
    quotedPerArticle.set(best.article, (quotedPerArticle.get(best.article) ?? 0) + 1);
  }
  return chosen;
}

/** True when two quotes share a sentence. */
function overlaps(a: QuoteSpan, b: QuoteSpan): boolean {
  return a.firstSentence <= b.lastSentence && b.firstSentence <= a.lastSentence;
}

/** Length of a sentence in characters. */
function sentenceLength(index: PassageIndex, sentence: number): number {
  return (index.sentenceCharEnd[sentence] ?? 0) - (index.sentenceCharStart[sentence] ?? 0);
}

/**
 * The quote for one ranked sentence: the sentence, with the sentence before it when it
 * starts with a reference back ("She said"), when that one holds more of the question or
 * when the sentence is short; and with the sentence after it when that one holds more of
 * the question, refers back, or the sentence is short and took nothing before it. A quote
 * stays within its paragraph and grows only while it stays under MAX_QUOTE_LENGTH.
 */
function widenToQuote(
  articles: readonly Article[],
  index: PassageIndex,
  ranked: RankedSentence,
): QuoteSpan {
  const { article, sentence } = ranked;
  const length = sentenceLength(index, sentence);
  const firstOfArticle = index.articleSentenceStart[article] ?? 0;
  const hasPrevious =
    sentence > firstOfArticle &&
    index.sentenceParagraph[sentence - 1] === index.sentenceParagraph[sentence];
  const lastOfArticle = (index.articleSentenceStart[article + 1] ?? 0) - 1;
  const hasNext =
    sentence < lastOfArticle &&
    index.sentenceParagraph[sentence + 1] === index.sentenceParagraph[sentence];

  const previousAddsWords = (ranked.previousMask & ~ranked.sentenceMask) !== 0;
  const nextAddsWords = (ranked.nextMask & ~ranked.sentenceMask) !== 0;
  const startsWithReference = LEADING_REFERENCE.test(
    sentenceText(articles, index, article, sentence),
  );

  let first = sentence;
  let last = sentence;
  if (hasPrevious && (startsWithReference || previousAddsWords || length < SHORT_SENTENCE)) {
    if (length + sentenceLength(index, sentence - 1) <= MAX_QUOTE_LENGTH) first = sentence - 1;
  }
  const nextContinues =
    hasNext && LEADING_REFERENCE.test(sentenceText(articles, index, article, sentence + 1));
  if (
    hasNext &&
    (nextAddsWords || nextContinues || (first === sentence && length < SHORT_SENTENCE))
  ) {
    const widened =
      (index.sentenceCharEnd[sentence + 1] ?? 0) - (index.sentenceCharStart[first] ?? 0);
    if (widened <= MAX_QUOTE_LENGTH) last = sentence + 1;
  }
  return {
    article,
    firstSentence: first,
    lastSentence: last,
    score: ranked.score,
    relevance: ranked.relevance,
  };
}

/** The text of a range of sentences of one paragraph, cut from the article as written. */
function quoteText(
  articles: readonly Article[],
  index: PassageIndex,
  {
    article,
    firstSentence,
    lastSentence,
  }: Pick<QuoteSpan, "article" | "firstSentence" | "lastSentence">,
): string {
  const paragraph =
    articles[article]?.paragraphs[index.sentenceParagraph[firstSentence] ?? 0] ?? "";
  return paragraph.slice(
    index.sentenceCharStart[firstSentence],
    index.sentenceCharEnd[lastSentence],
  );
}

/** The text of one sentence, as the article has it. */
function sentenceText(
  articles: readonly Article[],
  index: PassageIndex,
  article: number,
  sentence: number,
): string {
  return quoteText(articles, index, { article, firstSentence: sentence, lastSentence: sentence });
}

/** The search result for a chosen quote. */
function toResult(
  articles: readonly Article[],
  index: PassageIndex,
  terms: readonly QueryTerm[],
  span: QuoteSpan,
): SearchResult {
  const article = articles[span.article]!;
  const paragraphNumber = index.sentenceParagraph[span.firstSentence] ?? 0;
  const quote = quoteText(articles, index, span);
  const firstOfParagraph = firstSentenceOfParagraph(index, span.article, span.firstSentence);
  return {
    article: toArticleRef(article),
    quote,
    score: Math.round(span.relevance * 1000) / 1000,
    paragraph: paragraphNumber,
    sentence: span.firstSentence - firstOfParagraph,
    matchedWords: findMatchedWords(quote, terms, index),
  };
}

/** The library-wide number of the first sentence of the paragraph `sentence` is in. */
function firstSentenceOfParagraph(index: PassageIndex, article: number, sentence: number): number {
  const firstOfArticle = index.articleSentenceStart[article] ?? 0;
  let first = sentence;
  while (
    first > firstOfArticle &&
    index.sentenceParagraph[first - 1] === index.sentenceParagraph[sentence]
  )
    first--;
  return first;
}

/** The words of the quote, as written there, that match a word of the question. */
function findMatchedWords(
  quote: string,
  terms: readonly QueryTerm[],
  index: PassageIndex,
): string[] {
  const wanted = new Set(terms.map((term) => term.term).filter((term) => term >= 0));
  const found = new Set<string>();
  for (const [written] of quote.matchAll(WORD)) {
    const term = index.words.get(foldText(written))?.term;
    if (term !== undefined && wanted.has(term)) found.add(written);
  }
  return [...found];
}
