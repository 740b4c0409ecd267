/**
 * The library build, run in a worker thread so the bot keeps answering meanwhile: reads the
 * content (or the saved index, when the content has not changed since it was saved), builds
 * the search index, saves it for the next start, and hands the articles and the index to
 * the main thread (the index's buffers transferred, not copied).
 *
 * One worker serves the builds of one library store, one after another. The conversation
 * of a build, in order:
 *   main → `build` → worker → `loaded` (the problems found) → main answers `kept` (previous
 *   articles of files that are broken now) → worker → `done` (the articles as JSON lines and
 *   the packed index, their buffers transferred).
 * A source that cannot be read at all ends with `load-failed` instead.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { stat } from "node:fs/promises";
import { isMainThread, parentPort, workerData, type MessagePort } from "node:worker_threads";
import { rankingSettings } from "../core/settings.ts";
import { buildPassageIndex, type PassageIndex } from "../core/passageIndex.ts";
import type { Article, ContentProblem } from "../core/types.ts";
import { describeChanges, hashedPaths, stampContent, type FileStamp } from "./contentStamps.ts";
import { countArticleLines, decodeArticleLines, encodeArticleLines } from "./articleLines.ts";
import { checkPackedIndex, packIndex, type PackedIndex } from "./indexCodec.ts";
import { loadLibrary } from "./loadLibrary.ts";
import { readSavedLibrary, writeSavedLibrary, type SavedLibrary } from "./savedIndex.ts";

/** What the main thread asks the worker to build. */
export interface BuildRequest {
  /** The content folder or library file. */
  source: string;
  /** Settings that shape the index (passed to the index build, and part of the saved key). */
  settings: Readonly<Record<string, number>>;
  /** Whether to read and write the saved index. */
  saveIndex: boolean;
  /** Where the saved index goes when it cannot sit next to the content; null for nowhere. */
  dataDir: string | null;
}

export type LogLevel = "error" | "warn" | "info" | "debug";

/** Messages from the worker. */
export type WorkerMessage =
  | { type: "log"; level: LogLevel; message: string; meta: Record<string, unknown> }
  | { type: "load-failed"; message: string }
  | { type: "loaded"; problems: ContentProblem[] }
  | {
      type: "done";
      /** The content's articles as JSON lines (see articleLines.ts). */
      articleLines: ArrayBuffer;
      index: PackedIndex;
      /** Ids of the kept articles that made it in (those the fresh content lacks). */
      keptIds: string[];
      /** Whether the index was read back from disk or built. */
      from: "saved" | "built";
    };

/** Messages to the worker: a build to run, and the answer to its `loaded`. */
export type ToWorker =
  | { type: "build"; request: BuildRequest }
  | {
      type: "kept";
      /** Previous articles of files that are broken now, to keep until they are fixed. */
      articles: Article[];
    };

/** The index build, with ranking settings replaced by name (unknown names throw). */
function buildIndex(
  articles: readonly Article[],
  settings?: Readonly<Record<string, number>>,
): PassageIndex {
  return buildPassageIndex(articles, rankingSettings(settings));
}

/** Where a source's saved index is kept: beside it, or under the data folder as a fallback. */
export async function savedIndexPlaces(
  source: string,
  dataDir: string | null,
): Promise<{ beside: string; fallback: string | null }> {
  const absolute = path.resolve(source);
  let isFolder = false;
  try {
    isFolder = (await stat(absolute)).isDirectory();
  } catch {
    // A missing source has no saved index to read; the load reports it.
  }
  const beside = isFolder
    ? path.join(absolute, ".citebot-index", "library.index")
    : path.join(path.dirname(absolute), `.${path.basename(absolute)}.citebot-index`);
  const key = createHash("sha256").update(absolute).digest("hex").slice(0, 16);
  const fallback =
    dataDir === null ? null : path.join(path.resolve(dataDir), `library-${key}.citebot-index`);
  return { beside, fallback };
}

function sameSettings(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

class Build {
  constructor(
    private readonly port: MessagePort,
    private readonly request: BuildRequest,
    private readonly keptArticles: () => Promise<Article[]>,
  ) {}

  private send(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
  }

  private log(level: LogLevel, message: string, meta: Record<string, unknown> = {}): void {
    this.send({ type: "log", level, message, meta: { source: this.request.source, ...meta } });
  }

  async run(): Promise<void> {
    const { source, saveIndex } = this.request;
    const places = saveIndex ? await savedIndexPlaces(source, this.request.dataDir) : null;
    const saved = places ? await this.readSaved([places.beside, places.fallback]) : null;

    let articles: Article[] | null = null;
    let problems: ContentProblem[];
    let stamps: FileStamp[] | null = null;
    if (saved) {
      problems = saved.problems;
    } else {
      // Stamped before reading: a file changed during the read makes the saved copy stale.
      stamps = saveIndex ? await stampContent(source).catch(() => null) : null;
      try {
        ({ articles, problems } = await loadLibrary(source));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.send({ type: "load-failed", message });
        return;
      }
    }

    this.send({ type: "loaded", problems });
    const candidates = await this.keptArticles();
    if (saved && candidates.length === 0) {
      // The saved copy serves as it is: its articles are parsed on the main thread only.
      this.finish(saved.articleLines, saved.index, [], "saved");
      return;
    }
    articles ??= await decodeArticleLines(saved!.articleLines, () => Promise.resolve());
    const fresh = new Set(articles.map((article) => article.id));
    const kept = candidates.filter((article) => !fresh.has(article.id));
    const started = performance.now();
    const index = packIndex(buildIndex([...articles, ...kept], this.request.settings));
    this.log("debug", "search index built", { ms: Math.round(performance.now() - started) });
    const articleLines = saved?.articleLines ?? encodeArticleLines(articles);
    // Kept articles are the running bot's, not the content's: such an index is not saved.
    if (places && stamps && kept.length === 0) {
      await this.save(places, {
        stamps,
        settings: this.request.settings,
        articleLines,
        problems,
        index,
      });
    }
    this.finish(articleLines, index, kept, "built");
  }

  /** Hands the articles and the index to the main thread, their buffers transferred. */
  private finish(
    articleLines: ArrayBuffer,
    index: PackedIndex,
    kept: readonly Article[],
    from: "saved" | "built",
  ): void {
    const keptIds = kept.map((article) => article.id);
    this.send({ type: "done", articleLines, index, keptIds, from }, [
      articleLines,
      ...index.buffers,
    ]);
  }

  /** The saved library, when one is current; otherwise null, with a log line saying why. */
  private async readSaved(files: readonly (string | null)[]): Promise<SavedLibrary | null> {
    const started = performance.now();
    for (const file of files) {
      if (file === null) continue;
      const result = await readSavedLibrary(file, (found) => this.staleness(found));
      if (result.status === "missing") continue;
      if (result.status === "found") {
        const broken = checkPackedIndex(result.saved.index);
        const counted = result.saved.index.layout.find((field) => field.name === "articleCount");
        const lines = countArticleLines(result.saved.articleLines);
        if (broken === null && counted?.kind === "json" && counted.value !== lines) {
          this.log("warn", "the saved index does not match its articles; building afresh", { file });
          return null;
        }
        if (broken !== null) {
          this.log("warn", "the saved index is malformed; building afresh", { file, reason: broken });
          return null;
        }
        this.log("info", "read the saved index", {
          file,
          articles: lines,
          ms: Math.round(performance.now() - started),
        });
        return result.saved;
      }
      const why = {
        stale: "the content changed since the index was saved",
        "other-version": "the saved index is from another version",
        unreadable: "the saved index cannot be used",
      }[result.status];
      this.log(result.status === "unreadable" ? "warn" : "info", `${why}; building afresh`, {
        file,
        reason: result.reason,
      });
      return null;
    }
    this.log("info", "no saved index yet; building one", { file: files[0] });
    return null;
  }

  private async staleness(saved: {
    stamps: FileStamp[];
    settings: Readonly<Record<string, number>>;
  }): Promise<string | null> {
    if (!sameSettings(saved.settings, this.request.settings)) return "the index settings changed";
    let current: FileStamp[];
    try {
      current = await stampContent(this.request.source, hashedPaths(saved.stamps));
    } catch (err) {
      return `the content cannot be read (${err instanceof Error ? err.message : String(err)})`;
    }
    return describeChanges(saved.stamps, current);
  }

  private async save(
    places: { beside: string; fallback: string | null },
    saved: SavedLibrary,
  ): Promise<void> {
    const started = performance.now();
    for (const file of [places.beside, places.fallback]) {
      if (file === null) continue;
      try {
        await writeSavedLibrary(file, saved);
        this.log("info", "saved the search index", { file, ms: Math.round(performance.now() - started) });
        return;
      } catch (err) {
        // A content folder that cannot take it (read-only, say): the data folder then.
        if (file === places.beside && places.fallback !== null) continue;
        const hint = places.fallback === null ? " (DATA_DIR names a folder for it)" : "";
        this.log("warn", `the search index could not be saved${hint}`, { file, err: String(err) });
        return;
      }
    }
  }
}

/** Serves build requests one after another for as long as the main thread keeps it. */
function serve(port: MessagePort): void {
  let kept: ((articles: Article[]) => void) | null = null;
  port.on("message", (message: ToWorker) => {
    if (message.type === "kept") {
      kept?.(message.articles);
      kept = null;
      return;
    }
    const keptArticles = (): Promise<Article[]> => new Promise((resolve) => (kept = resolve));
    new Build(port, message.request, keptArticles).run().catch((err: unknown) => {
      // Rethrown outside the promise, so the main thread sees the worker fail with it.
      setImmediate(() => {
        throw err;
      });
    });
  });
}

/** The `workerData` a build worker is started with, so no other thread serves builds. */
export const BUILD_WORKER_ROLE = "citebot library build";

if (!isMainThread && parentPort && workerData === BUILD_WORKER_ROLE) serve(parentPort);
