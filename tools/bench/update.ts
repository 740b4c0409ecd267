/**
 * How long a file added to, changed in or removed from a large content folder takes to
 * reach answers, through the real library store (its watcher, build worker and update),
 * and how long the main thread was held meanwhile.
 *
 * Figures only: nothing here asserts a target.
 */
import { copyFile, mkdir, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { Writable } from "node:stream";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createLibraryStore, WATCH_SETTINGS } from "../../src/content/libraryStore.ts";
import { createLogger } from "../../src/ops/logger.ts";
import { formatMs } from "../eval/table.ts";
import type { BenchSection } from "./section.ts";
import { count } from "./timing.ts";

/** Longest wait for the first build or an update, in ms. */
const PATIENCE_MS = 600_000;
/** How often the bench asks whether the change is answered yet. */
const POLL_MS = 5;
/** Questions asked before the first change. */
const WARM_UP_QUESTIONS = 5;
/** Words no news article holds, so the new article is the only answer. */
const MARK = "zorbulent quixotary";

/** The store's JSON log lines, collected; `heard` is told of each as it comes. */
function collectingLogger(
  lines: Array<Record<string, unknown>>,
  heard: (line: Record<string, unknown>) => void = () => undefined,
) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const text of chunk.toString("utf8").split("\n")) {
        if (!text.trim()) continue;
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        heard(line);
      }
      callback();
    },
  });
  return createLogger(
    { logLevel: "debug", logFormat: "json", discordToken: null },
    { stream: sink },
  );
}

function articleText(title: string, body: string): string {
  return `---\ntitle: ${title}\ndate: 2026-03-30\n---\n${body}\n`;
}

/**
 * Watches the event loop from the moment the build worker says it built the library until
 * `stop()`: the swap of the library it hands over, the build itself left out.
 */
function swapWatch(): {
  heard: (line: Record<string, unknown>) => void;
  stop: () => number | null;
} {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let watching = false;
  return {
    heard(line) {
      if (line.message !== "search index built" || watching) return;
      watching = true;
      delay.enable();
    },
    stop() {
      delay.disable();
      return watching ? delay.max / 1e6 : null;
    },
  };
}

/** Polls until a line with `message` is logged (or the patience runs out). */
async function untilLogged(lines: Array<Record<string, unknown>>, message: string): Promise<void> {
  const started = performance.now();
  while (!lines.some((line) => line.message === message)) {
    if (performance.now() - started > PATIENCE_MS) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Polls until `answered()` holds; the time from `started`. */
async function timeUntil(answered: () => boolean, started: number): Promise<number> {
  while (!answered()) {
    if (performance.now() - started > PATIENCE_MS) throw new Error("the change was never answered");
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return performance.now() - started;
}

interface Step {
  what: string;
  ms: number;
  workerMs: number | null;
  /** Of which: reading the changed files and the folder, and updating the index. */
  readMs: number | null;
  updateMs: number | null;
  assemblyMs: number | null;
  how: string;
  stallMs: number;
}

/** Makes one change, times it to its first answer, and reads the store's log lines for it. */
async function timedChange(
  logs: Array<Record<string, unknown>>,
  what: string,
  change: () => Promise<void>,
  answered: () => boolean,
): Promise<Step> {
  const from = logs.length;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  await change();
  const ms = await timeUntil(answered, started);
  delay.disable();
  // The log lines of the reload that answered it (written just before the swap).
  await new Promise((resolve) => setTimeout(resolve, 50));
  const lines = logs.slice(from);
  const loaded = lines.find((line) => line.message === "library loaded");
  const worker = lines.find(
    (line) => line.message === "search index updated" || line.message === "search index built",
  );
  const assembled = lines.find((line) => line.message === "library assembled from its index");
  return {
    what,
    ms,
    workerMs: typeof worker?.ms === "number" ? worker.ms : null,
    readMs: typeof worker?.readMs === "number" ? worker.readMs : null,
    updateMs: typeof worker?.updateMs === "number" ? worker.updateMs : null,
    assemblyMs: typeof assembled?.ms === "number" ? assembled.ms : null,
    how: typeof loaded?.how === "string" ? loaded.how : "?",
    stallMs: delay.max / 1e6,
  };
}

export const updateSection: BenchSection = {
  name: "update",
  async run(context) {
    const folder = path.join(context.tmpDir, "update-content");
    await mkdir(folder, { recursive: true });
    const library = context.libraryFile(null);
    await copyFile(library, path.join(folder, path.basename(library)));
    context.progress(`index update: first build of ${count(context.totalArticles)} articles`);
    const logs: Array<Record<string, unknown>> = [];
    const swap = swapWatch();
    const first = performance.now();
    const store = await createLibraryStore({
      source: folder,
      logger: collectingLogger(logs, swap.heard),
    });
    const firstMs = performance.now() - first;
    // The swap ends once the library served has prepared what it put off.
    await untilLogged(logs, "spelling corrector and title words ready");
    const swapStallMs = swap.stop();
    const articles = store.current.articles.length;
    const steps: Step[] = [];
    try {
      // Resolves once chokidar's first scan is done and what changed before it is read.
      await store.watch();
      const file = path.join(folder, "added", "2026-03-30-bench.md");
      await mkdir(path.dirname(file), { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const topId = (question: string): string | undefined =>
        store.current.search(question, { top: 1 })[0]?.article.id;
      // The first questions after a start take a few hundred ms while the question parser
      // warms up: asked before the first change, so that cost is not counted against it.
      for (let warm = 0; warm < WARM_UP_QUESTIONS; warm++) topId(`${MARK} Krakow`);
      context.progress("index update: a new file");
      steps.push(
        await timedChange(
          logs,
          "new file added",
          () =>
            writeFile(file, articleText(`Bench ${MARK}`, `The ${MARK} met in Warsaw on Monday.`)),
          () => topId(`${MARK} Warsaw`) === "added/2026-03-30-bench",
        ),
      );
      context.progress("index update: the file changed");
      steps.push(
        await timedChange(
          logs,
          "the file changed",
          () =>
            writeFile(file, articleText(`Bench ${MARK}`, `The ${MARK} met in Gdansk on Tuesday.`)),
          () => topId(`${MARK} Gdansk`) === "added/2026-03-30-bench",
        ),
      );
      context.progress("index update: the file removed");
      steps.push(
        await timedChange(
          logs,
          "the file removed",
          () => unlink(file),
          () => store.current.getArticle("added/2026-03-30-bench") === undefined,
        ),
      );
    } finally {
      await store.close();
    }
    return [
      {
        title: `A content change picked up by an index update (${count(articles)} articles in the folder)`,
        columns: [
          { title: "change" },
          { title: "how" },
          { title: "file to first answer", align: "right" },
          { title: "worker: read + update", align: "right" },
          { title: "of which read", align: "right" },
          { title: "of which index update", align: "right" },
          { title: "main thread: assembly", align: "right" },
          { title: "longest main-thread stall", align: "right" },
        ],
        rows: [
          [
            "first build (for comparison)",
            "built",
            formatMs(firstMs),
            "",
            "",
            "",
            "",
            swapStallMs === null ? "" : `${formatMs(swapStallMs)} in the swap`,
          ],
          ...steps.map((step) => [
            step.what,
            step.how,
            formatMs(step.ms),
            step.workerMs === null ? "" : formatMs(step.workerMs),
            step.readMs === null ? "" : formatMs(step.readMs),
            step.updateMs === null ? "" : formatMs(step.updateMs),
            step.assemblyMs === null ? "" : formatMs(step.assemblyMs),
            formatMs(step.stallMs),
          ]),
        ],
        notes: [
          "The folder holds the news library file and one Markdown article that is added, rewritten and deleted.",
          `File to first answer: from the write to the first search whose top result shows the change, through the real watcher (its ${WATCH_SETTINGS.quietMs} ms quiet period included), worker and swap.`,
          "Longest main-thread stall: the event loop's largest delay over the whole change (monitorEventLoopDelay); for the first build, from the worker's hand-over of the library it built until the library is served and prepared (the build itself runs in the worker).",
          `${WARM_UP_QUESTIONS} questions are asked before the first change: the first questions after a start are slower while the question parser warms up.`,
        ],
      },
    ];
  },
};
