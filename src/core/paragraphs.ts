/**
 * Small pure helpers shared by the article readers: whitespace handling, paragraph
 * splitting, date checks and title fallbacks. They never change the article's own
 * characters beyond joining lines and collapsing runs of white space.
 */

import { splitSentences } from "./sentences.ts";

/**
 * White space that separates words on a line or between lines. Deliberately not `\s`:
 * no-break spaces and other typographic spaces are part of the article's text.
 */
const WHITESPACE_RUN = /[\t\n\v\f\r \u0085\u2028\u2029]+/g;
/** Something {@link WHITESPACE_RUN} would change: white space other than one plain space. */
const COLLAPSIBLE = /[\t\n\v\f\r\u0085\u2028\u2029]| [\t\n\v\f\r \u0085\u2028\u2029]/;

/** Joins lines with single spaces and collapses runs of white space; trims both ends. */
export function collapseWhitespace(text: string): string {
  // Most paragraphs need no change: testing first avoids building a copy of each one.
  const collapsed = COLLAPSIBLE.test(text) ? text.replace(WHITESPACE_RUN, " ") : text;
  return collapsed.trim();
}

/** Turns CRLF and lone CR line ends into LF and drops a leading byte order mark. */
export function normaliseLineEnds(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.includes("\r") ? withoutBom.replace(/\r\n?/g, "\n") : withoutBom;
}

/** A line holding nothing but white space separates paragraphs. */
const BLANK_LINE = /\n[\t\v\f\r \u0085\u2028\u2029]*\n/;

/**
 * Splits plain text into paragraphs at blank lines; single line breaks inside a paragraph
 * become spaces. Empty paragraphs are dropped.
 */
export function splitParagraphs(text: string): string[] {
  const paragraphs: string[] = [];
  for (const block of normaliseLineEnds(text).split(BLANK_LINE)) {
    const paragraph = collapseWhitespace(block);
    if (paragraph !== "") paragraphs.push(standalone(paragraph));
  }
  return paragraphs;
}

/**
 * The same characters as a string of its own. A paragraph cut out of a longer text would
 * otherwise keep the whole text alive, stored two bytes a character as soon as the text has
 * one curly quote; a copy is stored one byte a character when it can be. On a large library
 * this saves about a quarter of the memory the articles take.
 */
function standalone(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false). */
export function isCalendarDate(value: string): boolean {
  const match = DATE_SHAPE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** A date read from the start of a text (see {@link readLeadingDate}). */
export interface WrittenDate {
  /** The date as YYYY-MM-DD; null when the written date is not a real one (2026-02-30). */
  date: string | null;
  /** The characters the date took, quotes and time included. */
  length: number;
  /** Those characters, for messages. */
  written: string;
}

/** YYYY-MM-DD, perhaps with a time joined by "T" (2026-02-03T10:00:00Z), then no more digits. */
const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?(?![\w-])/i;
const MONTH_NAME =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
const DAY_NUMBER = "(\\d{1,2})(?:st|nd|rd|th)?";
/** "3 February 2026", "3rd Feb. 2026". */
const DAY_MONTH_YEAR = new RegExp(
  `^${DAY_NUMBER}[ \\t]+${MONTH_NAME},?[ \\t]+(\\d{4})(?![\\w-])`,
  "i",
);
/** "February 3, 2026", "Feb 3 2026". */
const MONTH_DAY_YEAR = new RegExp(
  `^${MONTH_NAME}[ \\t]+${DAY_NUMBER},?[ \\t]+(\\d{4})(?![\\w-])`,
  "i",
);
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** Opening quote marks around a date, each with its closing one. */
const DATE_QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", "“": "”", "‘": "’" };

/**
 * The date written at the start of `text`, or null when it starts with none: YYYY-MM-DD
 * (a time joined by "T" included, as in 2026-02-03T10:00:00Z, whose date is the one
 * written), "3 February 2026" or "February 3, 2026" (month names in full or cut to three
 * letters), perhaps in quotes.
 */
export function readLeadingDate(text: string): WrittenDate | null {
  const close = DATE_QUOTES[text[0] ?? ""];
  if (close !== undefined) {
    const inner = readUnquotedDate(text.slice(1));
    if (inner === null || text[inner.length + 1] !== close) return null;
    const length = inner.length + 2;
    return { date: inner.date, length, written: text.slice(0, length) };
  }
  return readUnquotedDate(text);
}

function readUnquotedDate(text: string): WrittenDate | null {
  const found = (date: string | null, length: number): WrittenDate => ({
    date: date !== null && isCalendarDate(date) ? date : null,
    length,
    written: text.slice(0, length),
  });
  const iso = ISO_DATE.exec(text);
  if (iso !== null) return found(iso[1] ?? null, iso[0].length);
  const dayFirst = DAY_MONTH_YEAR.exec(text);
  if (dayFirst !== null) {
    return found(isoOf(dayFirst[3], dayFirst[2], dayFirst[1]), dayFirst[0].length);
  }
  const monthFirst = MONTH_DAY_YEAR.exec(text);
  if (monthFirst !== null) {
    return found(isoOf(monthFirst[3], monthFirst[1], monthFirst[2]), monthFirst[0].length);
  }
  return null;
}

/** YYYY-MM-DD of a year, a month name and a day number (not checked against the calendar). */
function isoOf(year = "", month = "", day = ""): string {
  const number = MONTHS.indexOf(month.slice(0, 3).toLowerCase()) + 1;
  return `${year}-${String(number).padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** A time after a date and a space ("2026-02-03 10:00:00", "February 3, 2026 9:15 UTC"). */
const SPACED_TIME =
  /^[ \t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[ \t]*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/i;

/**
 * The date of a text that is nothing but a date (see {@link readLeadingDate}), perhaps
 * with a time after a space; else null.
 */
export function readWholeDate(text: string): WrittenDate | null {
  const trimmed = text.trim();
  const read = readLeadingDate(trimmed);
  if (read === null) return null;
  const after = trimmed.slice(read.length);
  return after === "" || SPACED_TIME.test(after) ? read : null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Longest title made from the body's first sentence, before the ellipsis. */
export const TITLE_MAX_CHARS = 80;

/** The first sentence of a paragraph (the whole paragraph when it has one sentence). */
export function firstSentence(paragraph: string): string {
  const [first] = splitSentences(paragraph);
  return first === undefined ? paragraph : paragraph.slice(0, first.end);
}

/**
 * A title made from the body's first sentence: the sentence itself when short, otherwise
 * cut at a word boundary to about {@link TITLE_MAX_CHARS} characters and ended with "…".
 * A final full stop is dropped; question and exclamation marks stay.
 */
export function titleFromBody(paragraphs: readonly string[]): string {
  const first = paragraphs[0];
  if (first === undefined) return "";
  const sentence = firstSentence(first).trim();
  const chars = Array.from(sentence);
  if (chars.length <= TITLE_MAX_CHARS) {
    return sentence.replace(/(?<!\.)\.$/u, "");
  }
  const head = chars.slice(0, TITLE_MAX_CHARS + 1).join("");
  const lastSpace = head.lastIndexOf(" ");
  const cut =
    lastSpace >= TITLE_MAX_CHARS / 2
      ? head.slice(0, lastSpace)
      : chars.slice(0, TITLE_MAX_CHARS).join("");
  return `${trimEndOf(cut, TITLE_CUT_TRIM)}…`;
}

/** Characters a shortened title does not end with before its "…". */
const TITLE_CUT_TRIM = new Set([..." \t\n,;:.-–—([{\"'“‘"]);

/** `text` without the run of `chars` at its end (a loop: no regular expression to backtrack). */
function trimEndOf(text: string, chars: ReadonlySet<string>): string {
  let end = text.length;
  while (end > 0 && (chars.has(text[end - 1] ?? "") || /\s/.test(text[end - 1] ?? ""))) end--;
  return text.slice(0, end);
}
