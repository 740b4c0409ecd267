/**
 * Article readers: `.txt` (a `date YYYY-MM-DD` line, then paragraphs), `.md` (YAML front
 * matter and a Markdown body) and library records (one JSON object of a `.jsonl` file).
 * Pure functions: no I/O, and they never throw — every fault becomes a ContentProblem.
 */
import matter from "gray-matter";
import type { Article, ContentProblem } from "./types.ts";
import { markdownToText } from "./markdown.ts";
import {
  collapseWhitespace,
  isCalendarDate,
  normaliseLineEnds,
  readLeadingDate,
  readWholeDate,
  splitParagraphs,
  titleFromBody,
} from "./paragraphs.ts";

export interface ParseResult {
  /** The article, or null when it cannot be used (an `error` problem says why). */
  article: Article | null;
  problems: ContentProblem[];
}

/** Extensions read as plain-text articles. */
export const TEXT_EXTENSIONS: readonly string[] = [".txt"];
/** Extensions read as Markdown articles. */
export const MARKDOWN_EXTENSIONS: readonly string[] = [".md", ".markdown"];

/** Lower-case extension of a path (`""` when it has none). */
export function extensionOf(relPath: string): string {
  const name = relPath.slice(relPath.replace(/\\/g, "/").lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot).toLowerCase() : "";
}

/** Whether `parseArticle` can read a file with this path. */
export function isArticlePath(relPath: string): boolean {
  const ext = extensionOf(relPath);
  return TEXT_EXTENSIONS.includes(ext) || MARKDOWN_EXTENSIONS.includes(ext);
}

/** Article id of a content path: the path without its extension, with `/` separators. */
export function articleIdFromPath(relPath: string): string {
  const slashed = relPath.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "");
  const ext = extensionOf(slashed);
  return ext === "" ? slashed : slashed.slice(0, -ext.length);
}

/**
 * Reads one article from its text. The format follows the extension of `relPath`
 * (`.txt`, `.md`/`.markdown`); `relPath` also gives the article's `id` and `path`.
 */
export function parseArticle(text: string, relPath: string): ParseResult {
  const problems: ContentProblem[] = [];
  const file = relPath.replace(/\\/g, "/");
  try {
    const ext = extensionOf(file);
    if (TEXT_EXTENSIONS.includes(ext)) return parseTextArticle(text, file, problems);
    if (MARKDOWN_EXTENSIONS.includes(ext)) return parseMarkdownArticle(text, file, problems);
    problems.push(problem(file, null, "error", `unsupported file type "${ext || "(none)"}"`));
    return { article: null, problems };
  } catch (err) {
    problems.push(problem(file, null, "error", `could not be read: ${errorMessage(err)}`));
    return { article: null, problems };
  }
}

/** A content problem at `line` of `file` (null when it is about the whole file). */
export function problem(
  file: string,
  line: number | null,
  severity: ContentProblem["severity"],
  message: string,
): ContentProblem {
  return { file, line, severity, message };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function newArticle(file: string, fields: Partial<Article> & { paragraphs: string[] }): Article {
  const id = articleIdFromPath(file);
  return {
    id,
    title: fields.title || titleFromBody(fields.paragraphs) || id,
    date: fields.date ?? null,
    url: fields.url ?? null,
    path: file,
    source: fields.source ?? null,
    author: fields.author ?? null,
    tags: fields.tags ?? [],
    paragraphs: fields.paragraphs,
  };
}

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/* ------------------------------------------------------------------------------------------ */
/* Plain text                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/** `date` keyword, then an optional colon (captured: a labelled line is always a date line). */
const DATE_KEYWORD = /^date\b[ \t]*(:?)[ \t]*/i;
/** A time after the date ("10:00", "23:30:00 -05:00", "9:15 UTC"): part of the date line. */
const TIME_AFTER_DATE =
  /^[ \t]+T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[ \t]*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5}\b))?/i;
/** A full stop, comma or semicolon right after the date ("date 2026-02-03."). */
const PUNCTUATION_AFTER_DATE = /^[.,;]/;
/** A note in brackets after the date ("(updated 2026-02-05)"): part of the date line. */
const NOTE_AFTER_DATE = /^[ \t]*(\([^)\n]{0,200}\))/;
/** Values that were meant as a date, even if wrong ("2026-02-30", "3/2/2026"). */
const DATE_LIKE = /^\d[\d\-/.]*$/;

/** What the first line says about the date, and where the article's text starts. */
interface DateLine {
  date: string | null;
  body: string;
  /** What to tell about the line: a date that cannot be used, a note left out. */
  warnings: string[];
}

const NO_DATE = 'no date: the text should start with "date YYYY-MM-DD"; loaded without a date';

function parseTextArticle(raw: string, file: string, problems: ContentProblem[]): ParseResult {
  const text = normaliseLineEnds(raw);
  const start = text.search(/[^\t\n\v\f\r \u0085\u2028\u2029\ufeff]/);
  if (start === -1) {
    problems.push(problem(file, null, "error", "the file has no text; skipped"));
    return { article: null, problems };
  }
  const line = lineAt(text, start);
  const { date, body, warnings } = readDateLine(text.slice(start));
  for (const message of warnings) problems.push(problem(file, line, "warning", message));
  const paragraphs = splitParagraphs(body);
  if (paragraphs.length === 0) {
    problems.push(problem(file, line, "error", "no article text after the date; skipped"));
    return { article: null, problems };
  }
  return { article: newArticle(file, { date, paragraphs }), problems };
}

/**
 * Reads the `date` line at the start of a text article: `date YYYY-MM-DD`, perhaps with a
 * time, quotes, a full stop or a note in brackets after it; "3 February 2026" and
 * "February 3, 2026" too. The article's text may follow on the same line. A line labelled
 * `date:` is never article text, even when its date cannot be read.
 */
function readDateLine(rest: string): DateLine {
  const keyword = DATE_KEYWORD.exec(rest);
  if (keyword === null) return { date: null, body: rest, warnings: [NO_DATE] };
  const after = rest.slice(keyword[0].length);
  const written = readLeadingDate(after);
  if (written !== null) {
    const warnings = written.date === null ? [invalidDateWarning(written.written)] : [];
    let body = after.slice(written.length);
    body = body.slice(TIME_AFTER_DATE.exec(body)?.[0].length ?? 0);
    body = body.slice(PUNCTUATION_AFTER_DATE.exec(body)?.[0].length ?? 0);
    return { date: written.date, ...withoutNote(body, warnings) };
  }
  const value = /^\S*/.exec(after)?.[0] ?? "";
  if (value === "") {
    const warnings = ['the date line has no date (expected "date YYYY-MM-DD")'];
    return { date: null, ...withoutNote(after, warnings) };
  }
  if (DATE_LIKE.test(value)) {
    const warnings = [invalidDateWarning(value)];
    return { date: null, ...withoutNote(after.slice(value.length), warnings) };
  }
  if (keyword[1] === ":") {
    const lineEnd = after.indexOf("\n");
    const shown = collapseWhitespace(lineEnd === -1 ? after : after.slice(0, lineEnd));
    const body = lineEnd === -1 ? "" : after.slice(lineEnd);
    return { date: null, body, warnings: [invalidDateWarning(shown)] };
  }
  return { date: null, body: rest, warnings: [NO_DATE] };
}

/** The text after the date without a note in brackets, which gets a warning of its own. */
function withoutNote(body: string, warnings: string[]): { body: string; warnings: string[] } {
  const note = NOTE_AFTER_DATE.exec(body);
  if (note === null) return { body, warnings };
  const message = `the note ${JSON.stringify(note[1])} after the date is not quoted`;
  return { body: body.slice(note[0].length), warnings: [...warnings, message] };
}

function invalidDateWarning(written: string): string {
  return `${JSON.stringify(written)} is not a valid date (expected a real date as YYYY-MM-DD); loaded without a date`;
}

/* ------------------------------------------------------------------------------------------ */
/* Markdown                                                                                    */
/* ------------------------------------------------------------------------------------------ */

function refuseEngine(name: string): () => never {
  return () => {
    throw new Error(`${name} front matter is not supported (use YAML)`);
  };
}

/** YAML (and JSON) only: gray-matter would otherwise evaluate `---js` front matter as code. */
const MATTER_OPTIONS = {
  engines: {
    javascript: refuseEngine("JavaScript"),
    js: refuseEngine("JavaScript"),
    coffee: refuseEngine("CoffeeScript"),
    coffeescript: refuseEngine("CoffeeScript"),
    cson: refuseEngine("CSON"),
  },
};

/** `---` (optionally naming a language, `---yaml`) or TOML's `+++`, perhaps indented. */
const OPEN_FENCE = /^[ \t]{0,3}(---|\+\+\+)([a-z]*)[ \t]*$/i;
const CLOSE_FENCE = /^[ \t]{0,3}(?:---|\.\.\.)[ \t]*$/;
const TOML_CLOSE_FENCE = /^[ \t]{0,3}\+\+\+[ \t]*$/;

interface FrontMatterBlock {
  /** Raw lines between the fences (index 0 is file line `firstLine`). */
  lines: string[];
  /** File line of the first line between the fences. */
  firstLine: number;
  language: string;
  /** The text up to and including the closing fence line. */
  head: string;
  /** The Markdown after the closing fence. */
  body: string;
}

/**
 * Finds a front matter block: its opening fence is the first line that is not blank
 * (possibly indented); `null` when the text has none.
 */
function findFrontMatter(
  text: string,
  file: string,
  problems: ContentProblem[],
): FrontMatterBlock | null {
  const start = text.search(/[^\s\ufeff]/);
  if (start === -1) return null;
  const lineStart = text.lastIndexOf("\n", start) + 1;
  const firstEnd = text.indexOf("\n", lineStart);
  const firstLine = firstEnd === -1 ? text.slice(lineStart) : text.slice(lineStart, firstEnd);
  const open = OPEN_FENCE.exec(firstLine);
  if (!open || firstEnd === -1) return null;
  const toml = open[1] === "+++";
  const close = toml ? TOML_CLOSE_FENCE : CLOSE_FENCE;
  const lines: string[] = [];
  const firstFileLine = lineAt(text, lineStart) + 1;
  let offset = firstEnd + 1;
  while (offset <= text.length) {
    const end = text.indexOf("\n", offset);
    const lineEnd = end === -1 ? text.length : end;
    const line = text.slice(offset, lineEnd);
    if (close.test(line)) {
      const next = end === -1 ? text.length : end + 1;
      return {
        lines,
        firstLine: firstFileLine,
        language: toml ? "toml" : (open[2] ?? "").toLowerCase(),
        head: `---\n${lines.join("\n")}\n---\n`,
        body: text.slice(next),
      };
    }
    lines.push(line);
    if (end === -1) break;
    offset = end + 1;
  }
  const fence = open[1] ?? "---";
  const keys = leadingKeyLines(lines, toml ? "=" : ":");
  if (keys === 0) {
    problems.push(
      problem(
        file,
        firstFileLine - 1,
        "warning",
        `front matter is not closed (no "${fence}" line after it); read as body text`,
      ),
    );
    return null;
  }
  problems.push(
    problem(
      file,
      firstFileLine - 1,
      "warning",
      `front matter is not closed (no "${fence}" line after it); its ${keys === 1 ? "first line is" : `first ${keys} lines are`} read as front matter, the rest as body text`,
    ),
  );
  const kept = lines.slice(0, keys);
  return {
    lines: kept,
    firstLine: firstFileLine,
    language: toml ? "toml" : (open[2] ?? "").toLowerCase(),
    head: `---\n${kept.join("\n")}\n---\n`,
    body: lines.slice(keys).join("\n"),
  };
}

/** A front matter line: `key: value` (`key = value` in TOML), or an indented or list line. */
function isFrontMatterLine(line: string, separator: string): boolean {
  if (/^[ \t]+\S|^-[ \t]/.test(line)) return true;
  const key = /^[A-Za-z_][\w-]*[ \t]*/.exec(line)?.[0];
  return key !== undefined && line[key.length] === separator;
}

/**
 * How many lines at the start of an unclosed front matter block are front matter: the
 * run of `key: value` lines (and the lines of their lists) before the first blank line or
 * other text, when it starts with a `key: value` line; else 0.
 */
function leadingKeyLines(lines: readonly string[], separator: string): number {
  const first = lines[0] ?? "";
  if (/^[ \t-]/.test(first) || !isFrontMatterLine(first, separator)) return 0;
  let count = 0;
  while (count < lines.length && isFrontMatterLine(lines[count] ?? "", separator)) count++;
  return count;
}

function parseMarkdownArticle(raw: string, file: string, problems: ContentProblem[]): ParseResult {
  const text = normaliseLineEnds(raw);
  const block = findFrontMatter(text, file, problems);
  const fields = block ? readFrontMatter(block, file, problems) : {};
  const { headings, paragraphs } = markdownToText(block ? block.body : text);
  if (paragraphs.length === 0) {
    problems.push(problem(file, null, "error", "no article text; skipped"));
    return { article: null, problems };
  }
  const title = fields.title || headings[0];
  return {
    article: newArticle(file, { ...fields, ...(title ? { title } : {}), paragraphs }),
    problems,
  };
}

type FrontMatterFields = Partial<
  Pick<Article, "title" | "date" | "url" | "source" | "author" | "tags">
>;

function readFrontMatter(
  block: FrontMatterBlock,
  file: string,
  problems: ContentProblem[],
): FrontMatterFields {
  const separator = block.language === "toml" ? "=" : ":";
  /** Indexes in `block.lines` of the lines starting with `key:` (`key =` in TOML). */
  const keyLines = (key: string): number[] =>
    block.lines.flatMap((line, index) => (startsWithKey(line, key, separator) ? [index] : []));
  /** File line of a front matter key, for pointing at it. */
  const keyLine = (key: string): number => {
    const [index] = keyLines(key);
    return index === undefined ? block.firstLine - 1 : index + block.firstLine;
  };
  if (block.language === "toml") {
    return readFields(readTomlLines(block.lines), block, file, problems, keyLines, keyLine);
  }
  if (!["", "yaml", "yml", "json"].includes(block.language)) {
    problems.push(
      problem(
        file,
        1,
        "warning",
        `front matter in "${block.language}" is not supported (use YAML); ignored`,
      ),
    );
    return {};
  }
  let data: unknown;
  try {
    data = parseYamlBlock(block, file, problems);
  } catch (err) {
    const mark = (err as { mark?: { line?: unknown } } | null)?.mark;
    const line =
      typeof mark?.line === "number" ? mark.line - 1 + block.firstLine : block.firstLine - 1;
    const reason = (err as { reason?: unknown } | null)?.reason;
    const why = typeof reason === "string" ? reason : (errorMessage(err).split("\n")[0] ?? "");
    problems.push(
      problem(file, line, "warning", `front matter is not valid YAML (${why}); ignored`),
    );
    return {};
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data) || data instanceof Date) {
    problems.push(
      problem(
        file,
        block.firstLine,
        "warning",
        "front matter should be a list of `key: value` lines; ignored",
      ),
    );
    return {};
  }
  return readFields(data as Record<string, unknown>, block, file, problems, keyLines, keyLine);
}

/** A top-level `key: value` line whose value is plain text (not quoted, a list or a map). */
const PLAIN_VALUE_LINE = /^([A-Za-z_][\w-]*):[ \t]+([^\s"'[{|>&*!#%@`].*)$/;

/**
 * The data of YAML front matter. A plain value holding ": " ("title: Talks: day one") is
 * not valid YAML, yet it is what people write: when the block fails to parse, such values
 * are read as text (quoted) and the block is tried once more, with a warning for each.
 * Throws the first error when that does not help either.
 */
function parseYamlBlock(
  block: FrontMatterBlock,
  file: string,
  problems: ContentProblem[],
): unknown {
  try {
    return matter(block.head, MATTER_OPTIONS).data;
  } catch (err) {
    const quoted: number[] = [];
    const lines = block.lines.map((line, index) => {
      const match = PLAIN_VALUE_LINE.exec(line);
      const value = match?.[2]?.trimEnd();
      if (match === null || value === undefined || !/:(?:[ \t]|$)/.test(value)) return line;
      quoted.push(index);
      return `${match[1] ?? ""}: ${JSON.stringify(value)}`;
    });
    if (quoted.length === 0) throw err;
    let data: unknown;
    try {
      data = matter(`---\n${lines.join("\n")}\n---\n`, MATTER_OPTIONS).data;
    } catch {
      throw err;
    }
    for (const index of quoted) {
      const key = PLAIN_VALUE_LINE.exec(block.lines[index] ?? "")?.[1] ?? "";
      problems.push(
        problem(
          file,
          index + block.firstLine,
          "warning",
          `front matter "${key}" holds ": ", which YAML reads only in quotes; read as text (put the value in quotes)`,
        ),
      );
    }
    return data;
  }
}

/** An unquoted value with a " #" in it: YAML drops everything from there as a comment. */
const COMMENTED_VALUE = /^[^:]*:[ \t]*[^\s"'#[{|>].*?[ \t](#.*)$/;

/**
 * The comment YAML cut off a plain value of a front matter line (`title: We're #1`
 * loses "#1"), so the writer can be told; null when the line has none.
 */
function cutComment(line: string): string | null {
  const comment = COMMENTED_VALUE.exec(line)?.[1]?.trimEnd();
  return comment === undefined ? null : comment.length > 40 ? `${comment.slice(0, 40)}…` : comment;
}

/** The keys citebot reads from front matter. */
const FRONT_MATTER_KEYS = ["title", "date", "url", "source", "author", "tags"] as const;

/** True when `line` starts with `key` and then `separator` (":" in YAML, "=" in TOML). */
function startsWithKey(line: string, key: string, separator: string): boolean {
  if (!line.startsWith(key)) return false;
  let i = key.length;
  while (line[i] === " " || line[i] === "\t") i++;
  return line[i] === separator;
}

/** The article fields of parsed front matter, with a warning for each unusable one. */
function readFields(
  record: Record<string, unknown>,
  block: FrontMatterBlock,
  file: string,
  problems: ContentProblem[],
  keyLines: (key: string) => number[],
  keyLine: (key: string) => number,
): FrontMatterFields {
  const fields: FrontMatterFields = {};
  for (const key of FRONT_MATTER_KEYS) {
    const [hidden] = keyLines(key);
    if (Object.hasOwn(record, key) || hidden === undefined) continue;
    problems.push(
      problem(
        file,
        hidden + block.firstLine,
        "warning",
        `this "${key}" line is read as part of another value (does a quoted value span lines?); ignored`,
      ),
    );
  }
  const warn = (key: string, message: string): void => {
    problems.push(problem(file, keyLine(key), "warning", `front matter "${key}" ${message}`));
  };

  for (const key of ["title", "source", "author"] as const) {
    if (!Object.hasOwn(record, key)) continue;
    const value = scalarText(record[key]);
    if (value === undefined) warn(key, "should be text; ignored");
    else if (value !== "") fields[key] = value;
    const [index] = keyLines(key);
    const comment = cutComment(block.lines[index ?? -1] ?? "");
    const cut = comment !== null && value !== undefined && !value.includes(comment);
    if (block.language !== "toml" && cut) {
      warn(
        key,
        `is cut at "${comment}": YAML reads " #" as the start of a comment (put the value in quotes to keep it)`,
      );
    }
  }

  if (Object.hasOwn(record, "date")) {
    const lines = keyLines("date").map((index) => block.lines[index] ?? "");
    const date = readDate(record.date, writtenDateLine(record.date, lines));
    if (date.value !== null) fields.date = date.value;
    else if (date.shown !== null) {
      warn(
        "date",
        `${date.shown} is not a valid date (expected YYYY-MM-DD); loaded without a date`,
      );
    }
  }

  if (Object.hasOwn(record, "url")) {
    const value = scalarText(record.url);
    if (value === undefined) warn("url", "should be text; ignored");
    else if (value !== "") {
      if (isWebUrl(value)) fields.url = value;
      else warn("url", `"${value}" is not an http(s) address; ignored`);
    }
  }

  if (Object.hasOwn(record, "tags")) {
    const tags = readTags(record.tags);
    if (tags === undefined) warn("tags", "should be a list of words; ignored");
    else fields.tags = tags;
  }
  return fields;
}

/**
 * The `date:` line the parsed date came from. A quoted value spanning lines can hold a
 * line that starts with "date:" too: the line whose written date is the parsed one (within
 * a day, for a time zone) is the real one.
 */
function writtenDateLine(value: unknown, lines: readonly string[]): string | undefined {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return lines[0];
  const parsed = value.getTime();
  const DAY_MS = 24 * 60 * 60 * 1000;
  return (
    lines.find((line) => {
      const written = /(\d{4}-\d{2}-\d{2})/.exec(line)?.[1];
      return written !== undefined && Math.abs(Date.parse(written) - parsed) <= DAY_MS;
    }) ?? lines[0]
  );
}

/**
 * The values of simple TOML front matter (`key = value` lines): strings, dates, numbers,
 * booleans and lists of strings, which is all an article's front matter holds. Tables and
 * other forms are left out.
 */
function readTomlLines(lines: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const line of lines) {
    const equals = line.indexOf("=");
    const key = line.slice(0, Math.max(0, equals)).trim();
    if (equals === -1 || !/^[\w-]+$/.test(key)) continue;
    record[key] = tomlValue(line.slice(equals + 1).trim());
  }
  return record;
}

function tomlValue(text: string): unknown {
  if (text.startsWith("'")) return text.slice(1, text.lastIndexOf("'"));
  if (text.startsWith('"') || text.startsWith("[")) {
    try {
      return JSON.parse(text.replace(/'([^'\\]*)'/g, '"$1"')) as unknown;
    } catch {
      return text;
    }
  }
  if (text === "true" || text === "false") return text === "true";
  if (/^[+-]?\d+(?:\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Text of a scalar front matter value; `undefined` for lists, maps and other non-text. */
function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return collapseWhitespace(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return value.toISOString().slice(0, 10);
  }
  return undefined;
}

/**
 * A front matter date as YYYY-MM-DD. YAML turns dates into Date objects (in UTC), so the
 * date written in the file is preferred when its line starts with one.
 */
function readDate(
  value: unknown,
  rawLine: string | undefined,
): { value: string | null; shown: string | null } {
  if (value === null || value === undefined || value === "") return { value: null, shown: null };
  if (value instanceof Date) {
    // YAML rolls impossible dates over (2026-02-30 becomes March 2nd): trust the written text.
    const written = /:\s*["']?(\d{4}-\d{2}-\d{2})/.exec(rawLine ?? "")?.[1];
    if (written !== undefined) {
      return isCalendarDate(written)
        ? { value: written, shown: null }
        : { value: null, shown: `"${written}"` };
    }
    if (!Number.isNaN(value.getTime())) {
      const utc = value.toISOString().slice(0, 10);
      if (isCalendarDate(utc)) return { value: utc, shown: null };
    }
    return { value: null, shown: `"${rawLine?.replace(/^[^:]*:\s*/, "") ?? ""}"` };
  }
  if (typeof value === "string") {
    const text = value.trim();
    // A timestamp written as text gives its date part; "February 3, 2026" is read too.
    const written = readWholeDate(text)?.date;
    if (written !== undefined && written !== null) return { value: written, shown: null };
    return { value: null, shown: JSON.stringify(text) };
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return { value: null, shown: `"${String(value)}"` };
  }
  return { value: null, shown: "(a list or map)" };
}

/** A record's id: a string, or a whole number as written (`7` is "7"); "" when neither. */
function recordId(value: unknown): string {
  if (typeof value === "string") return value.trim();
  return typeof value === "number" && Number.isSafeInteger(value) ? String(value) : "";
}

/** A record's text: a string, or a list of paragraph strings joined by blank lines. */
function recordText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) return undefined;
  return value.join("\n\n");
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Tags from a list or a comma-separated string; `undefined` when neither. */
function readTags(value: unknown): string[] | undefined {
  let items: unknown[];
  if (value === null || value === undefined) return [];
  if (typeof value === "string") items = value.split(",");
  else if (Array.isArray(value)) items = value;
  else if (typeof value === "number") items = [value];
  else return undefined;
  const tags = new Set<string>();
  for (const item of items) {
    const tag = scalarText(item);
    if (tag === undefined) return undefined;
    if (tag !== "" && tags.size < MAX_TAGS) tags.add(tag.slice(0, MAX_TAG_LENGTH));
  }
  return [...tags];
}

/** Tags kept per article, and characters per tag: more say nothing a reader could use. */
const MAX_TAGS = 100;
const MAX_TAG_LENGTH = 100;

/* ------------------------------------------------------------------------------------------ */
/* Library records (.jsonl)                                                                    */
/* ------------------------------------------------------------------------------------------ */

/**
 * Reads one library record `{id, title, date, url?, text}` (already JSON-parsed) found on
 * `line` of `file`. `text` holds paragraphs separated by blank lines. The article's path is
 * `file#line`.
 */
export function parseLibraryRecord(value: unknown, file: string, line: number): ParseResult {
  const problems: ContentProblem[] = [];
  const report = (severity: ContentProblem["severity"], message: string): void => {
    problems.push(problem(file, line, severity, message));
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    report("error", "expected a JSON object with id, title, date and text; skipped");
    return { article: null, problems };
  }
  const record = value as Record<string, unknown>;
  const id = recordId(record.id);
  if (id === "") {
    report("error", 'missing "id" (a non-empty string); skipped');
    return { article: null, problems };
  }
  const text = recordText(record.text);
  if (text === undefined) {
    const why =
      record.text === undefined || record.text === null
        ? 'missing "text"'
        : '"text" should be a string (paragraphs separated by blank lines) or a list of paragraphs';
    report("error", `article "${id}": ${why}; skipped`);
    return { article: null, problems };
  }
  const paragraphs = splitParagraphs(text);
  if (paragraphs.length === 0) {
    report("error", `article "${id}": "text" is empty; skipped`);
    return { article: null, problems };
  }
  let title = typeof record.title === "string" ? collapseWhitespace(record.title) : "";
  if (title === "") {
    report("warning", `article "${id}": missing "title"; using the first sentence`);
    title = titleFromBody(paragraphs) || id;
  }
  let date: string | null = null;
  const written = typeof record.date === "string" ? readWholeDate(record.date) : null;
  if (written?.date) {
    date = written.date;
  } else if (record.date === undefined || record.date === null || record.date === "") {
    report("warning", `article "${id}": missing "date"; loaded without a date`);
  } else {
    report(
      "warning",
      `article "${id}": ${JSON.stringify(record.date)} is not a valid date (expected YYYY-MM-DD); loaded without a date`,
    );
  }
  let url: string | null = null;
  if (typeof record.url === "string" && record.url.trim() !== "") {
    if (isWebUrl(record.url.trim())) url = record.url.trim();
    else report("warning", `article "${id}": "url" is not an http(s) address; ignored`);
  }
  const source = typeof record.source === "string" ? collapseWhitespace(record.source) : "";
  const author = typeof record.author === "string" ? collapseWhitespace(record.author) : "";
  const tags = readTags(record.tags) ?? [];
  return {
    article: {
      id,
      title,
      date,
      url,
      path: `${file}#${line}`,
      source: source || null,
      author: author || null,
      tags,
      paragraphs,
    },
    problems,
  };
}
