/**
 * How the library scales: for each size, load time (real loader, its own library file),
 * index build time, heap and RSS after the build, the memory the index itself adds (heap
 * and typed arrays, beyond the articles' own text), passages indexed, and query latency.
 */
import { buildLibrary } from "../../src/core/library.ts";
import { formatMb, formatMs, rightAligned } from "../eval/table.ts";
import { measureMemory } from "./memory.ts";
import { openLexicon } from "../../src/content/lexicon.ts";
import type { Article, Lexicon } from "../../src/core/types.ts";
import type { BenchSection, BenchTable } from "./section.ts";
import { count, timeLibrary } from "./timing.ts";

/**
 * Builds the library, measures memory with it alive, and times the queries. The library
 * is unreachable once this returns, so the caller can see what memory it held.
 */
function buildAndQuery(
  articles: readonly Article[],
  lexicon: Lexicon,
  queries: readonly string[],
  warmUp: readonly string[],
) {
  const started = performance.now();
  const library = buildLibrary(articles, { lexicon });
  const buildMs = performance.now() - started;
  const memory = measureMemory();
  const times = timeLibrary(library, queries, warmUp);
  return { passages: library.passageCount, buildMs, memory, times };
}

/** Collections tried, a turn apart, for a dropped library's memory to be given back. */
const COLLECTIONS_TRIED = 5;

/**
 * The memory in use once what was dropped is collected: the least of a few measures, each on
 * a later turn of the event loop. Measured at once, the library just dropped was sometimes
 * still counted (the whole index, shown as "< 1 MB" held by it).
 */
async function memoryOnceFreed(): Promise<ReturnType<typeof measureMemory>> {
  let least = measureMemory();
  for (let tried = 1; tried < COLLECTIONS_TRIED; tried++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const memory = measureMemory();
    if (memory.heapUsed + memory.arrayBuffers < least.heapUsed + least.arrayBuffers) least = memory;
  }
  return least;
}

/** Articles of the library the queries are run over once before any size is measured. */
const WARM_UP_ARTICLES = 100;

/**
 * Below this, what the index holds is lost among what a collection leaves behind (a few
 * hundred kilobytes either way): shown as "< 1 MB" rather than as a figure, or a negative one.
 */
const SMALLEST_INDEX_SHOWN = 1024 * 1024;

export const scaleSection: BenchSection = {
  name: "scale",
  async run(context) {
    const rows: string[][] = [];
    let collected = true;
    // The word relations the bot searches with, from the bot's own cache (the word
    // relations section times building and reading them).
    const { lexicon } = await openLexicon();
    let warmedUp = false;
    for (const size of context.options.sizes) {
      const label = size === null ? "all" : count(size);
      context.progress(`scale: loading ${label} articles`);
      const loaded = await context.load(size);
      const articles = size === null ? loaded.articles : loaded.articles.slice(0, size);
      if (!warmedUp) {
        // What searching keeps for the life of the process (the word relations of the
        // question words, read as first asked for) is there before the first size too:
        // else it grows while that size's queries run, and is taken off what its index holds
        // (a negative figure for a small library).
        context.progress("scale: asking the questions once over a small library first");
        buildAndQuery(
          articles.slice(0, WARM_UP_ARTICLES),
          lexicon,
          context.queries,
          context.warmUpQueries,
        );
        warmedUp = true;
      }
      context.progress(`scale: building the index of ${count(articles.length)} articles`);
      const { passages, buildMs, memory, times } = buildAndQuery(
        articles,
        lexicon,
        context.queries,
        context.warmUpQueries,
      );
      collected &&= memory.collected;
      // What the index holds: the memory that went with the library (the articles stay).
      const withoutIndex = await memoryOnceFreed();
      const indexBytes =
        memory.heapUsed + memory.arrayBuffers - withoutIndex.heapUsed - withoutIndex.arrayBuffers;
      rows.push([
        size === null ? `all (${count(articles.length)})` : count(articles.length),
        count(passages),
        formatMs(loaded.ms),
        formatMs(buildMs),
        formatMb(memory.heapUsed),
        formatMb(memory.arrayBuffers),
        indexBytes < SMALLEST_INDEX_SHOWN ? "< 1 MB" : formatMb(indexBytes),
        formatMb(memory.rss),
        formatMs(times.prepareMs),
        count(times.count),
        formatMs(times.p50),
        formatMs(times.p99),
        formatMs(times.mean),
      ]);
    }
    const table: BenchTable = {
      title: `Library size (source: ${context.source})`,
      columns: rightAligned(
        "articles",
        "passages",
        "load",
        "build",
        "heap",
        "arrays",
        "index",
        "RSS",
        "corrector",
        "queries",
        "p50",
        "p99",
        "mean",
      ),
      rows,
      notes: [
        "load: the real loader on a library file with the first N articles (gzip level 1 when the source is gzipped).",
        `heap, arrays (typed arrays outside the heap) and RSS after the build${collected ? ", after a full garbage collection" : " (no garbage collection available: figures overstate)"}; RSS never shrinks, so it carries earlier sizes' peaks.`,
        "index: the heap and arrays the library's index holds (freed when it is dropped; the articles stay).",
        `Before the first size, the questions are asked once over its first ${WARM_UP_ARTICLES} articles, so that no size pays for compiling the code or for what the process keeps after its first questions.`,
        "corrector: finishing the spelling corrector, which the bot does in steps while it serves.",
        "queries: the questions as written, then typo'd variants; top 4 results each, as /ask asks, with the word relations; after the corrector is ready and one untimed pass over the questions with other typos.",
      ],
    };
    return [table];
  },
};
