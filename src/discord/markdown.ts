/**
 * Pure text helpers for putting article text into Discord messages: markdown escaping,
 * Discord markup neutralising, word-boundary truncation and dates. No discord.js at run time.
 */

/** Discord's message and embed size limits, in characters. */
export const LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedsTotal: 6000,
  fieldValue: 1024,
  fieldName: 256,
  customId: 100,
  choiceName: 100,
  choiceValue: 100,
  choices: 25,
} as const;

export const ELLIPSIS = "…";
/** Links longer than this are not rendered (the title is shown without one). */
export const MAX_LINK_LENGTH = 512;
const ZERO_WIDTH_SPACE = "\u200b";

/** Characters that change formatting wherever they appear. */
const INLINE_MARKUP = /[\\*_~|`[\]]/g;

/**
 * Makes Discord's `<…>` markup and `@everyone`/`@here` inert: mentions (`<@id>`, `<@!id>`,
 * `<@&id>`, `<#id>`), timestamps (`<t:1700000000:R>`), command mentions (`</name:id>`),
 * custom emoji (`<:name:id>`, `<a:name:id>`) and server guide links (`<id:guide>`) get a
 * zero-width space after `<` (after `@`), so Discord shows them word for word as written:
 * nothing pings, and nothing turns into a date, a command or an image.
 */
export function neutraliseDiscordMarkup(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<(?=[@#/:]|[at]:|id:)/g, `<${ZERO_WIDTH_SPACE}`);
}

/** Escapes inline markdown (bold, italics, strike, spoilers, code, masked-link brackets). */
export function escapeInline(text: string): string {
  return text.replace(INLINE_MARKUP, "\\$&");
}

/**
 * A bare web address as Discord links it. Discord reads one before any markdown, so its
 * characters are left as written: escaped, `annual_report.pdf` would lead elsewhere.
 */
const BARE_LINK = /\bhttps?:\/\/[^\s<>]+/gi;

/**
 * {@link escapeInline}, leaving bare web addresses as written so that their links work; only
 * a `|` in one is written `%7C` (the same address), so that none can end a spoiler early.
 */
export function escapeInlineKeepingLinks(text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(BARE_LINK)) {
    out += escapeInline(text.slice(last, match.index)) + match[0].replaceAll("|", "%7C");
    last = match.index + match[0].length;
  }
  return out + escapeInline(text.slice(last));
}

/** True when the text holds a bare web address. */
export function holdsBareLink(text: string): boolean {
  return /\bhttps?:\/\//i.test(text);
}

/** Escapes what only means something at the start of a line: headings, lists, quotes, subtext. */
export function escapeLineStart(text: string): string {
  if (/^\d+\.(\s|$)/.test(text)) return text.replace(".", "\\.");
  if (/^[#>+-]/.test(text)) return `\\${text}`;
  return text;
}

/** Plain article or user text, safe to show inside any message or embed. */
export function escapeText(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeLineStart(neutraliseDiscordMarkup(escapeInlineKeepingLinks(line))))
    .join("\n");
}

/** A stretch of text someone wrote, hidden as a spoiler (`||like this||`) or not. */
export interface SpoilerPart {
  text: string;
  hidden: boolean;
}

const SPOILER_MARK = "||";

/**
 * Splits text at its spoiler marks: what lies between a pair of `||` is hidden. A last `||`
 * without its pair is text, as Discord shows it.
 */
export function spoilerParts(text: string): SpoilerPart[] {
  const pieces = text.split(SPOILER_MARK);
  if (pieces.length % 2 === 0) {
    const unpaired = pieces.splice(-2, 2).join(SPOILER_MARK);
    pieces.push(unpaired);
  }
  return pieces
    .map((piece, index) => ({ text: piece, hidden: index % 2 === 1 }))
    .filter((part) => part.text !== "");
}

/** True when part of the text is hidden as a spoiler: "who won ||the final||". */
export function hidesAnything(text: string): boolean {
  return spoilerParts(text).some((part) => part.hidden);
}

/**
 * Rendered markdown hidden as a spoiler. `text` must not hold an unescaped `||` (escaping
 * turns any into `\|\|`), so the spoiler ends where the text does.
 */
export function asSpoiler(text: string): string {
  return text === "" ? "" : `${SPOILER_MARK}${text}${SPOILER_MARK}`;
}

/** Characters {@link asSpoiler} adds. */
export const SPOILER_MARKS_LENGTH = SPOILER_MARK.length * 2;

/**
 * Text in at most `max` characters, keeping what was hidden hidden: a cut inside a spoiler
 * closes it (`||who won the fi||`), where a plain cut would drop its closing mark and show it.
 */
export function cutKeepingSpoilers(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = "";
  let room = max;
  for (const part of spoilerParts(text)) {
    const marks = part.hidden ? SPOILER_MARKS_LENGTH : 0;
    if (room - marks <= 0) break;
    const kept = part.text.slice(0, room - marks);
    room -= kept.length + marks;
    out += part.hidden ? asSpoiler(kept) : kept;
  }
  return out;
}

/** Text without its spoiler marks: "||who won||" reads "who won". */
export function withoutSpoilerMarks(text: string): string {
  return squashSpaces(
    spoilerParts(text)
      .map((part) => part.text)
      .join(" "),
  );
}

/** Collapses runs of whitespace (including newlines) to single spaces. */
export function squashSpaces(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Shortens text to at most `max` characters at a word boundary, ending with "…".
 * A single word longer than `max` is cut (there is no boundary to cut at).
 */
export function truncateWords(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  const room = max - ELLIPSIS.length;
  const cut = text.slice(0, room + 1);
  const lastSpace = cut.search(/\s\S*$/);
  const kept = lastSpace > 0 ? cut.slice(0, lastSpace) : text.slice(0, room);
  return `${kept.trimEnd()}${ELLIPSIS}`;
}

/**
 * How a Discord timestamp shows in each reader's client: `D` the long date in their locale
 * ("3 February 2026"), `R` relative to the moment they read it ("10 months ago").
 */
export type TimestampStyle = "D" | "R";

/**
 * `YYYY-MM-DD · <t:unix:style>` (the timestamp shows in each reader's locale and time), or
 * "date unknown". A date before 1970 is shown as written, alone: Discord documents its
 * timestamps as Unix times, seconds since 1970, and makes no promise for negative ones.
 */
export function formatDate(date: string | null, style: TimestampStyle = "D"): string {
  const match = date ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (!match || !date) return "date unknown";
  // Noon UTC keeps the rendered day the same in nearly every time zone. A relative time
  // counts from the day's start instead, so that an article of today never reads "in 4 hours".
  const hour = style === "R" ? 0 : 12;
  const unix = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), hour) / 1000;
  if (!Number.isFinite(unix)) return "date unknown";
  if (unix < 0) return date;
  return `${date} · <t:${unix}:${style}>`;
}

/** A URL that is safe inside a masked link `[text](url)`, or null when it is not http(s). */
export function safeLinkTarget(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  return parsed.href.replace(
    /[()<>\s[\]]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}

/** An article title, escaped and shortened, as a masked link when it has a usable URL. */
export function renderTitle(title: string, url: string | null, max = 200): string {
  const text = escapeText(truncateWords(squashSpaces(title), max)) || "Untitled";
  const target = safeLinkTarget(url);
  // Very long links would crowd out the quotes; the title alone still names the article.
  return target && target.length <= MAX_LINK_LENGTH ? `[${text}](${target})` : `**${text}**`;
}
