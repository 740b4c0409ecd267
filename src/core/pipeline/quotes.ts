/**
 * Stage 5: choosing and widening quotes. The answering sentences become non-overlapping
 * quotes, each widened to a neighbouring sentence when it reads badly alone, when one of
 * the two refers back to the other (even across a paragraph break) or when the neighbour
 * holds more of the question. Further quotes from an article already quoted rank a little
 * lower, so answers spread across articles, and a passage that several articles carry word
 * for word (a syndicated report, a republished story) is quoted once.
 */
import { isCalendarName } from "../answerType.ts";
import type { ArticleRef, Article, SearchResult } from "../types.ts";
import type { SearchContext } from "./context.ts";
import type { Question } from "./question.ts";
import type { RankedSentence } from "./rankSentences.ts";
import { splitWords } from "../text.ts";
import { writtenTerms } from "./writtenTerms.ts";

/** What may open a sentence before its first word: quotation marks, a bracket. */
const OPENING = `[“"‘'(]*`;
/** A sentence starting with one of these words refers back to the one before it. */
const LEADING_REFERENCE = new RegExp(
  `^${OPENING}(?:he|she|it|they|this|that|these|those|his|her|its|their|there|but|however|such|the latter|the former|both|then|also)\\b`,
  "i",
);
/**
 * A sentence opening with a definite description ("The 18-year-old singer swept…", "The
 * two countries signed…") is about someone or something the text before it named.
 */
const DEFINITE_DESCRIPTION = new RegExp(`^${OPENING}[Tt]he\\s+[\\p{Ll}\\d]`, "u");
/**
 * A sentence's first word when it is capitalised and written as a surname may be
 * ("Cheney", "McCarthy", "Ocasio-Cortez"), without a possessive.
 */
const CAPITALISED_FIRST_WORD = new RegExp(`^${OPENING}(\\p{Lu}[\\p{L}-]*\\p{Ll})`, "u");
/** What may follow a name within its word: a possessive, punctuation. */
const AFTER_NAME = /^(?:['’]s)?[.,;:!?)"”’]*$/u;
/** A word written with a capital, after any opening quotation mark or bracket. */
const CAPITALISED = new RegExp(`^${OPENING}\\p{Lu}`, "u");
/** Whatever is not a letter or digit, stripped before a word is compared with day and month names. */
const NOT_LETTERS = /[^\p{L}\p{N}]+/gu;

/** Whether a word of running text (not the sentence's first) is written as a name. */
function isNameWord(word: string): boolean {
  return CAPITALISED.test(word) && !isCalendarName(word.replace(NOT_LETTERS, "").toLowerCase());
}

/** A capitalised first word shorter than this ("Al", "Mr") is not taken for a surname. */
const MIN_SURNAME_LENGTH = 3;

/**
 * Whether `text` refers back to `before`, the sentence ahead of it: it opens with a
 * pronoun or connective ("He said", "But"); with a definite description ("The singer")
 * when `before` writes a name (a day or month is none); or with a surname that `before`
 * writes after another capitalised word ("Liz Cheney" … "Cheney has"). `before` is only
 * cut into words when the opening of `text` calls for it.
 */
function refersBackTo(text: string, before: string): boolean {
  if (LEADING_REFERENCE.test(text)) return true;
  if (DEFINITE_DESCRIPTION.test(text)) {
    return before.split(/\s+/u).some((word, at) => at > 0 && isNameWord(word));
  }
  const surname = CAPITALISED_FIRST_WORD.exec(text)?.[1];
  if (surname === undefined || surname.length < MIN_SURNAME_LENGTH) return false;
  const words = before.split(/\s+/u);
  return words.some(
    (word, at) =>
      at > 0 &&
      word.startsWith(surname) &&
      AFTER_NAME.test(word.slice(surname.length)) &&
      CAPITALISED.test(words[at - 1] ?? ""),
  );
}

/** A quote before it becomes a result: a run of sentences of one article. */
interface QuoteSpan {
  article: number;
  /** Library-wide number of the sentence the quote grew from. */
  sentence: number;
  /** Library-wide numbers of the quote's first and last sentences. */
  firstSentence: number;
  lastSentence: number;
  /** Ranking score of the sentence the quote grew from. */
  score: number;
  /** Its relevance, 0..1 (the result's score). */
  relevance: number;
  /** The share of the question the sentence itself holds: the most a quote of it alone shows. */
  ownCoverage: number;
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
    chooseQuotes(context, question, answering, count).map((span) =>
      toResult(context, question, span),
    ),
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
export function repeatKey(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * Turns ranked sentences into non-overlapping quotes, spread across articles, each text
 * once: the copy of a passage in a second article adds nothing to a reply.
 */
function chooseQuotes(
  context: SearchContext,
  question: Question,
  ranked: readonly RankedSentence[],
  count: number,
): QuoteSpan[] {
  const asked = question.echoTerms;
  const chosen: QuoteSpan[] = [];
  const chosenTexts = new Set<string>();
  /** The copy keys of the sentences quoted so far (see {@link copyKey}). */
  const shown: string[] = [];
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
    const [candidate] = pending.splice(bestAt, 1);
    if (candidate === undefined) break;
    const clear = clearOf(chosen, candidate);
    const best = clear === null ? null : unrepeated(context, shown, clear);
    if (best === null) continue;
    if (asked !== null && echoesQuestion(context, asked, best)) continue;
    const text = repeatKey(quoteText(context, best));
    if (chosenTexts.has(text)) continue;
    chosenTexts.add(text);
    chosen.push(best);
    for (let sentence = best.firstSentence; sentence <= best.lastSentence; sentence++) {
      const key = copyKey(sentenceText(context, best.article, sentence));
      if (key !== null) shown.push(key);
    }
    quotedPerArticle.set(best.article, (quotedPerArticle.get(best.article) ?? 0) + 1);
  }
  return chosen;
}

/**
 * True when the sentence a quote was chosen for says nothing the question does not: every
 * word of it (stop words aside) is a word of the question. A news quiz printed in an
 * article ("Which Republican announced a White House bid this week?") or a heading made of
 * the question's words cannot tell the answer, however well it matches, and neither can
 * the sentences widened around it, which were not what matched.
 */
function echoesQuestion(
  context: SearchContext,
  asked: ReadonlySet<number>,
  span: QuoteSpan,
): boolean {
  const { tokens, sentenceTokenStart } = context.index;
  const start = sentenceTokenStart[span.sentence] ?? 0;
  const end = sentenceTokenStart[span.sentence + 1] ?? start;
  for (let t = start; t < end; t++) if (!asked.has(tokens[t]!)) return false;
  return true;
}

/**
 * The quote as it may join `chosen`: whole when it shares no sentence with them, else its
 * own sentence alone when that is clear of them (the neighbour it took is quoted
 * already), with no more relevance than the sentence's own share of the question; else
 * null.
 */
function clearOf(chosen: readonly QuoteSpan[], span: QuoteSpan): QuoteSpan | null {
  if (!chosen.some((other) => overlaps(other, span))) return span;
  const alone = aloneOf(span);
  return chosen.some((other) => overlaps(other, alone)) ? null : alone;
}

/** The quote of its own sentence only, with no more relevance than that sentence's share. */
function aloneOf(span: QuoteSpan): QuoteSpan {
  return {
    ...span,
    firstSentence: span.sentence,
    lastSentence: span.sentence,
    relevance: Math.min(span.relevance, span.ownCoverage),
  };
}

/**
 * Words a sentence needs for a copy of it in another article to count as a repeat: a
 * short one ("He declined to comment.") says something else in each place it stands.
 */
const MIN_COPIED_WORDS = 6;

/**
 * A sentence's words folded and joined by single spaces, with a space at each end, for
 * finding the same sentence in another article ("(CNN) Daily Harvest is…" and "Daily
 * Harvest is…" of a story saved twice); null for a sentence too short to tell.
 */
function copyKey(text: string): string | null {
  const words = splitWords(text);
  return words.length < MIN_COPIED_WORDS ? null : ` ${words.join(" ")} `;
}

/** True when one sentence is the other, or ends with it after a dateline ("LONDON —", "(CNN)"). */
function isCopyOf(key: string, other: string): boolean {
  return key.length >= other.length ? key.endsWith(other) : other.endsWith(key);
}

/**
 * The quote as it may join quotes from other articles whose sentences are `shown`: none
 * when the sentence it was chosen for is quoted already (a story saved twice, a report
 * republished with its dateline), its own sentence alone when only a sentence it took
 * along is, else whole.
 */
function unrepeated(
  context: SearchContext,
  shown: readonly string[],
  span: QuoteSpan,
): QuoteSpan | null {
  if (shown.length === 0) return span;
  const repeats = (sentence: number): boolean => {
    const key = copyKey(sentenceText(context, span.article, sentence));
    return key !== null && shown.some((other) => isCopyOf(key, other));
  };
  if (repeats(span.sentence)) return null;
  for (let sentence = span.firstSentence; sentence <= span.lastSentence; sentence++) {
    if (sentence !== span.sentence && repeats(sentence)) return aloneOf(span);
  }
  return span;
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

/** The length of the quote of sentences `first` to `last` of one article, in characters. */
export function quoteLength(context: SearchContext, first: number, last: number): number {
  const pieces = quotePieces(context, first, last);
  return pieces.reduce((length, piece) => length + piece.end - piece.start, pieces.length - 1);
}

/**
 * Where sentence `other` stands to sentence `sentence` of the same article: in its
 * paragraph, in a paragraph beside it, or outside the article (null).
 */
function neighbourPlace(
  context: SearchContext,
  article: number,
  sentence: number,
  other: number,
): "paragraph" | "article" | null {
  const { index } = context;
  const first = index.articleSentenceStart[article] ?? 0;
  const end = index.articleSentenceEnd[article] ?? 0;
  if (other < first || other >= end) return null;
  return index.sentenceParagraph[other] === index.sentenceParagraph[sentence]
    ? "paragraph"
    : "article";
}

/**
 * The quote for one ranked sentence, grown by a sentence on either side while it stays
 * within `maxWidenedQuote` characters:
 * - by the sentence before it when the sentence refers back to it ("She said", "The
 *   singer", "Cheney has") or that one holds words of the question the sentence lacks
 *   (as its masks say: a neighbour in the paragraph, or either side of a sentence that is a
 *   paragraph of its own), and, within its paragraph, when the sentence is short; never
 *   for the opening of a story (`opensStory`), which has only a byline or a dateline before it;
 * - by the sentence after it on the same grounds, the short sentence only when it took
 *   nothing before, and a heading or a question standing as a paragraph of its own by the
 *   paragraph after it, which says what it heads.
 * News gives a paragraph to a sentence or two, so a quote crosses a paragraph break:
 * "The 18-year-old singer swept…" takes the sentence before that names her, and the
 * passage quoted holds the words its relevance was judged on.
 */
function widenToQuote(context: SearchContext, ranked: RankedSentence): QuoteSpan {
  const { settings } = context;
  const { article, sentence } = ranked;
  const textOf = (at: number) => sentenceText(context, article, at);
  const fits = (first: number, last: number) =>
    quoteLength(context, first, last) <= settings.maxWidenedQuote;
  const short = sentenceLength(context, sentence) < settings.shortSentence;

  const previous =
    ranked.opensStory === true ? null : neighbourPlace(context, article, sentence, sentence - 1);
  const takesPrevious =
    previous !== null &&
    fits(sentence - 1, sentence) &&
    (refersBackTo(textOf(sentence), textOf(sentence - 1)) ||
      (ranked.previousMask & ~ranked.sentenceMask) !== 0 ||
      (previous === "paragraph" && short));
  const first = takesPrevious ? sentence - 1 : sentence;

  const next = neighbourPlace(context, article, sentence, sentence + 1);
  // A heading or a question that is a paragraph of its own heads the paragraph after it.
  const heads =
    next === "article" &&
    first === sentence &&
    previous !== "paragraph" &&
    isHeadingLike(textOf(sentence));
  const takesNext =
    next !== null &&
    fits(first, sentence + 1) &&
    (refersBackTo(textOf(sentence + 1), textOf(sentence)) ||
      (ranked.nextMask & ~ranked.sentenceMask) !== 0 ||
      (next === "paragraph" && first === sentence && short) ||
      heads);
  let last = takesNext ? sentence + 1 : sentence;
  // The paragraph it heads comes whole, as far as it fits.
  while (
    heads &&
    takesNext &&
    neighbourPlace(context, article, last, last + 1) === "paragraph" &&
    fits(first, last + 1)
  ) {
    last++;
  }
  return {
    article,
    sentence,
    firstSentence: first,
    lastSentence: last,
    score: ranked.score,
    relevance: ranked.relevance,
    ownCoverage: ranked.ownCoverage,
  };
}

/** A mark that may close a sentence that says something. */
const CLOSING_MARK = /[.!…"'”’)\]:;]$/u;

/**
 * A line that heads what follows rather than saying it: no full stop or other closing mark
 * at its end ("NBA Finals viewership 2023"), or a question ("Why is Prince Harry in
 * court?"). Alone as a quote, it answers nothing.
 */
function isHeadingLike(text: string): boolean {
  const trimmed = text.trimEnd();
  return trimmed.endsWith("?") || !CLOSING_MARK.test(trimmed);
}

/** One paragraph's part of a quote: characters `start` to `end` of paragraph `paragraph`. */
interface QuotePiece {
  paragraph: number;
  start: number;
  end: number;
}

/** The paragraphs a run of sentences of one article covers, with what each gives of it. */
function quotePieces(
  context: SearchContext,
  firstSentence: number,
  lastSentence: number,
): QuotePiece[] {
  const { index } = context;
  const pieces: QuotePiece[] = [];
  for (let sentence = firstSentence; sentence <= lastSentence; sentence++) {
    const paragraph = index.sentenceParagraph[sentence] ?? 0;
    const start = index.sentenceCharStart[sentence] ?? 0;
    const end = index.sentenceCharEnd[sentence] ?? 0;
    const last = pieces.at(-1);
    if (last?.paragraph === paragraph) last.end = end;
    else pieces.push({ paragraph, start, end });
  }
  return pieces;
}

/**
 * The text of a run of sentences of one article, cut from it as written; a run across
 * paragraphs keeps each break as a line break.
 */
function quoteText(
  context: SearchContext,
  {
    article,
    firstSentence,
    lastSentence,
  }: Pick<QuoteSpan, "article" | "firstSentence" | "lastSentence">,
): string {
  const paragraphs = context.articles[article]?.paragraphs ?? [];
  return quotePieces(context, firstSentence, lastSentence)
    .map(({ paragraph, start, end }) => (paragraphs[paragraph] ?? "").slice(start, end))
    .join("\n");
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
