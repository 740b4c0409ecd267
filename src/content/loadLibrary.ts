/**
 * Reads the article library from disk. This is the only module that touches the file
 * system for articles: everything else works on the `Article` values it returns.
 *
 * A source is either a content folder (walked recursively for `.txt` and `.md` files), a
 * single article file, or a library file (`.jsonl` or `.jsonl.gz`, one article a line).
 * Faults in one file never stop the others loading; they become ContentProblems. Only a
 * source that cannot be read at all throws, so callers can keep their previous library.
 */
import { constants } from "node:fs";
import { open, readdir, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { GzipDataError, GzipMembers } from "./gzipMembers.ts";
import type { Article, ContentProblem } from "../core/types.ts";
import { RECENT_CHANGE_MS, isInside, sha256OfFile } from "./contentStamps.ts";
import { isLibraryFile } from "./sourceKind.ts";
import {
  MARKDOWN_EXTENSIONS,
  TEXT_EXTENSIONS,
  isArticlePath,
  parseArticle,
  parseLibraryRecord,
  problem,
  type ParseResult,
} from "../core/parseArticle.ts";

/** Article files larger than this are skipped (5 MB). */
export const MAX_ARTICLE_FILE_BYTES = 5 * 1024 * 1024;

/**
 * A gzip library file may unpack to at most this many times its own size. News text
 * packs about 3 to 1 (the 26,569-article library: 82 MB to 226 MB) and the most repetitive
 * real text about 10 to 1; a file packing 1,000 to 1 is a "zip bomb" or damaged.
 */
export const MAX_GZIP_RATIO = 50;
/** Below this many unpacked bytes (32 MB) a library file is read whatever its ratio. */
export const MIN_UNPACKED_BYTES_LIMIT = 32 * 1024 * 1024;
/**
 * A library file whose first this many lines are all bad and hold no article is not a
 * library file: reading stops there instead of listing millions of faults.
 */
export const MAX_BAD_LINES_WITHOUT_ARTICLE = 1000;
/**
 * Problems listed for one file; the rest are counted in one more line, so a file of
 * 45 million bad lines costs no more memory than one of 20.
 */
export const MAX_PROBLEMS_PER_FILE = 20;
/** Bytes read (and unpacked) at a time from a library file, so no read blocks for long. */
const LIBRARY_CHUNK_BYTES = 256 * 1024;

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

export { isLibraryFile };

/** Names never read as articles: folder read-me files. */
function isReadme(name: string): boolean {
  return /^readme\.(?:md|markdown|txt)$/i.test(name);
}

/** The extensions of article files, for messages. */
const ARTICLE_EXTENSIONS = [...TEXT_EXTENSIONS, ...MARKDOWN_EXTENSIONS].join(", ");

/**
 * Why a file of a content folder is not read (hidden and draft files aside, which are left
 * out on purpose): a read-me file, or a file of another kind.
 */
function whyNotRead(name: string): string {
  return isReadme(name)
    ? "a read-me file, not an article; skipped"
    : `not an article file (${ARTICLE_EXTENSIONS}) or library file (.jsonl, .jsonl.gz); skipped`;
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
  const read = await readContentUnits(source, options);
  const combined = combineUnits(read.units as ReadUnit<Article>[], read.problems);
  return { ...combined, source: read.source };
}

/** What identifies an article in a library's order: its id and its path. */
export interface ArticleKey {
  id: string;
  path: string;
}

/**
 * A file of the content as a reload remembers it, so an unchanged file is not read again:
 * what it held (the articles' ids and paths) and the problems it had.
 */
export interface RememberedUnit {
  fingerprint: FileFingerprint;
  /** A hash of the articles the file held, so a file read again unchanged is seen as such. */
  digest: string;
  articles: readonly ArticleKey[];
  problems: readonly ContentProblem[];
}

/** One file of the content (an article file or a library file), read now or remembered. */
export interface ReadUnit<T extends ArticleKey = ArticleKey> {
  /** Path below the content folder, or the file's name for a file source. */
  rel: string;
  fingerprint: FileFingerprint;
  /** Full articles when the file was read now; the remembered keys otherwise. */
  articles: T[];
  problems: ContentProblem[];
  /** True when the file was read now. */
  read: boolean;
}

export interface ReadUnitsOptions extends LoadOptions {
  /** Files as remembered from an earlier read: those with the same fingerprint are not read. */
  remembered?: ReadonlyMap<string, RememberedUnit>;
}


/** What tells whether a file changed since it was read. */
export interface FileFingerprint {
  /** Device, inode, size and modification and change times. */
  stats: string;
  /** Changed within RECENT_CHANGE_MS of being looked at: its stats alone prove nothing. */
  recent: boolean;
  /** SHA-256 of the bytes, for a recent file (hashed before it was read), else null. */
  sha256: string | null;
}

function fingerprintOf(info: Stats, now: number): FileFingerprint {
  return {
    stats: `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`,
    recent: now - Math.max(info.mtimeMs, info.ctimeMs) < RECENT_CHANGE_MS,
    sha256: null,
  };
}

/**
 * The fingerprint of a file remembered as recent (its stats alone proved nothing when it
 * was read), once it no longer is: its stats now, when they are those it was read with and
 * its bytes are those it was hashed with, so later reloads compare stats only and never
 * hash it again. Null while it is still recent, or when it changed (the next reload reads
 * it). Meant for quiet moments: it hashes the whole file.
 */
export async function settledFingerprint(
  file: string,
  fingerprint: FileFingerprint,
): Promise<FileFingerprint | null> {
  if (!fingerprint.recent || fingerprint.sha256 === null) return null;
  let info: Stats;
  try {
    info = await stat(file);
  } catch {
    return null;
  }
  const now = fingerprintOf(info, Date.now());
  if (now.recent || now.stats !== fingerprint.stats) return null;
  const sha256 = await sha256OfFile(file).catch(() => null);
  if (sha256 !== fingerprint.sha256) return null;
  // Stated again after hashing: a write meanwhile shows in the stats.
  const after = await stat(file).catch(() => null);
  return after !== null && fingerprintOf(after, Date.now()).stats === now.stats ? now : null;
}

/** The fingerprint of a file about to be read: a recent one hashed first. */
async function fingerprintForRead(file: string, fingerprint: FileFingerprint): Promise<FileFingerprint> {
  if (!fingerprint.recent) return fingerprint;
  return { ...fingerprint, sha256: await sha256OfFile(file).catch(() => null) };
}

/**
 * The remembered unit for a file that has not changed, or null: the same stats (neither
 * then nor now recent), or the same bytes when it was hashed.
 */
async function rememberedFor(
  remembered: ReadonlyMap<string, RememberedUnit> | undefined,
  rel: string,
  file: string,
  fingerprint: FileFingerprint,
): Promise<ReadUnit | null> {
  const unit = remembered?.get(rel);
  if (unit === undefined) return null;
  const reuse = (now: FileFingerprint): ReadUnit => ({
    rel,
    fingerprint: now,
    articles: [...unit.articles],
    problems: [...unit.problems],
    read: false,
  });
  const before = unit.fingerprint;
  if (!fingerprint.recent && !before.recent && before.stats === fingerprint.stats) {
    return reuse(fingerprint);
  }
  if (before.sha256 === null) return null;
  const sha256 = await sha256OfFile(file).catch(() => null);
  if (sha256 !== before.sha256) return null;
  return reuse({ ...fingerprint, sha256: fingerprint.recent ? sha256 : null });
}

/**
 * Reads the content file by file: every unit (article or library file) with its articles
 * and problems, in the order the folder walk meets them, plus the problems of the walk
 * itself. Files whose fingerprint matches `remembered` are not read again. Throws only when
 * the source itself cannot be read.
 */
export async function readContentUnits(
  source: string,
  options: ReadUnitsOptions = {},
): Promise<{ units: ReadUnit[]; problems: ContentProblem[]; source: string }> {
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
  if (!info.isDirectory() && !info.isFile()) {
    throw new Error(
      `Cannot read the article library at "${source}": it is ${describeKind(info)}, not a folder or a file`,
    );
  }
  if (info.isDirectory()) {
    const folder = await readFolderUnits(absolute, source, maxBytes, options.remembered);
    return { ...folder, source: absolute };
  }
  const name = path.basename(absolute);
  const seen = fingerprintOf(info, Date.now());
  const kept = await rememberedFor(options.remembered, name, absolute, seen);
  if (kept !== null) return { units: [kept], problems: [], source: absolute };
  const fingerprint = await fingerprintForRead(absolute, seen);
  let loaded: { articles: Article[]; problems: ContentProblem[] };
  if (isLibraryFile(absolute)) {
    loaded = await loadLibraryFile(absolute, name, maxBytes, null, true);
  } else if (isArticlePath(absolute)) {
    const result = await loadArticleFile(absolute, name, options);
    loaded = { articles: result.article ? [result.article] : [], problems: result.problems };
  } else {
    throw new Error(
      `Cannot read the article library at "${source}": expected a folder, a .txt or .md article, or a .jsonl(.gz) library file`,
    );
  }
  return { units: [{ rel: name, fingerprint, ...loaded, read: true }], problems: [], source: absolute };
}

/**
 * The library's articles from its units: in path order (a library file's in line order),
 * the first of each id kept (the others become problems), and every problem sorted by file
 * and line. The same for units read now and remembered ones, so a reload that reads only
 * the changed files orders the library as a full read does.
 */
export function combineUnits<T extends ArticleKey>(
  units: readonly ReadUnit<T>[],
  walkProblems: readonly ContentProblem[],
): { articles: T[]; problems: ContentProblem[] } {
  const articles: T[] = [];
  const problems: ContentProblem[] = [...walkProblems];
  // A unit's articles share its path and come in line order, so sorting the units by path
  // sorts the articles, without comparing the articles one by one.
  const sorted = units.length > 1 ? [...units].sort(byRel) : units;
  // One by one: a library file can hold more articles than a call has room for arguments.
  for (const unit of sorted) {
    for (const article of unit.articles) articles.push(article);
    for (const problem of unit.problems) problems.push(problem);
  }
  const kept = dropDuplicateIds(articles, problems);
  return { articles: kept, problems: sortProblems(problems) };
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
  expected: FileIdentity | null = null,
): Promise<ParseResult> {
  const maxBytes = options.maxFileBytes ?? MAX_ARTICLE_FILE_BYTES;
  const skip = (message: string, line: number | null = null): ParseResult => ({
    article: null,
    problems: [problem(relPath, line, "error", `${message}; skipped`)],
  });
  let bytes: Buffer;
  try {
    const opened = await openRegularFile(absPath, expected);
    if (typeof opened === "string") return skip(opened);
    const handle = opened.handle;
    try {
      const { size } = opened.info;
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
  const utf16 = utf16Encoding(bytes);
  if (utf16 !== null) {
    try {
      return parseArticle(new TextDecoder(utf16, { fatal: true }).decode(bytes), relPath);
    } catch {
      return skip("the file is not valid UTF-16 text (save it as UTF-8)");
    }
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

/** Device and inode of a file, as the folder walk saw it. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** Opened without following a final symbolic link, and never blocking on a FIFO. */
const SAFE_OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Opens a file for reading and checks the open handle itself: it must be a regular file
 * and, when the folder walk saw it, the same file (device and inode) the walk saw. A file
 * replaced by a symbolic link (or anything else) between the walk and the read is
 * refused, so no outside file is ever served. Returns why when the file is refused.
 */
async function openRegularFile(
  absPath: string,
  expected: FileIdentity | null,
): Promise<{ handle: FileHandle; info: Stats } | string> {
  let handle: FileHandle;
  try {
    handle = await open(absPath, expected === null ? SAFE_OPEN_FLAGS & ~constants.O_NOFOLLOW : SAFE_OPEN_FLAGS);
  } catch (err) {
    if (errorCode(err) === "ELOOP") return "the file was replaced by a symbolic link while loading";
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      return `it is ${describeKind(info)}, not a regular file`;
    }
    if (expected !== null && (info.dev !== expected.dev || info.ino !== expected.ino)) {
      await handle.close();
      return "the file was replaced by another while loading";
    }
    return { handle, info };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** "a FIFO", "a device"...: what a path that is neither a folder nor a file names. */
function describeKind(info: Stats): string {
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  if (info.isSymbolicLink()) return "a symbolic link";
  if (info.isDirectory()) return "a folder";
  return "not a regular file";
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** Bytes looked at to tell UTF-16 text without a byte order mark. */
const UTF16_SNIFF_BYTES = 512;

/**
 * "utf-16le" or "utf-16be" for UTF-16 text (what Windows tools save as "Unicode"): one
 * starting with a byte order mark, or text whose every other byte is a zero byte, as
 * UTF-16 makes of Latin letters; null for anything else.
 */
export function utf16Encoding(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  const length = Math.min(bytes.length, UTF16_SNIFF_BYTES) & ~1;
  if (length < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = length / 2;
  if (zeroOdd >= pairs / 2 && zeroEven === 0) return "utf-16le";
  if (zeroEven >= pairs / 2 && zeroOdd === 0) return "utf-16be";
  return null;
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

interface Candidate extends FileIdentity {
  rel: string;
  /** Where to open it: the real path, so no link is followed when it is read. */
  real: string;
  /** A `.jsonl(.gz)` library file rather than one article. */
  isLibrary: boolean;
  fingerprint: FileFingerprint;
}

/** How many files are read at once. */
const READ_CONCURRENCY = 16;

const UTF8_NAME = new TextDecoder("utf-8", { fatal: true });

/** A folder entry's name as text, or null when the name is not valid UTF-8. */
function decodeName(name: Buffer): string | null {
  try {
    return UTF8_NAME.decode(name);
  } catch {
    return null;
  }
}

/**
 * Files of a content folder that are read: articles (`.txt`, `.md`) and library files
 * (`.jsonl`, `.jsonl.gz`, loaded as they would be on their own, their articles' paths
 * starting with the file's path in the folder). Read-me files are not (the walk says so).
 */
function isContentFile(name: string): boolean {
  return !isReadme(name) && (isArticlePath(name) || isLibraryFile(name));
}

async function readFolderUnits(
  absolute: string,
  shownSource: string,
  maxBytes: number,
  remembered: ReadonlyMap<string, RememberedUnit> | undefined,
): Promise<{ units: ReadUnit[]; problems: ContentProblem[] }> {
  const now = Date.now();
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

  const walk = async (dirReal: string, relDir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dirReal, { withFileTypes: true, encoding: "buffer" });
    } catch (err) {
      problems.push(
        problem(relDir, null, "error", `the folder cannot be read (${errorCode(err)}); skipped`),
      );
      return;
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const entry of entries) {
      const name = decodeName(entry.name);
      if (name === null) {
        const shown = entry.name.toString("utf8");
        if (isSkippedName(shown)) continue;
        const rel = relDir === "" ? shown : `${relDir}/${shown}`;
        if (entry.isDirectory() || isContentFile(shown)) {
          problems.push(
            problem(rel, null, "error", "the name is not valid UTF-8 text (rename it); skipped"),
          );
        }
        continue;
      }
      if (isSkippedName(name)) continue;
      const rel = relDir === "" ? name : `${relDir}/${name}`;
      const abs = path.join(dirReal, name);
      let real = abs;
      let info: Stats;
      try {
        info = await stat(abs);
        if (entry.isSymbolicLink()) real = await realpath(abs);
      } catch (err) {
        if (entry.isSymbolicLink()) {
          const why =
            errorCode(err) === "ELOOP"
              ? "symbolic link loop (the links lead back to each other); ignored"
              : "broken symbolic link; ignored";
          problems.push(problem(rel, null, "warning", why));
        }
        continue;
      }
      if (entry.isSymbolicLink() && !isInside(rootReal, real)) {
        problems.push(
          problem(rel, null, "warning", "symbolic link points outside the content folder; ignored"),
        );
        continue;
      }
      if (info.isDirectory()) {
        if (seenDirs.has(real)) continue; // a link back into a folder already read
        seenDirs.add(real);
        await walk(real, rel);
      } else if (!info.isFile() && isContentFile(name)) {
        problems.push(problem(rel, null, "warning", `it is ${describeKind(info)}, not a regular file; ignored`));
      } else if (isContentFile(name)) {
        const earlier = seenFiles.get(real);
        if (earlier !== undefined) {
          problems.push(problem(rel, null, "warning", `same file as ${earlier}; ignored`));
          continue;
        }
        seenFiles.set(real, rel);
        candidates.push({
          rel,
          real,
          dev: info.dev,
          ino: info.ino,
          isLibrary: isLibraryFile(name),
          fingerprint: fingerprintOf(info, now),
        });
      } else if (info.isFile()) {
        problems.push(problem(rel, null, "warning", whyNotRead(name)));
      }
    }
  };
  await walk(rootReal, "");

  const units = await mapLimited(candidates, READ_CONCURRENCY, async (candidate): Promise<ReadUnit> => {
    const kept = await rememberedFor(remembered, candidate.rel, candidate.real, candidate.fingerprint);
    if (kept !== null) return kept;
    const fingerprint = await fingerprintForRead(candidate.real, candidate.fingerprint);
    const loaded = candidate.isLibrary
      ? await loadLibraryFile(candidate.real, candidate.rel, maxBytes, candidate, false)
      : await loadArticleFile(candidate.real, candidate.rel, { maxFileBytes: maxBytes }, candidate).then(
          (result) => ({ articles: result.article ? [result.article] : [], problems: result.problems }),
        );
    return { rel: candidate.rel, fingerprint, ...loaded, read: true };
  });
  return { units, problems };
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
 * Problems of one file: the first MAX_PROBLEMS_PER_FILE kept, the others only counted, so
 * a file of millions of bad lines costs no more memory than one of twenty.
 */
class FileProblems {
  readonly kept: ContentProblem[] = [];
  private more = 0;
  private moreErrors = 0;

  constructor(private readonly file: string) {}

  /** Adds a problem; `always` lists it even past the limit (why reading stopped). */
  add(item: ContentProblem, always = false): void {
    if (always || this.kept.length < MAX_PROBLEMS_PER_FILE) {
      this.kept.push(item);
      return;
    }
    this.more++;
    if (item.severity === "error") this.moreErrors++;
  }

  /** The kept problems, and one line counting the others. */
  list(): ContentProblem[] {
    if (this.more === 0) return this.kept;
    const severity = this.moreErrors > 0 ? "error" : "warning";
    const what = this.moreErrors > 0 ? `${this.moreErrors} of them errors` : "all warnings";
    return [
      ...this.kept,
      problem(this.file, null, severity, `and ${this.more} more problems (${what}), not listed`),
    ];
  }
}

/** Why reading a library file stopped early: a message for its last problem. */
class StopReading extends Error {}

/**
 * Cuts a byte stream into lines without ever holding more than `maxLineBytes` of one
 * line: a longer line is reported (as null) by its number only, however long it is.
 * Blank lines cost a counter increment, so a file of 200 million newlines is one pass.
 */
class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private oversized = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: (line: Buffer | null) => void,
    private readonly onBlankLines: (count: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      if (chunk[start] === NEWLINE && this.pendingBytes === 0 && !this.oversized) {
        // A run of blank lines: counted in a tight loop, not one call each.
        let end = start;
        while (end < chunk.length && chunk[end] === NEWLINE) end++;
        this.onBlankLines(end - start);
        start = end;
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      this.take(chunk.subarray(start, newline));
      this.endLine();
      start = newline + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start));
  }

  /** Ends the last line (one without a final line break). */
  finish(): void {
    if (this.pendingBytes > 0 || this.oversized) this.endLine();
  }

  private take(part: Buffer): void {
    if (this.oversized || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      this.oversized = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private endLine(): void {
    let line: Buffer | null;
    if (this.oversized) line = null;
    else if (this.pending.length === 1) line = this.pending[0] ?? EMPTY;
    else line = this.pending.length === 0 ? EMPTY : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.oversized = false;
    this.onLine(line);
  }
}

const EMPTY = Buffer.alloc(0);
const NEWLINE = 10;
const UTF8_LINE = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads the records of a library file, one line at a time: each line is parsed as soon
 * as it is complete, and only the articles and (a bounded number of) problems are kept.
 */
class RecordReader {
  readonly articles: Article[] = [];
  readonly problems: FileProblems;
  lineNo = 0;
  private badLines = 0;

  constructor(
    private readonly file: string,
    private readonly maxLineBytes: number,
  ) {
    this.problems = new FileProblems(file);
  }

  readonly onBlankLines = (count: number): void => {
    this.lineNo += count;
  };

  /** Takes one line (null: longer than the limit). Throws StopReading when it is hopeless. */
  readonly onLine = (bytes: Buffer | null): void => {
    this.lineNo++;
    if (bytes !== null && bytes.length === 0) return;
    const ok = this.readRecord(bytes);
    if (!ok) this.badLines++;
    if (this.articles.length === 0 && this.badLines >= MAX_BAD_LINES_WITHOUT_ARTICLE) {
      throw new StopReading(
        `the first ${MAX_BAD_LINES_WITHOUT_ARTICLE} lines hold no article: this is not a library file; skipped`,
      );
    }
  };

  private error(message: string): false {
    this.problems.add(problem(this.file, this.lineNo, "error", message));
    return false;
  }

  /** Parses one line; false when it gave no article. */
  private readRecord(bytes: Buffer | null): boolean {
    if (bytes === null) {
      return this.error(`the line is too large (over ${formatBytes(this.maxLineBytes)}); skipped`);
    }
    let line: string;
    try {
      line = UTF8_LINE.decode(bytes);
    } catch {
      return this.error("the line is not UTF-8 text (save the file as UTF-8); skipped");
    }
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === "") return true;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return this.error(`not valid JSON (${reason}); skipped`);
    }
    const result = parseLibraryRecord(value, this.file, this.lineNo);
    for (const item of result.problems) this.problems.add(item);
    if (result.article) this.articles.push(result.article);
    return result.article !== null;
  }
}

/**
 * Streams a library file line by line (gunzipping `.gz` on the fly), so the whole file
 * never sits in memory at once. Bad lines become problems (at most
 * MAX_PROBLEMS_PER_FILE listed); the others still load. A gzip file unpacking to more
 * than MAX_GZIP_RATIO times its size, or one whose first lines hold nothing but faults,
 * is read no further, with a problem saying why. Bytes after the gzip data (which `gzip -d`
 * ignores too) are skipped with one warning. `file` names it in problems and in its
 * articles' paths; `throwIfUnreadable` (for a library file given as the source) throws
 * when not even its first line can be read, instead of reporting a problem.
 */
async function loadLibraryFile(
  absolute: string,
  file: string,
  maxLineBytes: number,
  expected: FileIdentity | null,
  throwIfUnreadable: boolean,
): Promise<{ articles: Article[]; problems: ContentProblem[] }> {
  const reader = new RecordReader(file, maxLineBytes);
  const fail = (message: string): { articles: Article[]; problems: ContentProblem[] } => {
    if (throwIfUnreadable) throw new Error(`Cannot read the library file "${absolute}" (${message})`);
    return { articles: [], problems: [problem(file, null, "error", `${message}; skipped`)] };
  };
  let opened;
  try {
    opened = await openRegularFile(absolute, expected);
  } catch (err) {
    return fail(`the file cannot be read (${errorCode(err)})`);
  }
  if (typeof opened === "string") return fail(opened);
  const { handle, info } = opened;
  const raw = handle.createReadStream({ highWaterMark: LIBRARY_CHUNK_BYTES });
  const gzipped = /\.gz$/i.test(absolute);
  const gzip = gzipped ? new GzipMembers(raw, LIBRARY_CHUNK_BYTES) : null;
  const input = asUtf8(gzip === null ? raw : gzip.chunks());
  const unpackedLimit = Math.max(MIN_UNPACKED_BYTES_LIMIT, MAX_GZIP_RATIO * info.size);
  const splitter = new LineSplitter(maxLineBytes, reader.onLine, reader.onBlankLines);
  let unpacked = 0;
  try {
    for await (const chunk of input) {
      unpacked += chunk.length;
      if (gzipped && unpacked > unpackedLimit) {
        throw new StopReading(
          `the file unpacks to more than ${formatBytes(unpackedLimit)} (over ${MAX_GZIP_RATIO} times its size of ${formatBytes(info.size)}): damaged or a "zip bomb"; the rest of the file is skipped`,
        );
      }
      splitter.push(chunk);
    }
    splitter.finish();
    if (gzip !== null && gzip.trailingBytes > 0) {
      reader.problems.add(trailingDataProblem(file, gzip.trailingBytes), true);
    }
  } catch (err) {
    if (err instanceof StopReading) {
      const line = reader.lineNo === 0 ? null : reader.lineNo;
      reader.problems.add(problem(file, line, "error", `reading stopped: ${err.message}`), true);
    } else if (reader.lineNo === 0) {
      return fail(streamFault(err));
    } else {
      reader.problems.add(
        problem(
          file,
          reader.lineNo,
          "error",
          `reading stopped after this line (${streamFault(err)}); the rest of the file is missing`,
        ),
        true,
      );
    }
  } finally {
    raw.destroy();
    await handle.close().catch(() => undefined);
  }
  return { articles: reader.articles, problems: reader.problems.list() };
}

/**
 * The bytes of a library file as UTF-8: UTF-16 text (which Windows tools save, PowerShell's
 * `>` among them) is turned into UTF-8 as it streams; anything else passes as it is.
 */
async function* asUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  let first = true;
  for await (const chunk of chunks) {
    if (first) {
      first = false;
      const encoding = utf16Encoding(chunk);
      if (encoding !== null) decoder = new TextDecoder(encoding);
    }
    yield decoder === null ? chunk : Buffer.from(decoder.decode(chunk, { stream: true }));
  }
  const rest = decoder?.decode() ?? "";
  if (rest !== "") yield Buffer.from(rest);
}

/** Bytes after the gzip data, which `gzip -d` also ignores (as "trailing garbage"). */
function trailingDataProblem(file: string, bytes: number): ContentProblem {
  const what = bytes === 1 ? "1 byte" : `${bytes.toLocaleString("en-US")} bytes`;
  return problem(
    file,
    null,
    "warning",
    `${what} of trailing data after the gzip data ignored (every article before them was read)`,
  );
}

/** What went wrong while streaming a library file, in words. */
function streamFault(err: unknown): string {
  const code = errorCode(err);
  if (code === "Z_BUF_ERROR" || (err instanceof GzipDataError && err.cutShort)) {
    return "the gzip data ends early: the file is cut short, or was still being written";
  }
  if (err instanceof GzipDataError) return `damaged or not gzip data: ${err.message}`;
  if (!code.startsWith("Z_")) return code;
  const detail = err instanceof Error && err.message !== code ? ` (${err.message})` : "";
  return `damaged or not gzip data: ${code}${detail}`;
}

/* ------------------------------------------------------------------------------------------ */
/* Shared                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** Keeps the first article of each id (in the given order); the others become errors. */
function dropDuplicateIds<T extends ArticleKey>(articles: T[], problems: ContentProblem[]): T[] {
  const firstPath = new Map<string, string>();
  const kept: T[] = [];
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

/** Units in path order (the order of their articles' paths). */
function byRel(a: ReadUnit<ArticleKey>, b: ReadUnit<ArticleKey>): number {
  return a.rel === b.rel ? 0 : a.rel < b.rel ? -1 : 1;
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
