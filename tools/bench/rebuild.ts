/**
 * How long a full rebuild takes to pick up a content change: reading the source again and
 * building the whole index again (what a reload does for large changes; the `update`
 * section times the update a small change gets).
 */
import { buildLibrary } from "../../src/core/library.ts";
import { formatMs } from "../eval/table.ts";
import type { BenchSection } from "./section.ts";
import { count, timed } from "./timing.ts";

export const rebuildSection: BenchSection = {
  name: "content change",
  async run(context) {
    const size = Math.min(context.options.rebuildSize, Math.max(1, context.totalArticles - 1));
    context.progress(`content change: ${count(size)} articles, then one more`);
    const before = await context.load(size);
    const first = timed(() => buildLibrary(before.articles.slice(0, size)));
    const after = await context.load(size + 1);
    const rebuild = timed(() => buildLibrary(after.articles.slice(0, size + 1)));
    const added = after.articles.length - Math.min(before.articles.length, size);
    return [
      {
        title: `Picking up a content change (one article added to ${count(size)})`,
        columns: [
          { title: "step" },
          { title: "articles", align: "right" },
          { title: "time", align: "right" },
        ],
        rows: [
          ["first build", count(first.value.articles.length), formatMs(first.ms)],
          [
            `full rebuild after adding ${added} article${added === 1 ? "" : "s"}`,
            count(rebuild.value.articles.length),
            formatMs(rebuild.ms),
          ],
          ["reading the library again", count(after.articles.length), formatMs(after.ms)],
          [
            "change picked up (read + full rebuild)",
            count(rebuild.value.articles.length),
            formatMs(after.ms + rebuild.ms),
          ],
        ],
        notes: [
          "A full rebuild, as a reload does for large changes; a change to a few articles updates the index instead (the `update` section).",
        ],
      },
    ];
  },
};
