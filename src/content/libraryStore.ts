/**
 * Holds the library the bot answers from and keeps it current: reads the content source,
 * builds the search index, and rebuilds it when files change. Searches always see a complete
 * library: the old one keeps answering until a new one is built, and a failed reload keeps
 * the last good one.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { buildLibrary } from "../core/library.ts";
import type { Article, ContentProblem, Lexicon, Library } from "../core/types.ts";
import { loadLibrary } from "./loadLibrary.ts";
import type { Logger } from "../ops/logger.ts";

export interface ReloadResult {
  articleCount: number;
  problems: ContentProblem[];
  /** False when the source could not be read at all and the previous library was kept. */
  ok: boolean;
}

export interface LibraryStore {
  /** The library searches use right now. */
  readonly current: Library;
  /** True while a new library is being read or built. */
  readonly reloading: boolean;
  /** Problems found by the last reload. */
  readonly problems: readonly ContentProblem[];
  /** Reads the source again and swaps in the new library. Concurrent calls share one reload. */
  reload(): Promise<ReloadResult>;
  /** Starts watching the source; changes trigger a reload after a short quiet period. */
  watch(): void;
  /** Stops watching and waits for a running reload to finish. */
  close(): Promise<void>;
}

export interface LibraryStoreOptions {
  source: string;
  logger: Logger;
  /** Quiet period after a file event before reloading, in ms (default 300). */
  debounceMs?: number;
  /** Defaults to the real loader and index builder; tests may pass their own. */
  load?: (source: string) => Promise<{ articles: Article[]; problems: ContentProblem[] }>;
  build?: (articles: readonly Article[]) => Library;
  /** Word relations every library built by the default builder expands questions with. */
  lexicon?: Lexicon;
  /** Called after every load, the first one included (for metrics). */
  onReload?: (result: ReloadResult) => void;
  /** How often the content folder itself is checked for being moved or replaced, in ms. */
  folderCheckMs?: number;
}

/** Identifies a folder on disk: a folder moved away and back, or replaced, is another one. */
async function folderIdentity(folder: string): Promise<string | null> {
  try {
    const info = await stat(folder);
    return `${info.dev}:${info.ino}`;
  } catch {
    return null;
  }
}

function summarise(problems: readonly ContentProblem[]): string[] {
  return problems.map(
    (problem) =>
      `${problem.severity}: ${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`,
  );
}

/**
 * Articles of the previous library whose file is broken now: a file that fails to parse
 * (often because it is being written) keeps its last good version instead of vanishing.
 */
function keptArticles(
  previous: readonly Article[],
  fresh: readonly Article[],
  problems: readonly ContentProblem[],
): Article[] {
  const broken = new Set(
    problems.filter((problem) => problem.severity === "error").map((problem) => problem.file),
  );
  if (broken.size === 0) return [];
  const freshIds = new Set(fresh.map((article) => article.id));
  return previous.filter((article) => {
    if (freshIds.has(article.id)) return false;
    const file = article.path.split("#")[0] ?? article.path;
    return broken.has(article.path) || (!article.path.includes("#") && broken.has(file));
  });
}

/** Creates the store and loads the library once. A source that cannot be read starts it empty. */
export async function createLibraryStore(options: LibraryStoreOptions): Promise<LibraryStore> {
  const { source, logger } = options;
  const load = options.load ?? loadLibrary;
  const lexicon = options.lexicon;
  const build =
    options.build ?? ((articles: readonly Article[]) => buildLibrary(articles, { lexicon }));
  const debounceMs = options.debounceMs ?? 300;

  let current = build([]);
  let problems: ContentProblem[] = [];
  let running: Promise<ReloadResult> | null = null;
  let again = false;
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let folderCheck: NodeJS.Timeout | null = null;
  let watchedFolder: string | null = null;
  let closed = false;

  async function reloadOnce(): Promise<ReloadResult> {
    const result = await readAndBuild();
    try {
      options.onReload?.(result);
    } catch (err) {
      logger.error("reload listener failed", { err });
    }
    return result;
  }

  async function readAndBuild(): Promise<ReloadResult> {
    const started = performance.now();
    let loaded: { articles: Article[]; problems: ContentProblem[] };
    try {
      loaded = await load(source);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.error("library reload failed; still serving the previous library", {
        source,
        err,
        articles: current.articles.length,
      });
      return {
        articleCount: current.articles.length,
        problems: [{ file: source, line: null, severity: "error", message }],
        ok: false,
      };
    }
    const kept = keptArticles(current.articles, loaded.articles, loaded.problems);
    let next: Library;
    try {
      next = build([...loaded.articles, ...kept]);
    } catch (err) {
      logger.error("building the search index failed; still serving the previous library", {
        source,
        err,
      });
      return {
        articleCount: current.articles.length,
        problems: [
          {
            file: source,
            line: null,
            severity: "error",
            message: `The search index could not be built: ${err instanceof Error ? err.message : String(err)}`,
          },
        ],
        ok: false,
      };
    }
    current = next;
    problems = loaded.problems;
    const level = problems.some((problem) => problem.severity === "error") ? "warn" : "info";
    logger.log(level, "library loaded", {
      source,
      articles: next.articles.length,
      passages: next.passageCount,
      keptFromBefore: kept.length,
      problems: summarise(problems),
      ms: Math.round(performance.now() - started),
    });
    return { articleCount: next.articles.length, problems, ok: true };
  }

  function reload(): Promise<ReloadResult> {
    if (running) {
      // A change arrived mid-reload: read once more after this one so it is not missed.
      again = true;
      return running;
    }
    running = (async () => {
      try {
        let result = await reloadOnce();
        while (again && !closed) {
          again = false;
          result = await reloadOnce();
        }
        return result;
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function schedule(): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      reload().catch((err: unknown) => logger.error("library reload crashed", { err }));
    }, debounceMs);
  }

  function startWatching(): void {
    if (watcher || closed) return;
    watcher = watchFolder(path.resolve(source));
    void folderIdentity(path.resolve(source)).then((identity) => (watchedFolder = identity));
    folderCheck = setInterval(() => void rewatchIfFolderReplaced(), options.folderCheckMs ?? 2000);
    folderCheck.unref();
  }

  function watchFolder(absolute: string): FSWatcher {
    const folderWatcher = watch(absolute, {
      ignoreInitial: true,
      persistent: true,
      // Skip hidden files and editors' temporary files.
      ignored: (file: string) => {
        const name = path.basename(file);
        return file !== absolute && (name.startsWith(".") || name.endsWith("~"));
      },
    });
    folderWatcher.on("all", (event, file) => {
      logger.debug("content changed", { event, file });
      schedule();
    });
    folderWatcher.on("error", (err) => logger.error("watching the content failed", { err }));
    return folderWatcher;
  }

  /**
   * File events stop when the content folder itself is moved away and back, or replaced
   * (as deploy tools do): watch the folder that is there now, and read it again.
   */
  async function rewatchIfFolderReplaced(): Promise<void> {
    const absolute = path.resolve(source);
    const identity = await folderIdentity(absolute);
    if (closed || !watcher || identity === watchedFolder) return;
    watchedFolder = identity;
    logger.info("content folder moved or replaced; watching it again", { source });
    const previous = watcher;
    watcher = watchFolder(absolute);
    await previous.close();
    schedule();
  }

  const first = await reload();
  if (!first.ok) logger.warn("starting with an empty library", { source });

  return {
    get current() {
      return current;
    },
    get reloading() {
      return running !== null;
    },
    get problems() {
      return problems;
    },
    reload,
    watch: startWatching,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (folderCheck) clearInterval(folderCheck);
      timer = null;
      folderCheck = null;
      const closing = watcher?.close();
      watcher = null;
      await closing;
      await running?.catch(() => undefined);
    },
  };
}
