/**
 * Runs feed parsing, article extraction and the writing of article files on a worker thread
 * (parseWorker.ts), so a 10,000-item feed or a huge page never stalls the bot's answers. Jobs run one at a time; a job that
 * takes longer than {@link PARSE_TIMEOUT_MS}, or a worker that runs out of its memory limit, is
 * ended and the worker restarted for the next job. The worker starts on first use.
 *
 * Work someone waits for (`/add`, `/feed add`) goes through {@link ParserThread.forUser}: on
 * the same worker when it has nothing to do, else on a second worker of its own, so it never
 * waits for the feed checks' pages (each up to the time limit). The second worker starts when
 * needed and stops after {@link SPARE_IDLE_MS} without work: there are never more than two.
 */
import { Worker } from "node:worker_threads";
import type { ArticleToSave } from "./articleFile.ts";
import type { ExtractedArticle, TextBlock } from "./extractArticle.ts";
import { FeedFormatError, ParseError } from "./formats.ts";
import type { ParsedFeed } from "./parseFeed.ts";

/** Longest a single parse may take before the worker is stopped. */
export const PARSE_TIMEOUT_MS = 30_000;
/** Heap limit of the worker: a 5 MB page or feed parses in well under this. */
export const PARSER_MEMORY_MB = 512;
/** How long the second worker (for work someone waits for) is kept without work. */
export const SPARE_IDLE_MS = 60_000;

export type ParserJob = { id: number } & (
  | {
      kind: "feed";
      body: Uint8Array;
      contentType: string;
      mediaType: string;
      feedUrl: string;
      maxItems: number;
    }
  | { kind: "page"; body: Uint8Array; contentType: string }
  | { kind: "html"; html: string }
  | { kind: "feedLinks"; body: Uint8Array; contentType: string; pageUrl: string }
  | { kind: "markdown"; article: ArticleToSave }
  | { kind: "saved"; text: string; file: string }
);

/** What an article file saved earlier holds, as a reply about it shows it. */
export interface SavedFields {
  title: string;
  date: string | null;
  url: string | null;
  source: string | null;
  firstParagraph: string | null;
}
type JobInput = ParserJob extends infer J
  ? J extends { id: number }
    ? Omit<J, "id">
    : never
  : never;

export type ParserReply =
  | { id: number; result: unknown; error?: undefined }
  | { id: number; result?: undefined; error: { name: string; message: string } };

/**
 * The worker's module beside this one: compiled (`.js`, imported as it is) or run from source
 * (`.ts`). TypeScript registers tsx's loader in its own thread first (loaders registered on
 * the main thread do not reach worker threads), then loads parseWorker.ts.
 */
function workerSource(): string {
  const compiled = !new URL(import.meta.url).pathname.endsWith(".ts");
  const entry = new URL(compiled ? "./parseWorker.js" : "./parseWorker.ts", import.meta.url).href;
  if (compiled) return `import(${JSON.stringify(entry)});`;
  const tsx = import.meta.resolve("tsx/esm/api");
  return `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
}

interface Pending {
  input: JobInput;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/** The jobs a worker runs, as calls; where each job runs is the subclass's to say. */
export abstract class ParserJobs {
  protected abstract submit(input: JobInput): Promise<unknown>;

  parseFeed(input: Omit<Extract<ParserJob, { kind: "feed" }>, "id" | "kind">): Promise<ParsedFeed> {
    return this.submit({ kind: "feed", ...input }) as Promise<ParsedFeed>;
  }

  extractPage(body: Uint8Array, contentType: string): Promise<ExtractedArticle> {
    return this.submit({ kind: "page", body, contentType }) as Promise<ExtractedArticle>;
  }

  /** The feeds a page names, as absolute addresses (see extractArticle.ts's `feedLinks`). */
  feedLinks(body: Uint8Array, contentType: string, pageUrl: string): Promise<string[]> {
    return this.submit({ kind: "feedLinks", body, contentType, pageUrl }) as Promise<string[]>;
  }

  extractHtml(html: string): Promise<TextBlock[]> {
    return this.submit({ kind: "html", html }) as Promise<TextBlock[]>;
  }

  /** The Markdown file of an article to save: escaping megabytes of text takes a while. */
  articleMarkdown(article: ArticleToSave): Promise<string> {
    return this.submit({ kind: "markdown", article }) as Promise<string>;
  }

  /**
   * The fields of an article file saved earlier (`text`, named `file`), or null when it no
   * longer parses: its Markdown takes a while to read when the page was full of markup.
   */
  savedFields(text: string, file: string): Promise<SavedFields | null> {
    return this.submit({ kind: "saved", text, file }) as Promise<SavedFields | null>;
  }
}

/**
 * The parser threads. Its own calls are background work (checking feeds): one job at a time,
 * in order. {@link forUser}'s calls are work someone waits for.
 */
export class ParserThread extends ParserJobs {
  private readonly main: WorkerQueue;
  /** The second worker, for work someone waits for while the first is busy. */
  private readonly spare: WorkerQueue;
  /** Jobs someone waits for: never queued behind background work. */
  readonly forUser: ParserJobs;

  constructor(timeoutMs = PARSE_TIMEOUT_MS, spareIdleMs = SPARE_IDLE_MS) {
    super();
    this.main = new WorkerQueue(timeoutMs, null);
    this.spare = new WorkerQueue(timeoutMs, spareIdleMs);
    this.forUser = new UserJobs((input) => this.submitForUser(input));
  }

  protected submit(input: JobInput): Promise<unknown> {
    return this.main.submit(input);
  }

  /**
   * Runs a job someone waits for on the first worker when it has nothing to do or wait for
   * (it is then usually started and warm already), else on the second. Background jobs thus wait for at most the
   * one user's job the first worker runs, however many users add pages.
   */
  private submitForUser(input: JobInput): Promise<unknown> {
    return (this.main.idle ? this.main : this.spare).submit(input);
  }

  /** Stops the workers; jobs still waiting fail. */
  async close(): Promise<void> {
    await Promise.all([this.main.close(), this.spare.close()]);
  }
}

class UserJobs extends ParserJobs {
  constructor(private readonly run: (input: JobInput) => Promise<unknown>) {
    super();
  }

  protected submit(input: JobInput): Promise<unknown> {
    return this.run(input);
  }
}

/**
 * One worker thread and the jobs waiting for it, run one at a time in order. With
 * `idleStopMs`, the worker is stopped after that long without a job (it starts again for
 * the next one).
 */
class WorkerQueue {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private current: (Pending & { id: number; timer: NodeJS.Timeout | null }) | null = null;
  /** Whether the worker has loaded its parsers (its start-up does not count against a job). */
  private ready = false;
  private nextId = 1;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly timeoutMs: number,
    private readonly idleStopMs: number | null,
  ) {}

  /** Whether no job is running or waiting. */
  get idle(): boolean {
    return this.current === null && this.queue.length === 0;
  }

  /** Stops the worker; jobs still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelIdleStop();
    for (const pending of this.queue.splice(0)) pending.reject(new Error("the parser was closed"));
    this.fail(new Error("the parser was closed"));
    await this.stopWorker();
  }

  submit(input: JobInput): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("the parser was closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.pump();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerSource(), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: PARSER_MEMORY_MB },
    });
    this.ready = false;
    worker.on("message", (reply: ParserReply | { ready: true }) => {
      if ("id" in reply) {
        this.settle(reply);
      } else if (this.worker === worker) {
        this.ready = true;
        this.startTimer();
      }
    });
    // Only the worker in use fails the job in progress: one stopped on purpose is gone already.
    worker.on("error", (err) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.fail(new ParseError("the parser failed on it", err.message));
    });
    worker.on("exit", () => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.fail(new ParseError("the parser stopped"));
    });
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const next = this.queue.shift();
    if (!next) {
      this.worker?.unref();
      this.scheduleIdleStop();
      return;
    }
    this.cancelIdleStop();
    const worker = this.ensureWorker();
    worker.ref();
    const id = this.nextId++;
    this.current = { ...next, id, timer: null };
    // Messages wait in the worker's port until it has loaded and listens.
    worker.postMessage({ id, ...next.input });
    this.startTimer();
  }

  /** Starts the current job's time limit, once the worker is ready to run it. */
  private startTimer(): void {
    const current = this.current;
    if (!current || current.timer || !this.ready) return;
    current.timer = setTimeout(() => {
      this.fail(new ParseError(`parsing took longer than ${this.timeoutMs / 1000} s`));
      void this.stopWorker();
    }, this.timeoutMs);
  }

  private settle(reply: ParserReply): void {
    const current = this.current;
    if (!current || current.id !== reply.id) return;
    if (current.timer) clearTimeout(current.timer);
    this.current = null;
    if (reply.error) {
      // A document that is no feed says so; anything else that went wrong inside the
      // parser is a detail for the log, not for the person who gave the address.
      const err =
        reply.error.name === "FeedFormatError"
          ? new FeedFormatError(reply.error.message)
          : new ParseError(
              "its text could not be read",
              `${reply.error.name}: ${reply.error.message}`,
            );
      current.reject(err);
    } else {
      current.resolve(reply.result);
    }
    this.pump();
  }

  /** Fails the job in progress (if any) and moves on to the next. */
  private fail(err: Error): void {
    const current = this.current;
    if (!current) return;
    if (current.timer) clearTimeout(current.timer);
    this.current = null;
    current.reject(err);
    queueMicrotask(() => this.pump());
  }

  /** Stops a worker kept for {@link idleStopMs} without a job, giving its memory back. */
  private scheduleIdleStop(): void {
    if (this.idleStopMs === null || !this.worker || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.idle) void this.stopWorker();
    }, this.idleStopMs);
    this.idleTimer.unref();
  }

  private cancelIdleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    if (worker) await worker.terminate();
  }
}
