/** A sentence as a range of characters in its paragraph: `paragraph.slice(start, end)`. */
export interface SentenceSpan {
  /** Index of the sentence's first character. */
  start: number;
  /** Index just past its last character. */
  end: number;
}

/**
 * Where a sentence may end: a run of terminal punctuation, closing quotes or brackets, then
 * white space. Found by a scan rather than a regular expression, so a run of a hundred
 * thousand full stops costs one pass; and rather than Intl.Segmenter, which on news text
 * takes about 25 times longer (10 s for a 26,000-article library against 0.4 s) and still
 * needs the same repairs for abbreviations and initials.
 */
const TERMINALS = new Set([".", "!", "?", "…"]);
const CLOSERS = new Set(['"', "'", "”", "’", "»", ")", "]"]);
/**
 * Chinese and Japanese full stops, question and exclamation marks: they end a sentence
 * with no space after them.
 */
const CJK_TERMINALS = new Set(["。", "！", "？", "｡"]);
/**
 * Any of the marks above: what the splitter searches for (one native scan between marks).
 * Global, with its position set before every search.
 */
const SENTENCE_MARK = /[.!?…。！？｡]/gu;

/**
 * Longest sentence, in characters. A paragraph without sentence ends (a list of names, a
 * page of text without full stops) is cut into pieces of about this length, at a space
 * when one is near, so a quote stays readable whatever the article.
 */
export const MAX_SENTENCE_LENGTH = 600;
/** A long sentence is cut at its last space after at least this share of the maximum. */
const MIN_CUT_SHARE = 0.5;
/** Abbreviations and initials before a full stop are at most this long ("approx", "u.s.a"). */
const MAX_ABBREVIATION_LENGTH = 8;

/** After a sentence end, the next sentence starts with one of these. */
const SENTENCE_START = /[\p{Lu}\p{N}“"‘'«([¿¡]/u;

/**
 * Words that end in a full stop without ending a sentence.
 */
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "sr",
  "jr",
  "st",
  "mt",
  "ft",
  "gen",
  "sen",
  "rep",
  "gov",
  "lt",
  "col",
  "capt",
  "cmdr",
  "sgt",
  "rev",
  "hon",
  "pres",
  "supt",
  "vs",
  "etc",
  "inc",
  "co",
  "corp",
  "ltd",
  "dept",
  "univ",
  "assn",
  "bros",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "e.g",
  "i.e",
  "u.s",
  "u.k",
  "u.n",
  "u.s.a",
  "d.c",
  "a.m",
  "p.m",
  "approx",
  "est",
  "fig",
  "al",
]);

/**
 * Abbreviations that are also everyday words ("the answer was no."): abbreviations only
 * before a number, as in "No. 10" or "Nos. 3 and 4".
 */
const NUMBER_ABBREVIATIONS = new Set(["no", "nos"]);

/**
 * Abbreviations that often end a sentence too ("talks with the U.S. The next day…", "at
 * 5 p.m. It rained."): they end one when the next word is one that starts sentences.
 */
const FINAL_ABBREVIATIONS = new Set([
  "etc",
  "inc",
  "co",
  "corp",
  "ltd",
  "bros",
  "jr",
  "sr",
  "al",
  "u.s",
  "u.k",
  "u.n",
  "u.s.a",
  "d.c",
  "a.m",
  "p.m",
]);

/**
 * Words that start sentences and are never part of a name: after an abbreviation of
 * {@link FINAL_ABBREVIATIONS} (or initials such as "E.U."), one of these starts a sentence.
 */
const SENTENCE_STARTERS = new Set([
  "the",
  "a",
  "an",
  "it",
  "its",
  "he",
  "she",
  "they",
  "we",
  "i",
  "you",
  "this",
  "that",
  "these",
  "those",
  "there",
  "their",
  "his",
  "her",
  "our",
  "but",
  "and",
  "yet",
  "so",
  "if",
  "when",
  "while",
  "after",
  "before",
  "meanwhile",
  "however",
  "still",
  "then",
  "now",
  "some",
  "many",
  "most",
  "what",
  "why",
  "how",
  "who",
]);

/** Dotted initials without the final full stop: "j.r.r", "e.u". */
const DOTTED_INITIALS = /^(?:\p{L}\.)+\p{L}$/u;
/** Longest sentence starter, in characters. */
const MAX_STARTER_LENGTH = 9;

const WORD_CHAR_OR_DOT = /[\p{L}.]/u;
const LETTER = /\p{L}/u;

/** Whether the word at `at` is one of {@link SENTENCE_STARTERS}. */
function isSentenceStarterAt(text: string, at: number): boolean {
  let end = at;
  while (end < text.length && end - at <= MAX_STARTER_LENGTH && LETTER.test(text[end] ?? "")) end++;
  return SENTENCE_STARTERS.has(text.slice(at, end).toLowerCase());
}

/**
 * True when the full stop at `dot` closes an abbreviation or an initial that does not end
 * the sentence; `nextStart` is where the text goes on after the white space that follows it.
 */
function isAbbreviationAt(text: string, dot: number, nextStart: number): boolean {
  const next = text[nextStart] ?? "";
  let start = dot;
  const limit = Math.max(0, dot - MAX_ABBREVIATION_LENGTH - 1);
  while (start > limit && WORD_CHAR_OR_DOT.test(text[start - 1] ?? "")) start--;
  // Longer than any abbreviation: an ordinary word ends the sentence.
  if (start === limit && limit > 0 && WORD_CHAR_OR_DOT.test(text[start - 1] ?? "")) return false;
  const word = text.slice(start, dot).toLowerCase();
  if (word === "") return false;
  // A single letter before the full stop is an initial, as in "J. R. Smith".
  if (/^\p{L}$/u.test(word)) return true;
  if (NUMBER_ABBREVIATIONS.has(word)) return /\p{N}/u.test(next);
  if (FINAL_ABBREVIATIONS.has(word) || (DOTTED_INITIALS.test(word) && !ABBREVIATIONS.has(word))) {
    return !isSentenceStarterAt(text, nextStart);
  }
  return ABBREVIATIONS.has(word);
}

/**
 * Splits a paragraph into sentences. A sentence ends at terminal punctuation followed by
 * white space and a capital, digit or opening quote; not after an abbreviation or an
 * initial ("Mr.", "U.S.", "J. R. Smith", "No. 10"), nor inside a number ("3.5"). Chinese
 * and Japanese sentence marks (。！？) end a sentence wherever they are. A sentence longer
 * than {@link MAX_SENTENCE_LENGTH} is cut into pieces. Spans exclude surrounding white
 * space and cover every non-blank character exactly once. Linear in the paragraph's length.
 */
export function splitSentences(paragraph: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  let i = 0;
  while (i < paragraph.length) {
    // The next mark that may end a sentence; the text between marks needs no look.
    SENTENCE_MARK.lastIndex = i;
    const found = SENTENCE_MARK.exec(paragraph);
    if (found === null) break;
    i = found.index;
    const char = found[0];
    if (CJK_TERMINALS.has(char)) {
      const end = skipRun(paragraph, skipRun(paragraph, i, CJK_TERMINALS), CLOSERS);
      pushBounded(spans, paragraph, start, end);
      start = end;
      i = end;
      continue;
    }
    const runStart = i;
    const end = skipRun(paragraph, skipRun(paragraph, i, TERMINALS), CLOSERS);
    i = end;
    if (!isSpace(paragraph[end])) continue;
    const nextStart = skipSpaces(paragraph, end);
    const next = paragraph[nextStart] ?? "";
    if (!SENTENCE_START.test(next)) continue;
    if (char === "." && isAbbreviationAt(paragraph, runStart, nextStart)) continue;
    pushBounded(spans, paragraph, start, end);
    start = nextStart;
    i = nextStart;
  }
  pushBounded(spans, paragraph, start, paragraph.length);
  return spans;
}

/** The first position at or after `from` whose character is not in `set`. */
function skipRun(text: string, from: number, set: ReadonlySet<string>): number {
  let i = from;
  while (i < text.length && set.has(text[i] ?? "")) i++;
  return i;
}

function isSpace(char: string | undefined): boolean {
  return char !== undefined && /\s/.test(char);
}

/**
 * Adds `text[start, end)` as one sentence, or as pieces of at most MAX_SENTENCE_LENGTH
 * characters when it is longer: each cut at the last white space of the piece's second
 * half, else at the limit itself (never inside a surrogate pair).
 */
function pushBounded(spans: SentenceSpan[], text: string, start: number, end: number): void {
  let from = start;
  while (end - from > MAX_SENTENCE_LENGTH) {
    let cut = from + MAX_SENTENCE_LENGTH;
    const earliest = from + Math.floor(MAX_SENTENCE_LENGTH * MIN_CUT_SHARE);
    let space = cut;
    while (space > earliest && !isSpace(text[space])) space--;
    if (space > earliest) cut = space;
    else if (isLowSurrogate(text.charCodeAt(cut))) cut--;
    pushTrimmed(spans, text, from, cut);
    from = cut;
  }
  pushTrimmed(spans, text, from, end);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The first position at or after `from` that is not white space. */
function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? "")) i++;
  return i;
}

/** Adds `text[start, end)` without its surrounding white space, unless nothing is left. */
function pushTrimmed(spans: SentenceSpan[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? "")) s++;
  while (e > s && /\s/.test(text[e - 1] ?? "")) e--;
  if (e > s) spans.push({ start: s, end: e });
}
