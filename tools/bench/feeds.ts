/**
 * What polling costs: 100 feeds served by a local HTTP server (each with its article pages),
 * checked the way the poller checks them. The first check saves every item; later checks
 * find nothing new, either answered 304 (the feed sent an ETag) or by reading the whole feed
 * again. Also a 10,000-item feed. Each row gives the wall time and the longest stall of the
 * main thread's event loop meanwhile (parsing and extraction run on the parser thread).
 *
 * Alone: `npx tsx tools/bench/feeds.ts [FEEDS] [ITEMS_PER_FEED]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Writable } from "node:stream";
import { FeedService } from "../../src/feeds/feedService.ts";
import { FeedStore } from "../../src/feeds/feedStore.ts";
import { ParserThread } from "../../src/feeds/parserThread.ts";
import { isMainModule } from "../../src/cli/args.ts";
import { createLogger } from "../../src/ops/logger.ts";
import { articlePage, serve, startTestServer } from "../../tests/feeds/server.ts";
import type { TestServer } from "../../tests/feeds/server.ts";
import { formatMs, formatTable } from "../eval/table.ts";
import type { BenchSection, BenchTable } from "./section.ts";
import { count } from "./timing.ts";

/** Feeds polled: a busy news server's subscriptions. */
export const BENCH_FEEDS = 100;
/** Items per feed, all new on the first check. */
export const BENCH_ITEMS_PER_FEED = 5;
/** Items of the one very large feed. */
const HUGE_FEED_ITEMS = 10_000;
const MINUTE = 60_000;

const PARAGRAPHS = [
  "The regional council approved the new budget on Tuesday after a debate that lasted most of the night, officials said.",
  "Spending on schools rises by four percent, while the road programme is cut back to the repairs already planned.",
  "Opposition members said the plan relied on optimistic tax forecasts and promised to challenge it next year.",
];

function rssFeed(origin: string, feed: number, items: number): string {
  const entries = Array.from({ length: items }, (_, i) => {
    const link = `${origin}/f${feed}/a${i}`;
    return `<item><title>Council story ${feed}-${i}</title><link>${link}</link><guid>${link}</guid><pubDate>Tue, 03 Feb 2026 10:${String(i % 60).padStart(2, "0")}:00 +0100</pubDate><description><![CDATA[<p>Summary of story ${i}.</p>]]></description></item>`;
  }).join("");
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${feed}</title>${entries}</channel></rss>`;
}

function serveFeeds(server: TestServer, feeds: number, items: number): void {
  const page = serve("text/html", articlePage({ title: "Council story", paragraphs: PARAGRAPHS }));
  for (let feed = 0; feed < feeds; feed++) {
    const body = rssFeed(server.origin, feed, items);
    // Even feeds send an ETag (and answer 304); odd ones send the whole feed every time.
    const etag = feed % 2 === 0 ? `"feed-${feed}"` : null;
    server.route(`/f${feed}.xml`, (request, response) => {
      if (etag && request.headers["if-none-match"] === etag) {
        response.writeHead(304).end();
        return;
      }
      response
        .writeHead(200, { "content-type": "application/rss+xml", ...(etag ? { etag } : {}) })
        .end(body);
    });
    for (let i = 0; i < items; i++) server.route(`/f${feed}/a${i}`, page);
  }
}

/** Runs `task`, returning its wall time and the event loop's longest stall meanwhile. */
async function measured<T>(
  task: () => Promise<T>,
): Promise<{ value: T; ms: number; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const value = await task();
  const ms = performance.now() - started;
  delay.disable();
  return { value, ms, stallMs: delay.max / 1e6 };
}

export async function measureFeedPolling(options: {
  feeds: number;
  itemsPerFeed: number;
  tmpDir: string;
  progress(line: string): void;
}): Promise<BenchTable> {
  const server = await startTestServer();
  const contentDir = await mkdtemp(path.join(options.tmpDir, "feeds-content-"));
  const dataDir = await mkdtemp(path.join(options.tmpDir, "feeds-data-"));
  const store = FeedStore.open(dataDir);
  const parser = new ParserThread();
  let clock = Date.now();
  const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const service = new FeedService({
    store,
    parser,
    contentDir,
    logger: createLogger(
      { logLevel: "error", logFormat: "json", discordToken: null },
      { stream: quiet },
    ),
    intervalMs: 15 * MINUTE,
    allowLoopback: true,
    now: () => clock,
  });
  const rows: string[][] = [];
  const row = (
    step: string,
    feeds: number,
    saved: number,
    result: { ms: number; stallMs: number },
  ) =>
    rows.push([
      step,
      count(feeds),
      count(saved),
      formatMs(result.ms),
      formatMs(result.ms / Math.max(1, feeds)),
      formatMs(result.stallMs),
    ]);
  try {
    serveFeeds(server, options.feeds, options.itemsPerFeed);
    // The parser thread's start-up is not part of polling: wait for it first.
    await parser.extractHtml("<p>warm-up</p>");
    options.progress(`feeds: subscribing to ${options.feeds} feeds`);
    const subscribe = await measured(async () => {
      for (let feed = 0; feed < options.feeds; feed++) {
        await service.subscribe(`${server.origin}/f${feed}.xml`);
      }
    });
    row("subscribe (each feed fetched and parsed once)", options.feeds, 0, subscribe);

    options.progress(`feeds: first check, ${options.feeds * options.itemsPerFeed} new articles`);
    const first = await measured(() => service.checkDue());
    row(
      "first check: every item new (page fetched, extracted, saved)",
      options.feeds,
      saved(first.value),
      first,
    );

    clock += 20 * MINUTE;
    const steady = await measured(() => service.checkDue());
    row(
      "next check: nothing new (half 304, half whole feed)",
      options.feeds,
      saved(steady.value),
      steady,
    );

    options.progress(`feeds: one feed of ${count(HUGE_FEED_ITEMS)} items`);
    server.route(
      "/huge.xml",
      serve("application/rss+xml", rssFeed(server.origin, 999, HUGE_FEED_ITEMS)),
    );
    const huge = await measured(() => service.subscribe(`${server.origin}/huge.xml`));
    row(`subscribe to a ${count(HUGE_FEED_ITEMS)}-item feed`, 1, 0, huge);
  } finally {
    await service.close();
    await server.close();
    await rm(contentDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
  return {
    title: `Polling ${count(options.feeds)} feeds of ${options.itemsPerFeed} items (local HTTP server)`,
    columns: [
      { title: "step" },
      { title: "feeds", align: "right" },
      { title: "saved", align: "right" },
      { title: "time", align: "right" },
      { title: "per feed", align: "right" },
      { title: "longest stall", align: "right" },
    ],
    rows,
    notes: [
      "Feeds are checked one after another; 'longest stall' is the main thread's largest event-loop delay meanwhile (feeds and pages are parsed on the parser thread).",
      "Every check is spread by ±10% jitter over FEED_INTERVAL_MINUTES (15 by default), so 100 feeds cost this time once per interval.",
    ],
  };
}

function saved(reports: ReadonlyArray<{ saved: readonly unknown[] }>): number {
  return reports.reduce((sum, report) => sum + report.saved.length, 0);
}

export const feedsSection: BenchSection = {
  name: "feed polling",
  async run(context) {
    return [
      await measureFeedPolling({
        feeds: BENCH_FEEDS,
        itemsPerFeed: BENCH_ITEMS_PER_FEED,
        tmpDir: context.tmpDir,
        progress: (line) => context.progress(line),
      }),
    ];
  },
};

if (isMainModule(import.meta.url)) {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), "citebot-bench-feeds-"));
  try {
    const table = await measureFeedPolling({
      feeds: Number(process.argv[2] ?? BENCH_FEEDS),
      itemsPerFeed: Number(process.argv[3] ?? BENCH_ITEMS_PER_FEED),
      tmpDir,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    const lines = [table.title, ...formatTable(table.columns, table.rows), ...(table.notes ?? [])];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}
