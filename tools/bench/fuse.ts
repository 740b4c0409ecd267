/**
 * fuse.js over the same passages, at the sizes where it finishes in reasonable time, on a
 * few questions, against the library's search on the same articles and questions.
 */
import { buildLibrary } from "../../src/core/library.ts";
import { fuseBaseline, splitPassages } from "../eval/baselines.ts";
import { formatMs, rightAligned } from "../eval/table.ts";
import type { BenchSection } from "./section.ts";
import { count, timed, timeLibrary, timeQueries } from "./timing.ts";

export const fuseSection: BenchSection = {
  name: "fuse.js baseline",
  async run(context) {
    const rows: string[][] = [];
    const queries = context.questions.slice(0, context.options.fuseQuestions).map((q) => q.q);
    for (const size of context.options.fuseSizes) {
      const { articles: loaded } = await context.load(size);
      const articles = loaded.slice(0, size);
      const passages = splitPassages(articles);
      context.progress(
        `fuse.js: ${count(articles.length)} articles, ${count(passages.length)} passages, ${queries.length} questions`,
      );
      const library = buildLibrary(articles);
      const ours = timeLibrary(library, queries);
      const fuse = timed(() => fuseBaseline(articles, passages));
      // One warm-up query only: each one is slow.
      const theirs = timeQueries((query) => fuse.value.search(query, 4), queries, 1);
      rows.push([
        count(articles.length),
        count(passages.length),
        count(queries.length),
        formatMs(fuse.ms),
        formatMs(theirs.p50),
        formatMs(theirs.mean),
        formatMs(ours.p50),
        formatMs(ours.mean),
        ours.mean > 0 ? `${(theirs.mean / ours.mean).toFixed(0)}×` : "-",
      ]);
    }
    return [
      {
        title: "fuse.js over passages against the library's search",
        columns: rightAligned(
          "articles",
          "passages",
          "questions",
          "fuse.js build",
          "fuse.js p50",
          "fuse.js mean",
          "citebot p50",
          "citebot mean",
          "fuse.js / citebot",
        ),
        rows,
        notes: [
          "fuse.js: token search, ignoreLocation, threshold 0.4, over the same sentences. Larger sizes are left out: a question takes seconds.",
        ],
      },
    ];
  },
};
