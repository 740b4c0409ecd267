/**
 * The main thread's side of library builds in a worker thread (see buildWorker.ts): keeps
 * one worker for a store's builds, answers its question about kept articles, and parses the
 * articles and puts the index back together in slices, so the event loop is
 * never held for long. A worker that fails is dropped; the next build starts a new one.
 */
import type { Worker } from "node:worker_threads";
import { startBuildThread, takeEarlyBuildThread } from "./buildThread.ts";
import { changedArticles, type VocabularyChanges } from "../core/indexUpdate.ts";
import { LayeredMap } from "../core/layeredMap.ts";
import type { PassageIndex } from "../core/passageIndex.ts";
import type { Article, ContentProblem } from "../core/types.ts";
import type { Logger } from "../ops/logger.ts";
import type { BuildRequest, ToWorker, WorkerMessage } from "./buildWorker.ts";
import { decodeArticleLines, storedArticles, type LinesBuffer } from "./articleLines.ts";
import { unpackIndex, type PackedIndex, type Pause } from "./indexCodec.ts";
import { keptArticles } from "./keptArticles.ts";
import { UPDATE_SETTINGS } from "./libraryState.ts";

export type WorkerBuild =
  | { status: "load-failed"; message: string }
  /** A check found nothing changed: the library served stays as it is. */
  | { status: "unchanged" }
  | {
      status: "built";
      /** The content's articles (the kept ones come separately). */
      articles: Article[];
      /** Previous articles of files that are broken now. */
      kept: Article[];
      problems: ContentProblem[];
      index: PassageIndex;
      from: "saved" | "built";
      /** Names the library for the worker's next update; null when it cannot update it. */
      generation: number | null;
    }
  | {
      status: "updated";
      /** Every article of the updated library, in order (kept ones included). */
      articles: Article[];
      problems: ContentProblem[];
      /** The served library's index updated to `articles`. */
      index: PassageIndex;
      vocabulary: VocabularyChanges;
      generation: number;
      added: number;
      removed: number;
      kept: number;
    };

/** The library the main thread serves, which the worker may update. */
/**
 * A saved library the worker read that this thread could not use: its articles or its
 * index do not come apart as they were written. Building afresh replaces it.
 */
export class UnusableSavedLibrary extends Error {}

export interface ServedLibrary {
  articles: readonly Article[];
  /** Its index, when the worker handed it over (null for one built on this thread). */
  index: PassageIndex | null;
}

/**
 * Longest slice of work on a build's result between two turns of the event loop, in ms: the
 * questions asked meanwhile wait no longer than this (and a garbage collection).
 */
const SLICE_MS = 8;

/**
 * A pause for the work on one build's result, done in slices: it lets pending events
 * (questions, timers) run once the slice under way has lasted SLICE_MS, and returns at once
 * before, so the work may call it often without giving up its turn each time. Its steps must
 * run one after another, not side by side: two of them resuming in the same turn would make
 * one long turn of two slices.
 */
function slicedPause(onProgress: () => void): Pause {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < SLICE_MS) return;
    onProgress();
    await new Promise((resolve) => setImmediate(resolve));
    sliceStarted = performance.now();
  };
}

export interface BuildWorkerOptions {
  logger: Logger;
  /** Heap limit of the worker, in MB: a build needing more fails. Unset: Node's default. */
  memoryMb?: number | undefined;
  /**
   * Called whenever a build moves on: a message from the worker (which says `progress` during
   * its long steps), a slice of the work on its result here.
   */
  onProgress?: (() => void) | undefined;
}

/**
 * A map with its layers merged into one, built in slices with pauses between them (a
 * large vocabulary takes a few hundred milliseconds to copy).
 */
async function flattened<V>(map: ReadonlyMap<string, V>, pause: Pause): Promise<ReadonlyMap<string, V>> {
  if (LayeredMap.layerSize(map) === 0) return map;
  const flat = new Map<string, V>();
  let count = 0;
  for (const [key, value] of map) {
    flat.set(key, value);
    if (++count % FLATTEN_STEP === 0) await pause();
  }
  return flat;
}

/** Map entries copied between two calls of the pause when flattening. */
const FLATTEN_STEP = 1_000;

/** The served library updated as the worker says: its articles, index and vocabulary. */
async function updatedLibrary(
  message: Extract<WorkerMessage, { type: "updated" }>,
  served: { articles: readonly Article[]; index: PassageIndex },
  problems: ContentProblem[],
  onProgress: () => void,
): Promise<WorkerBuild> {
  const pause = slicedPause(onProgress);
  const insertedArticles = await decodeArticleLines(message.articleLines, pause);
  const arrays = await unpackIndex<Omit<PassageIndex, "words" | "stems">>(message.index, pause);
  let words = LayeredMap.over(served.index.words, message.vocabulary.words) as ReadonlyMap<
    string,
    PassageIndex["words"] extends ReadonlyMap<string, infer V> ? V : never
  >;
  let stems: ReadonlyMap<string, number> = LayeredMap.over(served.index.stems, message.vocabulary.stems);
  if (LayeredMap.layerSize(words) + LayeredMap.layerSize(stems) > UPDATE_SETTINGS.maxLayeredWords) {
    words = await flattened(words, pause);
    stems = await flattened(stems, pause);
  }
  const changes = {
    removed: message.removed.map((at) => ({ at, article: served.articles[at]! })),
    inserted: message.inserted.map((at, i) => ({ at, article: insertedArticles[i]! })),
  };
  return {
    status: "updated",
    articles: changedArticles(served.articles, changes),
    problems,
    index: { ...arrays, words, stems },
    vocabulary: message.vocabulary,
    generation: message.generation,
    added: message.inserted.length,
    removed: message.removed.length,
    kept: message.kept,
  };
}

/** A built library's articles and index, taken from the worker's message in slices. */
async function builtLibrary(
  articleLines: LinesBuffer,
  packed: PackedIndex,
  onProgress: () => void,
): Promise<{ articles: Article[]; index: PassageIndex }> {
  const pause = slicedPause(onProgress);
  const index = await unpackIndex<PassageIndex>(packed, pause);
  const articles = await storedArticles(articleLines, pause);
  return { articles, index };
}

/**
 * Longest wait, when the store closes, for the worker to finish saving the index it built
 * (ms): a save takes a second or two; a disk that hangs does not hold the shutdown forever.
 */
const CLOSE_WAIT_MS = 30_000;

/** Runs builds in a worker thread, one at a time. */
export class BuildWorker {
  private worker: Worker | null = null;
  /** Whether a build is running. */
  private building = false;
  /** The last steps of a build handed over (saving its index): ends when the worker is idle. */
  private finishing: { worker: Worker; done: Promise<void>; end: () => void } | null = null;

  constructor(private readonly options: BuildWorkerOptions) {}

  private readonly progressed = (): void => this.options.onProgress?.();

  /**
   * Runs one build. Resolves with the library's parts, `load-failed` when the source cannot
   * be read, or `unchanged` for a check that found nothing changed; rejects when the worker fails (an exception, running out of memory,
   * being ended by `close`). `previous` are the articles served now, of which those of files
   * that are broken now are kept.
   */
  build(request: BuildRequest, served: ServedLibrary): Promise<WorkerBuild> {
    const previous = served.articles;
    const worker = (this.worker ??= this.started());
    this.building = true;
    this.holdProcess(worker);
    return new Promise<WorkerBuild>((resolve, reject) => {
      let problems: ContentProblem[] = [];
      let candidates: Article[] = [];
      let settled = false;
      const finish = (result: WorkerBuild | Error): void => {
        if (settled) return;
        settled = true;
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
        this.building = false;
        this.holdProcess(worker);
        if (result instanceof Error) {
          // A failed worker may be in any state: never reuse it.
          if (this.worker === worker) this.worker = null;
          void worker.terminate();
          reject(result);
        } else resolve(result);
      };
      const send = (message: ToWorker): void => worker.postMessage(message);

      const onMessage = (message: WorkerMessage): void => {
        switch (message.type) {
          case "log":
          case "idle":
          case "progress":
            // Handled by the listener of started(), between builds too.
            break;
          case "load-failed":
            finish({ status: "load-failed", message: message.message });
            break;
          case "unchanged":
            finish({ status: "unchanged" });
            break;
          case "loaded":
            problems = message.problems;
            if (!message.wantsKept) break;
            candidates = keptArticles(previous, [], problems);
            send({ type: "kept", articles: candidates });
            break;
          case "done": {
            if (message.finishing) this.startFinishing(worker);
            const keptIds = new Set(message.keptIds);
            const kept = candidates.filter((article) => keptIds.has(article.id));
            const { articleLines, index: packed, from, generation } = message;
            builtLibrary(articleLines, packed, this.progressed).then(
              ({ articles, index }) =>
                finish({ status: "built", articles, kept, problems, index, from, generation }),
              (err: unknown) => {
                const failure = err instanceof Error ? err : new Error(String(err));
                finish(from === "saved" ? new UnusableSavedLibrary(failure.message) : failure);
              },
            );
            break;
          }
          case "need":
            send({ type: "articles", articles: message.positions.map((at) => previous[at]!) });
            break;
          case "updated": {
            const index = served.index;
            if (index === null) {
              finish(new Error("the worker updated a library this thread did not get from it"));
              break;
            }
            updatedLibrary(message, { articles: previous, index }, problems, this.progressed).then(
              finish,
              (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
            );
            break;
          }
        }
      };
      const onError = (err: Error): void => finish(err);
      const onExit = (code: number): void =>
        finish(new Error(`the build worker stopped (exit code ${code}) before it finished`));
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      send({ type: "build", request });
    });
  }

  /** A new worker, whose log lines are logged whenever they come (between builds too). */
  private started(): Worker {
    const worker =
      takeEarlyBuildThread(this.options.memoryMb) ?? startBuildThread(this.options.memoryMb);
    worker.on("message", (message: WorkerMessage) => {
      this.progressed();
      if (message.type === "log") this.options.logger.log(message.level, message.message, message.meta);
      if (message.type === "idle") this.endFinishing(worker);
    });
    // Between builds too, a worker that fails or stops is let go, and the next build starts
    // another: an error left unheard would end the process, and a build posted to a
    // stopped worker would wait for ever. A build in progress hears it through its own
    // listeners.
    worker.on("error", (err: Error) => {
      this.options.logger.warn("the build worker failed; the next build starts another", { err });
      this.forget(worker);
    });
    worker.once("exit", () => {
      this.endFinishing(worker);
      this.forget(worker);
    });
    return worker;
  }

  private forget(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
  }

  /** The worker keeps the process alive while it builds or finishes a build, not between. */
  private holdProcess(worker: Worker): void {
    if (this.building || this.finishing !== null) worker.ref();
    else worker.unref();
  }

  private startFinishing(worker: Worker): void {
    this.finishing?.end();
    let end = (): void => undefined;
    const done = new Promise<void>((resolve) => (end = resolve));
    this.finishing = { worker, done, end };
    this.holdProcess(worker);
  }

  private endFinishing(worker: Worker): void {
    if (this.finishing?.worker !== worker) return;
    this.finishing.end();
    this.finishing = null;
    if (this.worker === worker) this.holdProcess(worker);
  }

  /**
   * Ends the worker: a build in progress fails; the last steps of one handed over (the
   * saved index being written) are waited for first, so the next start can read it and no
   * half-written copy is left behind.
   */
  async close(): Promise<void> {
    const finishing = this.finishing;
    if (finishing !== null) {
      finishing.worker.postMessage({ type: "finish" } satisfies ToWorker);
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)));
      await Promise.race([finishing.done, waited]);
      clearTimeout(timer);
    }
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
