/**
 * Holds the library the bot answers from and keeps it current: reads the content source,
 * builds the search index, and rebuilds it when files change. Searches always see a complete
 * library: the old one keeps answering until a new one is built, and a failed reload keeps
 * the last good one.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { buildLibrary, libraryFromIndex, updateLibrary } from "../core/library.ts";
import type { PassageIndex } from "../core/passageIndex.ts";
import type { Article, ContentProblem, Library, LibraryOptions } from "../core/types.ts";
import { BuildWorker, UnusableSavedLibrary, type WorkerBuild } from "./buildClient.ts";
import { indexSettings } from "./buildThread.ts";
import { keptArticles } from "./keptArticles.ts";
import type { Logger } from "../ops/logger.ts";

/** How the store watches its content. */
export const WATCH_SETTINGS = {
  /**
   * Quiet period after a file event before reloading, in ms: enough to gather the events of
   * one save (an editor's write and rename, a copy's few writes) into one reload, short
   * against the second in which a new article should be searchable. Events during a reload
   * are never lost: they read the content once more after it.
   */
  quietMs: 50,
  /** How often the content folder itself is checked for being moved or replaced, in ms. */
  folderCheckMs: 2_000,
} as const;

/** Lets timers, I/O and questions run before the next step of a long job. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How one reload went, before it becomes a ReloadResult. */
type BuildOutcome =
  | { status: "load-failed"; message: string; err: unknown }
  /** A check found nothing changed since the library served was read. */
  | { status: "unchanged" }
  | { status: "build-failed"; message: string; err: unknown }
  | {
      status: "built";
      library: Library;
      problems: ContentProblem[];
      kept: number;
      /** How the library came about: built, read back from the saved index, or updated. */
      how: "built" | "saved" | "updated";
      /** For an update, how many articles it took out and put in. */
      update?: { added: number; removed: number };
    };

/**
 * A reload reads the content again and swaps in the library it gives; a check does so only
 * when something changed since the library served was read. The watcher's file events
 * reload (something did change); a reload asked for (`/reload`, the console's `reload`) and
 * the watcher's first look check.
 */
type ReadKind = "reload" | "check";

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface ReloadResult {
  articleCount: number;
  problems: ContentProblem[];
  /** False when the source could not be read at all and the previous library was kept. */
  ok: boolean;
  /**
   * True when a check for changes found none: the library and its problems are those of
   * before, and nothing was loaded.
   */
  unchanged?: boolean;
}

export interface LibraryStore {
  /** The library searches use right now. */
  readonly current: Library;
  /**
   * True while a new library is being read or built after a change or on request (not during
   * the watcher's first check, which reads nothing when nothing changed).
   */
  readonly reloading: boolean;
  /** Problems found by the last reload. */
  readonly problems: readonly ContentProblem[];
  /**
   * Reads the source again and swaps in the new library; when nothing changed since the
   * library served was read, reads nothing and answers `unchanged` (the saved index is not
   * written again). Concurrent calls share one reload.
   */
  reload(): Promise<ReloadResult>;
  /**
   * Starts watching the source; changes trigger a reload after a short quiet period.
   * Resolves once the watcher is ready and has taken in what changed before it started
   * (never rejects).
   */
  watch(): Promise<void>;
  /** Stops watching and ends a running reload (a build in progress is abandoned). */
  close(): Promise<void>;
}

export interface LibraryStoreOptions {
  source: string;
  /** What the operator set the source with (`CONTENT_DIR`), for the messages about it. */
  sourceName?: string;
  logger: Logger;
  /** Quiet period after a file event before reloading, in ms (WATCH_SETTINGS.quietMs when unset). */
  debounceMs?: number;
  /**
   * Defaults to the real loader and index builder, run in a worker thread. Tests may pass
   * their own; these run on the calling thread.
   */
  load?: (source: string) => Promise<{ articles: Article[]; problems: ContentProblem[] }>;
  build?: (articles: readonly Article[]) => Library;
  /** How the library is built (its ranking settings); the default settings when unset. */
  library?: LibraryOptions;
  /**
   * Save the built index beside the content (or under `dataDir`) and read it back on the
   * next start when the content has not changed. Off by default.
   */
  saveIndex?: boolean;
  /** Where the saved index goes when the content's folder cannot be written to. */
  dataDir?: string | null;
  /** Heap limit of the build worker, in MB: a library needing more is refused. Unset: Node's default. */
  buildMemoryMb?: number;
  /** Called whenever a build in the worker moves on (see BuildWorkerOptions.onProgress). */
  onBuildProgress?: () => void;
  /**
   * Called after every load, the first one included (for metrics); not after a check that
   * found nothing changed, which loads nothing.
   */
  onReload?: (result: ReloadResult) => void;
  /** How often the content folder itself is checked for being moved or replaced, in ms. */
  folderCheckMs?: number;
}

/** Whether nothing is at `target` (as opposed to something there that cannot be read). */
async function isMissing(target: string): Promise<boolean> {
  try {
    await stat(target);
    return false;
  } catch (err) {
    return (err as { code?: unknown }).code === "ENOENT";
  }
}

/** A folder on disk: one moved away and back, or replaced, is another one. */
interface FolderIdentity {
  /** Device and inode number. */
  place: string;
  /**
   * Its time of birth, where the file system keeps one (null where it reads 0). Where Node
   * cannot ask for it (no `statx`), it reads the time of the last change instead, and a
   * change in the folder then looks like a new folder: watched anew, one reading more.
   */
  born: number | null;
}

async function folderIdentity(folder: string): Promise<FolderIdentity | null> {
  try {
    const info = await stat(folder);
    const born = info.birthtimeMs > 0 ? info.birthtimeMs : null;
    return { place: `${info.dev}:${info.ino}`, born };
  } catch {
    return null;
  }
}

/**
 * Whether two readings are of the same folder. A folder deleted and made again at once
 * often gets its inode number back: its time of birth, when both readings have one, tells
 * the two apart.
 */
function sameFolder(a: FolderIdentity | null, b: FolderIdentity | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.place !== b.place) return false;
  return a.born === null || b.born === null || a.born === b.born;
}

function summarise(problems: readonly ContentProblem[]): string[] {
  return problems.map(
    (problem) =>
      `${problem.severity}: ${problem.file}${problem.line ? `:${problem.line}` : ""}: ${problem.message}`,
  );
}

/** Creates the store and loads the library once. A source that cannot be read starts it empty. */
export async function createLibraryStore(options: LibraryStoreOptions): Promise<LibraryStore> {
  const { source, logger } = options;
  // The real loader (and the article parsers under it) is loaded only when used here.
  const load =
    options.load ??
    (async (from: string) => (await import("./loadLibrary.ts")).loadLibrary(from));
  const build =
    options.build ?? ((articles: readonly Article[]) => buildLibrary(articles, options.library));
  // Loaders and builders passed in are functions of this thread: they cannot run in a worker.
  const inThread = options.load !== undefined || options.build !== undefined;
  const settings = indexSettings(options.library?.ranking);
  const builder = new BuildWorker({
    logger,
    memoryMb: options.buildMemoryMb,
    onProgress: options.onBuildProgress,
  });
  const debounceMs = options.debounceMs ?? WATCH_SETTINGS.quietMs;

  let current = build([]);
  /** The index of `current` and its generation in the worker, when the worker built it. */
  let served: { index: PassageIndex; generation: number | null } | null = null;
  let problems: ContentProblem[] = [];
  let running: Promise<ReloadResult> | null = null;
  /** What to read once the running reload ends: nothing, a check for changes, or a reload. */
  let again: ReadKind | null = null;
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;
  let folderCheck: NodeJS.Timeout | null = null;
  let watchedFolder: FolderIdentity | null = null;
  let closed = false;
  /** Until the first load is done, when a source that cannot be read is said once, plainly. */
  let starting = true;

  async function reloadOnce(kind: ReadKind): Promise<ReloadResult> {
    const result = await readAndBuild(kind);
    if (result.unchanged === true) return result;
    try {
      options.onReload?.(result);
    } catch (err) {
      logger.error("reload listener failed", { err });
    }
    return result;
  }

  async function readAndBuild(kind: ReadKind): Promise<ReloadResult> {
    const started = performance.now();
    const outcome = inThread ? await buildInThread() : await buildInWorker(kind === "check");
    if (outcome.status === "unchanged") {
      logger.debug("content unchanged", { source, ms: Math.round(performance.now() - started) });
      return { articleCount: current.articles.length, problems, ok: true, unchanged: true };
    }
    if (outcome.status === "load-failed") {
      if (starting) {
        await reportUnreadableAtStart(outcome.message);
      } else {
        // The message says what is wrong with the source; a stack would say nothing more.
        logger.error(`library reload failed; ${stillServing()}`, {
          source,
          reason: outcome.message,
          articles: current.articles.length,
        });
      }
      return failure(outcome.message);
    }
    if (outcome.status === "build-failed") {
      if (closed) return failure(outcome.message);
      logger.error(`building the search index failed; ${stillServing()}`, {
        source,
        err: outcome.err,
      });
      return failure(`The search index could not be built: ${outcome.message}`);
    }
    const next = outcome.library;
    current = next;
    problems = outcome.problems;
    void prepareWhileServed(next);
    const level = problems.some((problem) => problem.severity === "error") ? "warn" : "info";
    logger.log(level, "library loaded", {
      source,
      how: outcome.how,
      ...(outcome.update ?? {}),
      articles: next.articles.length,
      passages: next.passageCount,
      keptFromBefore: outcome.kept,
      problems: summarise(problems),
      ms: Math.round(performance.now() - started),
    });
    return { articleCount: next.articles.length, problems, ok: true };
  }

  /**
   * The rest of a served library's preparation (its spelling corrector's word tree and its
   * titles' words), in short steps between questions: it answers meanwhile, and a question
   * needing either before it is complete completes it first. Stops once it is replaced.
   */
  async function prepareWhileServed(library: Library): Promise<void> {
    const started = performance.now();
    // Not in the turn that swapped it in, which had work enough.
    await yieldToEventLoop();
    while (!closed && current === library) {
      if (library.prepare()) {
        logger.debug("spelling corrector and title words ready", {
          source,
          ms: Math.round(performance.now() - started),
        });
        return;
      }
      await yieldToEventLoop();
    }
  }

  /**
   * One line for a source that cannot be read at start. One that does not exist yet is
   * expected (feeds and /add create the content folder), so it is a warning; anything else
   * there (a file that is no library, a folder that cannot be read) is an error.
   */
  async function reportUnreadableAtStart(message: string): Promise<void> {
    const name = options.sourceName ?? "the article library";
    if (await isMissing(path.resolve(source))) {
      logger.warn(`${name} "${source}" does not exist yet: starting with an empty library`, {
        source,
      });
      return;
    }
    logger.error(`${name} cannot be used: ${message}; starting with an empty library`, {
      source,
    });
  }

  /** What the bot answers from while a read or build fails. */
  function stillServing(): string {
    return current.articles.length === 0
      ? "serving an empty library"
      : "still serving the previous library";
  }

  function failure(message: string): ReloadResult {
    return {
      articleCount: current.articles.length,
      problems: [{ file: source, line: null, severity: "error", message }],
      ok: false,
    };
  }

  /** The load and build of tests and tools that pass their own: on this thread. */
  async function buildInThread(): Promise<BuildOutcome> {
    let loaded: { articles: Article[]; problems: ContentProblem[] };
    try {
      loaded = await load(source);
    } catch (err) {
      return { status: "load-failed", message: errorMessage(err), err };
    }
    const kept = keptArticles(current.articles, loaded.articles, loaded.problems);
    try {
      const library = build([...loaded.articles, ...kept]);
      served = null;
      return { status: "built", library, problems: loaded.problems, kept: kept.length, how: "built" };
    } catch (err) {
      return { status: "build-failed", message: errorMessage(err), err };
    }
  }

  /**
   * The real load and build, in a worker thread; only the final assembly runs here. A saved
   * index that cannot be used here (its articles or index do not come apart as written, or
   * do not assemble) is built afresh once, and the new one saved over it.
   */
  async function buildInWorker(check: boolean, ignoreSaved = false): Promise<BuildOutcome> {
    const afresh = (err: unknown): Promise<BuildOutcome> => {
      logger.warn("the saved index cannot be used; building afresh", { source, err });
      return buildInWorker(false, true);
    };
    let built: WorkerBuild;
    try {
      built = await builder.build(
        {
          source,
          settings,
          saveIndex: options.saveIndex ?? false,
          dataDir: options.dataDir ?? null,
          basis: served?.generation ?? null,
          // With no library served yet, no question waits for the processor but the build.
          parallel: current.articles.length === 0,
          ...(ignoreSaved ? { ignoreSaved } : {}),
          ...(check ? { check } : {}),
        },
        { articles: current.articles, index: served?.index ?? null },
      );
    } catch (err) {
      if (err instanceof UnusableSavedLibrary && !ignoreSaved) return afresh(err);
      return { status: "build-failed", message: errorMessage(err), err };
    }
    if (built.status === "load-failed") {
      return { status: "load-failed", message: built.message, err: new Error(built.message) };
    }
    if (built.status === "unchanged") return built;
    // Assembled in a turn of its own, not after the last slice of taking the build apart.
    await yieldToEventLoop();
    try {
      const assembling = performance.now();
      const library =
        built.status === "updated"
          ? updateLibrary(current, built.articles, built.index, built.vocabulary, options.library)
          : libraryFromIndex(
              built.kept.length === 0 ? built.articles : [...built.articles, ...built.kept],
              built.index,
              options.library,
            );
      logger.debug("library assembled from its index", {
        source,
        from: built.status === "updated" ? "updated" : built.from,
        ms: Math.round(performance.now() - assembling),
      });
      served = { index: built.index, generation: built.generation };
      if (built.status === "updated") {
        return {
          status: "built",
          library,
          problems: built.problems,
          kept: built.kept,
          how: "updated",
          update: { added: built.added, removed: built.removed },
        };
      }
      return {
        status: "built",
        library,
        problems: built.problems,
        kept: built.kept.length,
        how: built.from,
      };
    } catch (err) {
      served = null;
      if (built.status === "built" && built.from === "saved" && !ignoreSaved) return afresh(err);
      return { status: "build-failed", message: errorMessage(err), err };
    }
  }

  function reload(): Promise<ReloadResult> {
    return read("check");
  }

  /** Reloads, or checks for changes; calls during a reload share it and read once more after. */
  function read(kind: ReadKind): Promise<ReloadResult> {
    if (running) {
      // A change arrived mid-reload: read once more after this one so it is not missed.
      if (again !== "reload") again = kind;
      return running;
    }
    running = (async () => {
      try {
        let result = await reloadOnce(kind);
        while (again !== null && !closed) {
          const next = again;
          again = null;
          result = await reloadOnce(next);
        }
        return result;
      } finally {
        again = null;
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
      read("reload").catch((err: unknown) => logger.error("library reload crashed", { err }));
    }, debounceMs);
  }

  /** Whether the reload running is the watcher's first check (see watchFolder). */
  let catchingUp = false;

  function startWatching(): Promise<void> {
    if (watcher || closed) return Promise.resolve();
    let caughtUp = (): void => undefined;
    const ready = new Promise<void>((resolve) => (caughtUp = resolve));
    watcher = watchFolder(path.resolve(source), caughtUp);
    void folderIdentity(path.resolve(source)).then((identity) => (watchedFolder = identity));
    folderCheck = setInterval(() => void rewatchIfFolderReplaced(), options.folderCheckMs ?? WATCH_SETTINGS.folderCheckMs);
    folderCheck.unref();
    return ready;
  }

  function watchFolder(absolute: string, caughtUp: () => void = () => undefined): FSWatcher {
    const folderWatcher = watch(absolute, {
      ignoreInitial: true,
      persistent: true,
      // A link inside the folder to a folder inside it is watched there already, and one
      // leading out is not content; followed, links in a loop ("self -> .") are walked
      // over and over.
      followSymlinks: false,
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
    // The folder itself deleted or moved away ("rename" of its own name, from the watch on
    // it): its events end with it, so whatever stands there next is watched anew, even a
    // folder made again at once under the same inode number.
    const name = path.basename(absolute);
    folderWatcher.on("raw", (event, file, details) => {
      const watched = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
      if (event === "rename" && file === name && watched === absolute) watchedFolder = null;
    });
    folderWatcher.on("error", (err) => logger.error("watching the content failed", { err }));
    // What changed between the library's reading and the watcher's start reached no
    // listener: a check takes it in. It loads nothing when nothing changed, and leaves the
    // work the worker put off after a start (reading the content behind a saved index,
    // saving a fresh one) to its time.
    folderWatcher.once("ready", () => {
      if (closed) {
        caughtUp();
        return;
      }
      catchingUp = true;
      read("check")
        .catch((err: unknown) => logger.error("library reload crashed", { err }))
        .finally(() => {
          catchingUp = false;
          caughtUp();
        });
    });
    return folderWatcher;
  }

  /**
   * Closes a watcher. Closing removes its listeners, and an error it still reports from a
   * folder it was reading would end the process: it is heard, and dropped.
   */
  function closeWatcher(folderWatcher: FSWatcher): Promise<void> {
    const closing = folderWatcher.close();
    folderWatcher.on("error", () => undefined);
    return closing;
  }

  /**
   * File events stop when the content folder itself is moved away and back, or replaced
   * (as deploy tools do): watch the folder that is there now, and read it again.
   */
  async function rewatchIfFolderReplaced(): Promise<void> {
    const absolute = path.resolve(source);
    const identity = await folderIdentity(absolute);
    if (closed || !watcher) return;
    if (sameFolder(identity, watchedFolder)) {
      // A time of birth read once the folder has changed is kept for the checks to come.
      if (identity?.born != null) watchedFolder = identity;
      return;
    }
    watchedFolder = identity;
    logger.info("content folder moved or replaced; watching it again", { source });
    const previous = watcher;
    watcher = watchFolder(absolute);
    await closeWatcher(previous);
    schedule();
  }

  // A first load that fails has said why; the store starts empty and reads again later.
  await read("reload");
  starting = false;

  return {
    get current() {
      return current;
    },
    get reloading() {
      // The check of what changed while the bot started is no reload a question waits on:
      // it reads nothing when nothing changed.
      return running !== null && !catchingUp;
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
      const closing = watcher ? closeWatcher(watcher) : undefined;
      watcher = null;
      await Promise.all([closing, builder.close()]);
      await running?.catch(() => undefined);
    },
  };
}
