/**
 * Articles as lines in one byte buffer: the form in which they cross from the build worker to
 * the main thread (the buffer transferred, not copied) and in which they are saved with the
 * index. One line per article, so a saved copy's article count can be checked without parsing
 * it. A line is the article's head (every field but its text) as JSON, a tab, its paragraphs
 * as JSON, and a line break: JSON itself never holds a raw tab or line break, so the heads
 * can be parsed alone.
 *
 * The main thread parses the heads only ({@link storedArticles}): an article's paragraphs are
 * parsed from the buffer when a quote first needs them, so a library of hundreds of megabytes
 * of text is served a moment after its buffer arrives.
 */
import type { Article } from "../core/types.ts";
import type { Pause } from "./indexCodec.ts";

/** A buffer of article lines: one of its own, or shared by the threads. */
export type LinesBuffer = ArrayBuffer | SharedArrayBuffer;

const NEWLINE = 0x0a;
const TAB = 0x09;

/** How articles are kept as lines and read back from them. */
export const ARTICLE_LINE_SETTINGS = {
  /**
   * Articles parsed between two calls of the caller's pause, which lets other work run once
   * its slice of work has lasted long enough: a millisecond or two of work.
   */
  articlesPerSlice: 50,
  /** Heads parsed between two calls of the pause (a head is a few hundred bytes). */
  headsPerSlice: 200,
  /** Articles turned into bytes at once: large libraries stay below the longest string. */
  articlesPerChunk: 1_000,
  /**
   * Articles whose parsed paragraphs are kept (the most recently used); the others are
   * parsed again from the buffer when needed. A question reads those of at most a few dozen.
   */
  cachedTexts: 4_096,
} as const;

/** One article as a line: its head, a tab, its paragraphs, a line break. */
function articleLine(article: Article): string {
  const { paragraphs, ...head } = article;
  return `${JSON.stringify(head)}\t${JSON.stringify(paragraphs)}\n`;
}

/** The article's line as bytes (see {@link encodeArticleLines}). */
export function encodeArticleLine(article: Article): Buffer {
  return Buffer.from(articleLine(article));
}

/**
 * The articles as UTF-8 lines (head, tab, paragraphs), in a buffer of their own, or in
 * memory shared by the threads when `shared` (so both can keep it, neither copying it);
 * followed by the lines of `followedBy`, when given.
 */
export function encodeArticleLines(articles: readonly Article[]): ArrayBuffer;
export function encodeArticleLines(
  articles: readonly Article[],
  options: { shared: true; followedBy?: LinesBuffer },
): SharedArrayBuffer;
export function encodeArticleLines(
  articles: readonly Article[],
  options: { shared?: boolean; followedBy?: LinesBuffer } = {},
): LinesBuffer {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const { articlesPerChunk } = ARTICLE_LINE_SETTINGS;
  for (let at = 0; at < articles.length; at += articlesPerChunk) {
    const lines = articles.slice(at, at + articlesPerChunk).map(articleLine);
    const chunk = Buffer.from(lines.join(""));
    chunks.push(chunk);
    length += chunk.length;
  }
  if (options.followedBy !== undefined) {
    chunks.push(new Uint8Array(options.followedBy));
    length += options.followedBy.byteLength;
  }
  const buffer = options.shared === true ? new SharedArrayBuffer(length) : new ArrayBuffer(length);
  const bytes = new Uint8Array(buffer);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return buffer;
}

/** How many lines the buffer holds (each article ends with a newline). */
export function countArticleLines(buffer: LinesBuffer): number {
  const bytes = Buffer.from(buffer);
  let lines = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
  return lines;
}

/** Thrown when a line is not an article. */
export class ArticleLinesError extends Error {}

type ArticleHead = Omit<Article, "paragraphs">;

function looksLikeHead(value: unknown): value is ArticleHead {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const head = value as Partial<Article>;
  return (
    typeof head.id === "string" &&
    typeof head.title === "string" &&
    typeof head.path === "string" &&
    !("paragraphs" in head)
  );
}

function isParagraphList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((paragraph) => typeof paragraph === "string");
}

/** The parts of the line that starts at `start`: where its tab and its end are. */
function lineParts(bytes: Buffer, start: number, number: number): { tab: number; end: number } {
  let end = bytes.indexOf(NEWLINE, start);
  if (end === -1) end = bytes.length;
  const tab = bytes.indexOf(TAB, start);
  if (tab === -1 || tab > end) throw new ArticleLinesError(`article ${number} has no text part`);
  return { tab, end };
}

function parseJson(bytes: Buffer, start: number, end: number, what: string): unknown {
  try {
    return JSON.parse(bytes.toString("utf8", start, end));
  } catch {
    throw new ArticleLinesError(`${what} is not JSON`);
  }
}

function parseHead(bytes: Buffer, start: number, tab: number, number: number): ArticleHead {
  const head = parseJson(bytes, start, tab, `article ${number}`);
  if (!looksLikeHead(head)) throw new ArticleLinesError(`article ${number} is malformed`);
  return head;
}

function parseParagraphs(bytes: Buffer, start: number, end: number, number: number): string[] {
  const paragraphs = parseJson(bytes, start, end, `the text of article ${number}`);
  if (!isParagraphList(paragraphs)) {
    throw new ArticleLinesError(`the text of article ${number} is malformed`);
  }
  return paragraphs;
}

/**
 * Parses the articles back whole, `pause()` between slices. Throws
 * {@link ArticleLinesError} when a line is not an article.
 */
export async function decodeArticleLines(buffer: LinesBuffer, pause: Pause): Promise<Article[]> {
  const bytes = Buffer.from(buffer);
  const articles: Article[] = [];
  let start = 0;
  while (start < bytes.length) {
    if (articles.length > 0 && articles.length % ARTICLE_LINE_SETTINGS.articlesPerSlice === 0) {
      await pause();
    }
    const number = articles.length + 1;
    const { tab, end } = lineParts(bytes, start, number);
    const head = parseHead(bytes, start, tab, number);
    articles.push({ ...head, paragraphs: parseParagraphs(bytes, tab + 1, end, number) });
    start = end + 1;
  }
  return articles;
}

/**
 * The paragraphs of the articles of one buffer, parsed when asked for; the most recently
 * used are kept (ARTICLE_LINE_SETTINGS.cachedTexts), so a library's text stays in the buffer
 * rather than in the heap.
 */
class ArticleTexts {
  /** Parsed paragraphs by the start of their text in the buffer, least recently used first. */
  private readonly cache = new Map<number, string[]>();

  constructor(private readonly bytes: Buffer) {}

  paragraphs(start: number, end: number, number: number): string[] {
    const cached = this.cache.get(start);
    if (cached !== undefined) {
      this.cache.delete(start);
      this.cache.set(start, cached);
      return cached;
    }
    const paragraphs = parseParagraphs(this.bytes, start, end, number);
    this.cache.set(start, paragraphs);
    if (this.cache.size > ARTICLE_LINE_SETTINGS.cachedTexts) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    return paragraphs;
  }
}

/**
 * The articles of a buffer with only their heads parsed, `pause()` between slices: each
 * article's `paragraphs` is parsed from the buffer when first read (and again once it has
 * dropped out of the cache). Such articles read, copy, serialise and post as any other.
 * Throws {@link ArticleLinesError} when a line is not an article; a text that turns out
 * malformed when read throws it then.
 */
export async function storedArticles(buffer: LinesBuffer, pause: Pause): Promise<Article[]> {
  const bytes = Buffer.from(buffer);
  const texts = new ArticleTexts(bytes);
  const articles: Article[] = [];
  let start = 0;
  while (start < bytes.length) {
    if (articles.length > 0 && articles.length % ARTICLE_LINE_SETTINGS.headsPerSlice === 0) {
      await pause();
    }
    const number = articles.length + 1;
    const { tab, end } = lineParts(bytes, start, number);
    const article = parseHead(bytes, start, tab, number) as Article;
    Object.defineProperty(article, "paragraphs", {
      enumerable: true,
      configurable: true,
      get: () => texts.paragraphs(tab + 1, end, number),
      set: (paragraphs: string[]) =>
        Object.defineProperty(article, "paragraphs", {
          value: paragraphs,
          enumerable: true,
          configurable: true,
          writable: true,
        }),
    });
    articles.push(article);
    start = end + 1;
  }
  return articles;
}

/** A library's article lines with where each begins: one line per article, in order. */
export interface IndexedLines {
  bytes: Uint8Array<LinesBuffer>;
  /** Start of each line in `bytes`; one extra entry closes the last. */
  starts: Uint32Array;
}

/** Finds where each line of `buffer` begins (the buffer is used as it is, not copied). */
export function indexLines(buffer: LinesBuffer): IndexedLines {
  const bytes = new Uint8Array(buffer);
  const starts = new Uint32Array(countArticleLines(buffer) + 1);
  let line = 1;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) {
    starts[line++] = at + 1;
  }
  return { bytes, starts };
}

/** One piece of a new list of lines: an old line by its number, or a new article's. */
export type LineSource = { old: number } | { article: Article };

/** The lines of a new list of articles, copying old lines as bytes and encoding new ones. */
export function spliceLines(old: IndexedLines, pieces: readonly LineSource[]): IndexedLines {
  const encoded = pieces.map((piece) => ("article" in piece ? encodeArticleLine(piece.article) : null));
  const starts = new Uint32Array(pieces.length + 1);
  pieces.forEach((piece, at) => {
    const length =
      "old" in piece
        ? old.starts[piece.old + 1]! - old.starts[piece.old]!
        : (encoded[at]?.length ?? 0);
    starts[at + 1] = starts[at]! + length;
  });
  const bytes = new Uint8Array(starts[pieces.length]!);
  pieces.forEach((piece, at) => {
    const target = starts[at]!;
    if ("old" in piece) {
      bytes.set(old.bytes.subarray(old.starts[piece.old], old.starts[piece.old + 1]), target);
    } else bytes.set(encoded[at]!, target);
  });
  return { bytes, starts };
}
