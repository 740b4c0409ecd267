/**
 * Stage 5: choosing and widening quotes. The answering sentences become non-overlapping
 * quotes, each widened to a neighbouring sentence when it reads badly alone or the
 * neighbour holds more of the question; further quotes from an article already quoted
 * rank a little lower, so answers spread across articles, and a passage that several
 * articles carry word for word (a syndicated report, a republished story) is quoted once.
 */
import type { ArticleRef, Article, SearchResult } from "../types.ts";
import type { SearchContext } from "./context.ts";
import type { Question } from "./question.ts";
import type { RankedSentence } from "./rankSentences.ts";
import { writtenTerms } from "./writtenTerms.ts";

/** A sentence starting with one of these words refers back to the one before it. */
const LEADING_REFERENCE =
  /^[“"‘'(]*(?:he|she|it|they|this|that|these|those|his|her|its|their|there|but|however|such|the latter|the former|both|then|also)\b/i;

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

/** The part of an article a search result carries. */
export function toArticleRef(article: Article): ArticleRef {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    path: article.path,
    url: article.url,
  };
}

/** The first `count` quotes for the answering sentences, as search results. */
export function quoteResults(
  context: SearchContext,
  question: Question,
  answering: readonly RankedSentence[],
  count: number,
): SearchResult[] {
  return withFallingScores(
    chooseQuotes(context, answering, count).map((span) => toResult(context, question, span)),
  );
}

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

/** A quote's text as compared for repeats: case and runs of white space do not count. */
function repeatKey(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * Turns ranked sentences into non-overlapping quotes, spread across articles, each text
 * once: the copy of a passage in a second article adds nothing to a reply.
 */
function chooseQuotes(
  context: SearchContext,
  ranked: readonly RankedSentence[],
  count: number,
): QuoteSpan[] {
  const chosen: QuoteSpan[] = [];
  const chosenTexts = new Set<string>();
  const quotedPerArticle = new Map<number, number>();
  const pending = ranked.map((sentence) => widenToQuote(context, sentence));
  const discount = context.settings.sameArticleDiscount;
  while (chosen.length < count && pending.length > 0) {
    let bestAt = -1;
    let bestScore = -Infinity;
    pending.forEach((span, at) => {
      const score = span.score * discount ** (quotedPerArticle.get(span.article) ?? 0);
      if (score > bestScore) {
        bestScore = score;
        bestAt = at;
      }
    });
    const [best] = pending.splice(bestAt, 1);
    if (best === undefined) break;
    if (chosen.some((span) => overlaps(span, best))) continue;
    const text = repeatKey(quoteText(context, best));
    if (chosenTexts.has(text)) continue;
    chosenTexts.add(text);
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
function sentenceLength(context: SearchContext, sentence: number): number {
  const { index } = context;
  return (index.sentenceCharEnd[sentence] ?? 0) - (index.sentenceCharStart[sentence] ?? 0);
}

/**
 * The quote for one ranked sentence: the sentence, with the sentence before it when it
 * starts with a reference back ("She said"), when that one holds more of the question or
 * when the sentence is short; and with the sentence after it when that one holds more of
 * the question, refers back, or the sentence is short and took nothing before it. A quote
 * stays within its paragraph and grows only while it stays under `maxWidenedQuote`.
 */
function widenToQuote(context: SearchContext, ranked: RankedSentence): QuoteSpan {
  const { index, settings } = context;
  const { article, sentence } = ranked;
  const length = sentenceLength(context, sentence);
  const firstOfArticle = index.articleSentenceStart[article] ?? 0;
  const hasPrevious =
    sentence > firstOfArticle &&
    index.sentenceParagraph[sentence - 1] === index.sentenceParagraph[sentence];
  const lastOfArticle = (index.articleSentenceEnd[article] ?? 0) - 1;
  const hasNext =
    sentence < lastOfArticle &&
    index.sentenceParagraph[sentence + 1] === index.sentenceParagraph[sentence];

  const previousAddsWords = (ranked.previousMask & ~ranked.sentenceMask) !== 0;
  const nextAddsWords = (ranked.nextMask & ~ranked.sentenceMask) !== 0;
  const startsWithReference = LEADING_REFERENCE.test(sentenceText(context, article, sentence));
  const short = length < settings.shortSentence;

  let first = sentence;
  let last = sentence;
  if (hasPrevious && (startsWithReference || previousAddsWords || short)) {
    if (length + sentenceLength(context, sentence - 1) <= settings.maxWidenedQuote)
      first = sentence - 1;
  }
  const nextContinues =
    hasNext && LEADING_REFERENCE.test(sentenceText(context, article, sentence + 1));
  if (hasNext && (nextAddsWords || nextContinues || (first === sentence && short))) {
    const widened =
      (index.sentenceCharEnd[sentence + 1] ?? 0) - (index.sentenceCharStart[first] ?? 0);
    if (widened <= settings.maxWidenedQuote) last = sentence + 1;
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
  context: SearchContext,
  {
    article,
    firstSentence,
    lastSentence,
  }: Pick<QuoteSpan, "article" | "firstSentence" | "lastSentence">,
): string {
  const { index, articles } = context;
  const paragraph =
    articles[article]?.paragraphs[index.sentenceParagraph[firstSentence] ?? 0] ?? "";
  return paragraph.slice(
    index.sentenceCharStart[firstSentence],
    index.sentenceCharEnd[lastSentence],
  );
}

/** The text of one sentence, as the article has it. */
export function sentenceText(context: SearchContext, article: number, sentence: number): string {
  return quoteText(context, { article, firstSentence: sentence, lastSentence: sentence });
}

/** The search result for a chosen quote. */
function toResult(context: SearchContext, question: Question, span: QuoteSpan): SearchResult {
  const { index, articles } = context;
  const article = articles[span.article]!;
  const quote = quoteText(context, span);
  const firstOfParagraph = firstSentenceOfParagraph(context, span.article, span.firstSentence);
  return {
    article: toArticleRef(article),
    quote,
    score: Math.round(span.relevance * 1000) / 1000,
    paragraph: index.sentenceParagraph[span.firstSentence] ?? 0,
    sentence: span.firstSentence - firstOfParagraph,
    matchedWords: findMatchedWords(context, question, quote),
  };
}

/** The library-wide number of the first sentence of the paragraph `sentence` is in. */
function firstSentenceOfParagraph(
  context: SearchContext,
  article: number,
  sentence: number,
): number {
  const { index } = context;
  const firstOfArticle = index.articleSentenceStart[article] ?? 0;
  let first = sentence;
  while (
    first > firstOfArticle &&
    index.sentenceParagraph[first - 1] === index.sentenceParagraph[sentence]
  ) {
    first--;
  }
  return first;
}

/** The words of the quote, as written there, that match a word of the question. */
function findMatchedWords(context: SearchContext, question: Question, quote: string): string[] {
  const { index } = context;
  const wanted = new Set(
    question.groups.list.flatMap((group) => group.alternatives.map((a) => a.term)),
  );
  const found = new Set<string>();
  for (const { written, term } of writtenTerms(index, quote)) {
    if (wanted.has(term)) found.add(written);
  }
  return [...found];
}
