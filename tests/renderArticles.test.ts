import { describe, expect, it } from "vitest";
import type { Article } from "../src/core/types.ts";
import { exampleLine, exampleQuestion, exampleQuestions } from "../commands/help.ts";
import {
  articlePageId,
  countWords,
  inPeriod,
  parseArticlePageId,
  renderArticle,
  renderArticlePage,
  sortNewestFirst,
} from "../src/discord/renderArticles.ts";

function article(n: number, date: string | null, extra: Partial<Article> = {}): Article {
  return {
    id: `a${n}`,
    title: `Article ${n}`,
    date,
    url: null,
    path: `a${n}.txt`,
    source: null,
    author: null,
    tags: [],
    paragraphs: [`First paragraph of article ${n}.`, "Second paragraph."],
    ...extra,
  };
}

describe("renderArticle", () => {
  it("shows title, link, date, length and the first paragraph", () => {
    const { embeds } = renderArticle(
      article(1, "2026-02-03", {
        title: "Talks *in* Warsaw",
        url: "https://news.example.com/talks",
        paragraphs: ["@everyone The talks went well.", "More text here."],
      }),
    );
    const embed = embeds[0];
    expect(embed?.title).toBe("Talks \\*in\\* Warsaw");
    expect(embed?.url).toBe("https://news.example.com/talks");
    expect(embed?.description).toBe("@\u200beveryone The talks went well.");
    expect(embed?.fields).toEqual(
      expect.arrayContaining([
        { name: "Date", value: "2026-02-03 · <t:1770120000:D>", inline: true },
        { name: "Length", value: "8 words", inline: true },
      ]),
    );
  });

  it("shows the date of an article from before 1970 as written, with no timestamp", () => {
    const { embeds } = renderArticle(article(1, "1969-07-20"));
    expect(embeds[0]?.fields).toEqual(
      expect.arrayContaining([{ name: "Date", value: "1969-07-20", inline: true }]),
    );
  });

  it("counts words", () => {
    expect(
      countWords(article(1, null, { paragraphs: ["Seoul’s well-known ties", "2 more"] })),
    ).toBe(5);
  });
});

describe("renderArticlePage", () => {
  const articles = [
    article(1, "2024-01-01"),
    article(2, null),
    ...Array.from({ length: 10 }, (_, i) =>
      article(i + 3, `2025-01-${String(i + 1).padStart(2, "0")}`),
    ),
  ];

  it("sorts newest first with undated articles last", () => {
    const sorted = sortNewestFirst(articles).map((a) => a.id);
    expect(sorted[0]).toBe("a12");
    expect(sorted.at(-1)).toBe("a2");
  });

  it("shows 10 a page with Previous/Next disabled at the ends", () => {
    const first = renderArticlePage(articles, 0);
    expect(first.embeds[0]?.description?.split("\n")).toHaveLength(10);
    expect(first.embeds[0]?.footer?.text).toBe("Page 1 of 2 · 12 articles");
    const [prev, next] = first.components[0]?.components ?? [];
    expect(prev).toMatchObject({ label: "Previous", disabled: true });
    expect(next).toMatchObject({ label: "Next", disabled: false, custom_id: "articles:next:1" });

    const last = renderArticlePage(articles, 99);
    expect(last.embeds[0]?.footer?.text).toBe("Page 2 of 2 · 12 articles");
    expect(last.embeds[0]?.description).toContain("12\\. **Article 2** — date unknown");
    expect(last.components[0]?.components[1]).toMatchObject({ disabled: true });
  });

  it("keeps every line of a page whole, however much its titles need escaping", () => {
    // Titles of markup characters double when escaped: ten of them once overflowed the
    // description, which was cut mid-line, leaving a bold unclosed and three titles unseen.
    const marked = Array.from({ length: 10 }, (_, i) =>
      article(i + 1, "2025-01-01", { title: `Budget ${i + 1} ${"_".repeat(290)}` }),
    );
    const description = renderArticlePage(marked, 0).embeds[0]?.description ?? "";
    expect(description.length).toBeLessThanOrEqual(4096);
    const lines = description.split("\n");
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(line).toMatch(/^\d+\\\. \*\*Budget \d+…\*\* — 2025-01-01$/);
  });

  it("browses a topic over a period: title, footer and buttons that keep both", () => {
    const browse = { topic: "tram line", since: "2025-01-01", until: "2025-01-31" };
    const page = renderArticlePage(articles.slice(2), 0, browse);
    expect(page.embeds[0]?.title).toBe("Articles about “tram line”, newest first");
    expect(page.embeds[0]?.footer?.text).toBe(
      "Page 1 of 1 · 10 articles · 2025-01-01 to 2025-01-31",
    );
    const next = page.components[0]?.components[1];
    const id = next && "custom_id" in next ? next.custom_id : "";
    expect(id).toBe("articles:next:1:2025-01-01:2025-01-31:tram line");
    expect(parseArticlePageId(id.slice("articles:".length))).toEqual({ page: 1, browse });
    expect(renderArticlePage([], 0, browse).embeds[0]?.description).toBe("No articles match.");
  });

  it("reads page ids with and without a topic or period, and rejects others", () => {
    expect(parseArticlePageId("prev:-1")).toEqual({ page: -1, browse: {} });
    expect(parseArticlePageId("next:2::2026-01-31:")).toEqual({
      page: 2,
      browse: { until: "2026-01-31" },
    });
    expect(parseArticlePageId("next:2:::a: b")).toEqual({ page: 2, browse: { topic: "a: b" } });
    expect(parseArticlePageId("next:x")).toBeNull();
    expect(parseArticlePageId("next:1:2026-1-1::")).toBeNull();
    expect(articlePageId("next", 3, {})).toBe("articles:next:3");
  });

  it("keeps undated articles out of a period", () => {
    expect(inPeriod(null, {})).toBe(true);
    expect(inPeriod(null, { since: "2025-01-01" })).toBe(false);
    expect(inPeriod("2025-01-01", { since: "2025-01-01", until: "2025-01-01" })).toBe(true);
    expect(inPeriod("2025-01-02", { until: "2025-01-01" })).toBe(false);
  });

  it("says when the library is empty", () => {
    const page = renderArticlePage([], 0);
    expect(page.embeds[0]?.description).toBe("The library is empty.");
    expect(page.components[0]?.components.every((button) => button.disabled)).toBe(true);
  });
});

describe("help examples", () => {
  it("builds questions from the names in titles", () => {
    expect(exampleQuestion({ title: "South Korea and Poland hold security talks" })).toBe(
      "What do the articles say about South Korea and Poland?",
    );
    expect(exampleQuestion({ title: "City council votes on budget" })).toBe(
      "What do the articles say about “City council votes on budget”?",
    );
    expect(exampleQuestions([])).toHaveLength(2);
    // Pasted from the help into /ask, an example must read as written: no backslashes,
    // and markup characters, which add nothing to a search, left out.
    expect(exampleLine("What do the articles say about “Markets *rally* [updated]”?")).toBe(
      "- `/ask question:What do the articles say about “Markets rally updated”?`",
    );
    expect(exampleLine("About `code`?")).toBe("- `/ask question:About code?`");
  });

  it("drops the title's end punctuation inside the quoted topic", () => {
    expect(exampleQuestion({ title: "City council votes on budget?!…" })).toBe(
      "What do the articles say about “City council votes on budget”?",
    );
  });
});
