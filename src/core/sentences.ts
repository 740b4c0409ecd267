/** A sentence as a range of characters in its paragraph: `paragraph.slice(start, end)`. */
export interface SentenceSpan {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Words that end in a full stop without ending a sentence. Intl.Segmenter splits after
 * "Mr." or "U.S." when a capital follows; a segment that ends in one of these is joined
 * to the next.
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
  "no",
  "nos",
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

const TRAILING_WORD = /(?:^|[\s(“"‘'])([\p{L}.]+)\.\s*$/u;

function endsWithAbbreviation(segment: string): boolean {
  const match = TRAILING_WORD.exec(segment);
  const word = match?.[1]?.toLowerCase();
  if (word === undefined) return false;
  // A single letter before the full stop is an initial, as in "J. R. Smith".
  if (/^\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word);
}

/**
 * Splits a paragraph into sentences with Intl.Segmenter, joining the splits that
 * abbreviations and initials cause. Spans exclude surrounding white space and cover
 * every non-blank character of the paragraph exactly once.
 */
export function splitSentences(paragraph: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let pendingStart = -1;
  for (const { segment, index } of segmenter.segment(paragraph)) {
    if (pendingStart < 0) pendingStart = index;
    const end = index + segment.length;
    if (endsWithAbbreviation(segment) && end < paragraph.length) continue;
    pushTrimmed(spans, paragraph, pendingStart, end);
    pendingStart = -1;
  }
  if (pendingStart >= 0) pushTrimmed(spans, paragraph, pendingStart, paragraph.length);
  return spans;
}

function pushTrimmed(spans: SentenceSpan[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? "")) s++;
  while (e > s && /\s/.test(text[e - 1] ?? "")) e--;
  if (e > s) spans.push({ start: s, end: e });
}
