/**
 * The main thread's side of library builds in a worker thread (see buildWorker.ts): keeps
 * one worker for a store's builds, answers its question about kept articles, and parses the
 * articles and puts the index back together in slices, so the event loop is
 * never held for long. A worker that fails is dropped; the next build starts a new one.
 */
import { Worker } from "node:worker_threads";
import type { PassageIndex } from "../core/passageIndex.ts";
import type { Article, ContentProblem } from "../core/types.ts";
import type { Logger } from "../ops/logger.ts";
import type { BuildRequest, ToWorker, WorkerMessage } from "./buildWorker.ts";
import { decodeArticleLines } from "./articleLines.ts";
import { unpackIndex } from "./indexCodec.ts";
import { keptArticles } from "./keptArticles.ts";

const WORKER_URL = new URL("./buildWorker.ts", import.meta.url);
/** Must match BUILD_WORKER_ROLE in buildWorker.ts (not imported: that would load the worker's modules here). */
const BUILD_WORKER_ROLE = "citebot library build";

export type WorkerBuild =
  | { status: "load-failed"; message: string }
  | {
      status: "built";
      /** The content's articles (the kept ones come separately). */
      articles: Article[];
      /** Previous articles of files that are broken now. */
      kept: Article[];
      problems: ContentProblem[];
      index: PassageIndex;
      from: "saved" | "built";
    };

/**
 * Starts a worker. The product runs its TypeScript through tsx, whose loader must be
 * registered in each thread: a `.ts` worker is started through a short module doing so.
 */
function startWorker(memoryMb: number | undefined): Worker {
  const options = {
    workerData: BUILD_WORKER_ROLE,
    resourceLimits: memoryMb === undefined ? {} : { maxOldGenerationSizeMb: memoryMb },
  };
  if (!WORKER_URL.pathname.endsWith(".ts")) return new Worker(WORKER_URL, options);
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = [
    `import { register } from ${JSON.stringify(tsx)};`,
    "register();",
    `await import(${JSON.stringify(WORKER_URL.href)});`,
  ].join("\n");
  return new Worker(bootstrap, { ...options, eval: true });
}

/** Lets pending events (questions, timers) run before the next slice of work. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface BuildWorkerOptions {
  logger: Logger;
  /** Heap limit of the worker, in MB: a build needing more fails. Unset: Node's default. */
  memoryMb?: number | undefined;
}

/** Runs builds in a worker thread, one at a time. */
export class BuildWorker {
  private worker: Worker | null = null;

  constructor(private readonly options: BuildWorkerOptions) {}

  /**
   * Runs one build. Resolves with the library's parts, or `load-failed` when the source
   * cannot be read; rejects when the worker fails (an exception, running out of memory,
   * being ended by `close`). `previous` are the articles served now, of which those of files
   * that are broken now are kept.
   */
  build(request: BuildRequest, previous: readonly Article[]): Promise<WorkerBuild> {
    const worker = (this.worker ??= startWorker(this.options.memoryMb));
    // Between builds the worker waits without keeping the process alive.
    worker.ref();
    const { logger } = this.options;
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
        worker.unref();
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
            logger.log(message.level, message.message, message.meta);
            break;
          case "load-failed":
            finish({ status: "load-failed", message: message.message });
            break;
          case "loaded":
            problems = message.problems;
            candidates = keptArticles(previous, [], problems);
            send({ type: "kept", articles: candidates });
            break;
          case "done": {
            const keptIds = new Set(message.keptIds);
            const kept = candidates.filter((article) => keptIds.has(article.id));
            const from = message.from;
            const { articleLines, index: packed } = message;
            Promise.all([decodeArticleLines(articleLines, pause), unpackIndex<PassageIndex>(packed, pause)]).then(
              ([articles, index]) => finish({ status: "built", articles, kept, problems, index, from }),
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

  /** Ends the worker; a build in progress fails. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
