/**
 * Reads the time a question talks about ("last week", "in January", "since March",
 * "two weeks ago") relative to the moment it is asked, as a window of days, and whether it
 * asks for the current state ("latest", "still", "so far").
 *
 * chrono-node finds and anchors dates; this module decides how long a period each phrase
 * names (a day, a Monday-to-Sunday week, a calendar month, a year), keeps every period from
 * reaching past the moment, and adds the few phrases chrono does not read: seasons
 * ("last summer"), years after a preposition ("in 2022"), and weekends. It is deliberately
 * conservative: a bare month name ("the march on Washington", "Who may attend?") is time
 * only after a word such as in, since, during, by, last or this, or with a day or a year;
 * a number is a year only after a preposition and only from 1900 to 2099.
 *
 * Pure and bounded: only the first {@link MAX_TIME_TEXT} characters are read, every
 * pattern is linear, and chrono's own cost on hostile text is checked by the tests.
 * All dates are calendar days (`YYYY-MM-DD`, UTC); nothing depends on the host's time zone.
 */
import { casual } from "chrono-node/en";
import type { ParsedComponents, ParsedResult, ParsingComponents, Refiner } from "chrono-node";
import { isStopWord, isWrittenInCapitals } from "./text.ts";

/** Inclusive days, `YYYY-MM-DD`, as the phrase means them (no slack). */
export interface DateWindow {
  from: string;
  to: string;
}

export interface TimeReading {
  /** The period the question's time words name, or null. */
  window: DateWindow | null;
  /** The phrase as written ("last week", "since March"), or null. */
  phrase: string | null;
  /** True for questions about the current state: latest, newest, recent(ly), now, current(ly), so far, still... */
  wantsLatest: boolean;
  /** The question with the words that expressed time removed, so "this week" stops matching "week". */
  text: string;
  /**
   * True when the window depends on the moment ("this week", "last month", "in January");
   * false when the question states fixed dates ("in 2022", "on 3 March 2024"), which later
   * articles also report on ("What did they sign in 2022?" asked in 2026), so a search may
   * rather favour the window than keep to it. False when there is no window. Always set
   * by {@link readTime}; optional so readings built by hand stay valid.
   */
  relative?: boolean;
  /**
   * Where the words taken out of the question stand in it (`text` is the question without
   * them). Set by {@link readTime}; optional so readings built by hand stay valid.
   */
  removed?: readonly TextRange[];
  /**
   * Where the words that ask for the current state ("latest", "still") stand: they say
   * which articles to prefer, not what to match, whether or not the question names a
   * period. Set by {@link readTime}.
   */
  latestWords?: readonly TextRange[];
}

/** Characters `start` to `end` (not included) of a text. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * The `from` of a window with no start ("before March 5", "until 2020"). A real day, so
 * comparisons and {@link dayNumber} work on it as on any other.
 */
export const OPEN_START = "0001-01-01";

/** Questions are at most 2,000 characters; time words are read from this much of one. */
export const MAX_TIME_TEXT = 2000;

/** Longest option value (`since`, `until`) that is read as a date. */
const MAX_OPTION_TEXT = 100;

/** Years a bare number may stand for ("in 2022"); other numbers ("in 300 cases") are counts. */
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2099;

/** How many years back an undated day ("on 29 February") may be looked for. */
const LEAP_SEARCH_YEARS = 8;
/** A day and month without a year this close after the moment are the coming ones. */
const UPCOMING_DATE_DAYS = 31;
/**
 * "A year ago" is the days this many either side of the same day a year before; "N years
 * ago", N times as many (the further back, the vaguer), up to {@link MAX_YEARS_AGO_HALF_SPAN_DAYS}.
 */
const YEARS_AGO_HALF_SPAN_DAYS = 15;
const MAX_YEARS_AGO_HALF_SPAN_DAYS = 182;

const DAY_MS = 86_400_000;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

// ---------------------------------------------------------------------------------------
// Days as numbers

/** Days since 1970-01-01 (UTC) for a `YYYY-MM-DD` day; NaN when it is not a real day. */
export function dayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return NaN;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const time = utcDay(year, month, day);
  const check = new Date(time);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() + 1 !== month ||
    check.getUTCDate() !== day
  ) {
    return NaN;
  }
  return time / DAY_MS;
}

/** The `YYYY-MM-DD` day of a day number (see {@link dayNumber}). */
export function dayString(day: number): string {
  const date = new Date(day * DAY_MS);
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  return `${year}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** Milliseconds of a UTC day; works for years below 100 too (Date.UTC alone does not). */
function utcDay(year: number, month: number, day: number): number {
  const months = year * 12 + (month - 1);
  const date = new Date(Date.UTC(2000, ((months % 12) + 12) % 12, 1));
  date.setUTCFullYear(Math.floor(months / 12));
  return date.getTime() + (day - 1) * DAY_MS;
}

function dayOf(year: number, month: number, day: number): number {
  return utcDay(year, month, day) / DAY_MS;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function ymd(day: number): Ymd {
  const date = new Date(day * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function lastDayOfMonth(year: number, month: number): number {
  return dayOf(year, month + 1, 0);
}

/** Monday of the week the day falls in (weeks run Monday to Sunday). */
function weekStart(day: number): number {
  const weekday = new Date(day * DAY_MS).getUTCDay(); // 0 = Sunday
  return day - ((weekday + 6) % 7);
}

/** The day `months` calendar months before or after, its day of month kept where it exists. */
function addMonths(day: number, months: number): number {
  const { year, month, day: date } = ymd(day);
  const target = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(target / 12);
  const targetMonth = (target % 12) + 1;
  return Math.min(dayOf(targetYear, targetMonth, date), lastDayOfMonth(targetYear, targetMonth));
}

/** Day windows as numbers while reading; strings only at the end. */
interface Span {
  from: number;
  to: number;
}

function monthSpan(year: number, month: number): Span {
  return { from: dayOf(year, month, 1), to: lastDayOfMonth(year, month) };
}

function yearSpan(year: number): Span {
  return { from: dayOf(year, 1, 1), to: dayOf(year, 12, 31) };
}

// ---------------------------------------------------------------------------------------
// What a phrase does to the window

/** `window`: the period itself; `from` / `to`: only one end of it ("since", "until"). */
type Role = "window" | "from" | "after" | "to" | "before";

interface Expression {
  /** Where the words that say it start and end in the question (preposition included). */
  start: number;
  end: number;
  /** Where the phrase shown to people starts (after in, on, during...). */
  phraseStart: number;
  span: Span;
  role: Role;
  /**
   * Whether the period depends on the moment ("last week", "in January") rather than
   * being fixed ("in 2022", "January 6, 2021"). A question's relative time words say when it
   * asks about; its fixed dates are often facts it states, so relative words win.
   */
  relative: boolean;
}

/** Words before a time phrase that make it one end of the window. */
const ROLE_WORDS: ReadonlyMap<string, Role> = new Map([
  ["since", "from"],
  ["from", "from"],
  ["after", "after"],
  ["until", "to"],
  ["till", "to"],
  ["til", "to"],
  ["through", "to"],
  ["by", "to"],
  ["before", "before"],
]);

/** Words that make a bare month name, weekday or year a time ("in May", not "may"). */
const TIME_PREPOSITIONS = new Set([
  "in",
  "on",
  "during",
  "throughout",
  "over",
  "since",
  "from",
  "after",
  "until",
  "till",
  "til",
  "through",
  "by",
  "before",
  "between",
  "and",
  "to",
  "of",
  "last",
  "this",
  "early",
  "mid",
  "late",
  "past",
  "previous",
]);

/** Words before a time phrase that belong to it ("earlier this week", "early March", "the past week"). */
const PHRASE_MODIFIERS = new Set(["the", "earlier", "early", "mid", "late"]);

/**
 * Words before a month that belong to it, so a preposition before them still says what the
 * month is: "since last December" runs from December on.
 */
const MONTH_MODIFIERS = new Set(["last", "this", "past", "previous"]);

/** Prepositions that stay out of the phrase shown to people ("last week", not "in last week"). */
const SILENT_PREPOSITIONS = new Set(["in", "on", "during", "throughout", "over", "of", "at"]);

/** Words after a year that still leave it a year ("in 2022 the...", not "in 2000 cases"). */
const YEAR_FOLLOWERS = new Set(
  (
    "the a an and or but when what who whom whose how why where which that was were is are " +
    "did do does had has have with for to from in on at by about after before during " +
    "compared versus vs than as so it its they he she we i you there this then alone only " +
    "also too until since between"
  ).split(" "),
);

/** How far back a preposition is looked for (the longest word plus spaces). */
const WORD_LOOKBACK = 24;

/**
 * The word just before `index` (lower case, without punctuation), and where it starts.
 * Looks back at most a few characters' worth, so it stays constant time.
 */
function wordBefore(text: string, index: number): { word: string; start: number } | null {
  const limit = Math.max(0, index - WORD_LOOKBACK);
  let end = index;
  while (end > limit && /[\s-]/.test(text[end - 1]!)) end--;
  let start = end;
  while (start > limit && /[A-Za-z]/.test(text[start - 1]!)) start--;
  if (start === end || (start === limit && limit > 0)) return null;
  return { word: text.slice(start, end).toLowerCase(), start };
}

/** The word just after `index` (lower case), or "" at the end or before punctuation. */
function wordAfter(text: string, index: number): string {
  const match = /^\s*([A-Za-z]+)/.exec(text.slice(index, index + 24));
  return match ? match[1]!.toLowerCase() : "";
}

/**
 * Extends an expression over the preposition before it ("since March"), an article
 * ("over the weekend") and "earlier" ("earlier this week"), and reads the role they give.
 */
function withPreposition(
  text: string,
  start: number,
  end: number,
  span: Span,
  relative: boolean,
  partApplied = false,
): Expression {
  let at = start;
  let phraseStart = start;
  let role: Role = "window";
  // "the end of March": the words of a part the span was cut to go with it.
  const named = partApplied ? namedPartBefore(text, at) : null;
  if (named !== null) {
    at = named.start;
    phraseStart = at;
  }
  let previous = wordBefore(text, at);
  // "early" and "late" go with the period only when they cut it: in "Which trains were late
  // last month?" the trains were late.
  const modifies = (word: string): boolean =>
    (PHRASE_MODIFIERS.has(word) && (partApplied || asPart(word) === null)) ||
    (partApplied && MONTH_MODIFIERS.has(word));
  for (let words = 0; previous && modifies(previous.word) && words < 3; words++) {
    at = previous.start;
    phraseStart = at;
    previous = wordBefore(text, at);
  }
  const leads = (word: string): boolean =>
    (TIME_PREPOSITIONS.has(word) || word === "at") && (partApplied || asPart(word) === null);
  if (previous && leads(previous.word)) {
    if (previous.word !== "and" && previous.word !== "to" && previous.word !== "between") {
      at = previous.start;
      role = ROLE_WORDS.get(previous.word) ?? "window";
      if (!SILENT_PREPOSITIONS.has(previous.word)) phraseStart = at;
    }
  }
  return { start: at, end, phraseStart, span, role, relative };
}

/** Whether the word before `index` allows a bare month, weekday, season or year there. */
function hasTimeWordBefore(text: string, index: number): boolean {
  const previous = wordBefore(text, index);
  if (!previous) return false;
  if (TIME_PREPOSITIONS.has(previous.word)) return true;
  if (previous.word === "the") {
    const earlier = wordBefore(text, previous.start);
    return earlier !== null && TIME_PREPOSITIONS.has(earlier.word);
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Phrases chrono reads

const BARE_TIME_OF_DAY = /^(?:night|morning|evening|afternoon|noon|midnight)$/i;
/** A part of the day written with a capital, as in a name ("Saturday Night Live"). */
const CAPITALISED_TIME_OF_DAY = /\b(?:Night|Morning|Evening|Afternoon)\b/;
const FULL_WEEKDAY = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i;
const UNIT = /\b(day|week|fortnight|month|quarter|year)s?\b/i;
const CLOCK_UNIT = /\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)\b/i;
const FUTURE_WORDS = /\b(?:next|coming|later|from now|after|tomorrow|hence|upcoming|following)\b/i;
const VAGUE_COUNT = /\b(?:few|several|couple)\b/i;
const ROLLING =
  /\b(?:past|last\s+(?:\d+|a\s+few|few|several|couple|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\b/i;
const FUTURE_IN = /^in\s+\d/i;

/**
 * chrono gives a day named without a year the year nearest the moment, and drops the day
 * when that year lacks it: "on 29 February" asked in 2027. Given the latest earlier year that
 * has it, the day stays, and {@link mostRecentDay} then finds the one the question means.
 */
const DAY_IN_A_YEAR_THAT_HAS_IT: Refiner = {
  refine: (_context, results) => {
    for (const { start, end } of results) {
      inAYearThatHasTheDay(start);
      if (end) inAYearThatHasTheDay(end);
    }
    return results;
  },
};

function inAYearThatHasTheDay(components: ParsingComponents): void {
  if (components.isCertain("year") || components.isValidDate()) return;
  const year = components.get("year");
  const month = components.get("month");
  const day = components.get("day");
  if (year === null || month === null || day === null) return;
  for (let back = 1; back <= LEAP_SEARCH_YEARS; back++) {
    if (checkedDay(year - back, month, day) !== null) {
      components.imply("year", year - back);
      return;
    }
  }
}

/**
 * Drops a duration counted "after" or "later" from something that no date names ("eight
 * months after its worldwide release"): it is no time of the question's, and chrono would
 * join it to the time before it, so "this week, eight months after" lost "this week". One
 * a date follows ("two weeks after March 3") is kept for chrono to join to that date.
 */
const DURATION_AFTER_NO_DATE: Refiner = {
  refine: (context, results) =>
    results.filter((result, i) => {
      if (!DURATION_AFTER.test(result.text)) return true;
      const next = results[i + 1];
      if (next === undefined) return false;
      return /^\s*$/.test(context.text.slice(result.index + result.text.length, next.index));
    }),
};

/** A phrase chrono ends with "after" or "later": a duration from something. */
const DURATION_AFTER = /\b(?:after|later)$/i;

/** chrono's casual English, keeping a day that the year nearest the moment lacks. */
const chrono = casual.clone();
chrono.refiners.unshift(DAY_IN_A_YEAR_THAT_HAS_IT, DURATION_AFTER_NO_DATE);

function referenceAt(day: number): { instant: Date; timezone: number } {
  return { instant: new Date(day * DAY_MS + DAY_MS / 2), timezone: 0 };
}

function anchorDay(components: ParsedComponents): number {
  const date = components.date();
  return Math.floor(date.getTime() / DAY_MS);
}

/**
 * The most recent day not after the moment with this month and day: the given year when
 * the phrase names one, else this year or the latest earlier year that has the day.
 */
function mostRecentDay(components: ParsedComponents, moment: number): number | null {
  const month = components.get("month");
  const day = components.get("day");
  if (month === null || day === null) return null;
  if (components.isCertain("year")) {
    const year = components.get("year");
    return year === null ? null : checkedDay(year, month, day);
  }
  const { year } = ymd(moment);
  if (isUpcoming(month, day, year, moment)) return null;
  for (let back = 0; back <= LEAP_SEARCH_YEARS; back++) {
    const found = checkedDay(year - back, month, day);
    if (found !== null && found <= moment) return found;
  }
  return null;
}

/**
 * True when a month and day without a year fall within the next {@link UPCOMING_DATE_DAYS}
 * days of the moment: "on May 11" asked on 4 May names the coming 11 May, not last year's,
 * and a day still to come is no period of the library's (as "next week" is not).
 */
function isUpcoming(month: number, day: number, year: number, moment: number): boolean {
  for (const candidate of [year, year + 1]) {
    const found = checkedDay(candidate, month, day);
    if (found !== null && found > moment) return found - moment <= UPCOMING_DATE_DAYS;
  }
  return false;
}

function checkedDay(year: number, month: number, day: number): number | null {
  const found = dayOf(year, month, day);
  const back = ymd(found);
  return back.month === month && back.day === day ? found : null;
}

/** The most recent such weekday not after the moment; "last Monday" on a Monday: a week ago. */
function mostRecentWeekday(weekday: number, moment: number, last: boolean): number {
  const momentWeekday = new Date(moment * DAY_MS).getUTCDay();
  let back = (momentWeekday - weekday + 7) % 7;
  if (back === 0 && last) back = 7;
  return moment - back;
}

/** "early", "mid" and "late" cut a month or a year into thirds. */
type Part = "early" | "mid" | "late";

function asPart(word: string | undefined): Part | null {
  return word === "early" || word === "mid" || word === "late" ? word : null;
}

/** Nouns that name a part of a period before "of": "the beginning of March", "the end of May". */
const PART_NOUNS: ReadonlyMap<string, Part> = new Map([
  ["beginning", "early"],
  ["start", "early"],
  ["middle", "mid"],
  ["end", "late"],
]);

/** The week number of "the last week of": the period's last seven days. */
const LAST_WEEK = -1;

/** Weeks of a month by their ordinal: "the first week of March" is 1 to 7 March. */
const ORDINAL_WEEKS: ReadonlyMap<string, number> = new Map([
  ["first", 0],
  ["second", 1],
  ["third", 2],
  ["fourth", 3],
  ["last", LAST_WEEK],
  ["final", LAST_WEEK],
]);

/** A part of a period named before "of", and where its words start. */
type NamedPart = { start: number } & (
  | { part: Part; week: null; quarter: null } // "the end of": a third of the period
  | { part: null; week: number; quarter: null } // "the first week of": a week, counted from 0
  | { part: null; week: null; quarter: number } // "the second quarter of": a quarter, from 0
);

/** Quarters of a year by their ordinal: "the second quarter of 2025" is April–June. */
const ORDINAL_QUARTERS: ReadonlyMap<string, number> = new Map([
  ["first", 0],
  ["second", 1],
  ["third", 2],
  ["fourth", 3],
  ["last", 3],
  ["final", 3],
]);

/** Quarter `quarter` (from 0) of a year's span; any other period as it is. */
function quarterOf(span: Span, quarter: number): Span {
  const first = ymd(span.from);
  const last = ymd(span.to);
  const wholeYear = first.month === 1 && first.day === 1 && last.month === 12 && last.day === 31;
  return wholeYear ? quarterSpan(first.year, 3 * quarter + 1) : span;
}

/** Week `week` (from 0, or {@link LAST_WEEK}) of a period, counted from its first day. */
function weekOf(span: Span, week: number): Span {
  if (week === LAST_WEEK) return { from: Math.max(span.from, span.to - 6), to: span.to };
  return { from: span.from + 7 * week, to: Math.min(span.to, span.from + 7 * week + 6) };
}

/**
 * The part of a period that the words before `of` at `index` name: "the beginning of",
 * "the middle of", "the end of" (a {@link PART_NOUNS} word), "the first week of".
 */
function namedPartBefore(text: string, index: number): NamedPart | null {
  const of = wordBefore(text, index);
  if (of?.word !== "of") return null;
  const noun = wordBefore(text, of.start);
  if (noun === null) return null;
  const part = PART_NOUNS.get(noun.word);
  if (part !== undefined) return { start: noun.start, part, week: null, quarter: null };
  const ordinal =
    noun.word === "week" || noun.word === "quarter" ? wordBefore(text, noun.start) : null;
  if (ordinal === null) return null;
  if (noun.word === "quarter") {
    const quarter = ORDINAL_QUARTERS.get(ordinal.word);
    return quarter === undefined ? null : { start: ordinal.start, part: null, week: null, quarter };
  }
  const week = ORDINAL_WEEKS.get(ordinal.word);
  return week === undefined ? null : { start: ordinal.start, part: null, week, quarter: null };
}

/**
 * The part of a period the words before `index` name: "late March", "the end of March",
 * "the first week of 2022"; `third` cuts the period into early, mid and late.
 */
function partBefore(
  text: string,
  index: number,
  period: Span,
  third: (part: Part | null) => Span,
): Span {
  const named = namedPartBefore(text, index);
  if (named === null) return third(asPart(wordBefore(text, index)?.word));
  return namedPartOf(named, period, third);
}

/** The part of a period that "the end of", "the first week of"… names. */
function namedPartOf(named: NamedPart, period: Span, third: (part: Part | null) => Span): Span {
  if (named.part !== null) return third(named.part);
  return named.week !== null ? weekOf(period, named.week) : quarterOf(period, named.quarter);
}

/** The part of a month the words before it name ({@link partBefore}). */
function partOfMonthBefore(text: string, index: number, month: Span): Span {
  return partBefore(text, index, month, (part) => partOfMonth(month, part));
}

/** The part of a year the words before it name ({@link partBefore}). */
function partOfYearBefore(text: string, index: number, year: number): Span {
  return partBefore(text, index, yearSpan(year), (part) => partOfYear(year, part));
}

/** The early, mid- or late part of a month by days ("early March": 1 to 10 March). */
function partOfMonth(span: Span, part: Part | null): Span {
  if (part === null) return span;
  if (part === "early") return { from: span.from, to: span.from + 9 };
  if (part === "mid") return { from: span.from + 10, to: span.from + 19 };
  return { from: span.from + 20, to: span.to };
}

/** The calendar quarter that holds a month: January–March, April–June… */
function quarterSpan(year: number, month: number): Span {
  const first = 3 * Math.floor((month - 1) / 3) + 1;
  return { from: dayOf(year, first, 1), to: lastDayOfMonth(year, first + 2) };
}

/** The early, mid- or late part of a quarter: its first, second or third month. */
function partOfQuarter(quarter: Span, part: Part | null): Span {
  if (part === null) return quarter;
  const { year, month } = ymd(quarter.from);
  return monthSpan(year, month + (part === "early" ? 0 : part === "mid" ? 1 : 2));
}

/** The early, mid- or late part of a year by months ("late 2022": September to December). */
function partOfYear(year: number, part: Part | null): Span {
  if (part === null) return yearSpan(year);
  const first = part === "early" ? 1 : part === "mid" ? 5 : 9;
  return { from: dayOf(year, first, 1), to: lastDayOfMonth(year, first + 3) };
}

/**
 * The month a bare month name means: that year's, or the most recent one begun by the
 * moment; with `ended` ("last March"), the most recent one over by then, so "last March"
 * asked in March is a year before.
 */
function mostRecentMonth(components: ParsedComponents, moment: number, ended = false): Span | null {
  const month = components.get("month");
  if (month === null) return null;
  if (components.isCertain("year")) {
    const year = components.get("year");
    return year === null ? null : monthSpan(year, month);
  }
  const { year } = ymd(moment);
  const thisYear = monthSpan(year, month);
  const taken = ended ? thisYear.to < moment : thisYear.from <= moment;
  return taken ? thisYear : monthSpan(year - 1, month);
}

/**
 * "this June": the June of the moment's year, as "this year" is, which asked in March is
 * still to come and no period of the library's (for a `since` / `until` option, a day like
 * any other).
 */
function thisYearsMonth(month: number, moment: number, lenient: boolean): Span | null {
  const span = monthSpan(ymd(moment).year, month);
  return span.from > moment && !lenient ? null : span;
}

/**
 * Words that put a question in the future: "When will the line open?", "is set to". "will"
 * in lower case or opening a sentence, and not after a word that makes it a noun ("the
 * will", "his will"); "Will Smith" is a name.
 */
const FUTURE_TENSE =
  /(?<!\b(?:the|a|his|her|their|my|your|its|our|free)\s{1,3})\b(?:will|won['’]t|shall)\b|(?:^|[.!?]\s+)Will\s+(?![A-Z])|\b(?:going to|(?:is|are) (?:set|scheduled|expected|due|slated) to|upcoming)\b/;

/** The text {@link futureTenseEnd} read last, and where its first future words end. */
let futureTenseSeen = { text: "", end: Infinity };

/**
 * Where the first words putting `text` in the future end (Infinity when none do), read once
 * per text however many dates it names, so the check stays linear in the question.
 */
function futureTenseEnd(text: string): number {
  if (futureTenseSeen.text !== text) {
    const match = FUTURE_TENSE.exec(text);
    futureTenseSeen = { text, end: match === null ? Infinity : match.index + match[0].length };
  }
  return futureTenseSeen.end;
}

/** How far ahead a month named in a question about the future may lie to be the coming one. */
const COMING_MONTHS = 6;

/**
 * Whether a month without a year is one still to come, within {@link COMING_MONTHS}, in a
 * question about the future: "Will the line open in February?" asked in January asks about
 * the coming February, which no article of the library is dated in yet, so it is no period
 * to search (the month stays a word to match). Only the words before the month count
 * ("What did she say in April about what will happen?" is last April). In the past tense,
 * and for a month further ahead ("Will the strike that began in December end?" asked in
 * January), the month is the last one.
 */
function isComingMonth(month: number, text: string, index: number, moment: number): boolean {
  return isComing(month, 1, text, index, moment);
}

/** Whether words putting the question in the future come before `index` ("will", "is set to"). */
function asksAhead(text: string, index: number): boolean {
  return futureTenseEnd(text) <= index;
}

/** Whether a day of a month (the month from its first day) is still to come, as {@link isComingMonth} says. */
function isComing(
  month: number,
  day: number,
  text: string,
  index: number,
  moment: number,
): boolean {
  if (!asksAhead(text, index)) return false;
  const { year } = ymd(moment);
  const thisYear = dayOf(year, month, day);
  const coming = thisYear > moment ? thisYear : dayOf(year + 1, month, day);
  return coming <= addMonths(moment, COMING_MONTHS);
}

/** The period a relative phrase names: "last week", "two months ago", "the past 3 days". */
function relativeSpan(
  result: ParsedResult,
  unit: string,
  question: string,
  moment: number,
): ReadSpan | null {
  const text = result.text;
  if (FUTURE_WORDS.test(text) || FUTURE_IN.test(text)) return null;
  const anchor = anchorDay(result.start);
  // "the last week" is the seven days up to now; "last week" is the calendar week before.
  const rolling =
    ROLLING.test(text) ||
    (/^(?:last|past|previous)\b/i.test(text) && wordBefore(question, result.index)?.word === "the");
  const vague = VAGUE_COUNT.test(text);
  const ago = /\bago\b/i.test(text);
  const normalised = unit.toLowerCase();
  // "a year ago today", "a month ago today": that very day, the month's last when it has no
  // such day ("a month ago today" on 31 March is 28 February).
  const today = ago && !vague ? TODAY_AFTER.exec(question.slice(result.index + text.length)) : null;
  if (today) {
    const day = sameDayBack(normalised, text, anchor, moment);
    return day > moment ? null : { from: day, to: day, moreWords: today[0].length };
  }
  // "this time last year": about the same day a year back, as "a year ago"; "this time last
  // week" or "last month", that very day.
  const thisTime = /^last\b/i.test(text)
    ? THIS_TIME_BEFORE.exec(question.slice(Math.max(0, result.index - 16), result.index))
    : null;
  if (thisTime) {
    const day = sameDayBack(normalised, text, anchor, moment);
    const half = normalised === "year" ? YEARS_AGO_HALF_SPAN_DAYS : 0;
    return day > moment
      ? null
      : { from: day - half, to: Math.min(moment, day + half), wordsBefore: thisTime[0].length };
  }
  if (
    normalised === "day" ||
    normalised === "fortnight" ||
    (normalised === "week" && (rolling || vague))
  ) {
    if (anchor > moment) return null;
    if (rolling || vague || normalised === "fortnight") {
      return vague && ago
        ? { from: moment - 2 * (moment - anchor), to: moment }
        : { from: anchor + 1, to: moment };
    }
    return { from: anchor, to: anchor };
  }
  if (normalised === "week") {
    // chrono's weeks start on Sunday; citebot's start on Monday, so "this week" is read here.
    const start = /\bthis\b/i.test(text) ? weekStart(moment) : weekStart(anchor);
    return start > moment ? null : { from: start, to: start + 6 };
  }
  if (normalised === "month" || normalised === "quarter") {
    // chrono counts a quarter as three months: "last quarter" reaches three months back.
    const months = monthsBack(text, moment);
    if (months < 0) return null;
    if (rolling || vague) return { from: addMonths(moment, -months) + 1, to: moment };
    const { year, month } = ymd(addMonths(dayOf(ymd(moment).year, ymd(moment).month, 1), -months));
    if (normalised === "quarter") {
      const quarter = quarterSpan(year, month);
      return partOfCalendarPeriod(result, question, quarter, (part) =>
        partOfQuarter(quarter, part),
      );
    }
    const span = monthSpan(year, month);
    return partOfCalendarPeriod(result, question, span, (part) => partOfMonth(span, part));
  }
  // year
  const years = ymd(moment).year - ymd(anchor).year;
  if (years < 0) return null;
  if (rolling || vague) return { from: addMonths(moment, -12 * years) + 1, to: moment };
  // "a year ago" is about this time a year ago, not the whole of last year.
  if (ago) {
    const half = Math.min(MAX_YEARS_AGO_HALF_SPAN_DAYS, YEARS_AGO_HALF_SPAN_DAYS * years);
    return { from: anchor - half, to: anchor + half };
  }
  const year = ymd(moment).year - years;
  return partOfCalendarPeriod(result, question, yearSpan(year), (part) => partOfYear(year, part));
}

/**
 * The day an "ago" phrase reaches back to: chrono's own day for days and weeks, and for
 * months, quarters and years the same day of the month, or the month's last (chrono
 * overflows at month ends: a month before 31 March is 3 March to it).
 */
function sameDayBack(unit: string, text: string, anchor: number, moment: number): number {
  if (unit === "month" || unit === "quarter") return addMonths(moment, -monthsBack(text, moment));
  if (unit === "year") return addMonths(moment, -12 * (ymd(moment).year - ymd(anchor).year));
  return anchor;
}

/** "today" right after an "ago" phrase: "a year ago today". */
const TODAY_AFTER = /^\s{1,3}today\b/i;

/** "this time" right before "last year", "last month" or "last week". */
const THIS_TIME_BEFORE = /\bthis\s{1,3}time\s{1,3}$/i;

/** A span read from a phrase, with what the phrase's words leave out. */
interface ReadSpan extends Span {
  /** True when "the beginning of", "the first week of"… before the phrase was applied. */
  partApplied?: boolean;
  /** Characters after chrono's text that belong to the phrase (" last" of "the week before last"). */
  moreWords?: number;
  /** Characters before chrono's text that belong to the phrase ("this time " of "this time last year"). */
  wordsBefore?: number;
  /** Characters at the start of chrono's text that do not ("march " of "the march this week"). */
  wordsSkipped?: number;
}

/**
 * The part of "last month" or "last year" that "the beginning of", "the end of" (which
 * chrono reads with the phrase) or "the first week of" names, as for a month or a year by
 * its name. A bare "early" or "late" is not applied: before "last year" it as often says
 * how ("retired early last year", "trains were late last month") as when.
 */
function partOfCalendarPeriod(
  result: ParsedResult,
  question: string,
  period: Span,
  third: (part: Part | null) => Span,
): ReadSpan {
  if (/^end\s+of\b/i.test(result.text)) return third("late");
  const named = namedPartBefore(question, result.index);
  return named === null ? period : { ...namedPartOf(named, period, third), partApplied: true };
}

/** "this week" ending what chrono read, which may have a date before it. */
const THIS_WEEK_AT_END = /\bthis\s+week$/i;

/** "the day before", "a week before": before something else ("the day before the vote")… */
const BEFORE_SOMETHING = /^(?:\S+\s+)?(?:day|week|month|quarter|year)s?\s+before$/i;
/** …except "the week / month / quarter / year before last". */
const BEFORE_LAST = /^the\s+(week|month|quarter|year)\s+before$/i;
/** How far after "the week before" the word "last" and the word after it are looked for. */
const LAST_LOOKAHEAD = 40;
/**
 * The word "last" after {@link BEFORE_LAST}: "the week before last", but not "the week
 * before last Christmas" or "the month before last March".
 */
const LAST_AFTER =
  /^\s+last\b(?!\s+(?:\p{Lu}|(?:week|month|year|day|night|time|season|summer|winter|spring|autumn|fall|weekend|quarter)s?\b))/u;

/**
 * "the week / month / quarter / year before last": the calendar period two before the moment's.
 * Null for "the year before" followed by anything else ("the year before the election").
 */
function beforeLastSpan(unit: string, text: string, end: number, moment: number): ReadSpan | null {
  const last = LAST_AFTER.exec(text.slice(end, end + LAST_LOOKAHEAD));
  if (last === null) return null;
  const { year, month } = ymd(moment);
  const twoBefore = ymd(addMonths(dayOf(year, month, 1), -2));
  const sixBefore = ymd(addMonths(dayOf(year, month, 1), -6));
  const span =
    unit === "week"
      ? { from: weekStart(moment) - 14, to: weekStart(moment) - 8 }
      : unit === "month"
        ? monthSpan(twoBefore.year, twoBefore.month)
        : unit === "quarter"
          ? quarterSpan(sixBefore.year, sixBefore.month)
          : yearSpan(year - 2);
  return { ...span, moreWords: last[0].length };
}

/**
 * How many months back a month phrase reaches. chrono counts months from the moment's day
 * and overflows at month ends ("last month" on 31 March gives 3 March), so the phrase is
 * read again from the first of the moment's month.
 */
function monthsBack(text: string, moment: number): number {
  const { year, month } = ymd(moment);
  const [again] = chrono.parse(text, referenceAt(dayOf(year, month, 1)), { forwardDate: false });
  if (!again) return -1;
  const found = ymd(anchorDay(again.start));
  return year * 12 + month - (found.year * 12 + found.month);
}

/** The period one date (the start or end of a chrono result) names, by what it states. */
function absoluteSpan(
  components: ParsedComponents,
  text: string,
  index: number,
  moment: number,
  lenient: boolean,
): Span | null {
  const month = components.get("month");
  const yearless = !components.isCertain("year");
  if (components.isCertain("day") && components.isCertain("month")) {
    const date = components.get("day");
    // "Will the line open on 15 May?": the coming 15 May, as for a month.
    const coming =
      !lenient &&
      yearless &&
      month !== null &&
      date !== null &&
      isComing(month, date, text, index, moment);
    const day = coming ? null : mostRecentDay(components, moment);
    return day === null ? null : { from: day, to: day };
  }
  if (components.isCertain("month")) {
    if (!lenient && yearless && !hasTimeWordBefore(text, index)) return null;
    if (!lenient && yearless && month !== null && isComingMonth(month, text, index, moment))
      return null;
    const before = wordBefore(text, index)?.word;
    const span =
      yearless && before === "this" && month !== null
        ? thisYearsMonth(month, moment, lenient)
        : mostRecentMonth(components, moment, before === "last");
    return span && partOfMonthBefore(text, index, span);
  }
  if (components.isCertain("year")) {
    const year = components.get("year");
    return year === null ? null : yearSpan(year);
  }
  return null;
}

/** A weekday phrase: "on Monday", "last Friday" (never "sat" or "sun", never next week's). */
function weekdaySpan(
  result: ParsedResult,
  text: string,
  moment: number,
  lenient: boolean,
): Span | null {
  if (!FULL_WEEKDAY.test(result.text) || FUTURE_WORDS.test(result.text)) return null;
  const weekday = result.start.get("weekday");
  if (weekday === null) return null;
  const startsWithTimeWord = /^(?:on|last|this|past|previous)\b/i.test(result.text);
  // "in the Sunday Times": between "the" and a capitalised word, a weekday is part of a name.
  const end = result.index + result.text.length;
  if (
    !lenient &&
    wordBefore(text, result.index)?.word === "the" &&
    beforeCapitalisedWord(text, end)
  )
    return null;
  const allowed =
    lenient ||
    startsWithTimeWord ||
    hasTimeWordBefore(text, result.index) ||
    (followsLowerCaseWord(text, result.index) && !beforeCapitalisedWord(text, end)) ||
    joinedToWeekday(text, result.index, end);
  if (!allowed) return null;
  // "this Saturday" asked on a Friday, "this coming Saturday": tomorrow, still to come and no
  // period of the library's, as "next Saturday" is not.
  const coming = comingWeekday(weekday, moment, result, text);
  if (coming !== null) return lenient ? { from: coming, to: coming } : null;
  const day = mostRecentWeekday(weekday, moment, /^last\b/i.test(result.text));
  return { from: day, to: day };
}

/** Words before a weekday that make it the coming one: "this coming Saturday". */
const COMING_BEFORE_WEEKDAY: ReadonlySet<string> = new Set(["coming", "upcoming"]);

/**
 * The day a weekday phrase names when it is still to come: "this Saturday" later in the
 * moment's week (weeks start on Monday), or "coming Saturday"; null otherwise.
 */
function comingWeekday(
  weekday: number,
  moment: number,
  result: ParsedResult,
  text: string,
): number | null {
  const ahead = (weekday - new Date(moment * DAY_MS).getUTCDay() + 7) % 7;
  if (COMING_BEFORE_WEEKDAY.has(wordBefore(text, result.index)?.word ?? "")) {
    return moment + (ahead === 0 ? 7 : ahead);
  }
  if (!/^this\b/i.test(result.text)) return null;
  const weekPlace = (day: number): number => (day + 6) % 7; // Monday 0 … Sunday 6
  const momentWeekday = new Date(moment * DAY_MS).getUTCDay();
  return weekPlace(weekday) > weekPlace(momentWeekday) ? moment + ahead : null;
}

/** Words after which a weekday is a thing, not a day: "a Friday", "every Monday". */
const NOT_BEFORE_A_DAY: ReadonlySet<string> = new Set(
  "a an the every each any other that one some".split(" "),
);

/**
 * Whether the capitalised weekday at `index` follows a lower-case word, as news writes a day
 * without "on": "died Sunday", "the shooting Tuesday", "won Tuesday's jackpot". A capitalised
 * word before it makes a name ("Super Tuesday", "Easter Sunday"), and so does nothing before
 * it ("Wednesday is a hit"). Written all in lower case, the case says nothing, so "super
 * tuesday" or "black friday" stay names.
 */
function followsLowerCaseWord(text: string, index: number): boolean {
  if (!/^[A-Z]/.test(text[index] ?? "")) return false;
  const previous = wordBefore(text, index);
  if (previous === null || NOT_BEFORE_A_DAY.has(previous.word)) return false;
  const gap = text.slice(previous.start + previous.word.length, index);
  return /^[a-z]/.test(text[previous.start]!) && /^\s+$/.test(gap);
}

/** Whether a capitalised word follows `index`: "Wednesday Addams" is a name. */
function beforeCapitalisedWord(text: string, index: number): boolean {
  return /^\s{1,4}[A-Z]/.test(text.slice(index, index + 5));
}

const WEEKDAY_WORD = String.raw`(?:mon|tues|wednes|thurs|fri|satur|sun)day`;
/** "Monday or Tuesday": a weekday joined to one before it (spaces made single)… */
const JOINED_AFTER_WEEKDAY = new RegExp(String.raw`\b${WEEKDAY_WORD}(?:,? (?:and|or)|,)$`, "i");
/** …or to one after it ("on" may come between). */
const JOINED_BEFORE_WEEKDAY = new RegExp(
  String.raw`^[.,]? ?(?:(?:and|or) )?(?:on )?${WEEKDAY_WORD}\b`,
  "i",
);

/** The text with every run of spaces made one space. */
function singleSpaced(text: string): string {
  return text.replace(/\s+/g, " ");
}

/**
 * Whether the weekday at `start`..`end` is joined to another by "and", "or" or a comma, so
 * the pair is a time though neither has a time word: "what did they say Monday or Tuesday?".
 * A capitalised word before it names a day of its own: "Super Tuesday", "Black Friday".
 */
function joinedToWeekday(text: string, start: number, end: number): boolean {
  const before = singleSpaced(text.slice(Math.max(0, start - WORD_LOOKBACK), start)).trimEnd();
  const after = singleSpaced(text.slice(end, end + WORD_LOOKBACK));
  const joined = JOINED_AFTER_WEEKDAY.test(before) || JOINED_BEFORE_WEEKDAY.test(after);
  const previous = wordBefore(text, start);
  const named = previous !== null && /[A-Z]/.test(text[previous.start]!);
  return joined && !named;
}

/**
 * "the last 24 hours", "past 48 hours", "the past hour", "the last few hours": the days they
 * reach back over, to the moment.
 */
const RECENT_HOURS = /^(?:last|past)\b.*\bhours?$/i;
const HOUR_MS = 3_600_000;
/** Hours a "last N hours" phrase may name: a week's. */
const MAX_RECENT_HOURS = 168;
/** chrono's "end of March" (its end-of-period refiner), a month's last days. */
const END_OF_MONTH = new RegExp(
  String.raw`^end\s+of\s+(?:${MONTHS.join("|")})(?:,?\s+\d{4})?$`,
  "i",
);

/** A day written in the ISO form inside other words ("on 2026-13-01"). */
const ISO_DAY_IN_WORDS = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/;

/**
 * True when `words` write a day in the ISO form that no calendar has ("2026-13-01"):
 * chrono would read it as the 13th of January, a guess the question never made.
 */
function holdsImpossibleIsoDay(words: string): boolean {
  const iso = ISO_DAY_IN_WORDS.exec(words);
  if (!iso) return false;
  const [, year = "", month = "", day = ""] = iso;
  return checkedDay(Number(year), Number(month), Number(day)) === null;
}

/** The period of one chrono result, or null when it is not a time this module trusts. */
function chronoSpan(
  result: ParsedResult,
  text: string,
  moment: number,
  lenient: boolean,
): ReadSpan | null {
  const words = result.text;
  if (holdsImpossibleIsoDay(words)) return null;
  if (RECENT_HOURS.test(words)) {
    // "the last 24 hours of the campaign" are the campaign's, not the moment's.
    const ofSomething = wordAfter(text, result.index + words.length) === "of";
    // As many hours as chrono counts back from the moment ("few" is three).
    const reference = referenceAt(moment).instant.getTime();
    const count = Math.round((reference - result.start.date().getTime()) / HOUR_MS);
    return count > 0 && count <= MAX_RECENT_HOURS && !ofSomething
      ? { from: moment - Math.ceil(count / 24), to: moment }
      : null;
  }
  if (/weekend/i.test(words) || CLOCK_UNIT.test(words) || /^now$/i.test(words)) return null;
  // Hours, minutes or seconds from now are no day of the library's; nor is the "in the s"
  // that a decade ("in the 90s") or a time ("in the 2h marathon") leaves once its digits are
  // blanked, which chrono reads as a second from now.
  if (result.start.tags().has("result/relativeDateAndTime")) return null;
  // chrono reads "end of March" as its last day; it is the end of the month, as "late March".
  if (END_OF_MONTH.test(words)) {
    const month = result.start.get("month");
    const yearless = !result.start.isCertain("year");
    if (month === null) return null;
    if (!lenient && yearless && isComingMonth(month, text, result.index, moment)) return null;
    const span = mostRecentMonth(result.start, moment);
    return span && partOfMonth(span, "late");
  }
  if (BEFORE_SOMETHING.test(words)) {
    const unit = BEFORE_LAST.exec(words)?.[1]?.toLowerCase();
    return unit ? beforeLastSpan(unit, text, result.index + words.length, moment) : null;
  }
  const tags = result.start.tags();
  const unit = UNIT.exec(words);
  if (
    unit &&
    (tags.has("result/relativeDate") || /\b(?:this|last|past|previous|ago)\b/i.test(words))
  ) {
    // "the last week of March", "the past month of the campaign": a part of something else.
    // "This week" is the moment's whatever follows: "found guilty this week of one charge".
    if (wordAfter(text, result.index + words.length) === "of" && !/^this\b/i.test(words)) {
      return null;
    }
    const span = relativeSpan(result, unit[1]!, text, moment);
    // chrono takes "this week" after a date as the date's time ("the march this week"): the
    // week is the period, and the words before it stay as they are.
    const thisWeek = THIS_WEEK_AT_END.exec(words);
    return span && thisWeek && thisWeek.index > 0
      ? { ...span, wordsSkipped: thisWeek.index }
      : span;
  }
  if (tags.has("parser/SlashDateFormatParser") && !result.start.isCertain("year")) return null;
  const casualDay = [...tags].some((tag) => tag.startsWith("casualReference/"));
  if (casualDay || tags.has("parser/ENCasualDateParser")) {
    // "night" alone ("the night sky", "music's biggest night") is not tonight.
    if (BARE_TIME_OF_DAY.test(words)) return null;
    // "Friday night", "on Sunday morning": the weekday as "on Friday" reads it, not chrono's
    // coming Friday evening. A part of the day with a capital makes a name ("Saturday Night
    // Live", "Monday Night Football", "Friday Night Lights").
    if (result.start.isCertain("weekday") && !result.start.isCertain("day")) {
      return CAPITALISED_TIME_OF_DAY.test(words)
        ? null
        : weekdaySpan(result, text, moment, lenient);
    }
    // "the Today programme", "the Tonight Show", "the last night of the tour": after "the",
    // the words name something other than a day of the moment's.
    if (wordBefore(text, result.index)?.word === "the") return null;
    const day = anchorDay(result.start);
    return day > moment ? null : { from: day, to: day };
  }
  const certainDate =
    result.start.isCertain("day") ||
    result.start.isCertain("month") ||
    result.start.isCertain("year");
  if (!certainDate) {
    return result.start.isCertain("weekday") ? weekdaySpan(result, text, moment, lenient) : null;
  }
  const monthOnly =
    result.start.isCertain("month") &&
    !result.start.isCertain("day") &&
    !result.start.isCertain("year") &&
    !result.end;
  // "by August Wilson", "to April Ryan": a month that is also a given name, before a name,
  // after a word that may lead to a person ("In August Tesla recalled…" is a month).
  if (
    monthOnly &&
    !lenient &&
    NAME_MONTHS.test(words) &&
    NAME_LEADS.has(wordBefore(text, result.index)?.word ?? "") &&
    beforeCapitalisedWord(text, result.index + words.length)
  ) {
    return null;
  }
  // "during the March for Our Lives", "in the June meeting": after "the", a month alone is a
  // thing of its own.
  if (monthOnly && !lenient && wordBefore(text, result.index)?.word === "the") return null;
  if (monthOnly && (lenient || hasTimeWordBefore(text, result.index))) {
    const ofYear = monthOfYearAfter(result.start, text, result.index, words.length, moment);
    if (ofYear !== null) return ofYear;
  }
  const start = absoluteSpan(result.start, text, result.index, moment, lenient);
  if (!start) return null;
  if (!result.end) return start;
  const endIndex = result.index + result.text.length;
  const latestEnd = absoluteSpan(result.end, text, endIndex, moment, true);
  if (!latestEnd) return start;
  // "from 10 June 2024 to 2 July": an end without its year is the first from the start.
  const end = result.end.isCertain("year") ? latestEnd : firstFrom(latestEnd, start.from);
  // "December to February" read in January: the range started last year.
  if (end.to < start.from) return { from: addMonths(start.from, -12), to: end.to };
  return { from: start.from, to: Math.max(end.to, start.to) };
}

/** Months that are also given names: before a capitalised word they name a person. */
const NAME_MONTHS = /^(?:April|June|August)$/;
/** Words before a month that may as well lead to a person: "by", "to", "of", "and"… */
const NAME_LEADS: ReadonlySet<string> = new Set(["by", "to", "of", "and", "with", "for"]);

/** "last year" or "this year" right after a month: "in March last year". */
const YEAR_AFTER_MONTH = /^\s{1,3}(last|this)\s{1,3}year\b/i;

/**
 * The month chrono read at `index` (`length` characters) followed by "last year" or "this
 * year" ("in late March last year"), which chrono reads as two phrases: that month of that
 * year, cut to the part the words before it name, the year's words taken into the phrase.
 * Null when no such words follow.
 */
function monthOfYearAfter(
  components: ParsedComponents,
  text: string,
  index: number,
  length: number,
  moment: number,
): ReadSpan | null {
  const month = components.get("month");
  const end = index + length;
  const after = YEAR_AFTER_MONTH.exec(text.slice(end, end + 16));
  if (month === null || after === null) return null;
  const year = ymd(moment).year - (after[1]!.toLowerCase() === "last" ? 1 : 0);
  const span = partOfMonthBefore(text, index, monthSpan(year, month));
  return { ...span, moreWords: after[0].length };
}

/**
 * Numbers that are parts of other things ("COVID-19", "10,000", "3m", "5G") are blanked
 * out before chrono reads the text, so they cannot become days or counts ("19 this week",
 * "000 years ago"). The month and day of a date written 2025-04-05 stay. Blanking keeps
 * every other character where it was.
 */
function maskGluedNumbers(text: string): string {
  return text.replace(
    /(?<=[A-Za-z-]|\d[,.])(?<!(?<![\d-])\d{4}-(?:\d\d-)?)\d+|(?<!\d)\d+(?=[A-Za-z])(?!st\b|nd\b|rd\b|th\b)/g,
    (digits) => " ".repeat(digits.length),
  );
}

/**
 * "fortnight" as "two weeks", which chrono reads ("the past fortnight"); the two are the same
 * length, so every other character stays where it was. "This fortnight" has no reading as
 * two weeks ("this two weeks" would be this week) and is left as it is.
 */
function withFortnightsInWeeks(text: string): string {
  return text.replace(/\bfortnight\b/gi, (word: string, at: number) => {
    if (wordBefore(text, at)?.word === "this") return word;
    return word.startsWith("F") ? "Two weeks" : "two weeks";
  });
}

/** The text without the spaces and punctuation chrono sometimes takes after a date. */
function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && " \t\n,.;:".includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/**
 * Words that name a period by the moment: chrono marks "yesterday", "tonight" or "this
 * year" with a year of their own, as certain as the year of "in 2022".
 */
const RELATIVE_WORDS = /\b(?:this|last|next|past|previous|ago|yesterday|today|tonight|tomorrow)\b/i;

/** Whether a chrono result's period depends on the moment (no year of its own). */
function isRelative(result: ParsedResult): boolean {
  return (
    !result.start.isCertain("year") ||
    result.start.tags().has("result/relativeDate") ||
    RELATIVE_WORDS.test(result.text)
  );
}

/** Words before a time phrase that make it a comparison, not the period asked about. */
const COMPARISON = /\b(?:compared\s+(?:to|with)|than|versus|vs\.?)\s+$/i;

/**
 * The words a duration is written in: numbers, quantities and time units, as chrono reads
 * them ("a couple of days", "2 h", "three weeks and a half").
 */
const DURATION_WORD =
  /^(?:\d+(?:[.,]\d+)?|a|an|and|of|half|couple|few|several|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?|fortnights?|decades?|quarters?|centur(?:y|ies))$/i;

/**
 * The most duration words read in a row. chrono tries its ways of splitting a run of them
 * into amounts and units against one another, so its time grows exponentially with the run
 * ("couple day couple day …": 4 s for ten pairs); no real question needs more than a few
 * ("two years, three months and four days" is 7).
 */
const MAX_DURATION_RUN = 8;

/**
 * The text with the spaces and commas inside a run of duration words, past the
 * {@link MAX_DURATION_RUN}th word, replaced by "_", one for one: chrono reads no duration
 * there, and every other phrase keeps its place.
 */
export function withLongDurationRunsBroken(text: string): string {
  let run = 0;
  let broken = false;
  let out = "";
  for (const [piece] of text.matchAll(/[^\s,]+|[\s,]+/g)) {
    if (/^[\s,]/.test(piece)) {
      if (run >= MAX_DURATION_RUN) {
        out += "_".repeat(piece.length);
        broken = true;
      } else {
        out += piece;
      }
      continue;
    }
    run = DURATION_WORD.test(piece) ? run + 1 : 0;
    out += piece;
  }
  return broken ? out : text;
}

function chronoExpressions(text: string, moment: number, lenient: boolean): Expression[] {
  const read = withFortnightsInWeeks(maskGluedNumbers(withLongDurationRunsBroken(text)));
  const results = chrono.parse(read, referenceAt(moment), {
    forwardDate: false,
  });
  const expressions: Expression[] = [];
  for (const result of results) {
    // A time word in capitals is a name: "USA TODAY", "the TODAY show".
    if (
      result.text.length > 1 &&
      /\p{L}/u.test(result.text) &&
      result.text === result.text.toUpperCase()
    ) {
      continue;
    }
    const span = chronoSpan(result, text, moment, lenient);
    if (!span) continue;
    // "than this time last year": the words before the phrase, "this time" included.
    const at = result.index + (span.wordsSkipped ?? 0);
    const start = at - (span.wordsBefore ?? 0);
    if (COMPARISON.test(text.slice(Math.max(0, start - 16), start))) continue;
    // "later this year": still to come.
    if (wordBefore(text, at)?.word === "later") continue;
    const leadingOn = /^on\s+/i.exec(text.slice(at, result.index + result.text.length));
    // "the week before last": chrono stops at "before".
    const bare =
      result.index + withoutTrailingPunctuation(result.text).length + (span.moreWords ?? 0);
    // "this year's Emmys": the possessive goes with the phrase.
    const possessive = /^['’]s\b/.exec(text.slice(bare, bare + 3));
    const end = bare + (possessive ? possessive[0].length : 0);
    // A month read alone is cut to the part of it the words before it name.
    const monthAlone =
      result.start.isCertain("month") && !result.start.isCertain("day") && !UNIT.test(result.text);
    const partApplied = monthAlone || span.partApplied === true;
    const expression = withPreposition(text, start, end, span, isRelative(result), partApplied);
    // "from March to May": a range chrono read whole is a period, not where one starts.
    if (result.end !== undefined && result.end !== null && expression.role === "from")
      expression.role = "window";
    if (leadingOn && expression.phraseStart === start)
      expression.phraseStart += leadingOn[0].length;
    expressions.push(expression);
  }
  return expressions;
}

// ---------------------------------------------------------------------------------------
// Phrases chrono does not read: years, seasons, weekends

/** "Q1 2025", "2025 Q1": a calendar quarter of a year written out. */
const QUARTER_OF_YEAR = /\bQ([1-4])\s{1,3}(\d{4})\b|\b(\d{4})\s{1,3}Q([1-4])\b/g;

/** Quarters named with their year: "in Q1 2025" is January–March 2025. */
function quarterExpressions(text: string): Expression[] {
  const expressions: Expression[] = [];
  for (const match of text.matchAll(QUARTER_OF_YEAR)) {
    const quarter = Number(match[1] ?? match[4]);
    const year = Number(match[2] ?? match[3]);
    if (year < EARLIEST_YEAR || year > LATEST_YEAR) continue;
    const span = quarterSpan(year, 3 * (quarter - 1) + 1);
    expressions.push(
      withPreposition(text, match.index, match.index + match[0].length, span, false),
    );
  }
  return expressions;
}

/** A year after a preposition: "in 2022", "since 2019", "between 2020 and 2022". */
function yearExpressions(text: string, lenient: boolean): Expression[] {
  const expressions: Expression[] = [];
  for (const match of text.matchAll(/(?<![\d/.-])(\d{4})(?![\d/-]|\.\d)/g)) {
    const year = Number(match[1]);
    if (year < EARLIEST_YEAR || year > LATEST_YEAR) continue;
    const start = match.index;
    const end = start + match[0].length;
    const after = wordAfter(text, end);
    if (!lenient && !hasTimeWordBefore(text, start)) continue;
    if (after !== "" && !YEAR_FOLLOWERS.has(after)) continue;
    const span = partOfYearBefore(text, start, year);
    expressions.push(withPreposition(text, start, end, span, false, true));
  }
  return expressions;
}

const SEASON_MONTHS: Readonly<Record<string, number>> = {
  spring: 3,
  summer: 6,
  autumn: 9,
  fall: 9,
  winter: 12,
};

/** About a season's length: "this summer" still means the summer just ended for this long. */
const SEASON_LENGTH_DAYS = 92;

/** A season of the northern hemisphere by the year it starts in (winter runs into the next). */
function seasonSpan(season: string, startYear: number): Span {
  const month = SEASON_MONTHS[season] ?? 6;
  const from = dayOf(startYear, month, 1);
  return { from, to: addMonths(from, 3) - 1 };
}

/** Prepositions after which chrono leaves a bare "May" unread, though it is the month. */
const MAY_PREPOSITIONS = new Set([
  "since",
  "from",
  "between",
  "until",
  "till",
  "through",
  "before",
  "after",
  "during",
]);

/** The first May that does not end before `day`: "between January 2020 and May". */
function firstMayFrom(day: number): Span {
  const { year } = ymd(day);
  const may = monthSpan(year, 5);
  return may.to < day ? monthSpan(year + 1, 5) : may;
}

/** The May of this year once it has begun, else last year's. */
function mostRecentMay(moment: number): Span {
  const { year } = ymd(moment);
  const thisYear = monthSpan(year, 5);
  return thisYear.from <= moment ? thisYear : monthSpan(year - 1, 5);
}

/**
 * A verb after "May" makes it a person: "since May took office", "after May resigned".
 * A past tense in "-ed", or one of the verbs news most often gives a person.
 */
const VERB_AFTER_NAME =
  /^\s+(?:[a-z]+ed|took|became|was|is|has|had|said|says|told|won|lost|met|left|came|went|made|gave|ran|quit|will|would|could|did)\b/;

/**
 * "since May", "between May and July": chrono reads a bare "May" only after "in" (it is
 * also a verb and a name). After these prepositions it is the most recent May, unless a
 * verb follows it ({@link VERB_AFTER_NAME}).
 */
function mayExpressions(text: string, moment: number, lenient: boolean): Expression[] {
  const expressions: Expression[] = [];
  for (const match of text.matchAll(/\bMay\b(?!\s+\d)/g)) {
    const before = wordBefore(text, match.index);
    // "the beginning of May", "the first week of May": a part of the month, as of March.
    const named = namedPartBefore(text, match.index) !== null;
    if (before === null || (!MAY_PREPOSITIONS.has(before.word) && !named)) continue;
    if (VERB_AFTER_NAME.test(text.slice(match.index + 3, match.index + 3 + WORD_LOOKBACK)))
      continue;
    if (named && !lenient && isComingMonth(5, text, match.index, moment)) continue;
    const span = partOfMonthBefore(text, match.index, mostRecentMay(moment));
    expressions.push(withPreposition(text, match.index, match.index + 3, span, true, named));
  }
  return expressions;
}

/**
 * "last summer", "this winter", "in the spring", "summer 2022", "the summer of 2022".
 * "Winter 2022" is the one that ends in 2022 (most of its days fall in that year).
 */
function seasonExpressions(text: string, moment: number, lenient: boolean): Expression[] {
  const expressions: Expression[] = [];
  const pattern =
    /\b(?:(this|last|past|previous|next)\s+)?(spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?(\d{4})\b)?/gi;
  for (const match of text.matchAll(pattern)) {
    const modifier = match[1]?.toLowerCase();
    const season = match[2]!.toLowerCase();
    const year = match[3] === undefined ? null : Number(match[3]);
    const start = match.index;
    const end = start + match[0].length;
    if (modifier === "next") continue;
    if (year === null && wordAfter(text, end) === "of") continue; // "the fall of Rome"
    if (!modifier && year === null && !lenient && !hasTimeWordBefore(text, start)) continue;
    // "in spring training", "during the winter storm", "in Fall River": a season alone before
    // a word of substance names a kind of thing; with a capital, before a capitalised word, a
    // name ("at the last Summer Olympics").
    if (!modifier && year === null && !lenient && beforeWordOfSubstance(text, end)) continue;
    if (/^[A-Z]/.test(match[2]!) && year === null && beforeCapitalisedWord(text, end)) continue;
    const span = seasonFor(season, modifier, year, moment);
    if (span) expressions.push(withPreposition(text, start, end, span, year === null));
  }
  return expressions;
}

function seasonFor(
  season: string,
  modifier: string | undefined,
  year: number | null,
  moment: number,
): Span | null {
  if (year !== null) return seasonSpan(season, season === "winter" ? year - 1 : year);
  const { year: momentYear } = ymd(moment);
  const candidates = [momentYear, momentYear - 1, momentYear - 2].map((start) =>
    seasonSpan(season, start),
  );
  if (modifier === "last" || modifier === "past" || modifier === "previous") {
    return candidates.find((span) => span.to < moment) ?? null;
  }
  if (modifier === "this") {
    // The season under way, or one that ended less than a season ago ("this summer" in
    // October); a season still to come is in the future ("this winter" in September).
    return (
      candidates.find((span) => span.from <= moment && span.to >= moment - SEASON_LENGTH_DAYS) ??
      null
    );
  }
  return candidates.find((span) => span.from <= moment) ?? null;
}

/** "weekend", with the word that says which one ("this", "last", "past", "next"). */
const WEEKEND = /\b(?:(this|last|past|next)\s+)?weekend\b/gi;
/** Prepositions that make "the weekend" the question's time ("since the weekend" starts it). */
const WEEKEND_PREPOSITIONS = new Set(["over", "on", "at", "during", "throughout", "since"]);

/** Prepositions after which "the weekend" may be a kind of thing: "at the weekend market". */
const WEEKEND_THING_PREPOSITIONS = new Set(["at", "since"]);

/**
 * True when "the" and one of {@link WEEKEND_PREPOSITIONS} come just before the weekend at
 * `index`. After "at" or "since" the weekend may be a kind of thing ("at the weekend market",
 * "since the weekend market closed"): it is a time only when no word of substance follows it
 * ("at the weekend", "at the weekend in Leeds").
 */
function afterPrepositionAndThe(text: string, index: number, end: number): boolean {
  const article = wordBefore(text, index);
  if (article?.word !== "the") return false;
  const preposition = wordBefore(text, article.start);
  if (preposition === null || !WEEKEND_PREPOSITIONS.has(preposition.word)) return false;
  return !WEEKEND_THING_PREPOSITIONS.has(preposition.word) || !beforeWordOfSubstance(text, end);
}

/** Whether a word that is no stop word follows `index`: "weekend market", "spring training". */
function beforeWordOfSubstance(text: string, index: number): boolean {
  const next = wordAfter(text, index);
  return next !== "" && !isStopWord(next);
}

/**
 * The weekends a question names: "this weekend", "last weekend", and "the weekend" after a
 * preposition ("over the weekend"), each Saturday and Sunday. A weekend named by other words
 * ("its opening weekend", "the holiday weekend") is no time of the question's.
 */
function weekendExpressions(text: string, moment: number): Expression[] {
  const expressions: Expression[] = [];
  for (const match of text.matchAll(WEEKEND)) {
    const after = match.index + match[0].length;
    if (match[1] === undefined && !afterPrepositionAndThe(text, match.index, after)) continue;
    const modifier = match[1]?.toLowerCase();
    if (modifier === "next") continue;
    const momentWeekday = new Date(moment * DAY_MS).getUTCDay();
    const onWeekend = momentWeekday === 0 || momentWeekday === 6;
    // "Will the union strike over the weekend?" asked in the week: the coming weekend, not
    // yet reported.
    const ahead = modifier !== "last" && modifier !== "past" && asksAhead(text, match.index);
    if (ahead && !onWeekend) continue;
    let saturday = mostRecentWeekday(6, moment, false);
    if (modifier === "last" && onWeekend) saturday -= 7;
    const start = match.index;
    const end = start + match[0].length;
    expressions.push(withPreposition(text, start, end, { from: saturday, to: saturday + 1 }, true));
  }
  return expressions;
}

// ---------------------------------------------------------------------------------------
// Questions about the current state

/** Words that ask for the current state, removed from the matched text. */
const LATEST_WORDS =
  /\b(?:(?:in\s+)?(?:recent|the\s+last\s+few|the\s+past\s+few)\s+(?:days|weeks|months|years)|(?:the\s+)?latest|newest|most\s+recent(?:ly)?|recent(?:ly)?|lately|nowadays|these\s+days|(?:right|by|as\s+of)\s+now|now|currently|so\s+far|still|to\s+date|up\s+to\s+now|anymore)\b/gi;
/** Words that ask for the current state but are also part of names ("current account"): kept. */
const LATEST_KEPT_WORDS = /\bcurrent\b/i;

/**
 * Quoted words: in double quotes (not inches: 12"), curly quotes, or single quotes that no
 * letter touches on the outside and no digit opens (so "Harry's … Meghan's" and "the '90s"
 * are no quotations). What a question quotes (a lyric, a title, someone's words) says
 * nothing about when it is asked: "Yesterday" in "which song begins “Yesterday, all my
 * troubles…”" or "Still" in "the film 'Still Alice'".
 */
const QUOTATION =
  /(?<!\p{N})"[^"]*"|“[^“”]*”|(?<![\p{L}\p{N}])‘(?!\p{N})[^‘’]*’(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])'(?!\p{N})[^']*'(?![\p{L}\p{N}])/gu;

/**
 * The text with what every quotation holds blanked out (the same length, so positions stay
 * where they were). The quote marks stay: a time word beside a quotation is not joined to
 * the word on its other side ("said on “GMA” Monday" is no "on Monday").
 */
function withoutQuotations(text: string): string {
  return text.replace(
    QUOTATION,
    (quoted) => `${quoted[0]!}${" ".repeat(quoted.length - 2)}${quoted[quoted.length - 1]!}`,
  );
}

// ---------------------------------------------------------------------------------------
// Putting it together

/** Keeps the earliest of overlapping expressions, preferring the longer at the same place. */
function withoutOverlaps(expressions: Expression[]): Expression[] {
  const sorted = [...expressions].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Expression[] = [];
  for (const expression of sorted) {
    const last = kept[kept.length - 1];
    if (last && expression.start < last.end) {
      if (expression.end - expression.start > last.end - last.start) {
        kept[kept.length - 1] = expression;
      }
      continue;
    }
    kept.push(expression);
  }
  return kept;
}

/** "between March and May", "from 2020 to 2022": two expressions become one window. */
function joinRanges(text: string, expressions: Expression[], moment: number): Expression[] {
  const joined: Expression[] = [];
  for (let at = 0; at < expressions.length; at++) {
    const first = expressions[at]!;
    const second = expressions[at + 1] ?? mayAfter(text, first, moment);
    if (second) {
      const between = text.slice(first.end, second.start);
      const opener = wordBefore(text, first.start + 0)?.word;
      const startsRange =
        /^between\b/i.test(text.slice(first.start)) ||
        opener === "between" ||
        first.role === "from";
      if (startsRange && /^\s*(?:and|to|until|till|through|-|–)\s*$/i.test(between)) {
        let start = first.start;
        const before = wordBefore(text, start);
        if (before?.word === "between") start = before.start;
        // "between January and March 2025": the first end takes the second's year.
        let from = first.span.from;
        for (let back = 0; from > second.span.from && back < LEAP_SEARCH_YEARS; back++) {
          from = addMonths(from, -12);
        }
        const to = secondEndAfter(text, second, from);
        joined.push({
          start,
          end: second.end,
          phraseStart: start,
          span: { from, to: Math.max(to, from + (first.span.to - first.span.from)) },
          role: "window",
          relative: first.relative && second.relative,
        });
        at++;
        continue;
      }
    }
    joined.push(first);
  }
  return joined;
}

/** A month's name, written out or cut short ("9 June", "Feb 29"). */
const MONTH_NAME = new RegExp(
  `\\b(?:${MONTHS.map((month) => month.slice(0, 3)).join("|")})[a-z]*\\b`,
  "i",
);
const WRITTEN_YEAR = /\b\d{4}\b/;

/**
 * The last day of a range's second end. A day or month named without its year ("between 3
 * May 2025 and 9 June", "between 29 February and 2 March") is the first such one from the
 * range's start, not the most recent; "today", "yesterday" or a year written out stay as
 * they are.
 */
function secondEndAfter(text: string, second: Expression, from: number): number {
  const words = text.slice(second.start, second.end);
  if (!MONTH_NAME.test(words) || WRITTEN_YEAR.test(words)) return second.span.to;
  return firstFrom(second.span, from).to;
}

/** `span` moved back by whole years as far as it still starts on or after `from`. */
function firstFrom(span: Span, from: number): Span {
  let moved = span;
  for (let back = 0; addMonths(moved.from, -12) >= from && back < LEAP_SEARCH_YEARS; back++) {
    moved = { from: addMonths(moved.from, -12), to: addMonths(moved.to, -12) };
  }
  return moved;
}

/**
 * "between March and May": chrono never reads a bare "May" (it is also a verb), so after
 * the first month of a range it is read here. After a month without a year it is the
 * most recent May, and the range's start moves back to the year before it, so both ends
 * lie in the past, as chrono puts "from March to May"; after a dated start ("January
 * 2020") it is the first May from then.
 * Only here do "and" and "to" make it the month ({@link mayExpressions} leaves "Johnson
 * and May" alone).
 */
function mayAfter(text: string, first: Expression, moment: number): Expression | undefined {
  const match = /^(\s*(?:and|to|until|till|through|-|–)\s*)May\b/.exec(text.slice(first.end));
  if (match === null) return undefined;
  const start = first.end + match[1]!.length;
  return {
    start,
    end: start + 3,
    phraseStart: start,
    span: first.relative ? mostRecentMay(moment) : firstMayFrom(first.span.from),
    role: "window",
    relative: first.relative,
  };
}

/** Words after a period that make "from" where the window starts ("from March on"). */
const ONWARDS = /^\s*(?:on|onwards?|forwards?)\b/i;

/**
 * A period after "from" that no other end follows is the period itself: "news from last
 * week" asks about last week, "stories from yesterday" about yesterday. It is where the
 * window starts only with "on", "onwards" or "forwards" after it ("from March on"), as
 * after "since"; those words go with the phrase.
 */
function fromAsPeriod(text: string, expression: Expression): Expression {
  if (expression.role !== "from" || !/^from\b/i.test(text.slice(expression.start))) {
    return expression;
  }
  const onwards = ONWARDS.exec(text.slice(expression.end, expression.end + WORD_LOOKBACK));
  return onwards === null
    ? { ...expression, role: "window" }
    : { ...expression, end: expression.end + onwards[0].length };
}

/** Drops periods wholly after the moment; cuts the rest off at the moment. */
function upToMoment(expressions: Expression[], moment: number): Expression[] {
  return expressions.flatMap((expression) => {
    if (expression.span.from > moment) return [];
    return [
      { ...expression, span: { ...expression.span, to: Math.min(expression.span.to, moment) } },
    ];
  });
}

/** Periods this close together are read as one ("last week and this week"). */
const MERGE_GAP_DAYS = 7;

/**
 * The expressions that say when the question asks about: every since / until, and the most
 * recent period with the others that touch it or lie within {@link MERGE_GAP_DAYS} of it.
 * A period far from it ("last year" beside "this week") is background the question gives.
 */
function nearestPeriods(expressions: readonly Expression[]): Expression[] {
  const periods = expressions.filter(({ role }) => role === "window");
  const newest = periods.reduce<Expression | null>(
    (best, expression) => (best === null || expression.span.to > best.span.to ? expression : best),
    null,
  );
  if (newest === null) return [...expressions];
  let from = newest.span.from;
  const kept = new Set<Expression>([newest]);
  for (const expression of [...periods].sort((x, y) => y.span.to - x.span.to)) {
    if (expression.span.to < from - MERGE_GAP_DAYS) continue;
    from = Math.min(from, expression.span.from);
    kept.add(expression);
  }
  return expressions.filter((expression) => expression.role !== "window" || kept.has(expression));
}

/** The window all expressions name together: their periods joined, cut by since / until. */
function combine(expressions: readonly Expression[], moment: number): Span | null {
  let window: Span | null = null;
  for (const { span, role } of expressions) {
    if (role !== "window") continue;
    window = window
      ? { from: Math.min(window.from, span.from), to: Math.max(window.to, span.to) }
      : { ...span };
  }
  let from = -Infinity;
  let to = Infinity;
  for (const { span, role } of expressions) {
    if (role === "window") continue;
    if (role === "from") from = Math.max(from, span.from);
    else if (role === "after") from = Math.max(from, span.to + 1);
    else if (role === "to") to = Math.min(to, span.to);
    else to = Math.min(to, span.from - 1);
  }
  const bounded = from !== -Infinity || to !== Infinity;
  if (!window) {
    if (!bounded) return null;
    return {
      from: from === -Infinity ? dayNumber(OPEN_START) : from,
      to: to === Infinity ? moment : Math.min(to, moment),
    };
  }
  const cut = { from: Math.max(window.from, from), to: Math.min(window.to, to) };
  return cut.from <= cut.to ? cut : window;
}

/** Whether `outer` holds all of `inner` and more. */
function holds(outer: Span, inner: Span): boolean {
  return (
    outer.from <= inner.from &&
    inner.to <= outer.to &&
    (outer.from < inner.from || inner.to < outer.to)
  );
}

/** A word that joins two time phrases, and the most characters it takes. */
const JOINER = /^\s*(?:and|or|,|&)\s*$/i;
const MAX_JOINER = 8;

/** The text with the given character ranges taken out and its spaces tidied. */
function removeRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const range of sorted) {
    if (range.start < at) {
      at = Math.max(at, range.end);
      continue;
    }
    const gap = text.slice(at, range.start);
    // "last week and this week": the word that joined two removed phrases goes with them.
    const joinsRemoved = at > 0 && gap.length <= MAX_JOINER && JOINER.test(gap);
    out += joinsRemoved ? " " : gap;
    at = range.end;
  }
  out += text.slice(at);
  return out
    .replace(/[ \t]{2,}/g, " ")
    .replace(/(?<!\s)\s+(?=[?.!,;:])/g, "")
    .replace(/,(?=[?.!])/g, "")
    .replace(/^[\s,;:]+/, "")
    .trim();
}

interface Reading {
  /** The expressions that name the window. */
  expressions: Expression[];
  /** Every time expression read, frames included: all are taken out of the text. */
  spoken: Expression[];
  window: Span | null;
}

/**
 * The periods without those that only frame another the question names: "The Met Gala
 * returned this week. What was this year's theme?" asks about this week.
 */
function withoutFrames(expressions: readonly Expression[]): Expression[] {
  const periods = expressions.filter(({ role }) => role === "window");
  return expressions.filter(
    (expression) =>
      expression.role !== "window" ||
      !periods.some((other) => other !== expression && holds(expression.span, other.span)),
  );
}

/**
 * Date-like words chrono works hardest on: numbers, and month and weekday names (or their
 * first three letters). Time words are read up to the {@link MAX_DATE_TOKENS}th of them, so
 * a question made of nothing but dates costs no more than one with a few.
 */
const DATE_TOKEN =
  /\d+|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)/gi;
const MAX_DATE_TOKENS = 24;

/** Where reading time words stops: after the last date-like word allowed, or the end. */
function dateTokenLimit(text: string): number {
  let seen = 0;
  for (const match of text.matchAll(DATE_TOKEN)) {
    seen++;
    if (seen > MAX_DATE_TOKENS) return match.index;
  }
  return text.length;
}

function readExpressions(whole: string, moment: number, lenient: boolean, clip: boolean): Reading {
  const text = whole.slice(0, dateTokenLimit(whole));
  const found = withoutOverlaps([
    ...chronoExpressions(text, moment, lenient),
    ...yearExpressions(text, lenient),
    ...quarterExpressions(text),
    ...seasonExpressions(text, moment, lenient),
    ...mayExpressions(text, moment, lenient),
    ...weekendExpressions(text, moment),
  ]);
  const ranged = joinRanges(text, found, moment).map((expression) =>
    fromAsPeriod(text, expression),
  );
  const current = clip ? upToMoment(ranged, moment) : ranged;
  const spoken = nearestPeriods(
    current.some((expression) => expression.relative)
      ? current.filter((expression) => expression.relative)
      : current,
  );
  const expressions = withoutFrames(spoken);
  return { expressions, spoken, window: combine(expressions, moment) };
}

function toWindow(span: Span): DateWindow {
  return { from: dayString(span.from), to: dayString(span.to) };
}

/**
 * The stretches of the question that name its window, in its own words: expressions that
 * only "and", "or" or a comma join are one stretch ("Monday or Tuesday").
 */
function spokenTogether(
  text: string,
  expressions: readonly Expression[],
): { start: number; end: number }[] {
  const sorted = [...expressions].sort((a, b) => a.phraseStart - b.phraseStart);
  const stretches: { start: number; end: number }[] = [];
  for (const { phraseStart, end } of sorted) {
    const last = stretches[stretches.length - 1];
    const gap = last ? text.slice(last.end, phraseStart) : "";
    if (last && phraseStart >= last.end && gap.length <= MAX_JOINER && JOINER.test(gap)) {
      last.end = Math.max(last.end, end);
    } else {
      stretches.push({ start: phraseStart, end });
    }
  }
  return stretches;
}

/**
 * Reads the time words of a question asked on `moment` (`YYYY-MM-DD`). An unreadable
 * moment reads no time at all (the question comes back unchanged).
 */
export function readTime(question: string, moment: string): TimeReading {
  const head = question.slice(0, MAX_TIME_TEXT);
  const rest = question.slice(MAX_TIME_TEXT);
  const momentDay = dayNumber(moment);
  const unquoted = withoutQuotations(head);
  const latest = [...unquoted.matchAll(LATEST_WORDS)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const wantsLatest = latest.length > 0 || LATEST_KEPT_WORDS.test(unquoted);
  if (Number.isNaN(momentDay)) {
    return { window: null, phrase: null, wantsLatest, text: question, relative: false };
  }
  // A question typed in capitals says nothing by case of its names: it is read as typed in
  // small letters ("WHAT HAPPENED IN MAY" is May), as its words are.
  const read = isWrittenInCapitals(unquoted) ? inSmallLetters(unquoted) : unquoted;
  const { expressions, spoken, window } = readExpressions(read, momentDay, false, true);
  const phrases = new Set(
    spokenTogether(read, expressions).map(({ start, end }) =>
      head
        .slice(start, end)
        .replace(/['’]s$/, "")
        .replace(/\s+/g, " ")
        .trim(),
    ),
  );
  const phrase = phrases.size === 0 ? null : [...phrases].join(" and ");
  const taken = [...spoken, ...latest];
  const removed = removeRanges(head, taken);
  return {
    window: window && toWindow(window),
    phrase,
    wantsLatest,
    text: rest === "" ? removed : `${removed}${rest}`,
    relative: window !== null && expressions.every((expression) => expression.relative),
    removed: taken.map(({ start, end }) => ({ start, end })),
    latestWords: latest,
  };
}

/** `text` in small letters, each letter in place: one whose small form is longer stays as it is. */
function inSmallLetters(text: string): string {
  return text.replace(/\p{Lu}/gu, (capital) => {
    const small = capital.toLowerCase();
    return small.length === capital.length ? small : capital;
  });
}

/** Text written as a day in the ISO form, `YYYY-MM-DD`, whether or not such a day exists. */
const ISO_SHAPED_DAY = /^\d{4}-\d{1,2}-\d{1,2}$/;

/**
 * Reads a `since` / `until` option ("2026-01-01", "last month", "March", "2022") as a day:
 * the first day of the period it names for `start`, the last for `end`. Null when the
 * value is not a date, or holds more than one.
 */
export function readDateOption(
  value: string,
  moment: string,
  edge: "start" | "end",
): string | null {
  const text = value.trim();
  if (text === "" || text.length > MAX_OPTION_TEXT) return null;
  if (!Number.isNaN(dayNumber(text))) return text;
  // A day in the ISO form that no calendar has ("2026-13-01") is a mistake, not a day to
  // guess at.
  if (ISO_SHAPED_DAY.test(text)) return null;
  const momentDay = dayNumber(moment);
  if (Number.isNaN(momentDay)) return null;
  const yearMonth = /^(\d{4})-(\d{2})$/.exec(text);
  if (yearMonth) {
    const month = Number(yearMonth[2]);
    if (month < 1 || month > 12) return null;
    const span = monthSpan(Number(yearMonth[1]), month);
    return dayString(edge === "start" ? span.from : span.to);
  }
  const { expressions, spoken, window } = readExpressions(text, momentDay, true, false);
  if (!window || expressions.length === 0) return null;
  const leftOver = removeRanges(text, spoken);
  if (/[\p{L}\p{N}]/u.test(leftOver)) return null;
  return dayString(edge === "start" ? window.from : window.to);
}

/** One day as a label: "3 March", with the year when it is not the moment's. */
function dayLabel(day: Ymd, withYear: boolean): string {
  const month = MONTHS[day.month - 1] ?? "";
  return withYear ? `${day.day} ${month} ${day.year}` : `${day.day} ${month}`;
}

/**
 * A window in words: "23–29 March", "28 February – 3 March", "29 December 2025 – 4 January
 * 2026", "3 March 2024", "until 4 March". The year is left out when it is the moment's.
 */
export function describeWindow(window: DateWindow, moment: string): string {
  const momentYear = ymd(dayNumber(moment)).year;
  const fromDay = dayNumber(window.from);
  const toDay = dayNumber(window.to);
  if (Number.isNaN(fromDay) || Number.isNaN(toDay)) return `${window.from} – ${window.to}`;
  const from = ymd(fromDay);
  const to = ymd(toDay);
  const toYear = to.year !== momentYear;
  if (window.from === OPEN_START) return `until ${dayLabel(to, toYear)}`;
  if (fromDay === toDay) return dayLabel(to, toYear);
  if (from.year !== to.year) return `${dayLabel(from, true)} – ${dayLabel(to, true)}`;
  if (from.month === to.month) return `${from.day}–${dayLabel(to, toYear)}`;
  return `${dayLabel(from, false)} – ${dayLabel(to, toYear)}`;
}

/** Questions whose reading runs every one of chrono's patterns, and its refiners. */
const WARM_UP_QUESTIONS = [
  "What happened from last Monday to 3 June 2025 at 5pm EST, two weeks ago or within 3 days?",
  "What did they agree this week, in January, on 2025-01-02 or 12/25, and what comes next month?",
];

/**
 * Reads a few questions twice, so V8 compiles chrono's regular expressions to machine code
 * now. It does so on a pattern's second use, which costs a few hundred milliseconds at once:
 * a long-running bot calls this at start-up, before it answers, rather than have its second
 * question wait that long.
 */
export function warmUpTimeReading(): void {
  for (let round = 0; round < 2; round++) {
    for (const question of WARM_UP_QUESTIONS) readTime(question, "2026-01-01");
  }
}
