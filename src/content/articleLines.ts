/**
 * Articles as JSON lines in one byte buffer: the form in which they cross from the build
 * worker to the main thread (the buffer transferred, not copied) and in which they are saved
 * with the index. One line per article, so the main thread can parse them a slice at a time
 * and never hold the event loop for long, and a saved copy's article count can be checked
 * without parsing it.
 */
import type { Article } from "../core/types.ts";
import type { Pause } from "./indexCodec.ts";

const NEWLINE = 0x0a;
/** Articles parsed between two pauses: a few milliseconds of work. */
const ARTICLES_PER_SLICE = 200;

/** Articles turned into bytes at once: large libraries stay below the longest string. */
const ARTICLES_PER_CHUNK = 1_000;

/** The articles as UTF-8 JSON lines, in a buffer of their own. */
export function encodeArticleLines(articles: readonly Article[]): ArrayBuffer {
  const chunks: Buffer[] = [];
  for (let at = 0; at < articles.length; at += ARTICLES_PER_CHUNK) {
    const lines = articles.slice(at, at + ARTICLES_PER_CHUNK).map((a) => `${JSON.stringify(a)}\n`);
    chunks.push(Buffer.from(lines.join("")));
  }
  const bytes = Buffer.concat(chunks);
  // A buffer of its own (Buffer.from may hand out a slice of a shared pool for small input).
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer)
    : (new Uint8Array(bytes).buffer);
}

/** How many lines the buffer holds (each article ends with a newline). */
export function countArticleLines(buffer: ArrayBuffer): number {
  const bytes = Buffer.from(buffer);
  let lines = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
  return lines;
}

/** Thrown when a line is not an article. */
export class ArticleLinesError extends Error {}

function looksLikeArticle(value: unknown): value is Article {
  if (typeof value !== "object" || value === null) return false;
  const article = value as Partial<Article>;
  return (
    typeof article.id === "string" &&
    typeof article.title === "string" &&
    typeof article.path === "string" &&
    Array.isArray(article.paragraphs) &&
    article.paragraphs.every((paragraph) => typeof paragraph === "string")
  );
}

/**
 * Parses the articles back, `pause()` between slices. Throws {@link ArticleLinesError} when
 * a line is not an article.
 */
export async function decodeArticleLines(buffer: ArrayBuffer, pause: Pause): Promise<Article[]> {
  const bytes = Buffer.from(buffer);
  const articles: Article[] = [];
  let start = 0;
  while (start < bytes.length) {
    if (articles.length > 0 && articles.length % ARTICLES_PER_SLICE === 0) await pause();
    let end = bytes.indexOf(NEWLINE, start);
    if (end === -1) end = bytes.length;
    let article: unknown;
    try {
      article = JSON.parse(bytes.toString("utf8", start, end));
    } catch {
      throw new ArticleLinesError(`article ${articles.length + 1} is not JSON`);
    }
    if (!looksLikeArticle(article)) {
      throw new ArticleLinesError(`article ${articles.length + 1} is malformed`);
    }
    articles.push(article);
    start = end + 1;
  }
  return articles;
}

/** A library's article lines with where each begins: one line per article, in order. */
export interface IndexedLines {
  bytes: Uint8Array<ArrayBuffer>;
  /** Start of each line in `bytes`; one extra entry closes the last. */
  starts: Uint32Array;
}

/** Finds where each line of `buffer` begins (the buffer is used as it is, not copied). */
export function indexLines(buffer: ArrayBuffer): IndexedLines {
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
  const encoded = pieces.map((piece) =>
    "article" in piece ? Buffer.from(`${JSON.stringify(piece.article)}\n`) : null,
  );
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
