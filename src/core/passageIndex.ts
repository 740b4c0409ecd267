/**
 * Version of the index layout and of how it is built: raise it whenever a change to the
 * code gives a different index for the same articles, so saved indexes of the old code are
 * rebuilt instead of read.
 */
export const INDEX_FORMAT_VERSION = 6;

import { GrowableUint32Array } from "./growable.ts";
import { splitSentences } from "./sentences.ts";
import { isStopWord, stem } from "./text.ts";
import { scanWords, WordTable } from "./wordScanner.ts";
import { DEFAULT_RANKING, type RankingSettings } from "./settings.ts";
import type { Article } from "./types.ts";

/** What an index build reads from the ranking settings. */
type IndexSettings = Pick<RankingSettings, "titleWeight" | "leadWeight">;

/** The day number of an undated article in {@link PassageIndex.articleDay}. */
export const NO_DAY = -0x80000000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or NO_DAY for none or an invalid one. */
export function dayOfDate(date: string | null): number {
  if (date === null) return NO_DAY;
  const time = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(time) ? Math.round(time / 86_400_000) : NO_DAY;
}

/** Marks a folded word that is a stop word (never indexed). */
export const STOP = -1;

/** What the index knows of one folded word. */
export interface WordEntry {
  /** Term id of the word's stem, or STOP. */
  term: number;
  /** How often the word occurs in the library. */
  count: number;
}

/**
 * The searchable form of a library: every article cut into paragraphs and sentences,
 * every word reduced to an integer term, and compact postings per term.
 *
 * Articles are numbered in the library's order. Their sentences and tokens are stored
 * one article after another, and so are their postings: a build stores them in the
 * library's order. An update (indexUpdate.ts) appends the sentences of the articles it
 * puts in to that storage, puts their postings in a small second segment (the tail), and
 * leaves what belonged to articles taken out where it is, no article pointing at it any
 * more; now and then it folds everything back into the form a build gives. So an update
 * costs about the size of the articles changed, not the size of the library.
 *
 * Sentences and stored article slots are numbered in storage order; the arrays below are
 * indexed by that number (or by article number, or term id), so the index holds a few
 * large typed arrays instead of millions of small objects.
 */
export interface PassageIndex {
  /** How many articles, sentences and paragraphs the library has, library-wide. */
  readonly articleCount: number;
  readonly sentenceCount: number;
  readonly paragraphCount: number;
  /** How many indexed words the library's sentences hold. */
  readonly tokenCount: number;
  /** How many distinct terms (word stems, stop words left out) are indexed. */
  readonly termCount: number;
  /** Folded word → its term and library frequency (stop words carry term STOP). */
  readonly words: ReadonlyMap<string, WordEntry>;
  /** Stem → term id, for words of a question that the library has only in other forms. */
  readonly stems: ReadonlyMap<string, number>;
  /** Term ids of all stored words, sentence after sentence. */
  readonly tokens: Uint32Array;
  /** First token of each stored sentence; one extra entry closes the last sentence. */
  readonly sentenceTokenStart: Uint32Array;
  /** Paragraph (within its article) of each stored sentence. */
  readonly sentenceParagraph: Uint32Array;
  /** Character range of each stored sentence within its paragraph. */
  readonly sentenceCharStart: Uint32Array;
  readonly sentenceCharEnd: Uint32Array;
  /** Stored sentences of each article: `articleSentenceStart[a] .. articleSentenceEnd[a]`. */
  readonly articleSentenceStart: Uint32Array;
  readonly articleSentenceEnd: Uint32Array;
  /** Weighted length of each article in tokens (title words count `titleWeight` times). */
  readonly articleLength: Uint32Array;
  /** Publication day of each article (days since 1970-01-01), or NO_DAY when undated. */
  readonly articleDay: Int32Array;
  /** The article of each stored article slot (what postings name), or -1 once taken out. */
  readonly slotArticle: Int32Array;
  /** Slots below this have their postings in the main segment, the others in the tail. */
  readonly mainSlotCount: number;
  /**
   * Postings per term: `postingDocs[postingStart[t] .. postingStart[t+1]]` are article slots
   * (ascending), with their frequencies. `postingStart` may cover fewer terms than
   * `termCount` (terms new since the main segment was made have none there).
   */
  readonly postingStart: Uint32Array;
  readonly postingDocs: Uint32Array;
  readonly postingFrequencies: Uint16Array;
  /** The tail's postings, laid out the same way (`termCount + 1` starts). */
  readonly tailPostingStart: Uint32Array;
  readonly tailPostingDocs: Uint32Array;
  readonly tailPostingFrequencies: Uint16Array;
  /** In how many articles each term occurs (postings of articles taken out not counted). */
  readonly termArticleCount: Uint32Array;
  /** In how many sentences / paragraphs each term occurs. */
  readonly sentenceFrequency: Uint32Array;
  readonly paragraphFrequency: Uint32Array;
  /** Average length in tokens of a sentence, a paragraph and an article (weighted as above). */
  readonly averageSentenceLength: number;
  readonly averageParagraphLength: number;
  readonly averageArticleLength: number;
}

/** A typed array twice as large, holding the old values (new slots set to `fill`). */
function enlarged(
  array: Int32Array<ArrayBuffer>,
  atLeast: number,
  fill: number,
): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(atLeast, array.length * 2)).fill(fill);
  bigger.set(array);
  return bigger;
}

/** Turns folded words into term ids, recording each word's frequency on the way. */
class Vocabulary implements TermSource {
  readonly table = new WordTable();
  readonly stems = new Map<string, number>();
  private termOfWord = new Int32Array(1 << 16);
  private countOfWord = new Int32Array(1 << 16);
  private known = 0;
  termCount = 0;

  /** The term of a word (by its number in `table`), counting one more occurrence. */
  termOf(wordNumber: number): number {
    if (wordNumber >= this.known) this.learn(wordNumber);
    this.countOfWord[wordNumber]!++;
    return this.termOfWord[wordNumber]!;
  }

  /** The words learnt, as a part of a library carries them ({@link IndexedPart}). */
  toPartWords(): Pick<IndexedPart, "words" | "wordTerms" | "wordCounts" | "stems"> {
    const count = this.table.words.length;
    return {
      words: this.table.words,
      wordTerms: this.termOfWord.slice(0, count),
      wordCounts: this.countOfWord.slice(0, count),
      stems: [...this.stems.keys()],
    };
  }

  /** Folded word → term and frequency, for looking up the words of questions. */
  toWordMap(): Map<string, WordEntry> {
    const map = new Map<string, WordEntry>();
    this.table.words.forEach((word, number) => {
      map.set(word, {
        term: this.termOfWord[number] ?? STOP,
        count: this.countOfWord[number] ?? 0,
      });
    });
    return map;
  }

  private learn(wordNumber: number): void {
    if (wordNumber >= this.termOfWord.length) {
      this.termOfWord = enlarged(this.termOfWord, wordNumber + 1, 0);
      this.countOfWord = enlarged(this.countOfWord, wordNumber + 1, 0);
    }
    for (; this.known <= wordNumber; this.known++) {
      const word = this.table.words[this.known] ?? "";
      this.termOfWord[this.known] = isCaseKept(word)
        ? this.termOfStem(word)
        : isStopWord(word)
          ? STOP
          : this.termOfStem(stem(word));
    }
  }

  private termOfStem(wordStem: string): number {
    let term = this.stems.get(wordStem);
    if (term === undefined) {
      term = this.termCount++;
      this.stems.set(wordStem, term);
    }
    return term;
  }
}

/**
 * Per-term counts gathered during the build: in how many sentences and paragraphs each
 * term occurs, and its frequency in the article being indexed. Units (sentences,
 * paragraphs, articles) are numbered in the order the build meets them.
 */
class TermCounts {
  sentenceFrequency = new Int32Array(1 << 16);
  paragraphFrequency = new Int32Array(1 << 16);
  private lastSentence = new Int32Array(1 << 16).fill(-1);
  private lastParagraph = new Int32Array(1 << 16).fill(-1);
  private lastArticle = new Int32Array(1 << 16).fill(-1);
  private articleTf = new Int32Array(1 << 16);
  /** Terms of the current article, in the order they first occur. */
  readonly articleTerms: number[] = [];

  /** Counts one occurrence of a term in the body of an article. */
  countInBody(
    term: number,
    sentence: number,
    paragraph: number,
    article: number,
    weight: number,
  ): void {
    if (term >= this.lastArticle.length) this.grow(term + 1);
    if (this.lastSentence[term] !== sentence) {
      this.lastSentence[term] = sentence;
      this.sentenceFrequency[term]!++;
    }
    if (this.lastParagraph[term] !== paragraph) {
      this.lastParagraph[term] = paragraph;
      this.paragraphFrequency[term]!++;
    }
    this.countInArticle(term, article, weight);
  }

  /** Counts `weight` occurrences of a term in an article (its title or body). */
  countInArticle(term: number, article: number, weight: number): void {
    if (term >= this.lastArticle.length) this.grow(term + 1);
    if (this.lastArticle[term] !== article) {
      this.lastArticle[term] = article;
      this.articleTf[term] = 0;
      this.articleTerms.push(term);
    }
    this.articleTf[term]! += weight;
  }

  /** The term's frequency in the current article. */
  inArticle(term: number): number {
    return this.articleTf[term] ?? 0;
  }

  private grow(atLeast: number): void {
    this.sentenceFrequency = enlarged(this.sentenceFrequency, atLeast, 0);
    this.paragraphFrequency = enlarged(this.paragraphFrequency, atLeast, 0);
    this.lastSentence = enlarged(this.lastSentence, atLeast, -1);
    this.lastParagraph = enlarged(this.lastParagraph, atLeast, -1);
    this.lastArticle = enlarged(this.lastArticle, atLeast, -1);
    this.articleTf = enlarged(this.articleTf, atLeast, 0);
  }
}

/** True for a word kept in its written case ("US", "May"): folded words are lower case. */
export function isCaseKept(word: string): boolean {
  const first = word.charCodeAt(0);
  return first >= 0x41 && first <= 0x5a;
}

/** ASCII letters: the only characters of the stop words that case can tell apart. */
function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Case-kept forms are looked for in words of at most this many letters ("US", "May", "Will"). */
const MAX_CASE_KEPT_LENGTH = 8;

/**
 * The stop words of `text[start, end)` that their case marks as names: "US" and "WHO"
 * written in capitals, "May" or "Will" capitalised after a sentence's first word. Each is
 * returned in its case-kept form ({@link caseKeptForm}), so "the US" can be searched while
 * "us" stays a stop word. Dotted acronyms are returned joined, as people type them: "U.S."
 * as "US", "U.K." as "uk". One pass over the characters.
 */
export function caseKeptWords(text: string, start: number, end: number): string[] {
  const found: string[] = [];
  // Only a word that starts with a capital can be case-kept: the others are passed over by
  // a native search for the next letter (the first word) or capital, within the sentence.
  const sentence = text.slice(start, end);
  FIRST_LETTER.lastIndex = 0;
  const firstLetter = FIRST_LETTER.exec(sentence);
  if (firstLetter === null) return found;
  let i = readCaseKeptWord(text, start + firstLetter.index, end, true, found);
  CAPITAL.lastIndex = i - start;
  for (let match = CAPITAL.exec(sentence); match !== null; match = CAPITAL.exec(sentence)) {
    const at = start + match.index;
    // A capital inside a word ("McDonald") starts none.
    if (isAsciiLetter(text.charCodeAt(at - 1))) continue;
    i = readCaseKeptWord(text, at, end, false, found);
    CAPITAL.lastIndex = i - start;
  }
  return found;
}

/** The first ASCII letter, and the next ASCII capital, of a sentence. */
const FIRST_LETTER = /[A-Za-z]/g;
const CAPITAL = /[A-Z]/g;

/**
 * Reads the word of ASCII letters starting at `wordStart` (`first`: the sentence's first),
 * adding its case-kept form to `found` when it has one ({@link caseKeptWords}); where
 * reading goes on.
 */
function readCaseKeptWord(
  text: string,
  wordStart: number,
  end: number,
  first: boolean,
  found: string[],
): number {
  let i = wordStart;
  while (i < end && isAsciiLetter(text.charCodeAt(i))) i++;
  // "U.S.": capitals each followed by a full stop are one word, "US".
  if (i - wordStart === 1) {
    const run = dottedRunEnd(text, wordStart, end);
    if (isDottedAcronym(text, wordStart, run, end)) {
      const joined = text.slice(wordStart, run).replaceAll(".", "");
      found.push(caseKeptForm(joined, false) ?? joined.toLowerCase());
    }
    // The capitals of the run are single letters, never case-kept: read on after it.
    if (run > wordStart) return run;
  }
  // Only a short word that starts with a capital can be a case-kept stop word: the others
  // are passed over without being cut out of the text.
  const capital = text.charCodeAt(wordStart) <= 0x5a;
  if (capital && i - wordStart <= MAX_CASE_KEPT_LENGTH) {
    const kept = caseKeptForm(text.slice(wordStart, i), first);
    if (kept !== null) found.push(kept);
  }
  return i;
}

function isAsciiCapital(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/**
 * Where a run of capitals each followed by a full stop ("U.S.", or "U.S" without the last)
 * starting at `start` ends.
 */
function dottedRunEnd(text: string, start: number, end: number): number {
  let i = start;
  while (i + 1 < end && isAsciiCapital(text.charCodeAt(i)) && text.charCodeAt(i + 1) === 0x2e) {
    i += 2;
  }
  // "U.S": the last capital without its full stop, when no letter follows it.
  const last = i > start && i < end && isAsciiCapital(text.charCodeAt(i));
  return last && (i + 1 >= end || !isAsciiLetter(text.charCodeAt(i + 1))) ? i + 1 : i;
}

/**
 * Whether the run `text[start, run)` ({@link dottedRunEnd}) is a dotted acronym: at least
 * two capitals, no letter, digit or full stop before it and no letter after it ("U.S.", not
 * "A.Ab"), as {@link withJoinedAcronyms} reads a question.
 */
function isDottedAcronym(text: string, start: number, run: number, end: number): boolean {
  if (run - start < 3) return false;
  const before = start > 0 ? text.charCodeAt(start - 1) : 0x20;
  if (isAsciiLetter(before) || (before >= 0x30 && before <= 0x39) || before === 0x2e) return false;
  return run >= end || !isAsciiLetter(text.charCodeAt(run));
}

/**
 * The case-kept form of a written word that is a stop word in lower case: the capitals of
 * an acronym ("US"), or a capitalised word ("May") unless it opens the sentence; null for
 * anything else.
 */
export function caseKeptForm(written: string, opensSentence: boolean): string | null {
  const first = written.charCodeAt(0);
  if (!(first >= 0x41 && first <= 0x5a) || !isStopWord(written.toLowerCase())) return null;
  if (written.length >= 2 && written === written.toUpperCase()) return written;
  if (opensSentence || written.length < 2) return null;
  const capitalised = written.charAt(0) + written.slice(1).toLowerCase();
  return written === capitalised ? capitalised : null;
}

/** What indexing an article needs of a vocabulary: word numbers in, term ids out. */
export interface TermSource {
  readonly table: WordTable;
  /** The term of a word (by its number in `table`), counting one more occurrence. */
  termOf(wordNumber: number): number;
}

/** The text of some indexed articles: their sentences' terms and where things start. */
export interface IndexedText {
  readonly articleCount: number;
  readonly sentenceCount: number;
  readonly paragraphCount: number;
  readonly tokens: Uint32Array;
  /** `sentenceCount + 1` entries. */
  readonly sentenceTokenStart: Uint32Array;
  readonly sentenceParagraph: Uint32Array;
  readonly sentenceCharStart: Uint32Array;
  readonly sentenceCharEnd: Uint32Array;
  /** `articleCount + 1` entries. */
  readonly articleSentenceStart: Uint32Array;
  readonly articleLength: Uint32Array;
  readonly articleDay: Int32Array;
}

/**
 * Some articles indexed on their own, numbered from 0: what a whole build is made of, and
 * what an update adds (or takes out). Term ids are those of the vocabulary used.
 */
export interface IndexedArticles extends IndexedText {
  /** (term, article, frequency) triples, article after article. */
  readonly postingTerm: GrowableUint32Array;
  readonly postingDoc: GrowableUint32Array;
  readonly postingTf: GrowableUint32Array;
  /** In how many of these sentences / paragraphs each term occurs (at least termCount long). */
  readonly sentenceFrequency: Int32Array;
  readonly paragraphFrequency: Int32Array;
}

/**
 * Indexes articles in one pass, with the term ids `vocabulary` gives; `onArticle` is called
 * before each (a long build shows it is moving).
 */
export function indexArticles(
  articles: readonly Article[],
  vocabulary: TermSource,
  settings: IndexSettings = DEFAULT_RANKING,
  onArticle?: () => void,
): IndexedArticles {
  const TITLE_WEIGHT = settings.titleWeight;
  const LEAD_WEIGHT = settings.leadWeight;
  const counts = new TermCounts();

  const tokens = new GrowableUint32Array(1 << 16);
  const sentenceTokenStart = new GrowableUint32Array();
  const sentenceParagraph = new GrowableUint32Array();
  const sentenceCharStart = new GrowableUint32Array();
  const sentenceCharEnd = new GrowableUint32Array();
  const articleSentenceStart = new GrowableUint32Array(articles.length + 1);
  const articleLength = new Uint32Array(articles.length);
  const articleDay = new Int32Array(articles.length);
  const postingTerm = new GrowableUint32Array(1 << 16);
  const postingDoc = new GrowableUint32Array(1 << 16);
  const postingTf = new GrowableUint32Array(1 << 16);

  let sentenceNumber = 0;
  let paragraphNumber = 0;
  /** Word numbers of the sentence being indexed (reused, to allocate nothing per word). */
  const words: number[] = [];

  for (let articleNumber = 0; articleNumber < articles.length; articleNumber++) {
    onArticle?.();
    const article = articles[articleNumber]!;
    articleDay[articleNumber] = dayOfDate(article.date);
    let length = 0;
    const titleWords = scanWords(vocabulary.table, article.title, 0, article.title.length, words);
    for (let w = 0; w < titleWords; w++) {
      const term = vocabulary.termOf(words[w] ?? 0);
      if (term === STOP) continue;
      counts.countInArticle(term, articleNumber, TITLE_WEIGHT);
      length += TITLE_WEIGHT;
    }

    articleSentenceStart.push(sentenceNumber);
    for (let inArticle = 0; inArticle < article.paragraphs.length; inArticle++) {
      const paragraph = article.paragraphs[inArticle] ?? "";
      const weight = inArticle === 0 ? LEAD_WEIGHT : 1;
      for (const span of splitSentences(paragraph)) {
        sentenceTokenStart.push(tokens.length);
        sentenceParagraph.push(inArticle);
        sentenceCharStart.push(span.start);
        sentenceCharEnd.push(span.end);
        const wordCount = scanWords(vocabulary.table, paragraph, span.start, span.end, words);
        for (let w = 0; w < wordCount; w++) {
          const term = vocabulary.termOf(words[w] ?? 0);
          if (term === STOP) continue;
          tokens.push(term);
          counts.countInBody(term, sentenceNumber, paragraphNumber, articleNumber, weight);
          length++;
        }
        for (const kept of caseKeptWords(paragraph, span.start, span.end)) {
          const term = vocabulary.termOf(vocabulary.table.numberOf(kept));
          tokens.push(term);
          counts.countInBody(term, sentenceNumber, paragraphNumber, articleNumber, weight);
          length++;
        }
        sentenceNumber++;
      }
      paragraphNumber++;
    }
    articleLength[articleNumber] = length;

    for (const term of counts.articleTerms) {
      postingTerm.push(term);
      postingDoc.push(articleNumber);
      postingTf.push(Math.min(counts.inArticle(term), 0xffff));
    }
    counts.articleTerms.length = 0;
  }
  articleSentenceStart.push(sentenceNumber);
  sentenceTokenStart.push(tokens.length);

  return {
    articleCount: articles.length,
    sentenceCount: sentenceNumber,
    paragraphCount: paragraphNumber,
    tokens: tokens.toArray(),
    sentenceTokenStart: sentenceTokenStart.toArray(),
    sentenceParagraph: sentenceParagraph.toArray(),
    sentenceCharStart: sentenceCharStart.toArray(),
    sentenceCharEnd: sentenceCharEnd.toArray(),
    articleSentenceStart: articleSentenceStart.toArray(),
    articleLength,
    articleDay,
    postingTerm,
    postingDoc,
    postingTf,
    sentenceFrequency: counts.sentenceFrequency,
    paragraphFrequency: counts.paragraphFrequency,
  };
}

/** Builds the index of a library in one pass over its articles. */
export function buildPassageIndex(
  articles: readonly Article[],
  settings: IndexSettings = DEFAULT_RANKING,
  onArticle?: () => void,
): PassageIndex {
  const vocabulary = new Vocabulary();
  const indexed = indexArticles(articles, vocabulary, settings, onArticle);
  const termCount = vocabulary.termCount;
  const postings = groupPostingsByTerm(
    termCount,
    indexed.postingTerm,
    indexed.postingDoc,
    indexed.postingTf,
  );
  return assembleIndex(indexed, postings, termCount, vocabulary.toWordMap(), vocabulary.stems);
}

/**
 * Part of a library indexed on its own, with a vocabulary of its own, as plain data that can
 * cross between threads: a build may index the parts of a library side by side and join
 * them (indexParts.ts) into the very index a build of the whole gives. Articles, sentences
 * and paragraphs are numbered from 0 within the part; terms are the part's own.
 */
export interface IndexedPart extends IndexedText {
  /** (term, article, frequency) triples, article after article. */
  readonly postingTerm: Uint32Array;
  readonly postingDoc: Uint32Array;
  readonly postingTf: Uint32Array;
  /** In how many sentences / paragraphs each term occurs (exactly one entry per term). */
  readonly sentenceFrequency: Uint32Array;
  readonly paragraphFrequency: Uint32Array;
  /** The part's folded words in the order it met them first. */
  readonly words: readonly string[];
  /** Term of each word (STOP for a stop word), and how often it occurs. */
  readonly wordTerms: Int32Array;
  readonly wordCounts: Int32Array;
  /** The stem (or case-kept word) of each term, by term id. */
  readonly stems: readonly string[];
}

/** Indexes articles as a part of a library, with a vocabulary of their own. */
export function indexPart(
  articles: readonly Article[],
  settings: IndexSettings = DEFAULT_RANKING,
  onArticle?: () => void,
): IndexedPart {
  const vocabulary = new Vocabulary();
  const indexed = indexArticles(articles, vocabulary, settings, onArticle);
  const termCount = vocabulary.termCount;
  return {
    articleCount: indexed.articleCount,
    sentenceCount: indexed.sentenceCount,
    paragraphCount: indexed.paragraphCount,
    tokens: indexed.tokens,
    sentenceTokenStart: indexed.sentenceTokenStart,
    sentenceParagraph: indexed.sentenceParagraph,
    sentenceCharStart: indexed.sentenceCharStart,
    sentenceCharEnd: indexed.sentenceCharEnd,
    articleSentenceStart: indexed.articleSentenceStart,
    articleLength: indexed.articleLength,
    articleDay: indexed.articleDay,
    postingTerm: indexed.postingTerm.toArray(),
    postingDoc: indexed.postingDoc.toArray(),
    postingTf: indexed.postingTf.toArray(),
    sentenceFrequency: toFixedArray(indexed.sentenceFrequency, termCount),
    paragraphFrequency: toFixedArray(indexed.paragraphFrequency, termCount),
    ...vocabulary.toPartWords(),
  };
}

/**
 * The index of articles indexed in one pass (`indexed`, its postings grouped by term), with
 * the vocabulary they were indexed with: how a build lays out what it gathered.
 */
export function assembleIndex(
  indexed: Omit<IndexedArticles, "postingTerm" | "postingDoc" | "postingTf">,
  postings: Pick<PassageIndex, "postingStart" | "postingDocs" | "postingFrequencies">,
  termCount: number,
  words: ReadonlyMap<string, WordEntry>,
  stems: ReadonlyMap<string, number>,
): PassageIndex {
  const tokenCount = indexed.tokens.length;
  const count = indexed.articleCount;
  const termArticleCount = new Uint32Array(termCount);
  for (let term = 0; term < termCount; term++) {
    termArticleCount[term] = postings.postingStart[term + 1]! - postings.postingStart[term]!;
  }
  return {
    articleCount: count,
    sentenceCount: indexed.sentenceCount,
    paragraphCount: indexed.paragraphCount,
    tokenCount,
    termCount,
    words,
    stems,
    tokens: indexed.tokens,
    sentenceTokenStart: indexed.sentenceTokenStart,
    sentenceParagraph: indexed.sentenceParagraph,
    sentenceCharStart: indexed.sentenceCharStart,
    sentenceCharEnd: indexed.sentenceCharEnd,
    articleSentenceStart: indexed.articleSentenceStart.slice(0, count),
    articleSentenceEnd: indexed.articleSentenceStart.slice(1, count + 1),
    articleLength: indexed.articleLength,
    articleDay: indexed.articleDay,
    slotArticle: Int32Array.from({ length: count }, (_, at) => at),
    mainSlotCount: count,
    ...postings,
    tailPostingStart: new Uint32Array(termCount + 1),
    tailPostingDocs: new Uint32Array(0),
    tailPostingFrequencies: new Uint16Array(0),
    termArticleCount,
    sentenceFrequency: toFixedArray(indexed.sentenceFrequency, termCount),
    paragraphFrequency: toFixedArray(indexed.paragraphFrequency, termCount),
    ...averageLengths(
      tokenCount,
      indexed.sentenceCount,
      indexed.paragraphCount,
      indexed.articleLength,
    ),
  };
}

/** The average lengths of a sentence, a paragraph and an article, as every index computes them. */
export function averageLengths(
  tokenCount: number,
  sentenceCount: number,
  paragraphCount: number,
  articleLength: Uint32Array,
): Pick<PassageIndex, "averageSentenceLength" | "averageParagraphLength" | "averageArticleLength"> {
  const totalArticleLength = articleLength.reduce((sum, n) => sum + n, 0);
  return {
    averageSentenceLength: tokenCount / Math.max(1, sentenceCount),
    averageParagraphLength: tokenCount / Math.max(1, paragraphCount),
    averageArticleLength: totalArticleLength / Math.max(1, articleLength.length),
  };
}

/** The first `length` values of a build-time counter, as the index stores them. */
function toFixedArray(values: Int32Array, length: number): Uint32Array {
  return new Uint32Array(values.subarray(0, length));
}

/** Counting sort of (term, article, frequency) triples into per-term posting lists. */
export function groupPostingsByTerm(
  termCount: number,
  terms: GrowableUint32Array,
  docs: GrowableUint32Array,
  frequencies: GrowableUint32Array,
): Pick<PassageIndex, "postingStart" | "postingDocs" | "postingFrequencies"> {
  const postingStart = new Uint32Array(termCount + 1);
  for (let i = 0; i < terms.length; i++) postingStart[terms.get(i) + 1]!++;
  for (let t = 0; t < termCount; t++) postingStart[t + 1]! += postingStart[t]!;
  const cursor = postingStart.slice(0, termCount);
  const postingDocs = new Uint32Array(terms.length);
  const postingFrequencies = new Uint16Array(terms.length);
  for (let i = 0; i < terms.length; i++) {
    const slot = cursor[terms.get(i)]!++;
    postingDocs[slot] = docs.get(i);
    postingFrequencies[slot] = frequencies.get(i);
  }
  return { postingStart, postingDocs, postingFrequencies };
}
