/**
 * Reads the article library from disk. This is the only module that touches the file
 * system for articles: everything else works on the `Article` values it returns.
 *
 * A source is either a content folder (walked recursively for `.txt` and `.md` files), a
 * single article file, or a library file (`.jsonl` or `.jsonl.gz`, one article a line).
 * Faults in one file never stop the others loading; they become ContentProblems. Only a
 * source that cannot be read at all throws, so callers can keep their previous library.
 */
import { createReadStream } from "node:fs";
import { open, readdir, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import path from "node:path";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import type { Article, ContentProblem } from "../core/types.ts";
import {
  isArticlePath,
  parseArticle,
  parseLibraryRecord,
  problem,
  type ParseResult,
} from "../core/parseArticle.ts";

/** Article files larger than this are skipped (5 MB). */
export const MAX_ARTICLE_FILE_BYTES = 5 * 1024 * 1024;

export interface LoadOptions {
  /** Largest article file (or library line) to read, in bytes (default {@link MAX_ARTICLE_FILE_BYTES}). */
  maxFileBytes?: number;
}

export interface LoadedLibrary {
  /** Articles, sorted by path (library files keep their line order). */
  articles: Article[];
  /** Everything that was wrong, sorted by file and line. */
  problems: ContentProblem[];
  /** The source that was read, as an absolute path. */
  source: string;
}

/** Whether a path names a library file (`.jsonl` or `.jsonl.gz`). */
export function isLibraryFile(filePath: string): boolean {
  return /\.jsonl(?:\.gz)?$/i.test(filePath);
}

/** Names never read as articles: folder read-me files. */
function isReadme(name: string): boolean {
  return /^readme\.(?:md|markdown|txt)$/i.test(name);
}

/** Hidden and "private" (draft) entries are skipped, files and folders alike. */
function isSkippedName(name: string): boolean {
  return name.startsWith(".") || name.startsWith("_");
}

function errorCode(err: unknown): string {
  if (typeof err === "object" && err !== null && "code" in err && typeof err.code === "string") {
    return err.code;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Loads every article of `source`: a content folder, a library file (`.jsonl`,
 * `.jsonl.gz`) or a single `.txt`/`.md` article. Throws only when the source itself
 * cannot be read.
 */
export async function loadLibrary(
  source: string,
  options: LoadOptions = {},
): Promise<LoadedLibrary> {
  const absolute = path.resolve(source);
  const maxBytes = options.maxFileBytes ?? MAX_ARTICLE_FILE_BYTES;
  let info: Stats;
  try {
    info = await stat(absolute);
  } catch (err) {
    throw new Error(`Cannot read the article library at "${source}" (${errorCode(err)})`, {
      cause: err,
    });
  }
  let loaded: { articles: Article[]; problems: ContentProblem[] };
  if (info.isDirectory()) {
    loaded = await loadFolder(absolute, source, maxBytes);
  } else if (isLibraryFile(absolute)) {
    loaded = await loadLibraryFile(absolute, maxBytes);
  } else if (isArticlePath(absolute)) {
    const name = path.basename(absolute);
    const result = await loadArticleFile(absolute, name, options);
    loaded = { articles: result.article ? [result.article] : [], problems: result.problems };
  } else {
    throw new Error(
      `Cannot read the article library at "${source}": expected a folder, a .txt or .md article, or a .jsonl(.gz) library file`,
    );
  }
  const articles = dropDuplicateIds(loaded.articles, loaded.problems);
  return { articles, problems: sortProblems(loaded.problems), source: absolute };
}

/**
 * Reads and parses one article file. `relPath` (relative to the content folder) becomes
 * the article's path and id. Empty, binary, non-UTF-8 and oversized files give an error
 * problem and no article; this never throws.
 */
export async function loadArticleFile(
  absPath: string,
  relPath: string,
  options: LoadOptions = {},
): Promise<ParseResult> {
  const maxBytes = options.maxFileBytes ?? MAX_ARTICLE_FILE_BYTES;
  const skip = (message: string, line: number | null = null): ParseResult => ({
    article: null,
    problems: [problem(relPath, line, "error", `${message}; skipped`)],
  });
  let bytes: Buffer;
  try {
    const handle = await open(absPath, "r");
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        return skip(`the file is too large (${formatBytes(size)}; the limit is ${formatBytes(maxBytes)})`);
      }
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    return skip(`the file cannot be read (${errorCode(err)})`);
  }
  if (bytes.length === 0) return skip("the file is empty");
  if (bytes.length > maxBytes) {
    return skip(`the file is too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)})`);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return skip("binary file (it contains NUL bytes), not text", lineOfByte(bytes, nul));
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return skip("the file is not UTF-8 text (save it as UTF-8)", firstBadUtf8Line(bytes));
  }
  return parseArticle(text, relPath);
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function lineOfByte(bytes: Buffer, index: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < index; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

/** Line of the first byte sequence that is not UTF-8. */
function firstBadUtf8Line(bytes: Buffer): number | null {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  let line = 1;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    end = end === -1 ? bytes.length : end + 1;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    line++;
    start = end;
  }
  return null;
}

/* ------------------------------------------------------------------------------------------ */
/* Content folders                                                                             */
/* ------------------------------------------------------------------------------------------ */

interface Candidate {
  rel: string;
  abs: string;
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** How many files are read at once. */
const READ_CONCURRENCY = 16;

async function loadFolder(
  absolute: string,
  shownSource: string,
  maxBytes: number,
): Promise<{ articles: Article[]; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  let rootReal: string;
  try {
    rootReal = await realpath(absolute);
    await readdir(rootReal);
  } catch (err) {
    throw new Error(`Cannot read the content folder "${shownSource}" (${errorCode(err)})`, {
      cause: err,
    });
  }
  const candidates: Candidate[] = [];
  const seenFiles = new Map<string, string>();
  const seenDirs = new Set<string>([rootReal]);

  const walk = async (dirAbs: string, dirReal: string, relDir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dirAbs, { withFileTypes: true });
    } catch (err) {
      problems.push(
        problem(relDir, null, "error", `the folder cannot be read (${errorCode(err)}); skipped`),
      );
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = entry.name;
      if (isSkippedName(name)) continue;
      const rel = relDir === "" ? name : `${relDir}/${name}`;
      const abs = path.join(dirAbs, name);
      let real = path.join(dirReal, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(abs);
          const target = await stat(real);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          problems.push(problem(rel, null, "warning", "broken symbolic link; ignored"));
          continue;
        }
        if (!isInside(rootReal, real)) {
          problems.push(
            problem(rel, null, "warning", "symbolic link points outside the content folder; ignored"),
          );
          continue;
        }
      }
      if (isDir) {
        if (seenDirs.has(real)) continue; // a link back into a folder already read
        seenDirs.add(real);
        await walk(abs, real, rel);
      } else if (isFile && !isReadme(name) && isArticlePath(name)) {
        const earlier = seenFiles.get(real);
        if (earlier !== undefined) {
          problems.push(problem(rel, null, "warning", `same file as ${earlier}; ignored`));
          continue;
        }
        seenFiles.set(real, rel);
        candidates.push({ rel, abs });
      }
    }
  };
  await walk(absolute, rootReal, "");

  const results = await mapLimited(candidates, READ_CONCURRENCY, (candidate) =>
    loadArticleFile(candidate.abs, candidate.rel, { maxFileBytes: maxBytes }),
  );
  const articles: Article[] = [];
  for (const result of results) {
    if (result.article) articles.push(result.article);
    problems.push(...result.problems);
  }
  articles.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { articles, problems };
}

/** Runs `task` over `items` with at most `limit` running at once; results keep item order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/* ------------------------------------------------------------------------------------------ */
/* Library files (.jsonl, .jsonl.gz)                                                           */
/* ------------------------------------------------------------------------------------------ */

/**
 * Streams a library file line by line (gunzipping `.gz` on the fly), so the whole file
 * never sits in memory at once. Bad lines become problems; the others still load.
 */
async function loadLibraryFile(
  absolute: string,
  maxLineBytes: number,
): Promise<{ articles: Article[]; problems: ContentProblem[] }> {
  const file = path.basename(absolute);
  const articles: Article[] = [];
  const problems: ContentProblem[] = [];
  const raw = createReadStream(absolute, { highWaterMark: 1024 * 1024 });
  let input: Readable = raw;
  if (/\.gz$/i.test(absolute)) {
    const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
    raw.on("error", (err) => gunzip.destroy(err));
    input = raw.pipe(gunzip);
  }

  let lineNo = 0;
  try {
    for await (const bytes of readLines(input)) {
      lineNo++;
      if (bytes.length > maxLineBytes) {
        problems.push(
          problem(
            file,
            lineNo,
            "error",
            `the line is too large (over ${formatBytes(maxLineBytes)}); skipped`,
          ),
        );
        continue;
      }
      let line = bytes.toString("utf8");
      if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        problems.push(problem(file, lineNo, "error", `not valid JSON (${reason}); skipped`));
        continue;
      }
      const result = parseLibraryRecord(value, file, lineNo);
      if (result.article) articles.push(result.article);
      if (result.problems.length > 0) problems.push(...result.problems);
    }
  } catch (err) {
    if (lineNo === 0) {
      throw new Error(`Cannot read the library file "${absolute}" (${streamFault(err)})`, {
        cause: err,
      });
    }
    problems.push(
      problem(
        file,
        lineNo,
        "error",
        `reading stopped after this line (${streamFault(err)}); the rest of the file is missing`,
      ),
    );
  } finally {
    raw.destroy();
    input.destroy();
  }
  return { articles, problems };
}

/** What went wrong while streaming a library file, in words. */
function streamFault(err: unknown): string {
  const code = errorCode(err);
  return code.startsWith("Z_") ? `damaged or not gzip data: ${code}` : code;
}

/**
 * Splits a byte stream into lines (without the line break). Working on bytes is several
 * times faster than `readline` for long lines, and only one line is ever decoded at a time.
 */
async function* readLines(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  for await (const chunk of input) {
    let start = 0;
    let newline = chunk.indexOf(10);
    while (newline !== -1) {
      if (pending.length > 0) {
        pending.push(chunk.subarray(start, newline));
        yield Buffer.concat(pending);
        pending = [];
      } else {
        yield chunk.subarray(start, newline);
      }
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield Buffer.concat(pending);
}

/* ------------------------------------------------------------------------------------------ */
/* Shared                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** Keeps the first article of each id (in the given order); the others become errors. */
function dropDuplicateIds(articles: Article[], problems: ContentProblem[]): Article[] {
  const firstPath = new Map<string, string>();
  const kept: Article[] = [];
  for (const article of articles) {
    const earlier = firstPath.get(article.id);
    if (earlier === undefined) {
      firstPath.set(article.id, article.path);
      kept.push(article);
      continue;
    }
    const [file, line] = splitPath(article.path);
    problems.push(
      problem(file, line, "error", `duplicate article id "${article.id}" (also ${earlier}); skipped`),
    );
  }
  return kept;
}

function splitPath(articlePath: string): [string, number | null] {
  const match = /^(.*)#(\d+)$/.exec(articlePath);
  return match?.[1] !== undefined ? [match[1], Number(match[2])] : [articlePath, null];
}

function sortProblems(problems: ContentProblem[]): ContentProblem[] {
  return problems
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      if (a.item.file !== b.item.file) return a.item.file < b.item.file ? -1 : 1;
      const lineDiff = (a.item.line ?? 0) - (b.item.line ?? 0);
      return lineDiff !== 0 ? lineDiff : a.index - b.index;
    })
    .map(({ item }) => item);
}
