import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { articleIdFromPath, parseArticle, parseLibraryRecord } from "../src/core/parseArticle.ts";
import { isCalendarDate, titleFromBody } from "../src/core/paragraphs.ts";

const SEED = "2026-02-03-korea-poland-security-talks.txt";
const seedText = readFileSync(new URL(`../content/${SEED}`, import.meta.url), "utf8");

function parseOk(text: string, relPath: string) {
  const result = parseArticle(text, relPath);
  if (!result.article) throw new Error(`expected an article: ${JSON.stringify(result.problems)}`);
  return { article: result.article, problems: result.problems };
}

describe("plain-text articles", () => {
  it("reads the seed article: date, title from the first sentence, paragraphs", () => {
    const { article, problems } = parseOk(seedText, SEED);
    expect(problems).toEqual([]);
    expect(article.id).toBe("2026-02-03-korea-poland-security-talks");
    expect(article.path).toBe(SEED);
    expect(article.date).toBe("2026-02-03");
    expect(article.paragraphs).toHaveLength(9);
    expect(article.title).toBe(
      "South Korea and Poland have agreed to strengthen dialogue and information…",
    );
    expect(article.paragraphs[0]).toMatch(/^South Korea and Poland have agreed/);
    // The article's own characters stay as they are.
    expect(article.paragraphs[3]).toContain("“The two sides noted");
    expect(article.paragraphs[0]).toContain("Seoul’s Foreign Ministry said Tuesday.");
  });

  it("accepts the date on its own line, leading blank lines and spaces", () => {
    const { article, problems } = parseOk(
      "\n\n   date 2026-02-03\nFirst line\nof the paragraph.\n\nSecond paragraph.\n",
      "a.txt",
    );
    expect(problems).toEqual([]);
    expect(article.date).toBe("2026-02-03");
    expect(article.paragraphs).toEqual(["First line of the paragraph.", "Second paragraph."]);
  });

  it("accepts CRLF line ends and a byte order mark", () => {
    const { article, problems } = parseOk(
      "\uFEFFdate 2024-02-29\r\nOne\r\ntwo.\r\n\r\nThree.\r\n",
      "a.txt",
    );
    expect(problems).toEqual([]);
    expect(article.date).toBe("2024-02-29");
    expect(article.paragraphs).toEqual(["One two.", "Three."]);
  });

  it("treats lines holding only spaces as paragraph breaks and collapses runs of spaces", () => {
    const { article } = parseOk("date 2026-01-01 A  b\t c.\n   \nD.", "a.txt");
    expect(article.paragraphs).toEqual(["A b c.", "D."]);
  });

  it("keeps curly quotes, dashes and no-break spaces verbatim", () => {
    const body = "“Quoted” — it’s 5\u00a0km – ‘fine’…";
    const { article } = parseOk(`date 2026-01-01\n${body}`, "a.txt");
    expect(article.paragraphs).toEqual([body]);
  });

  it("loads an article with an impossible date without a date, warning with the line", () => {
    const { article, problems } = parseOk("\n\ndate 2026-02-30\nBody text.", "news/x.txt");
    expect(article.date).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "news/x.txt", line: 3, severity: "warning" });
    expect(problems[0]?.message).toContain("2026-02-30");
  });

  it("loads an article without a date line, warning on line 1", () => {
    const { article, problems } = parseOk("Just a story. With words.", "x.txt");
    expect(article.date).toBeNull();
    expect(article.paragraphs).toEqual(["Just a story. With words."]);
    expect(article.title).toBe("Just a story");
    expect(problems).toEqual([
      expect.objectContaining({ file: "x.txt", line: 1, severity: "warning" }),
    ]);
  });

  it("does not take a body that starts with the word 'Date' for a date line", () => {
    const { article, problems } = parseOk("Date night is back in fashion.", "x.txt");
    expect(article.paragraphs).toEqual(["Date night is back in fashion."]);
    expect(problems[0]?.severity).toBe("warning");
  });

  it("rejects an article with no body", () => {
    for (const text of ["", "   \n\n", "date 2026-02-03", "\uFEFFdate 2026-02-03\r\n\r\n"]) {
      const { article, problems } = parseArticle(text, "empty.txt");
      expect(article).toBeNull();
      expect(problems.some((p) => p.severity === "error" && p.file === "empty.txt")).toBe(true);
    }
  });

  it("shortens a long first sentence at a word boundary", () => {
    const title = titleFromBody([`${"word ".repeat(40)}end.`]);
    expect(title.endsWith("…")).toBe(true);
    expect(title.length).toBeLessThanOrEqual(81);
    expect(title).not.toMatch(/\s…$/);
    expect(titleFromBody(["The U.S. economy grew. Then it shrank."])).toBe("The U.S. economy grew");
    expect(titleFromBody(["Is it over? Nobody knows."])).toBe("Is it over?");
  });
});

describe("dates", () => {
  it("accepts only real calendar dates", () => {
    expect(isCalendarDate("2026-02-03")).toBe(true);
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("1900-02-29")).toBe(false);
    expect(isCalendarDate("2000-02-29")).toBe(true);
    expect(isCalendarDate("2026-04-31")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
    expect(isCalendarDate("2026-2-3")).toBe(false);
  });
});

describe("Markdown articles", () => {
  const md = [
    "---",
    "title: Talks in Warsaw",
    "date: 2026-02-03",
    "url: https://example.com/talks",
    "source: Example News",
    "author: A. Writer",
    "tags: [security, Poland]",
    "---",
    "# A heading that is not body text",
    "",
    "Some **bold** and _emphasis_ with a [link](http://x) and `code`.",
    "It goes on ![a photo](photo.jpg) here<br>and <span>there</span>.",
    "",
    "## Section",
    "",
    "- first item",
    "- second *item*",
    "",
    "1. numbered",
    "",
    "> A quoted paragraph.",
    "",
    "```js",
    "const answer = 42;",
    "```",
    "",
    "<div>",
    "Block <b>HTML</b> text",
    "</div>",
    "",
    "---",
    "",
    "Last paragraph.",
  ].join("\n");

  it("reads the front matter fields", () => {
    const { article, problems } = parseOk(md, "world/talks.md");
    expect(problems).toEqual([]);
    expect(article).toMatchObject({
      id: "world/talks",
      path: "world/talks.md",
      title: "Talks in Warsaw",
      date: "2026-02-03",
      url: "https://example.com/talks",
      source: "Example News",
      author: "A. Writer",
      tags: ["security", "Poland"],
    });
  });

  it("renders the body as plain paragraphs without markup or headings", () => {
    const { article } = parseOk(md, "talks.md");
    expect(article.paragraphs).toEqual([
      "Some bold and emphasis with a link and code. It goes on here and there.",
      "first item",
      "second item",
      "numbered",
      "A quoted paragraph.",
      "const answer = 42;",
      "Block HTML text",
      "Last paragraph.",
    ]);
    for (const paragraph of article.paragraphs) {
      expect(paragraph).not.toMatch(/[*_`#<>[\]]|\]\(|```/);
    }
  });

  it("keeps a long paragraph after Markdown whole, and a long list item by item", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `Line ${i} of the walrus report?!`);
    const items = Array.from({ length: 600 }, (_, i) => `- item ${i}`);
    const text = ["Some *bold* text.", "", ...lines, "", ...items].join("\n");
    const { article } = parseOk(text, "a.md");
    expect(article.paragraphs).toEqual([
      "Some bold text.",
      lines.join(" "),
      ...items.map((item) => item.slice(2)),
    ]);
  });

  it("falls back to the first heading for the title", () => {
    const { article } = parseOk("Intro line.\n\n# The *Real* Title\n\nBody.", "a.md");
    expect(article.title).toBe("The Real Title");
    expect(article.paragraphs).toEqual(["Intro line.", "Body."]);
  });

  it("falls back to the first sentence when there is no title or heading", () => {
    const { article } = parseOk("Plain words here. More words.", "a.md");
    expect(article.title).toBe("Plain words here");
    expect(article.date).toBeNull();
  });

  it("reads a date with a time as the date written in the file", () => {
    const { article, problems } = parseOk(
      "---\ndate: 2026-02-03T23:30:00-05:00\n---\nBody.",
      "a.md",
    );
    expect(problems).toEqual([]);
    expect(article.date).toBe("2026-02-03");
  });

  it("reads quoted dates and dates YAML turned into Date objects alike", () => {
    expect(parseOk("---\ndate: '2026-02-03'\n---\nBody.", "a.md").article.date).toBe("2026-02-03");
    expect(parseOk("---\ndate: 2026-02-03\n---\nBody.", "a.md").article.date).toBe("2026-02-03");
  });

  it("warns about an invalid date with the line of the date key", () => {
    const { article, problems } = parseOk("---\ntitle: T\ndate: 2026-02-30\n---\nBody.", "a.md");
    expect(article.date).toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({ file: "a.md", line: 3, severity: "warning" }),
    ]);
  });

  it("warns about nested or non-text values and keeps the rest", () => {
    const { article, problems } = parseOk(
      "---\ntitle:\n  nested: value\nauthor: [a, b]\ntags: {a: 1}\nurl: javascript:alert(1)\n---\n# Heading\n\nBody.",
      "a.md",
    );
    expect(article.title).toBe("Heading");
    expect(article.author).toBeNull();
    expect(article.tags).toEqual([]);
    expect(article.url).toBeNull();
    expect(problems.map((p) => p.line).sort()).toEqual([2, 4, 5, 6]);
    expect(problems.every((p) => p.severity === "warning")).toBe(true);
  });

  it("accepts tags as a comma-separated string", () => {
    expect(parseOk("---\ntags: a, b ,c\n---\nBody.", "a.md").article.tags).toEqual(["a", "b", "c"]);
  });

  it("keeps the first hundred different tags, each cut to a hundred characters", () => {
    const tags = Array.from({ length: 5000 }, (_, i) => `tag ${i % 2500}`);
    const { article } = parseOk(
      `---\ntags: ${tags.join(", ")}, ${"x".repeat(300)}\n---\nBody.`,
      "a.md",
    );
    expect(article.tags).toEqual(Array.from({ length: 100 }, (_, i) => `tag ${i}`));
    const long = parseOk(`---\ntags: ${"x".repeat(300)}\n---\nBody.`, "a.md").article.tags;
    expect(long).toEqual(["x".repeat(100)]);
  });

  it("reads a fenced block of a hundred and fifty thousand lines", () => {
    // Spread into one call, its lines once overflowed the stack and lost the article.
    const text = `# Log\n\nThe log follows.\n\n\`\`\`\n${"x\n".repeat(150_000)}\`\`\`\n\nAfter the log.`;
    const { article, problems } = parseOk(text, "a.md");
    expect(problems).toEqual([]);
    expect(article.paragraphs).toEqual([
      "The log follows.",
      Array.from({ length: 150_000 }, () => "x").join(" "),
      "After the log.",
    ]);
  });

  it("warns about malformed front matter and still loads the body", () => {
    const { article, problems } = parseOk("---\ntitle: [unclosed\n---\nBody text.", "a.md");
    expect(article.paragraphs).toEqual(["Body text."]);
    expect(article.title).toBe("Body text");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: "warning", file: "a.md" });
    expect(problems[0]?.message).toMatch(/front matter/);
  });

  it("never runs JavaScript front matter", () => {
    const { article, problems } = parseOk(
      '---js\n{ title: (() => { throw new Error("ran") })() }\n---\nBody.',
      "a.md",
    );
    expect(article.paragraphs).toEqual(["Body."]);
    expect(problems[0]?.message).toMatch(/not supported/);
  });

  it("warns about front matter that is never closed", () => {
    const { article, problems } = parseOk("---\ntitle: T\n\nBody text.", "a.md");
    expect(article.paragraphs).toContain("Body text.");
    expect(problems[0]).toMatchObject({ severity: "warning", line: 1 });
  });

  it("reads the key lines of front matter never closed, and never quotes them", () => {
    const text =
      "---\ntitle: Talks resume\ndate: 2026-02-03\ntags:\n  - security\nThe talks resumed.\n";
    const { article, problems } = parseOk(text, "a.md");
    expect(article).toMatchObject({
      title: "Talks resume",
      date: "2026-02-03",
      tags: ["security"],
      paragraphs: ["The talks resumed."],
    });
    expect(problems).toEqual([
      {
        file: "a.md",
        line: 1,
        severity: "warning",
        message:
          'front matter is not closed (no "---" line after it); its first 4 lines are read as front matter, the rest as body text',
      },
    ]);
  });

  it("rejects a Markdown file with headings only", () => {
    const { article, problems } = parseArticle("---\ntitle: T\n---\n# Only a heading\n", "a.md");
    expect(article).toBeNull();
    expect(problems[0]?.severity).toBe("error");
  });

  it("accepts CRLF and a byte order mark", () => {
    const { article, problems } = parseOk(
      "\uFEFF---\r\ntitle: T\r\ndate: 2026-02-03\r\n---\r\nLine one\r\nline two.\r\n",
      "a.md",
    );
    expect(problems).toEqual([]);
    expect(article.title).toBe("T");
    expect(article.paragraphs).toEqual(["Line one line two."]);
  });
});

describe("ids", () => {
  it("is the path without extension with forward slashes", () => {
    expect(articleIdFromPath("a/b/c.md")).toBe("a/b/c");
    expect(articleIdFromPath("a\\b\\c.txt")).toBe("a/b/c");
    expect(parseOk("date 2026-01-01 x", "sub\\dir\\x.txt").article.path).toBe("sub/dir/x.txt");
  });

  it("rejects unsupported extensions", () => {
    expect(parseArticle("hello", "a.pdf").problems[0]?.severity).toBe("error");
  });
});

describe("library records", () => {
  it("reads a full record", () => {
    const { article, problems } = parseLibraryRecord(
      { id: "x/1", title: "T", date: "2026-02-03", url: "https://e.x/1", text: "A\nb.\n\nC." },
      "lib.jsonl",
      7,
    );
    expect(problems).toEqual([]);
    expect(article).toMatchObject({
      id: "x/1",
      title: "T",
      date: "2026-02-03",
      url: "https://e.x/1",
      path: "lib.jsonl#7",
      paragraphs: ["A b.", "C."],
    });
  });

  it("skips records without id or text and warns about a bad date", () => {
    expect(parseLibraryRecord({ title: "T", text: "x" }, "l", 1).article).toBeNull();
    expect(parseLibraryRecord({ id: "a", title: "T" }, "l", 2).article).toBeNull();
    expect(parseLibraryRecord([1, 2], "l", 3).problems[0]).toMatchObject({
      file: "l",
      line: 3,
      severity: "error",
    });
    const dated = parseLibraryRecord(
      { id: "a", title: "T", date: "2026-02-30", text: "x" },
      "l",
      4,
    );
    expect(dated.article?.date).toBeNull();
    expect(dated.problems[0]).toMatchObject({ line: 4, severity: "warning" });
  });
});

describe("library records as scrapers write them", () => {
  it("reads a whole-number id and a text given as a list of paragraphs", () => {
    const { article, problems } = parseLibraryRecord(
      { id: 7, title: "T", date: "2026-02-03", text: ["First  para.", "Second\npara."] },
      "lib.jsonl",
      1,
    );
    expect(problems).toEqual([]);
    expect(article).toMatchObject({ id: "7", paragraphs: ["First para.", "Second para."] });
  });

  it("says what is wrong with a text that is neither", () => {
    const { article, problems } = parseLibraryRecord(
      { id: "a", title: "T", text: { body: "x" } },
      "lib.jsonl",
      1,
    );
    expect(article).toBeNull();
    expect(problems[0]?.message).toBe(
      'article "a": "text" should be a string (paragraphs separated by blank lines) or a list of paragraphs; skipped',
    );
  });
});

describe("robustness", () => {
  const paths = fc.constantFrom("a.txt", "b.md", "c/d.markdown", "e.TXT", "f", "g.jsonl");
  const texts = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 300 }),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc
      .array(
        fc.constantFrom(
          "---",
          "---js",
          "title: x",
          "date: 2026-02-30",
          "date 2026-02-03",
          "tags: [a, {b: c}]",
          "url: ::",
          "# h",
          "- item",
          "```",
          "<div>",
          "<!--",
          "[a]: http://x",
          "![i](x)",
          "\uFEFF",
          "\r",
          "",
          "   ",
          "text.",
        ),
        { maxLength: 30 },
      )
      .map((lines) => lines.join("\n")),
  );

  it("never throws and always explains a missing article", () => {
    fc.assert(
      fc.property(texts, paths, (text, relPath) => {
        const { article, problems } = parseArticle(text, relPath);
        if (article === null) {
          expect(problems.some((p) => p.severity === "error")).toBe(true);
        } else {
          expect(article.paragraphs.length).toBeGreaterThan(0);
          expect(article.title.length).toBeGreaterThan(0);
          for (const paragraph of article.paragraphs) {
            expect(paragraph).toBe(paragraph.trim());
            expect(paragraph).not.toMatch(/\n/);
          }
          if (article.date !== null) expect(isCalendarDate(article.date)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("keeps every word of a plain-text body in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[^\s]{1,12}$/), { minLength: 1, maxLength: 40 }),
        (words) => {
          const text = `date 2026-02-03\n${words.join(" \n")}`;
          const { article } = parseArticle(text, "a.txt");
          expect(article?.paragraphs.join(" ").split(" ")).toEqual(words);
        },
      ),
    );
  });
});

describe("text that used to be lost or mangled", () => {
  it("keeps a time or a note after the date out of the text", () => {
    const timed = parseOk("date 2026-02-03 10:00\nThe talks began.", "a.txt");
    expect(timed.article.date).toBe("2026-02-03");
    expect(timed.article.paragraphs).toEqual(["The talks began."]);
    const noted = parseOk("Date 2026-02-03 (updated 2026-02-05)\nThe talks began.", "b.txt");
    expect(noted.article.paragraphs).toEqual(["The talks began."]);
    expect(noted.article.title).toBe("The talks began");
    expect(noted.problems.map((p) => p.message)).toEqual([
      'the note "(updated 2026-02-05)" after the date is not quoted',
    ]);
  });

  it.each([
    ["after a blank line", "\n\n---\ntitle: Talks\ndate: 2026-02-03\n---\nBody text.\n"],
    ["with an indented fence", "  ---\ntitle: Talks\ndate: 2026-02-03\n  ---\nBody text.\n"],
    ["in TOML", '+++\ntitle = "Talks"\ndate = 2026-02-03\ntags = ["a", "b"]\n+++\nBody text.\n'],
  ])("reads front matter %s", (_how, text) => {
    const { article, problems } = parseOk(text, "a.md");
    expect(problems).toEqual([]);
    expect(article).toMatchObject({
      title: "Talks",
      date: "2026-02-03",
      paragraphs: ["Body text."],
    });
  });

  it("keeps the date as written, whatever its time zone", () => {
    const text = "---\ntitle: T\ndate: 2026-02-03T23:30:00-05:00\n---\nBody.\n";
    expect(parseOk(text, "a.md").article.date).toBe("2026-02-03");
  });

  it("warns when a quoted title spanning lines swallows the date line", () => {
    const text = '---\ntitle: "Talks\ndate: 2026-02-03\n---\nBody.\n';
    const { problems } = parseArticle(text, "a.md");
    expect(problems.length).toBeGreaterThan(0);
  });

  it("reads GitHub Markdown without leaking its marks", () => {
    const text = [
      "| Country | Talks |",
      "| ------- | ----- |",
      "| Poland  | Yes   |",
      "",
      "The ~~old~~ new plan[^1] was agreed.",
      "",
      "- [ ] open task",
      "- [x] done task",
      "",
      "[^1]: A footnote text.",
    ].join("\n");
    const { article } = parseOk(text, "a.md");
    for (const paragraph of article.paragraphs) expect(paragraph).not.toMatch(/[|~[\]^]/);
    expect(article.paragraphs).toContain("The old new plan was agreed.");
    expect(article.paragraphs).toContain("open task");
    expect(article.paragraphs).toContain("A footnote text.");
  });

  it("decodes entities and drops scripts, styles and tags", () => {
    const text = [
      "It&#8217;s a&nbsp;deal &amp; more.",
      "",
      "<div>",
      "Block **bold** text &amp; entity",
      "<script>alert('leak')</script>",
      "<style>.x { color: red }</style>",
      "</div>",
      "",
      "Inline <script>var leak = 1;</script> text.",
    ].join("\n");
    const { article } = parseOk(text, "a.md");
    const all = article.paragraphs.join(" | ");
    expect(article.paragraphs[0]).toBe("It’s a\u00a0deal & more.");
    expect(all).toContain("Block bold text & entity");
    expect(all).not.toMatch(/leak|color|\*\*|<|&amp;/);
  });
});

describe("dates written the ways people write them", () => {
  it.each([
    ["a timestamp", "date 2026-02-03T10:00:00Z\nThe talks began."],
    ["a quoted date", 'date "2026-02-03"\nThe talks began.'],
    ["the day first", "date 3 February 2026\nThe talks began."],
    ["the month first", "Date: Feb. 3, 2026\nThe talks began."],
    ["a full stop after it", "date 2026-02-03. The talks began."],
    ["a comma after it", "date 2026-02-03, The talks began."],
  ])("reads a text article's date line with %s, keeping it out of the text", (_how, text) => {
    const { article, problems } = parseOk(text, "a.txt");
    expect(problems).toEqual([]);
    expect(article.date).toBe("2026-02-03");
    expect(article.paragraphs).toEqual(["The talks began."]);
    expect(article.title).toBe("The talks began");
  });

  it("never quotes a `date:` line it cannot read, and says why", () => {
    const { article, problems } = parseOk("date: the third of February\nThe talks began.", "a.txt");
    expect(article.date).toBeNull();
    expect(article.paragraphs).toEqual(["The talks began."]);
    expect(problems.map((p) => p.message)).toEqual([
      '"the third of February" is not a valid date (expected a real date as YYYY-MM-DD); loaded without a date',
    ]);
  });

  it("still reads a body that starts with the word 'date' as text", () => {
    const { article } = parseOk("Date palms grew well. Farmers were glad.", "a.txt");
    expect(article.paragraphs).toEqual(["Date palms grew well. Farmers were glad."]);
  });

  it.each(["2026-02-03T10:00:00Z", "2026-02-03 10:00:00", "3 February 2026", "February 3, 2026"])(
    "reads a library record dated %s",
    (date) => {
      const { article, problems } = parseLibraryRecord(
        { id: "a", title: "T", date, text: "Body." },
        "lib.jsonl",
        1,
      );
      expect(problems).toEqual([]);
      expect(article?.date).toBe("2026-02-03");
    },
  );

  it("reads a front matter date written out in words", () => {
    const text = "---\ntitle: T\ndate: February 3, 2026\n---\nBody.\n";
    expect(parseOk(text, "a.md")).toMatchObject({ problems: [], article: { date: "2026-02-03" } });
  });

  it("still warns about a written date that is not a real one", () => {
    const { article, problems } = parseOk("date 30 February 2026\nBody.", "a.txt");
    expect(article.date).toBeNull();
    expect(article.paragraphs).toEqual(["Body."]);
    expect(problems[0]?.message).toContain('"30 February 2026" is not a valid date');
  });
});

describe("front matter as people write it", () => {
  it("keeps the title, date and tags when a title holds an unquoted colon", () => {
    const text = "---\ntitle: Talks: day one\ndate: 2026-02-03\ntags: [security]\n---\nBody.\n";
    const { article, problems } = parseOk(text, "a.md");
    expect(article).toMatchObject({
      title: "Talks: day one",
      date: "2026-02-03",
      tags: ["security"],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, severity: "warning" });
    expect(problems[0]?.message).toContain('"title"');
  });

  it('says when YAML cut a title at " #", and not when the title is whole', () => {
    const cut = parseOk("---\ntitle: Team is #1 again\ndate: 2026-02-03\n---\nBody.\n", "a.md");
    expect(cut.article.title).toBe("Team is");
    expect(cut.problems).toHaveLength(1);
    expect(cut.problems[0]).toMatchObject({ line: 2, severity: "warning" });
    expect(cut.problems[0]?.message).toContain('cut at "#1 again"');
    for (const title of ['"Team is #1 again"', "C# news", "Talks: day #2"]) {
      const whole = parseOk(`---\ntitle: ${title}\n---\nBody.\n`, "a.md");
      expect(whole.problems.filter((p) => p.message.includes("cut at"))).toEqual([]);
    }
  });

  it("still ignores front matter that is broken in another way", () => {
    const text = "---\ntitle: Talks: day one\ndate: [2026-02-03\n---\nBody.\n";
    const { article, problems } = parseOk(text, "a.md");
    expect(article.date).toBeNull();
    expect(problems[0]?.message).toContain("not valid YAML");
  });
});
