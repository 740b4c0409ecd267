/**
 * A publication date as `YYYY-MM-DD`, the calendar day the publisher wrote: an article dated
 * "Tue, 03 Feb 2026 23:30:00 -0800" is from February 3rd, even though it is already the 4th in
 * UTC. Dates are read by chrono-node, whose parsed components keep the written day; the time
 * zone is not applied. A relative date ("yesterday", "2 days ago") names no day of its own:
 * read on another day it would name another, so it is no date. Neither is a day that no
 * article read now can have been published on: one more than {@link MAX_DAYS_AHEAD} days ahead
 * (a mistyped year, "2062"), or a placeholder of a publishing system that had no date
 * (Go's zero time, `0001-01-01`, or the Unix epoch's first day, `1970-01-01` or, west of
 * Greenwich, `1969-12-31`).
 */
import * as chrono from "chrono-node";
import { withLongDurationRunsBroken } from "../core/time.ts";

/** A written date longer than this is not a date field (and is not handed to the parser). */
const MAX_DATE_TEXT = 100;
/**
 * Two moments years apart that a date is read from: a date written out names the same day
 * from both, a relative one does not.
 */
const REFERENCE_MOMENTS = [
  new Date(Date.UTC(2001, 0, 10, 12)),
  new Date(Date.UTC(2012, 6, 20, 12)),
];
/** How far ahead of today (UTC) a publication day may be: time zones and early publishing. */
const MAX_DAYS_AHEAD = 2;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Days before this are no publication days of a web page but a missing date's placeholder. */
const EARLIEST_DAY = "1800-01-01";
/** The Unix epoch's first day, in UTC and as time zones west of it write it. */
const UNIX_EPOCH_DAYS = new Set(["1970-01-01", "1969-12-31"]);
const ISO_DAY = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/;

function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function formatDay(year: number, month: number, day: number): string | null {
  if (!isRealDay(year, month, day)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * The day `text` names, as written; null when it is not a full date, or no day an article can
 * have been published on by `now` (see the top).
 */
export function publisherDay(text: string | null | undefined, now = Date.now()): string | null {
  const day = writtenDayOf(text);
  return day !== null && isPublicationDay(day, now) ? day : null;
}

function writtenDayOf(text: string | null | undefined): string | null {
  if (typeof text !== "string" || text.length > MAX_DATE_TEXT) return null;
  const iso = ISO_DAY.exec(text);
  if (iso) return formatDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const readable = withLongDurationRunsBroken(text);
  const [day, ...others] = REFERENCE_MOMENTS.map((moment) => writtenDay(readable, moment));
  return day !== undefined && others.every((other) => other === day) ? day : null;
}

/** Whether `day` (`YYYY-MM-DD`) can be an article's publication day, as of `now`. */
function isPublicationDay(day: string, now: number): boolean {
  const latest = new Date(now + MAX_DAYS_AHEAD * DAY_MS).toISOString().slice(0, 10);
  return day >= EARLIEST_DAY && day <= latest && !UNIX_EPOCH_DAYS.has(day);
}

/** The full date `text` names when read at `moment`; null when it names none. */
function writtenDay(text: string, moment: Date): string | null {
  const parsed = chrono.parse(text, moment)[0]?.start;
  if (!parsed?.isCertain("day") || !parsed.isCertain("month") || !parsed.isCertain("year")) {
    return null;
  }
  return formatDay(parsed.get("year") ?? 0, parsed.get("month") ?? 0, parsed.get("day") ?? 0);
}

/** The first of `candidates` that is a full date. */
export function firstDay(...candidates: ReadonlyArray<string | null | undefined>): string | null {
  for (const candidate of candidates) {
    const day = publisherDay(candidate);
    if (day) return day;
  }
  return null;
}
