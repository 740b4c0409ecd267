/**
 * Runs feed parsing, article extraction and the writing of article files on a worker thread
 * (parseWorker.ts), so a 10,000-item feed or a huge page never stalls the bot's answers. Jobs run one at a time; a job that
 * takes longer than {@link PARSE_TIMEOUT_MS}, or a worker that runs out of its memory limit, is
 * ended and the worker restarted for the next job. The worker starts on first use.
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

export class ParserThread {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private current: (Pending & { id: number; timer: NodeJS.Timeout | null }) | null = null;
  /** Whether the worker has loaded its parsers (its start-up does not count against a job). */
  private ready = false;
  private nextId = 1;
  private closed = false;

  constructor(private readonly timeoutMs = PARSE_TIMEOUT_MS) {}

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

  /** Stops the worker; jobs still waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error("the parser was closed"));
    this.fail(new Error("the parser was closed"));
    await this.stopWorker();
  }

  private submit(input: JobInput): Promise<unknown> {
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
      return;
    }
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

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = false;
    if (worker) await worker.terminate();
  }
}
