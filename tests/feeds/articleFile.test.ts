import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/core/parseArticle.ts";
import {
  articleBaseName,
  articleMarkdown,
  escapeMarkdown,
  slugify,
  writeNewFile,
} from "../../src/feeds/articleFile.ts";
import type { ArticleToSave } from "../../src/feeds/articleFile.ts";

/** What the loader keeps of a text: single spaces, no ends. */
const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/** Text with the characters that break naive YAML and Markdown writers. */
const awkward = fc.stringMatching(/^[A-Za-z0-9 :#&*!|>'"%@`\-_[\]{}<>\\~.,?é日]{1,60}$/);
const meaningful = awkward.filter((text) => squash(text) !== "");

function readBack(article: ArticleToSave) {
  const parsed = parseArticle(articleMarkdown(article), "feeds/test/article.md");
  expect(parsed.problems).toEqual([]);
  return parsed.article;
}

describe("saved article files", () => {
  it("read back with the same title, date, url, source, author and text", () => {
    const article: ArticleToSave = {
      title: 'Mayor: "No comment" — #budget & yes',
      date: "2026-02-03",
      url: "https://news.example.com/a?b=1&c=2#d",
      source: "The Times: Weekend",
      author: "O'Brien, Pat",
      blocks: [
        { kind: "heading", text: "What happened" },
        {
          kind: "paragraph",
          text: "1. Not a list: *stars*, _underscores_ and <b>tags</b> stay as written.",
        },
        {
          kind: "paragraph",
          text: "> Not a quote, # not a heading, - not a list & not &amp; an entity.",
        },
      ],
    };
    expect(readBack(article)).toMatchObject({
      title: article.title,
      date: "2026-02-03",
      url: article.url,
      source: article.source,
      author: article.author,
      paragraphs: [
        "1. Not a list: *stars*, _underscores_ and <b>tags</b> stay as written.",
        "> Not a quote, # not a heading, - not a list & not &amp; an entity.",
      ],
    });
  });

  it("round-trips any title, author and paragraph text through the loader", () => {
    fc.assert(
      fc.property(
        meaningful,
        awkward,
        fc.array(meaningful, { minLength: 1, maxLength: 3 }),
        (title, author, paragraphs) => {
          const article = readBack({
            title,
            date: null,
            url: "https://example.com/x",
            source: "Src",
            author,
            blocks: paragraphs.map((text) => ({ kind: "paragraph" as const, text })),
          });
          expect(article?.title).toBe(squash(title));
          if (squash(author) !== "") expect(article?.author).toBe(squash(author));
          expect(article?.paragraphs).toEqual(paragraphs.map(squash));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("names files by date and title, in plain ASCII", () => {
    expect(articleBaseName({ date: "2026-02-03", title: "Café owners: “No!” (again)" })).toBe(
      "2026-02-03-cafe-owners-no-again",
    );
    // A title without a Latin letter is named by a hash of it, so that such articles do
    // not all compete for one name (and run out of numbered ones).
    expect(articleBaseName({ date: null, title: "日本" })).toMatch(/^article-[0-9a-f]{8}$/);
    expect(articleBaseName({ date: null, title: "日本" })).not.toBe(
      articleBaseName({ date: null, title: "中国" }),
    );
    expect(slugify("—", "feed")).toBe("feed");
    expect(escapeMarkdown("2026. A year")).toBe("2026\\. A year");
    // Indented, a "#" would still open a heading.
    expect(escapeMarkdown("  # é")).toBe("\\# é");
  });
});

describe("writing a new article file", () => {
  it("never overwrites one written at the same moment under the same name", async () => {
    // The bot and `npm run feeds -- check` may save two articles with one date and title
    // at once: each keeps its own file.
    const folder = await mkdtemp(path.join(tmpdir(), "citebot-article-file-"));
    try {
      const texts = Array.from({ length: 6 }, (_, i) => `article ${i}\n`);
      const files = await Promise.all(
        texts.map((text) => writeNewFile(folder, "2026-02-03-same-title", text)),
      );
      expect(new Set(files).size).toBe(texts.length);
      const names = (await readdir(folder)).sort();
      expect(names).toHaveLength(texts.length);
      expect(names.every((name) => /^2026-02-03-same-title(-\d)?\.md$/.test(name))).toBe(true);
      const written = await Promise.all(files.map((file) => readFile(file, "utf8")));
      expect(written).toEqual(texts);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
