/**
 * The library build, run in a worker thread so the bot keeps answering meanwhile: reads the
 * content (or the saved index, when the content has not changed since it was saved), builds
 * the search index, saves it for the next start, and hands the articles and the index to
 * the main thread (the index's buffers transferred, not copied).
 *
 * One worker serves the builds of one library store, one after another. The conversation
 * of a build, in order:
 *   main → `build` → worker → `loaded` (the problems found) → main answers `kept` (previous
 *   articles of files that are broken now) → worker → `done` (the articles as lines and
 *   the packed index, their buffers transferred or shared). A library built afresh is
 *   handed over first and saved a few seconds after, while it already answers (at once
 *   when main sends `finish`, as the store closes): the worker then says `idle`.
 * A source that cannot be read at all ends with `load-failed` instead. Along the way the worker
 * says `progress` while a long step moves (an article indexed, at most every
 * PROGRESS_EVERY_MS of buildThread.ts), so the main thread can tell a long build from a stuck one.
 *
 * The worker remembers the library it handed over last (libraryState.ts). When the main
 * thread still serves that library (`basis`), a reload reads only the files whose
 * fingerprint changed and updates the index instead of building it:
 *   main → `build` → worker → `loaded` → main → `kept` → worker → `need` (positions of the
 *   articles taken out) → main → `articles` (those articles) → worker → `updated` (the
 *   positions taken out and put in, the new articles as lines, the index's arrays in
 *   shared memory and the changes to its vocabulary).
 * An update that cannot be done (too many changes, a file whose articles moved) becomes a
 * build, with a second `loaded`.
 *
 * A check (`check`, once the store's watcher starts, for what changed before it did) that
 * finds nothing changed since the library served was read answers `unchanged` alone: it
 * neither hurries the work put off after a start (reading the content behind a saved
 * index, saving a fresh build) nor saves the index again.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import {
  isMainThread,
  parentPort,
  resourceLimits,
  workerData,
  type MessagePort,
  type Worker,
} from "node:worker_threads";
import { rankingSettings } from "../core/settings.ts";
import {
  buildPassageIndex,
  indexPart,
  type IndexedPart,
  type PassageIndex,
} from "../core/passageIndex.ts";
import { indexFromParts } from "../core/indexParts.ts";
import { LayeredMap } from "../core/layeredMap.ts";
import {
  compactIndex,
  isCompact,
  updatePassageIndex,
  type VocabularyChanges,
} from "../core/indexUpdate.ts";
import type { Article, ContentProblem } from "../core/types.ts";
import {
  articleKey,
  canUpdate,
  diffOrders,
  hasText,
  rememberUnits,
  sharedIndex,
  SHARED_ARRAYS,
  UPDATE_SETTINGS,
  worthUpdating,
  type LibraryState,
  type OrderedArticle,
} from "./libraryState.ts";
import {
  describeChanges,
  hashedPaths,
  RECENT_CHANGE_MS,
  stampContent,
  type FileStamp,
} from "./contentStamps.ts";
import {
  countArticleLines,
  decodeArticleLines,
  encodeArticleLine,
  encodeArticleLines,
  indexLines,
  spliceLines,
  type IndexedLines,
  type LinesBuffer,
  type LineSource,
} from "./articleLines.ts";
import {
  checkPackedIndex,
  packIndex,
  transferable,
  unpackIndex,
  type PackedIndex,
} from "./indexCodec.ts";
import type * as ContentReader from "./loadLibrary.ts";
import type { ArticleKey, ReadUnit } from "./loadLibrary.ts";
import { readSavedLibrary, writeSavedLibrary, type SavedLibrary } from "./savedIndex.ts";
import { progressReporter, startThread, withDeadline } from "./buildThread.ts";
import { INDEX_PART_ROLE, type PartAnswer, type PartRequest } from "./indexPartWorker.ts";

/** What the main thread asks the worker to build. */
export interface BuildRequest {
  /** The content folder or library file. */
  source: string;
  /** Settings that shape the index (passed to the index build, and part of the saved key). */
  settings: Readonly<Record<string, number>>;
  /** Whether to read and write the saved index. */
  saveIndex: boolean;
  /**
   * Build afresh without reading the saved index (one this thread could not use), and save
   * the new one over it.
   */
  ignoreSaved?: boolean;
  /** Where the saved index goes when it cannot sit next to the content; null for nowhere. */
  dataDir: string | null;
  /** The generation of the library the main thread serves, when the worker handed it over. */
  basis: number | null;
  /**
   * Only a check for changes: when nothing changed since the library of `basis` was read,
   * the worker answers `unchanged` and leaves the work it put off for later.
   */
  check?: boolean;
  /**
   * Whether a build afresh may index part of a large library on a second thread: for a
   * library none is served from yet, whose questions would otherwise wait for it.
   */
  parallel?: boolean;
}

/** When a build afresh indexes part of the library on a helper thread (indexPartWorker.ts). */
export const PARALLEL_BUILD_SETTINGS = {
  /** Characters of text from which it does: below, starting the helper saves little. */
  minChars: 8_000_000,
  /**
   * Share of the library's text the helper indexes: half (it parses its articles from
   * their lines first, while the build makes lines of its own part: about as long).
   */
  helperShare: 0.5,
  /**
   * Once this thread has indexed its part, the helper's is awaited at most this many times
   * as long as that took (the parts are about equal)…
   */
  helperWaitFactor: 3,
  /** …and at least this long (ms); past it the helper is ended and its part indexed here. */
  minHelperWaitMs: 10_000,
} as const;

export type LogLevel = "error" | "warn" | "info" | "debug";

/** What names a saved index: the build's source, data folder and settings. */
export type SavedIndexRequest = Pick<BuildRequest, "source" | "dataDir" | "settings">;

/** Messages from the worker. */
export type WorkerMessage =
  | { type: "log"; level: LogLevel; message: string; meta: Record<string, unknown> }
  | { type: "load-failed"; message: string }
  | {
      type: "loaded";
      problems: ContentProblem[];
      /**
       * Whether the worker waits for `kept`: only files with errors keep articles from
       * before, so without any the main thread has nothing to send.
       */
      wantsKept: boolean;
    }
  | {
      type: "done";
      /** The content's articles as lines (see articleLines.ts), transferred or shared. */
      articleLines: LinesBuffer;
      index: PackedIndex;
      /** Ids of the kept articles that made it in (those the fresh content lacks). */
      keptIds: string[];
      /** Whether the index was read back from disk or built. */
      from: "saved" | "built";
      /** Names the library for a later update from it; null when none can be. */
      generation: number | null;
      /**
       * Whether the worker goes on with the build's last steps (saving the index,
       * remembering the library for updates); it says `idle` once they are done.
       */
      finishing: boolean;
    }
  | { type: "idle" }
  /** The build moved on since the last message (sent during long steps). */
  | { type: "progress" }
  /** The answer to a check that found nothing changed: the library served stays as it is. */
  | { type: "unchanged" }
  | {
      type: "need";
      /** Positions of the articles to be taken out, for their text. */
      positions: number[];
    }
  | {
      type: "updated";
      generation: number;
      /** Positions (in the library served) of the articles taken out. */
      removed: number[];
      /** Positions (in the new library) of the articles put in, in `articleLines`' order. */
      inserted: number[];
      articleLines: ArrayBuffer;
      /** The index's fields but its two maps, arrays in shared memory. */
      index: PackedIndex;
      vocabulary: VocabularyChanges;
      /** How many articles of the new library are kept from before (broken files). */
      kept: number;
    };

/** Messages to the worker: a build to run, and the answer to its `loaded`. */
export type ToWorker =
  | { type: "build"; request: BuildRequest }
  | {
      /**
       * Sent once the worker starts, before any build: the saved index it will be asked
       * for, to read while the main thread is still loading the rest of the bot.
       */
      type: "prefetch";
      request: SavedIndexRequest;
    }
  | {
      /**
       * Sent when the store closes: the build handed over last is saved now rather than
       * after its delay, and not remembered (no update follows).
       */
      type: "finish";
    }
  | {
      type: "kept";
      /** Previous articles of files that are broken now, to keep until they are fixed. */
      articles: Article[];
    }
  | {
      type: "articles";
      /** The articles at the positions of a `need`. */
      articles: Article[];
    };

/** The index build, with ranking settings replaced by name (unknown names throw). */
function buildIndex(
  articles: readonly Article[],
  settings: Readonly<Record<string, number>> | undefined,
  onArticle: () => void,
): PassageIndex {
  return buildPassageIndex(articles, rankingSettings(settings), onArticle);
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

/** What a worker keeps between builds, and the answers it waits for from the main thread. */
interface WorkerMemory {
  state: LibraryState | null;
  generations: number;
  /** Reading the content behind a library served from the saved index, to update it later. */
  seeding: Later | null;
  /** The last steps of the build handed over last (saving it, remembering it), if running. */
  handedOver: Later | null;
  /**
   * The content's stamps from before the library handed over last by a build was read (the
   * saved copy's, for one read back), and that library's generation: a check compares them
   * instead of hurrying the work put off after it. Null when none were taken.
   */
  handedOverStamps: { generation: number; stamps: FileStamp[] } | null;
  /** Set once the store closes: the build handed over is saved, not remembered. */
  closing: boolean;
  /** The write of the saved index after updates, waiting for a quiet moment. */
  saveTimer: NodeJS.Timeout | null;
  /** The next look at files remembered as recently changed (see settleRecentFiles). */
  settleTimer: NodeJS.Timeout | null;
  /** The saved index read ahead of the first build, with the messages that read sent. */
  prefetch: {
    request: SavedIndexRequest;
    /** "failed" when the read went wrong in a way readSaved does not report itself. */
    saved: Promise<SavedLibrary | null | "failed">;
    messages: WorkerMessage[];
  } | null;
}

/** Where messages go: the port to the main thread, or a buffer for a read ahead of time. */
type Outbox = Pick<MessagePort, "postMessage">;

/**
 * The content reader, and the article parsers under it: loaded when the content is read,
 * so a start served from the saved index does not wait for them.
 */
const contentReader = (): Promise<typeof ContentReader> => import("./loadLibrary.ts");

/** Work put off until a delay has passed, or until it is needed. */
interface Later {
  /** Starts the work now if it has not started; resolves when it is done. */
  now(): Promise<void>;
}

/**
 * Runs `work` after `delayMs` (a timer that keeps no process alive), or at once when asked
 * for ({@link Later.now}); only once either way.
 */
function later(work: () => Promise<void>, delayMs: number): Later {
  let running: Promise<void> | null = null;
  const now = (): Promise<void> => {
    clearTimeout(timer);
    running ??= work();
    return running;
  };
  const timer = setTimeout(() => void now(), delayMs);
  timer.unref();
  return { now };
}

/**
 * Settles the fingerprints of the remembered library's files that were read within
 * RECENT_CHANGE_MS of changing (their stats alone proved nothing then, so a reload would
 * hash them): once they are older, and unchanged, they are remembered by their stats. A
 * library file of 80 MB copied in just before the bot started is hashed here, between
 * reloads, not by the first reload after it. Tries again while some are still recent.
 */
function settleRecentFiles(memory: WorkerMemory, source: string, delayMs = 0): void {
  const state = memory.state;
  if (state === null) return;
  const recent = [...state.units].filter(
    ([, unit]) => unit.fingerprint.recent && unit.fingerprint.sha256 !== null,
  );
  if (memory.settleTimer !== null) clearTimeout(memory.settleTimer);
  memory.settleTimer = null;
  if (recent.length === 0) return;
  memory.settleTimer = setTimeout(() => {
    memory.settleTimer = null;
    void (async () => {
      const absolute = path.resolve(source);
      const isFolder = await stat(absolute).then(
        (info) => info.isDirectory(),
        () => false,
      );
      let unsettled = false;
      for (const [rel, unit] of recent) {
        if (memory.state !== state) return; // a newer library: its own reload settles it
        const file = isFolder ? path.join(absolute, rel) : absolute;
        const { settledFingerprint } = await contentReader();
        const settled = await settledFingerprint(file, unit.fingerprint);
        if (memory.state !== state || state.units.get(rel) !== unit) return;
        if (settled === null) unsettled = true;
        else state.units.set(rel, { ...unit, fingerprint: settled });
      }
      if (unsettled) settleRecentFiles(memory, source, RECENT_CHANGE_MS);
    })();
  }, delayMs);
  memory.settleTimer.unref();
}

/** Asks the main thread something and waits for the answer. */
type Ask<T> = () => Promise<T>;

class Build {
  constructor(
    private readonly port: Outbox,
    private readonly request: BuildRequest,
    private readonly keptArticles: Ask<Article[]>,
    private readonly articlesAt: (positions: number[]) => Promise<Article[]>,
    private readonly memory: WorkerMemory,
  ) {}

  private send(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
  }

  /** Called as a long step moves on: tells the main thread, now and then. */
  private readonly progress = progressReporter(() => this.send({ type: "progress" }));

  /** Tells the main thread the problems found; the previous articles it keeps, if any can be. */
  private async loaded(problems: ContentProblem[]): Promise<Article[]> {
    const wantsKept = problems.some((problem) => problem.severity === "error");
    this.send({ type: "loaded", problems, wantsKept });
    return wantsKept ? await this.keptArticles() : [];
  }

  private log(level: LogLevel, message: string, meta: Record<string, unknown> = {}): void {
    this.send({ type: "log", level, message, meta: { source: this.request.source, ...meta } });
  }

  async run(): Promise<void> {
    if (this.request.check === true && (await this.unchangedSinceHandover())) {
      this.send({ type: "unchanged" });
      return;
    }
    await this.memory.handedOver?.now();
    this.memory.handedOver = null;
    await this.memory.seeding?.now();
    this.memory.seeding = null;
    const state = this.memory.state;
    if (state !== null && this.canUpdate(state) && (await this.update(state))) return;
    await this.build();
  }

  /**
   * Whether the content is stamped as it was before the library served was read, when the
   * worker built that library and stamped it. False otherwise (then a check goes on as a
   * reload, which still answers `unchanged` when it reads no file).
   */
  private async unchangedSinceHandover(): Promise<boolean> {
    const known = this.memory.handedOverStamps;
    if (known === null || known.generation !== this.request.basis) return false;
    const now = await stampContent(this.request.source, hashedPaths(known.stamps)).catch(() => null);
    return now !== null && describeChanges(known.stamps, now) === null;
  }

  /** Whether the library the main thread serves is the one remembered, and may be updated. */
  private canUpdate(state: LibraryState): boolean {
    return (
      this.request.basis === state.generation &&
      this.request.source === state.source &&
      sameSettings(this.request.settings, state.settings) &&
      canUpdate(state.index)
    );
  }

  /**
   * Updates the remembered library: reads the files that changed, takes their old articles
   * out of the index and puts the new ones in. False when the change is better built afresh
   * (or cannot be updated); the caller builds then.
   */
  private async update(state: LibraryState): Promise<boolean> {
    const started = performance.now();
    // Stamped before reading, as for a build: a file changed during the read makes the
    // saved copy stale rather than wrong.
    const stamps =
      this.request.saveIndex && state.lines !== null
        ? await stampContent(this.request.source).catch(() => null)
        : null;
    const { combineUnits, readContentUnits } = await contentReader();
    let read: Awaited<ReturnType<typeof readContentUnits>>;
    try {
      read = await readContentUnits(this.request.source, { remembered: state.units });
    } catch (err) {
      this.send({ type: "load-failed", message: err instanceof Error ? err.message : String(err) });
      return true;
    }
    if (this.request.check === true && nothingRead(read, state)) {
      this.send({ type: "unchanged" });
      return true;
    }
    const { units, versions } = rememberUnits(read.units, state.units, state.versions);
    const unitOf = new Map<ArticleKey, string>();
    for (const unit of read.units) for (const article of unit.articles) unitOf.set(article, unit.rel);
    const { articles, problems } = combineUnits(read.units, read.problems);
    const candidates = await this.loaded(problems);
    const fresh = new Set(candidates.length === 0 ? [] : articles.map((article) => article.id));
    const kept = candidates.filter((article) => !fresh.has(article.id));
    const withText = new Map<string, Article>();
    const order: OrderedArticle[] = articles.map((article) => {
      const key = articleKey(versions.get(unitOf.get(article) ?? "") ?? 0, article.path);
      if (hasText(article)) withText.set(key, article);
      return { key, id: article.id, path: article.path };
    });
    const oldKeyOfPath =
      kept.length === 0 ? new Map<string, string>() : new Map(state.order.map((a) => [a.path, a.key]));
    for (const article of kept) {
      const key = oldKeyOfPath.get(article.path) ?? `kept:${article.path}`;
      withText.set(key, article);
      order.push({ key, id: article.id, path: article.path });
    }
    const readMs = performance.now() - started;
    const changes = diffOrders(state.order, order);
    if (!worthUpdating(changes, order.length)) {
      this.log("info", "many articles changed; building the index afresh", {
        removed: changes.removed.length,
        added: changes.inserted.length,
      });
      return false;
    }
    const inserted = changes.inserted.map((at) => ({ at, article: withText.get(order[at]!.key) }));
    if (inserted.some((placed) => placed.article === undefined)) return false;
    const taken = await this.articlesAt(changes.removed);
    const updating = performance.now();
    if (taken.some((article, i) => article.path !== state.order[changes.removed[i]!]?.path)) {
      return false;
    }
    let index: PassageIndex;
    let vocabulary: VocabularyChanges;
    try {
      ({ index, vocabulary } = updatePassageIndex(
        state.index,
        {
          removed: changes.removed.map((at, i) => ({ at, article: taken[i]! })),
          inserted: inserted as { at: number; article: Article }[],
        },
        rankingSettings(this.request.settings),
        SHARED_ARRAYS,
      ));
    } catch (err) {
      this.log("warn", "the index could not be updated; building it afresh", { err: String(err) });
      return false;
    }
    const updateMs = performance.now() - updating;
    const generation = ++this.memory.generations;
    this.memory.handedOverStamps = null;
    const lines =
      stamps !== null && state.lines !== null && kept.length === 0
        ? spliceLines(state.lines, linePieces(changes, order.length, (at) => withText.get(order[at]!.key)))
        : null;
    this.memory.state = {
      ...state,
      generation,
      units,
      walkProblems: read.problems,
      versions,
      order,
      index: withFlatMaps(index),
      lines,
    };
    if (lines !== null && stamps !== null) this.saveWhenQuiet(generation, stamps, problems);
    settleRecentFiles(this.memory, this.request.source);
    this.log("debug", "search index updated", {
      removed: changes.removed.length,
      added: changes.inserted.length,
      readMs: Math.round(readMs),
      updateMs: Math.round(updateMs),
      ms: Math.round(performance.now() - started),
    });
    const articleLines = encodeArticleLines(inserted.map((placed) => placed.article!));
    this.send(
      {
        type: "updated",
        generation,
        removed: changes.removed,
        inserted: changes.inserted,
        articleLines,
        index: packIndex(withoutMaps(index)),
        vocabulary,
        kept: kept.length,
      },
      [articleLines],
    );
    return true;
  }

  /** Reads the whole content (or the saved index) and builds the index. */
  private async build(): Promise<void> {
    this.memory.state = null;
    this.memory.handedOverStamps = null;
    const early = this.memory.prefetch;
    this.memory.prefetch = null;
    const { source, saveIndex } = this.request;
    const places = saveIndex ? await savedIndexPlaces(source, this.request.dataDir) : null;
    const saved =
      places && this.request.ignoreSaved !== true
        ? await this.savedLibrary(early, [places.beside, places.fallback])
        : null;

    let articles: Article[] | null = null;
    let units: ReadUnit[] | null = null;
    let walkProblems: ContentProblem[] = [];
    let problems: ContentProblem[];
    let stamps: FileStamp[] | null = null;
    if (saved) {
      problems = saved.problems;
    } else {
      // Stamped before reading: a file changed during the read makes the saved copy stale.
      stamps = saveIndex ? await stampContent(source).catch(() => null) : null;
      try {
        const { combineUnits, readContentUnits } = await contentReader();
        const read = await readContentUnits(source);
        units = read.units;
        walkProblems = read.problems;
        ({ articles, problems } = combineUnits(read.units as ReadUnit<Article>[], read.problems));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.send({ type: "load-failed", message });
        return;
      }
    }

    const candidates = await this.loaded(problems);
    if (saved && candidates.length === 0) {
      // The saved copy serves as it is: its articles are parsed on the main thread only.
      // It was read into memory shared with the main thread, which the worker keeps to
      // remember the library by once the start-up is over.
      const generation = ++this.memory.generations;
      this.memory.handedOverStamps = { generation, stamps: saved.stamps };
      this.finish(saved.articleLines, saved.index, [], "saved", generation);
      this.memory.seeding = later(
        () => this.rememberSaved(saved.articleLines, saved.index, generation),
        UPDATE_SETTINGS.rememberSavedAfterMs,
      );
      return;
    }
    articles ??= await decodeArticleLines(saved!.articleLines, () => Promise.resolve());
    const fresh = new Set(articles.map((article) => article.id));
    const kept = candidates.filter((article) => !fresh.has(article.id));
    // Timed from here, or (on one thread) from once the articles are lines.
    let started = performance.now();
    // Content read afresh, nothing kept from before: it may be indexed in two parts at once.
    const helper =
      saved === null && kept.length === 0 && this.request.parallel === true
        ? startHelper(articles)
        : null;
    let built: PassageIndex;
    // In memory shared with the main thread: the worker keeps it too, to save it.
    let articleLines: LinesBuffer;
    try {
      if (helper !== null) {
        ({ index: built, lines: articleLines } = await this.indexWithHelper(helper, articles));
      } else {
        articleLines =
          saved === null ? encodeArticleLines(articles, { shared: true }) : saved.articleLines;
        started = performance.now();
        built = buildIndex([...articles, ...kept], this.request.settings, this.progress);
      }
    } finally {
      void helper?.worker.terminate();
    }
    // In memory shared with the main thread, so a later update need not copy it back.
    const shared = units === null ? built : sharedIndex(built);
    const index = packIndex(shared);
    this.log("debug", "search index built", {
      ms: Math.round(performance.now() - started),
      threads: helper !== null ? 2 : 1,
    });
    // Kept articles are the running bot's, not the content's: such an index is not saved.
    const saving = places && stamps && kept.length === 0 ? { places, stamps } : null;
    const generation = units === null ? null : ++this.memory.generations;
    if (generation !== null && stamps !== null) {
      this.memory.handedOverStamps = { generation, stamps };
    }
    this.finish(articleLines, index, kept, "built", generation, true);
    // The library answers from here on; saving it and remembering it for updates follow.
    const finishBuild = async (): Promise<void> => {
      if (saving !== null) {
        await this.save(saving.places, {
          stamps: saving.stamps,
          settings: this.request.settings,
          articleLines,
          problems,
          // Packed apart from the index handed over (whose own buffers left with it).
          index: packIndex(built, { exact: true }),
        });
      }
      if (units === null || generation === null || this.memory.closing) return;
      const lines = places && kept.length === 0 ? indexLines(articleLines) : null;
      this.remember({ units, problems: walkProblems }, articles, kept, shared, generation, lines);
    };
    this.memory.handedOver = later(
      () => this.afterHandoff(finishBuild),
      UPDATE_SETTINGS.finishBuildAfterMs,
    );
  }

  /**
   * The index of `articles` and their lines: the articles from `helper.first` on are made
   * lines first and indexed by the helper meanwhile; this thread indexes those before and
   * makes them lines; then the parts are joined into the index a build on one thread gives.
   * A helper that fails leaves its part to this thread.
   */
  private async indexWithHelper(
    helper: Helper,
    articles: readonly Article[],
  ): Promise<{ index: PassageIndex; lines: SharedArrayBuffer }> {
    const settings = rankingSettings(this.request.settings);
    const lastLines = encodeArticleLines(articles.slice(helper.first), { shared: true });
    const last = askHelper(
      helper.worker,
      { type: "part", lines: lastLines, settings: this.request.settings },
      this.progress,
    );
    // Should this thread's own part throw, the helper is ended unheard: its answer, or the
    // end of the thread, must not surface as an unhandled rejection.
    last.catch(() => {});
    const started = performance.now();
    const first = indexPart(articles.slice(0, helper.first), settings, this.progress);
    const lines = encodeArticleLines(articles.slice(0, helper.first), {
      shared: true,
      followedBy: lastLines,
    });
    const waitMs = Math.max(
      PARALLEL_BUILD_SETTINGS.minHelperWaitMs,
      (performance.now() - started) * PARALLEL_BUILD_SETTINGS.helperWaitFactor,
    );
    let second: IndexedPart;
    try {
      // A helper that hangs must not hold the first answers back.
      second = await withDeadline(last, waitMs, "the helper did not answer in time");
    } catch (err) {
      this.log("warn", "the build's helper thread failed; indexing its part here", {
        err: String(err),
      });
      // Ended first, so a hung helper does not hold a core and its heap while its part is
      // indexed again here.
      void helper.worker.terminate();
      second = indexPart(articles.slice(helper.first), settings, this.progress);
    }
    return { index: indexFromParts([first, second]), lines };
  }

  /**
   * Runs the work a build leaves for after it handed the library over, then tells the main
   * thread the worker is idle (it waits for that before the worker may be ended).
   */
  private async afterHandoff(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.log("warn", "finishing the build after the handoff failed", { err: String(err) });
    }
    this.send({ type: "idle" });
  }

  /**
   * Remembers a library served from the saved index, so later changes update it: reads the
   * content and, when it gives exactly the saved articles, remembers its files with the
   * saved index. Anything else leaves nothing remembered (the next change builds afresh).
   */
  private async rememberSaved(
    articleLines: LinesBuffer,
    packed: PackedIndex,
    generation: number,
  ): Promise<void> {
    const started = performance.now();
    const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    try {
      const index = await unpackIndex<PassageIndex>(packed, pause);
      const { combineUnits, readContentUnits } = await contentReader();
      const read = await readContentUnits(this.request.source);
      const { articles } = combineUnits(read.units as ReadUnit<Article>[], read.problems);
      const lines = indexLines(articleLines);
      if (!sameArticles(articles, lines)) {
        this.log("info", "the content changed since the saved index was read; the next change builds afresh");
        return;
      }
      this.remember(read, articles, [], index, generation, this.request.saveIndex ? lines : null);
      this.log("debug", "remembered the saved library for updates", {
        ms: Math.round(performance.now() - started),
      });
    } catch (err) {
      this.log("warn", "the saved library could not be remembered for updates", { err: String(err) });
    }
  }

  /** Remembers a library built from a fresh read, for updates; its generation. */
  private remember(
    read: { units: readonly ReadUnit[]; problems: readonly ContentProblem[] },
    articles: readonly Article[],
    kept: readonly Article[],
    index: PassageIndex,
    known: number | null = null,
    lines: IndexedLines | null = null,
  ): number {
    const { units } = read;
    const { units: remembered, versions } = rememberUnits(units);
    const unitOf = new Map<ArticleKey, string>();
    for (const unit of units) for (const article of unit.articles) unitOf.set(article, unit.rel);
    const order: OrderedArticle[] = [
      ...articles.map((article) => ({
        key: articleKey(versions.get(unitOf.get(article) ?? "") ?? 0, article.path),
        id: article.id,
        path: article.path,
      })),
      ...kept.map((article) => ({ key: `kept:${article.path}`, id: article.id, path: article.path })),
    ];
    const generation = known ?? ++this.memory.generations;
    this.memory.state = {
      generation,
      source: this.request.source,
      settings: this.request.settings,
      units: remembered,
      walkProblems: read.problems,
      versions,
      order,
      index,
      lines,
    };
    settleRecentFiles(this.memory, this.request.source);
    return generation;
  }

  /** Hands the articles and the index to the main thread, their own buffers transferred. */
  private finish(
    articleLines: LinesBuffer,
    index: PackedIndex,
    kept: readonly Article[],
    from: "saved" | "built",
    generation: number | null,
    finishing = false,
  ): void {
    const keptIds = kept.map((article) => article.id);
    const lines = articleLines instanceof ArrayBuffer ? [articleLines] : [];
    this.send({ type: "done", articleLines, index, keptIds, from, generation, finishing }, [
      ...lines,
      ...transferable(index),
    ]);
  }

  /** The saved library: the one read ahead for this build, or one read now. */
  private async savedLibrary(
    early: WorkerMemory["prefetch"],
    files: readonly (string | null)[],
  ): Promise<SavedLibrary | null> {
    const { source, dataDir, settings } = this.request;
    if (
      early === null ||
      early.request.source !== source ||
      early.request.dataDir !== dataDir ||
      !sameSettings(early.request.settings, settings)
    ) {
      return this.readSaved(files);
    }
    const saved = await early.saved;
    if (saved === "failed") return this.readSaved(files);
    for (const message of early.messages) this.port.postMessage(message);
    return saved;
  }

  /**
   * The first current saved library among `files` (beside the content, then under DATA_DIR);
   * otherwise null, with a log line saying why each found was not used. A copy beside the
   * content that is out of date (left there once the folder became read-only, say) does not
   * hide a current one under DATA_DIR.
   */
  async readSaved(files: readonly (string | null)[]): Promise<SavedLibrary | null> {
    const started = performance.now();
    const unused: Array<{ level: "info" | "warn"; why: string; fields: Record<string, unknown> }> =
      [];
    for (const file of files) {
      if (file === null) continue;
      const result = await readSavedLibrary(file, (found) => this.staleness(found), {
        shared: true,
      });
      if (result.status === "missing") continue;
      if (result.status === "found") {
        const broken = checkPackedIndex(result.saved.index);
        const counted = result.saved.index.layout.find((field) => field.name === "articleCount");
        const lines = countArticleLines(result.saved.articleLines);
        if (broken === null && counted?.kind === "json" && counted.value !== lines) {
          unused.push({ level: "warn", why: "the saved index does not match its articles", fields: { file } });
          continue;
        }
        if (broken !== null) {
          unused.push({ level: "warn", why: "the saved index is malformed", fields: { file, reason: broken } });
          continue;
        }
        this.log("info", "read the saved index", {
          file,
          articles: lines,
          ms: Math.round(performance.now() - started),
          ...(unused.length > 0 ? { passedOver: unused.map((copy) => copy.fields.file) } : {}),
        });
        return result.saved;
      }
      const why = {
        stale: "the content changed since the index was saved",
        "other-version": "the saved index is from another version",
        unreadable: "the saved index cannot be used",
      }[result.status];
      unused.push({
        level: result.status === "unreadable" ? "warn" : "info",
        why,
        fields: { file, reason: result.reason },
      });
    }
    if (unused.length === 0) {
      this.log("info", "no saved index yet; building one", { file: files[0] });
    }
    for (const copy of unused) this.log(copy.level, `${copy.why}; building afresh`, copy.fields);
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

  /**
   * Writes the saved index again once updates have been quiet for a while, so the next
   * start reads the library as updated instead of building it afresh. A later update
   * restarts the wait; the write is skipped when the library changed meanwhile.
   */
  private saveWhenQuiet(
    generation: number,
    stamps: FileStamp[],
    problems: ContentProblem[],
  ): void {
    if (this.memory.saveTimer !== null) clearTimeout(this.memory.saveTimer);
    this.memory.saveTimer = setTimeout(() => {
      this.memory.saveTimer = null;
      this.saveUpdated(generation, stamps, problems).catch((err: unknown) =>
        this.log("warn", "the updated index could not be saved", { err: String(err) }),
      );
    }, UPDATE_SETTINGS.saveAfterUpdateMs);
    this.memory.saveTimer.unref();
  }

  private async saveUpdated(
    generation: number,
    stamps: FileStamp[],
    problems: ContentProblem[],
  ): Promise<void> {
    const state = this.memory.state;
    if (state?.generation !== generation || state.lines === null) return;
    const places = await savedIndexPlaces(this.request.source, this.request.dataDir);
    if (places === null || this.memory.state?.generation !== generation) return;
    // Saved as a build lays it out, without the tail and the room of the updates.
    const compact = isCompact(state.index) ? state.index : compactIndex(state.index);
    const index = { ...compact, words: new Map(state.index.words), stems: new Map(state.index.stems) };
    const { bytes } = state.lines;
    await this.save(places, {
      stamps,
      settings: this.request.settings,
      articleLines: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      problems,
      index: packIndex(index, { exact: true }),
    });
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

/** A helper thread of a build, and where the articles it indexes begin. */
interface Helper {
  worker: Worker;
  first: number;
}

/**
 * A helper thread for the build of `articles`, when they are many enough to be worth one
 * and the machine has a second core, with the articles it is to index (the last
 * PARALLEL_BUILD_SETTINGS.helperShare of the text); null otherwise.
 */
function startHelper(articles: readonly Article[]): Helper | null {
  if (availableParallelism() < 2 || articles.length < 2) return null;
  const chars = articles.map(
    (article) => article.paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0),
  );
  const total = chars.reduce((sum, count) => sum + count, 0);
  if (total < PARALLEL_BUILD_SETTINGS.minChars) return null;
  const target = total * (1 - PARALLEL_BUILD_SETTINGS.helperShare);
  let first = 0;
  for (let sum = 0; first < articles.length - 1 && sum < target; first++) sum += chars[first]!;
  // The helper's heap is limited as this thread's is.
  const memoryMb = resourceLimits.maxOldGenerationSizeMb;
  return { worker: startThread("indexPartWorker", INDEX_PART_ROLE, memoryMb), first };
}

/**
 * Asks the helper to index a part; its answer, or an error when it fails or stops.
 * `onProgress` is called as the helper says its part moves on.
 */
function askHelper(
  helper: Worker,
  request: PartRequest,
  onProgress: () => void,
): Promise<IndexedPart> {
  return new Promise((resolve, reject) => {
    const onAnswer = (answer: PartAnswer): void => {
      if (answer.type === "progress") return onProgress();
      helper.off("message", onAnswer);
      if (answer.type === "indexed") resolve(answer.part);
      else reject(new Error(answer.message));
    };
    helper.on("message", onAnswer);
    helper.once("error", reject);
    helper.once("messageerror", reject);
    helper.once("exit", (code) => reject(new Error(`the helper stopped (exit code ${code})`)));
    helper.postMessage(request);
  });
}

/**
 * Whether a read of the content reread no file, found every remembered one still there, and
 * skipped the same files as the read before.
 */
function nothingRead(
  read: { units: readonly ReadUnit[]; problems: readonly ContentProblem[] },
  state: LibraryState,
): boolean {
  const { units } = read;
  return (
    units.length === state.units.size &&
    units.every((unit) => !unit.read) &&
    sameProblems(read.problems, state.walkProblems)
  );
}

/** Whether two lists hold the same problems, in any order. */
function sameProblems(a: readonly ContentProblem[], b: readonly ContentProblem[]): boolean {
  if (a.length !== b.length) return false;
  const keys = (problems: readonly ContentProblem[]): string[] =>
    problems.map((p) => JSON.stringify([p.file, p.line, p.severity, p.message])).sort();
  const left = keys(a);
  const right = keys(b);
  return left.every((key, at) => key === right[at]);
}

/** Whether `articles` are exactly those whose lines `lines` holds, in order. */
function sameArticles(articles: readonly Article[], lines: IndexedLines): boolean {
  if (articles.length !== lines.starts.length - 1) return false;
  return articles.every((article, at) => {
    const line = lines.bytes.subarray(lines.starts[at], lines.starts[at + 1]);
    return encodeArticleLine(article).equals(line);
  });
}

/** The index's fields but its vocabulary maps (which an update sends as changes). */
/**
 * Where each line of the updated library comes from: the articles put in at `inserted`
 * positions are new; every other position takes the next old line not taken out.
 */
function linePieces(
  changes: { removed: readonly number[]; inserted: readonly number[] },
  count: number,
  articleAt: (at: number) => Article | undefined,
): LineSource[] {
  const removed = new Set(changes.removed);
  const inserted = new Set(changes.inserted);
  const pieces: LineSource[] = [];
  let old = 0;
  for (let at = 0; at < count; at++) {
    const article = inserted.has(at) ? articleAt(at) : undefined;
    if (article !== undefined) {
      pieces.push({ article });
      continue;
    }
    while (removed.has(old)) old++;
    pieces.push({ old: old++ });
  }
  return pieces;
}

function withoutMaps(index: PassageIndex): Omit<PassageIndex, "words" | "stems"> {
  return Object.fromEntries(
    Object.entries(index).filter(([name]) => name !== "words" && name !== "stems"),
  ) as Omit<PassageIndex, "words" | "stems">;
}

/** The index with its vocabulary maps flattened once their layers grow large. */
function withFlatMaps(index: PassageIndex): PassageIndex {
  const layered = LayeredMap.layerSize(index.words) + LayeredMap.layerSize(index.stems);
  if (layered <= UPDATE_SETTINGS.maxLayeredWords) return index;
  return { ...index, words: new Map(index.words), stems: new Map(index.stems) };
}

/**
 * Reads the saved index a build of `request` will want, its log lines kept to be sent with
 * the build that takes it. A build of anything else reads its own.
 */
function prefetch(request: SavedIndexRequest, memory: WorkerMemory): WorkerMemory["prefetch"] {
  const messages: WorkerMessage[] = [];
  const outbox: Outbox = { postMessage: (message: WorkerMessage) => messages.push(message) };
  const never = (): Promise<never> => new Promise(() => undefined);
  const build = new Build(outbox, { ...request, saveIndex: true, basis: null }, never, never, memory);
  const saved = savedIndexPlaces(request.source, request.dataDir)
    .then((places) => build.readSaved([places.beside, places.fallback]))
    .catch(() => "failed" as const);
  return { request, saved, messages };
}

/** Serves build requests one after another for as long as the main thread keeps it. */
function serve(port: MessagePort): void {
  let kept: ((articles: Article[]) => void) | null = null;
  let articles: ((articles: Article[]) => void) | null = null;
  const memory: WorkerMemory = {
    state: null,
    generations: 0,
    seeding: null,
    handedOver: null,
    handedOverStamps: null,
    closing: false,
    saveTimer: null,
    settleTimer: null,
    prefetch: null,
  };
  port.on("message", (message: ToWorker) => {
    if (message.type === "prefetch") {
      memory.prefetch = prefetch(message.request, memory);
      return;
    }
    if (message.type === "finish") {
      memory.closing = true;
      void memory.handedOver?.now();
      return;
    }
    if (message.type === "kept") {
      kept?.(message.articles);
      kept = null;
      return;
    }
    if (message.type === "articles") {
      articles?.(message.articles);
      articles = null;
      return;
    }
    const keptArticles = (): Promise<Article[]> => new Promise((resolve) => (kept = resolve));
    const articlesAt = (positions: number[]): Promise<Article[]> =>
      new Promise((resolve) => {
        articles = resolve;
        port.postMessage({ type: "need", positions } satisfies WorkerMessage);
      });
    new Build(port, message.request, keptArticles, articlesAt, memory).run().catch((err: unknown) => {
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
