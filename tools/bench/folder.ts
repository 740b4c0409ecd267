/**
 * Loading a content folder: articles written out as Markdown files with front matter into
 * a scratch folder, read back with the real loader, then deleted.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { buildLibrary } from "../../src/core/library.ts";
import type { Article } from "../../src/core/types.ts";
import { formatMb, formatMs, rightAligned } from "../eval/table.ts";
import type { BenchSection } from "./section.ts";
import { count, timed } from "./timing.ts";

/** An article as a Markdown file with front matter. */
export function toMarkdown(article: Article): string {
  const front = [
    "---",
    `title: ${JSON.stringify(article.title)}`,
    ...(article.date === null ? [] : [`date: ${article.date}`]),
    ...(article.url === null ? [] : [`url: ${JSON.stringify(article.url)}`]),
    "---",
  ];
  return `${front.join("\n")}\n\n${article.paragraphs.join("\n\n")}\n`;
}

export const folderSection: BenchSection = {
  name: "content folder",
  async run(context) {
    const wanted = Math.min(context.options.folderArticles, context.totalArticles);
    const { articles } = await context.load(wanted);
    const folder = path.join(context.tmpDir, "content-folder");
    context.progress(`content folder: writing ${count(wanted)} articles as .md files`);
    let bytes = 0;
    try {
      // Spread over sub-folders, as a real content folder might be.
      for (const [index, article] of articles.slice(0, wanted).entries()) {
        const dir = path.join(folder, `part-${String(Math.floor(index / 500)).padStart(2, "0")}`);
        if (index % 500 === 0) await mkdir(dir, { recursive: true });
        const text = toMarkdown(article);
        bytes += Buffer.byteLength(text);
        await writeFile(path.join(dir, `article-${String(index).padStart(5, "0")}.md`), text);
      }
      context.progress("content folder: loading");
      const started = performance.now();
      const loaded = await loadLibrary(folder);
      const loadMs = performance.now() - started;
      const build = timed(() => buildLibrary(loaded.articles));
      return [
        {
          title: "Content folder of Markdown files",
          columns: rightAligned("files", "size", "articles loaded", "problems", "load", "build"),
          rows: [
            [
              count(wanted),
              formatMb(bytes),
              count(loaded.articles.length),
              count(loaded.problems.length),
              formatMs(loadMs),
              formatMs(build.ms),
            ],
          ],
          notes: [
            "Files written to a scratch folder under the system temp folder, deleted afterwards.",
          ],
        },
      ];
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  },
};
