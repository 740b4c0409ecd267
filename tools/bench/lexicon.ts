/**
 * What the word relations cost: building the table from WordNet's files (the first start),
 * reading it back from the cache (every later start), the memory it holds, and the time to
 * look up every word of a question.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { openLexicon, type LoadedLexicon } from "../../src/content/lexicon.ts";
import { formatMb, formatMs } from "../eval/table.ts";
import { measureMemory } from "./memory.ts";
import type { BenchSection } from "./section.ts";
import { count, timeQueries } from "./timing.ts";

/** Words of a question as the search folds them, roughly: letters, lower case. */
function questionWords(query: string): string[] {
  return query.toLowerCase().match(/\p{L}+/gu) ?? [];
}

export const lexiconSection: BenchSection = {
  name: "word relations",
  async run(context) {
    const cacheDir = path.join(context.tmpDir, "lexicon-cache");
    context.progress("word relations: building the table from WordNet's files");
    const built = await openLexicon({ cacheDir });
    context.progress("word relations: reading the cached table");
    const before = measureMemory();
    const cached: LoadedLexicon = await openLexicon({ cacheDir });
    const after = measureMemory();
    const lexicon = cached.lexicon;
    const file = cached.cacheFile;
    const bytes = file === null ? 0 : (await stat(file)).size;
    const held = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    const perQuestion = timeQueries(
      (query) => questionWords(query).map((word) => lexicon.related(word)),
      context.queries,
    );
    return [
      {
        title: "Word relations (WordNet 3.1)",
        columns: [
          { title: "step" },
          { title: "time", align: "right" },
          { title: "memory", align: "right" },
        ],
        rows: [
          [`build from WordNet's files (${count(built.words)} words)`, formatMs(built.ms), "-"],
          [
            cached.from === "cache"
              ? `read the cached table (${formatMb(bytes)} file)`
              : "build again (the cache could not be written)",
            formatMs(cached.ms),
            formatMb(Math.max(0, held)),
          ],
          [
            `look up every word of a question (p50 / p99, ${count(perQuestion.count)} questions)`,
            `${formatMs(perQuestion.p50)} / ${formatMs(perQuestion.p99)}`,
            "-",
          ],
        ],
        notes: [
          "The table is built at first use and cached under node_modules/.cache/citebot; later starts read the cache.",
          "Memory: heap plus typed arrays held by the read-back table, after a full garbage collection.",
        ],
      },
    ];
  },
};
