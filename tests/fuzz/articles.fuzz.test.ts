/**
 * Article files as they come: random bytes, enormous lines, front matter inside front matter,
 * YAML aliases, impossible dates. Reading them never throws, and every problem names its file.
 * (tests/parseArticle.test.ts covers arbitrary short texts; this adds the extremes and the
 * loader over whole folders.)
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { isCalendarDate } from "../../src/core/paragraphs.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";

const SANITY_MS = 2000;

function parsedSafely(text: string, file: string) {
  const started = performance.now();
  const result = parseArticle(text, file);
  expect(performance.now() - started).toBeLessThan(SANITY_MS);
  for (const problem of result.problems) expect(problem.file).toBe(file);
  if (result.article) {
    if (result.article.date !== null) expect(isCalendarDate(result.article.date)).toBe(true);
    expect(result.article.paragraphs.length).toBeGreaterThan(0);
  } else {
    expect(result.problems.some((problem) => problem.severity === "error")).toBe(true);
  }
  return result;
}

const IMPOSSIBLE_DATES = [
  "2026-02-30",
  "2026-02-29",
  "2026-13-01",
  "2026-00-10",
  "2026-04-31",
  "0000-00-00",
  "+275760-09-13",
  "99999-01-01",
  "2026-2-3",
  "20260230",
  "2026-02-03T25:61:00Z",
  "'2026-02-30'",
  "[2026-02-03]",
  "{y: 2026}",
  "null",
  "~",
];

describe("parseArticle extremes", () => {
  it.each(IMPOSSIBLE_DATES)("date %s: loads without a date or with the real one", (date) => {
    const md = parsedSafely(`---\ntitle: T\ndate: ${date}\n---\nBody text here.\n`, "a.md");
    const txt = parsedSafely(`date ${date}\nBody text here.\n`, "a.txt");
    for (const { article, problems } of [md, txt]) {
      expect(article).not.toBeNull();
      if (article?.date === null && date !== "null" && date !== "~") {
        expect(problems.some((p) => p.severity === "warning")).toBe(true);
      }
    }
  });

  it("accepts 29 February in a leap year only", () => {
    expect(parsedSafely("date 2024-02-29\nText.\n", "a.txt").article?.date).toBe("2024-02-29");
    expect(parsedSafely("date 2026-02-29\nText.\n", "a.txt").article?.date).toBeNull();
  });

  it("reads a 2 MB line, a 1 MB title and 250,000 short paragraphs", () => {
    const long = parsedSafely(`date 2026-02-03\n${"word ".repeat(400_000)}\n`, "long.txt");
    expect(long.article?.paragraphs).toHaveLength(1);
    const many = parsedSafely(`date 2026-02-03\n${"a.\n\n".repeat(250_000)}`, "many.txt");
    expect(many.article?.paragraphs.length).toBeGreaterThan(1000);
    parsedSafely(`---\ntitle: ${"t".repeat(1_000_000)}\n---\nBody.\n`, "title.md");
  });

  it("survives front matter inside front matter, unclosed blocks and YAML alias bombs", () => {
    const bomb = [
      "---",
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "title: *g",
      "tags: *g",
      "---",
      "Body.",
    ].join("\n");
    const texts = [
      bomb,
      "---\n---\n---\ntitle: inner\n---\n---\nBody.\n",
      "---\ntitle: outer\nnested: |\n  ---\n  title: inner\n  ---\n---\nBody.\n",
      "---\ntitle:\n  title:\n    title: deep\ndate:\n  date: 2026-02-03\n---\nBody.\n",
      "---\ntitle: unclosed\n\nBody that never ends",
      "---\n" + "k: [".repeat(5000) + "\n---\nBody.\n",
      "---\n" + "- ".repeat(5000) + "x\n---\nBody.\n",
      "---yaml\ntitle: x\n---\nBody.\n",
      "---toml\ntitle = 'x'\n---\nBody.\n",
      '---json\n{"title": "x"}\n---\nBody.\n',
    ];
    for (const text of texts) parsedSafely(text, "front.md");
  });

  it("random bytes, decoded as a lenient reader would (property)", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom("r.txt", "r.md"),
        (bytes, file) => {
          parsedSafely(new TextDecoder("utf-8").decode(bytes), file);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("loadLibrary over hostile folders", () => {
  const fileBytes = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }),
    fc
      .constantFrom(
        "date 2026-02-30\nText.\n",
        "---\ntitle: [unclosed\n---\nText.\n",
        "\uFEFF\r\n\r\n",
        "date 2026-02-03\n" + "x".repeat(70_000),
      )
      .map((text) => new Uint8Array(Buffer.from(text, "utf8"))),
  );

  it("never throws, and each file is loaded or named by a problem (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(".txt", ".md"), fileBytes), {
          minLength: 1,
          maxLength: 8,
        }),
        async (files) => {
          const dir = await mkdtemp(path.join(tmpdir(), "citebot-fuzz-"));
          try {
            const names = files.map(([ext], i) => `f${i}${ext}`);
            await Promise.all(
              files.map(([, bytes], i) => writeFile(path.join(dir, names[i]!), bytes)),
            );
            const { articles, problems } = await loadLibrary(dir);
            for (const problem of problems) expect(names).toContain(problem.file);
            for (const name of names) {
              const loaded = articles.some((a) => a.path === name);
              const skipped = problems.some((p) => p.file === name && p.severity === "error");
              expect(loaded !== skipped, name).toBe(true);
            }
          } finally {
            await rm(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
