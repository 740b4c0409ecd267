import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { closeSync, openSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_WIDTH,
  EARLIER_ANSWERS,
  NEWEST_STORIES,
  NO_ANSWER,
  OUTSIDE_ANSWERS,
  UNKNOWN_DATE,
  cleanText,
  formatAnswer,
  windowWords,
  wrapText,
} from "../src/cli/answerText.ts";
import { UsageError } from "../src/cli/args.ts";
import { askedAt, parseAskArgs, parseJsonLine, runAsk, type AnswerJson } from "../src/cli/ask.ts";
import { EARLIER_NEWS, NO_NEWS } from "../src/core/nothingFound.ts";
import type { SearchResult } from "../src/core/types.ts";

const REPO = path.resolve(import.meta.dirname, "..");

let dir: string;
let content: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-ask-"));
  content = path.join(dir, "content");
  const put = async (relPath: string, text: string): Promise<void> => {
    const file = path.join(content, relPath);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  };
  await put(
    "harbour.md",
    [
      "---",
      "title: Harbour bridge reopens after repairs",
      "date: 2025-06-14",
      "url: https://example.com/harbour",
      "---",
      "",
      "The harbour bridge reopened on Saturday after eighteen months of repairs to its rusted steel cables, the city council said.",
      "",
      "Engineers replaced more than two hundred cables and repainted the towers in their original green.",
    ].join("\n"),
  );
  await put(
    "archive/orchard.md",
    [
      "---",
      "title: Apple orchard wins regional prize",
      "---",
      "",
      "A family apple orchard in the valley won the regional prize for its cider, judges announced.",
    ].join("\n"),
  );
  await put("broken.txt", "");
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The clock the in-process runs read "today" from: noon on Friday 20 June 2025. */
const TODAY = "2025-06-20";
const clock = (): Date => new Date(2025, 5, 20, 12, 0, 0);

/** Runs `ask` in-process with collected output. */
async function ask(args: string[], stdinText = "", env: Record<string, string> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runAsk(args, {
    stdin: Readable.from([stdinText]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    now: clock,
  });
  return { code, stdout, stderr };
}

function jsonLines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/** Checks one `--json` answer has exactly the documented shape. */
function expectAnswerShape(value: unknown): void {
  const answer = value as Record<string, unknown>;
  expect(Object.keys(answer).sort()).toEqual([
    "asOf",
    "listsNews",
    "missing",
    "outsideWindow",
    "query",
    "results",
    "suggestions",
    "window",
  ]);
  expect(Array.isArray(answer.missing)).toBe(true);
  expect(typeof answer.listsNews).toBe("boolean");
  expect(typeof answer.query).toBe("string");
  expect(answer.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const window = answer.window as Record<string, unknown> | null;
  if (window !== null) expect(Object.keys(window).sort()).toEqual(["from", "to"]);
  expect(Array.isArray(answer.suggestions)).toBe(true);
  for (const suggestion of answer.suggestions as Record<string, unknown>[]) {
    expect(Object.keys(suggestion).sort()).toEqual(["suggestion", "typed"]);
  }
  expect(Array.isArray(answer.results)).toBe(true);
  expect(Array.isArray(answer.outsideWindow)).toBe(true);
  for (const result of [
    ...(answer.results as unknown[]),
    ...(answer.outsideWindow as unknown[]),
  ] as Record<string, unknown>[]) {
    expect(Object.keys(result).sort()).toEqual(["article", "quote", "score"]);
    expect(typeof result.quote).toBe("string");
    expect(typeof result.score).toBe("number");
    const article = result.article as Record<string, unknown>;
    expect(Object.keys(article).sort()).toEqual(["date", "id", "path", "title", "url"]);
    for (const key of ["id", "title", "path"]) expect(typeof article[key]).toBe("string");
    const date = article.date;
    expect(date === null || (typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date))).toBe(
      true,
    );
    expect(article.url === null || typeof article.url === "string").toBe(true);
  }
}

describe("parseAskArgs", () => {
  it("defaults to three quotes, text output, the content folder and today", () => {
    expect(parseAskArgs(["who?"], {}, TODAY)).toEqual({
      json: false,
      top: 3,
      content: "content",
      question: "who?",
      asOf: TODAY,
      since: null,
      until: null,
      input: "text",
    });
  });

  it("takes the moment from --as-of and the input form from --input", () => {
    const options = parseAskArgs(["--as-of", "2024-02-29", "--input", "jsonl"], {}, TODAY);
    expect(options?.asOf).toBe("2024-02-29");
    expect(options?.input).toBe("jsonl");
  });

  it.each(["2023-02-29", "yesterday", "20240301", ""])("rejects --as-of %j", (day) => {
    expect(() => parseAskArgs([`--as-of=${day}`, "q"], {}, TODAY)).toThrow(
      /--as-of must be a day written YYYY-MM-DD/,
    );
  });

  it("rejects an --input form other than text or jsonl", () => {
    expect(() => parseAskArgs(["--input", "csv"], {}, TODAY)).toThrow(/--input must be/);
  });

  it("reads --since and --until as days relative to each question's moment", () => {
    const options = parseAskArgs(["--since", "last month", "--until", "2025-06-10"], {}, TODAY);
    expect(options).not.toBeNull();
    if (!options) return;
    expect(askedAt(options, TODAY)).toEqual({
      asOf: TODAY,
      since: "2025-05-01",
      until: "2025-06-10",
    });
    // Asked in March, "last month" is February.
    expect(askedAt(options, "2025-03-15")).toMatchObject({ since: "2025-02-01" });
  });

  it("rejects a --since after the --until", () => {
    // Nothing can be in that period: answering "nothing from 1 March – 1 January" would
    // only puzzle.
    expect(() =>
      parseAskArgs(["--since", "2026-03-01", "--until", "2026-01-01", "q"], {}, TODAY),
    ).toThrow(/--since \(2026-03-01\) is after --until \(2026-01-01\)/);
  });

  it.each(["--since", "--until"])("rejects %s values that are not dates", (name) => {
    expect(() => parseAskArgs([name, "the election", "q"], {}, TODAY)).toThrow(
      new RegExp(`${name} must be a date`),
    );
  });

  it("takes CONTENT_DIR when no --content is given, and --content over it", () => {
    expect(parseAskArgs([], { CONTENT_DIR: "library.jsonl" })?.content).toBe("library.jsonl");
    expect(parseAskArgs(["--content", "x"], { CONTENT_DIR: "y" })?.content).toBe("x");
    expect(parseAskArgs([], { CONTENT_DIR: "  " })?.content).toBe("content");
  });

  it("reads no question as batch mode and joins unquoted words", () => {
    expect(parseAskArgs(["--json"])?.question).toBeNull();
    expect(parseAskArgs(["who", "led", "it?"])?.question).toBe("who led it?");
  });

  it.each(["0", "51", "abc", "2.5", "-1", ""])("rejects --top %j", (top) => {
    expect(() => parseAskArgs([`--top=${top}`, "q"])).toThrow(UsageError);
    expect(() => parseAskArgs([`--top=${top}`, "q"])).toThrow(
      /--top must be a whole number from 1 to 50/,
    );
  });

  it("accepts --top at both bounds", () => {
    expect(parseAskArgs(["--top", "1"])?.top).toBe(1);
    expect(parseAskArgs(["--top=50"])?.top).toBe(50);
  });

  it("rejects unknown options and empty questions", () => {
    expect(() => parseAskArgs(["--jsn", "q"])).toThrow(UsageError);
    expect(() => parseAskArgs(["  "])).toThrow(/question is empty/);
    expect(() => parseAskArgs(["--content", "", "q"])).toThrow(/--content/);
  });

  it("names an unknown option in one line, and says where a question starting with a dash goes", () => {
    expect(() => parseAskArgs(["--jsn", "q"])).toThrow(new UsageError("unknown option --jsn"));
    expect(() => parseAskArgs(["-5", "degrees", "in", "Warsaw?"])).toThrow(
      new UsageError(
        'unknown option -5; a question that starts with "-" goes after "--": npm run ask -- -- "-5 …"',
      ),
    );
    expect(() => parseAskArgs(["--json=yes", "q"])).toThrow(
      new UsageError("--json takes no value"),
    );
    expect(parseAskArgs(["--", "-5", "degrees"])?.question).toBe("-5 degrees");
  });

  it("returns null for --help", () => {
    expect(parseAskArgs(["--help"])).toBeNull();
  });

  it("says what --top takes for a negative number, as for 0 or 51", () => {
    for (const top of ["0", "51", "-1"]) {
      expect(() => parseAskArgs(["--top", top, "q"])).toThrow(
        new UsageError(`--top must be a whole number from 1 to 50 (got "${top}")`),
      );
    }
    expect(() => parseAskArgs(["--since", "-3", "q"])).toThrow(/^--since must be a date such as/);
    // The short form says the same.
    expect(() => parseAskArgs(["-n", "-1", "q"])).toThrow(
      new UsageError('--top must be a whole number from 1 to 50 (got "-1")'),
    );
  });

  it("names --top, the documented option, when its value is missing", () => {
    expect(() => parseAskArgs(["--top"])).toThrow(new UsageError("--top needs a value"));
    expect(() => parseAskArgs(["q", "--content"])).toThrow(
      new UsageError("--content needs a value"),
    );
    expect(() => parseAskArgs(["--content", "-x", "q"])).toThrow(
      new UsageError('--content needs a value (one starting with "-" is written --content=-…)'),
    );
  });
});

describe("terminal answers", () => {
  const result = (over: Partial<SearchResult["article"]>, quote: string): SearchResult => ({
    article: { id: "a", title: "A title", date: "2024-01-02", path: "a.md", url: null, ...over },
    quote,
    score: 0.5,
    paragraph: 0,
    sentence: 0,
    matchedWords: [],
  });

  it("wraps at spaces within the width, keeping over-long words whole", () => {
    const lines = wrapText("aaa bbb ccc ddd " + "x".repeat(30), 12, "   ", "1. ");
    expect(lines).toEqual(["1. aaa bbb", "   ccc ddd", `   ${"x".repeat(30)}`]);
  });

  it("numbers quotes and shows title, date, unknown date and link", () => {
    const text = formatAnswer({
      results: [
        result({ url: "https://example.com/a" }, "First quote."),
        result({ title: "Undated", date: null }, "Second quote."),
      ],
    });
    expect(text).toBe(
      [
        "1. First quote.",
        "   — A title (2024-01-02)",
        "     https://example.com/a",
        "",
        "2. Second quote.",
        `   — Undated (${UNKNOWN_DATE})`,
      ].join("\n"),
    );
  });

  it("keeps long quotes within the width", () => {
    const quote = "word ".repeat(100).trim();
    const lines = formatAnswer({ results: [result({}, quote)] }).split("\n");
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(DEFAULT_WIDTH);
  });

  it("says nothing answers, and lists at most three closest titles", () => {
    const article = { id: "x", title: "Near", date: null, path: "x.md", url: null };
    const text = formatAnswer({ results: [], closest: [article, article, article, article] });
    expect(text.split("\n")).toEqual([
      NO_ANSWER,
      "Closest articles:",
      `  - Near (${UNKNOWN_DATE})`,
      `  - Near (${UNKNOWN_DATE})`,
      `  - Near (${UNKNOWN_DATE})`,
    ]);
    expect(formatAnswer({ results: [] })).toBe(NO_ANSWER);
  });

  it("removes terminal control characters", () => {
    expect(cleanText("red\u001b[31m alert\u0007\n now")).toBe("red[31m alert now");
  });
});

describe("runAsk", () => {
  it("answers one question as readable text", async () => {
    const run = await ask(["--content", content, "When did the harbour bridge reopen?"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^1\. The harbour bridge reopened on Saturday/);
    expect(run.stdout).toContain("— Harbour bridge reopens after repairs (2025-06-14)");
    expect(run.stdout).toContain("https://example.com/harbour");
    for (const line of run.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    // The empty file is a content problem: reported on stderr only.
    expect(run.stderr).toContain("broken.txt");
  });

  it('shows "date unknown" for undated articles', async () => {
    const run = await ask(["--content", content, "apple orchard cider prize"]);
    expect(run.stdout).toContain(`— Apple orchard wins regional prize (${UNKNOWN_DATE})`);
  });

  it("says so when nothing answers", async () => {
    const run = await ask(["--content", content, "What is the capital of Australia?"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(NO_ANSWER);
    // "Australia" is the question's subject, and no article holds it.
    expect(run.stdout.split("\n")[1]).toBe("No article mentions Australia.");
  });

  it("names in JSON the words no article holds and the library word a misspelt one may be", async () => {
    const run = await ask([
      "--json",
      "--content",
      content,
      "How tall is the lighthuose of the harbuor?",
    ]);
    const [answer] = jsonLines(run.stdout) as AnswerJson[];
    expectAnswerShape(answer);
    // No article has a lighthouse; "harbuor" is one letter pair from "harbour", which one has.
    expect(answer).toMatchObject({
      results: [],
      missing: ["lighthuose"],
      suggestions: [{ typed: "harbuor", suggestion: "harbour" }],
    });
  });

  it("prints the documented JSON and keeps warnings off stdout", async () => {
    const run = await ask(["--json", "--top", "1", "--content", content, "harbour bridge cables"]);
    expect(run.code).toBe(0);
    const answers = jsonLines(run.stdout);
    expect(answers).toHaveLength(1);
    expectAnswerShape(answers[0]);
    expect(answers[0]).toMatchObject({
      query: "harbour bridge cables",
      results: [
        {
          article: {
            id: "harbour",
            title: "Harbour bridge reopens after repairs",
            date: "2025-06-14",
            path: "harbour.md",
            url: "https://example.com/harbour",
          },
        },
      ],
    });
    expect(run.stderr).toContain("broken.txt");
  });

  it("answers questions from stdin in order, skipping blank lines", async () => {
    const stdin = "harbour bridge\n\n   \nWhat is the capital of Australia?\r\napple orchard\n";
    const run = await ask(["--json", "--content", content], stdin);
    expect(run.code).toBe(0);
    const answers = jsonLines(run.stdout) as { query: string; results: unknown[] }[];
    expect(answers.map((answer) => answer.query)).toEqual([
      "harbour bridge",
      "What is the capital of Australia?",
      "apple orchard",
    ]);
    expect(answers[1]?.results).toEqual([]);
    for (const answer of answers) expectAnswerShape(answer);
  });

  it("labels each answer with its question in batch text mode", async () => {
    const run = await ask(["--content", content], "harbour bridge\napple orchard\n");
    expect(run.stdout).toMatch(/^Q: harbour bridge\n\n1\. /);
    expect(run.stdout).toContain("\n\nQ: apple orchard\n\n1. A family apple orchard");
  });

  it("uses CONTENT_DIR when --content is absent", async () => {
    const run = await ask(["--json", "apple orchard"], "", { CONTENT_DIR: content });
    expect(jsonLines(run.stdout)).toHaveLength(1);
  });

  it("exits 2 with a clear message on bad arguments", async () => {
    const run = await ask(["--top", "99", "q"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("--top must be a whole number from 1 to 50");
    expect(run.stderr).toContain("usage: npm run ask");
    expect((await ask(["--bogus"])).code).toBe(2);
  });

  it("exits 1 when the library cannot be read", async () => {
    const run = await ask(["--content", path.join(dir, "missing"), "q"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Cannot read the article library");
  });
});

describe("windows in terminal answers", () => {
  const quote = (id: string, date: string, text: string): SearchResult => ({
    article: { id, title: `Title ${id}`, date, path: `${id}.md`, url: null },
    quote: text,
    score: 0.5,
    paragraph: 0,
    sentence: 0,
    matchedWords: [],
  });
  const lastWeek = { from: "2026-03-23", to: "2026-03-29", phrase: "last week" };

  it("names the window above the quotes it limited", () => {
    const text = formatAnswer({
      results: [quote("a", "2026-03-25", "The strike ended.")],
      window: lastWeek,
      asOf: "2026-03-30",
    });
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Articles from last week (23–29 March):",
      "",
      "1. The strike ended.",
    ]);
  });

  it("says nothing in the window answers, then offers the closest earlier quotes as such", () => {
    const text = formatAnswer({
      results: [],
      window: lastWeek,
      asOf: "2026-03-30",
      outsideWindow: [quote("b", "2026-03-02", "The strike began.")],
    });
    expect(text.split("\n")).toEqual([
      "Nothing from last week (23–29 March) answers that.",
      EARLIER_ANSWERS,
      "",
      "1. The strike began.",
      "   — Title b (2026-03-02)",
    ]);
    expect(text).not.toContain(NO_ANSWER);
  });

  it("words windows from since/until phrases and from bare days", () => {
    const asOf = "2026-03-29";
    expect(windowWords({ from: "2026-03-01", to: asOf, phrase: "since March" }, asOf)).toBe(
      "since March (1–29 March)",
    );
    expect(windowWords({ from: "2025-06-01", to: "2025-06-30", phrase: null }, asOf)).toBe(
      "from 1–30 June 2025",
    );
    expect(windowWords({ from: null, to: "2026-03-04", phrase: null }, asOf)).toBe("until 4 March");
    expect(windowWords(null, asOf)).toBeNull();
  });
});

describe("questions with a moment", () => {
  it("answers as of today by the injected clock, or as of --as-of", async () => {
    const today = jsonLines((await ask(["--json", "--content", content, "harbour bridge"])).stdout);
    expect(today[0]).toMatchObject({ asOf: TODAY, window: null });
    const given = await ask(["--json", "--as-of", "2025-07-01", "--content", content, "harbour"]);
    expect(jsonLines(given.stdout)[0]).toMatchObject({ asOf: "2025-07-01" });
  });

  it("leaves out articles dated after the moment, closest titles included", async () => {
    const question = "When did the harbour bridge reopen?";
    const before = await ask(["--as-of", "2025-06-01", "--content", content, question]);
    expect(before.stdout.split("\n")[0]).toBe(NO_ANSWER);
    expect(before.stdout).not.toContain("Harbour bridge reopens");
    const after = await ask(["--as-of", "2025-06-20", "--content", content, question]);
    expect(after.stdout).toMatch(/^1\. The harbour bridge reopened on Saturday/);
  });

  it("answers each JSON line as of its own asked day", async () => {
    const question = "When did the harbour bridge reopen?";
    const stdin = [
      JSON.stringify({ q: question, asked: "2025-06-01" }),
      JSON.stringify({ q: question, asked: "2025-06-20" }),
    ].join("\n");
    const run = await ask(["--json", "--input", "jsonl", "--content", content], stdin);
    const answers = jsonLines(run.stdout) as AnswerJson[];
    expect(answers.map((answer) => answer.results.map((result) => result.article.id))).toEqual([
      [],
      ["harbour"],
    ]);
  });

  it("says a period has no news and offers the newest earlier stories, to a question asking what is new", async () => {
    // Asked Friday 20 June, yesterday (19 June) has no article: the harbour report of the
    // 14th is the newest before it.
    const run = await ask(["--as-of", "2025-06-20", "--content", content, "Any news yesterday?"]);
    expect(run.stdout.split("\n").slice(0, 4)).toEqual([
      "No articles from yesterday (19 June).",
      EARLIER_NEWS,
      "",
      "1. The harbour bridge reopened on Saturday after eighteen months of repairs to",
    ]);
    // The JSON reply says these are the newest stories, not answers to words.
    const json = await ask([
      "--json",
      "--as-of",
      "2025-06-20",
      "--content",
      content,
      "Any news yesterday?",
    ]);
    const [answer] = jsonLines(json.stdout) as AnswerJson[];
    expectAnswerShape(answer);
    expect(answer).toMatchObject({ results: [], listsNews: true });
    expect(answer?.outsideWindow[0]?.article.id).toBe("harbour");
    const search = await ask(["--json", "--as-of", "2025-06-20", "--content", content, "harbour"]);
    expect(jsonLines(search.stdout)[0]).toMatchObject({ listsNews: false });
  });

  it("heads a list of the newest stories asked for without a period", async () => {
    // Asked 20 June, the harbour report of the 14th is the newest story; the orchard's,
    // undated, is never news.
    const run = await ask(["--as-of", "2025-06-20", "--content", content, "latest news"]);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([
      NEWEST_STORIES,
      "",
      "1. The harbour bridge reopened on Saturday after eighteen months of repairs to",
    ]);
  });

  it("says there is no news before any article is dated, naming no article as close", async () => {
    // On 1 June the harbour report is still to come, and the orchard's has no date.
    const run = await ask(["--as-of", "2025-06-01", "--content", content, "What's new?"]);
    expect(run.stdout).toBe(`${NO_NEWS}\n`);
  });

  it("names the window time words give, and says when nothing in it answers", async () => {
    const question = "When did the harbour bridge reopen last week?";
    // Asked Friday 20 June, last week is 9–15 June: the Saturday 14 June report is in it.
    const inside = await ask(["--as-of", "2025-06-20", "--content", content, question]);
    expect(inside.stdout.split("\n").slice(0, 3)).toEqual([
      "Articles from last week (9–15 June):",
      "",
      "1. The harbour bridge reopened on Saturday after eighteen months of repairs to",
    ]);
    const json = await ask(["--json", "--as-of", "2025-06-20", "--content", content, question]);
    expect(jsonLines(json.stdout)[0]).toMatchObject({
      asOf: "2025-06-20",
      window: { from: "2025-06-09", to: "2025-06-15" },
    });
    // Asked 10 July, last week is 30 June – 6 July: the June report is offered as earlier.
    const later = await ask(["--as-of", "2025-07-10", "--content", content, question]);
    const lines = later.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "Nothing from last week (30 June – 6 July) answers that.",
      EARLIER_ANSWERS,
      "",
    ]);
    expect(lines[3]).toMatch(/^1\. The harbour bridge reopened/);
    // The JSON reply offers the same quote as one from outside the window, not as an answer.
    const laterJson = await ask([
      "--json",
      "--as-of",
      "2025-07-10",
      "--content",
      content,
      question,
    ]);
    const [answer] = jsonLines(laterJson.stdout) as AnswerJson[];
    expectAnswerShape(answer);
    expect(answer?.results).toEqual([]);
    expect(answer?.outsideWindow[0]?.article.id).toBe("harbour");
    expect(answer?.outsideWindow[0]?.quote).toMatch(/^The harbour bridge reopened/);
  });

  it("limits answers with --since and --until, read at the moment", async () => {
    const question = "harbour bridge";
    const until = await ask(["--until", "2025-06-01", "--content", content, question]);
    expect(until.stdout.split("\n").slice(0, 2)).toEqual([
      "Nothing until 1 June answers that.",
      OUTSIDE_ANSWERS,
    ]);
    const since = await ask([
      "--json",
      "--as-of",
      "2025-07-10",
      "--since",
      "last month",
      "--content",
      content,
      question,
    ]);
    const [answer] = jsonLines(since.stdout) as AnswerJson[];
    expect(answer?.window).toEqual({ from: "2025-06-01", to: null });
    expect(answer?.results[0]?.article.id).toBe("harbour");
  });

  it("limits answers to the days both --since and the question's own time words hold", async () => {
    const question = "When did the harbour bridge reopen in June?";
    const args = ["--json", "--as-of", "2025-07-10", "--content", content, question];
    // June, from the 20th on: the report of the 14th is outside it.
    const both = await ask(["--since", "2025-06-20", ...args]);
    expect(jsonLines(both.stdout)[0]).toMatchObject({
      results: [],
      window: { from: "2025-06-20", to: "2025-06-30" },
    });
    // No day in common: --since, set on purpose, wins.
    const apart = await ask(["--since", "2025-07-01", ...args]);
    expect(jsonLines(apart.stdout)[0]).toMatchObject({ window: { from: "2025-07-01", to: null } });
  });

  it("reads --input jsonl: each line's asked day overrides --as-of", async () => {
    const stdin = [
      JSON.stringify({ q: "harbour bridge", asked: "2025-06-16" }),
      JSON.stringify({ q: "apple orchard" }),
      "",
      JSON.stringify({ q: "harbour cables", asked: null }),
    ].join("\n");
    const run = await ask(
      ["--json", "--input", "jsonl", "--as-of", "2025-07-01", "--content", content],
      stdin,
    );
    expect(run.code).toBe(0);
    const answers = jsonLines(run.stdout) as { query: string; asOf: string }[];
    expect(answers.map(({ query, asOf }) => [query, asOf])).toEqual([
      ["harbour bridge", "2025-06-16"],
      ["apple orchard", "2025-07-01"],
      ["harbour cables", "2025-07-01"],
    ]);
    for (const answer of answers) expectAnswerShape(answer);
  });

  it("refuses a period that ends before it starts, or starts after the day asked", async () => {
    // "last month" read on 20 June is 1 May on: after an --until of 1 January.
    const backwards = await ask([
      "--since",
      "last month",
      "--until",
      "2025-01-01",
      "--content",
      content,
      "harbour",
    ]);
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain(
      "ask: --since (2025-05-01) is after --until (2025-01-01) as of 2025-06-20: nothing is in that period\n",
    );
    expect(backwards.stdout).toBe("");
    const ahead = await ask([
      "--as-of",
      "2025-01-01",
      "--since",
      "2025-06-01",
      "--content",
      content,
      "harbour",
    ]);
    expect(ahead.code).toBe(2);
    expect(ahead.stderr).toContain("is after the day asked (2025-01-01)");
  });

  it("reports a line on whose day a relative --since names no period, and goes on", async () => {
    // "this autumn" asked in June has not begun; asked in October it has.
    const stdin = [
      JSON.stringify({ q: "harbour bridge", asked: "2025-06-20" }),
      JSON.stringify({ q: "harbour bridge", asked: "2025-10-15" }),
    ].join("\n");
    const run = await ask(
      [
        "--json",
        "--input",
        "jsonl",
        "--since",
        "this autumn",
        "--as-of",
        "2025-10-15",
        "--content",
        content,
      ],
      stdin,
    );
    expect(run.code).toBe(0);
    const [bad, good] = jsonLines(run.stdout) as [Record<string, unknown>, AnswerJson];
    expect(bad).toEqual({
      line: 1,
      error: '--since "this autumn" names no period as of 2025-06-20',
    });
    expect(good.window?.from).toBe("2025-09-01");
    expect(run.stderr).toContain("line 1: --since");
  });

  it("reports bad JSON lines with their numbers and goes on with the batch", async () => {
    const stdin = [
      "not json at all",
      JSON.stringify({ q: "harbour bridge" }),
      JSON.stringify({ q: "apple orchard", asked: "2025-02-30" }),
      JSON.stringify(["harbour"]),
      JSON.stringify({ question: "harbour" }),
      JSON.stringify({ q: "apple orchard" }),
    ].join("\n");
    const run = await ask(["--json", "--input", "jsonl", "--content", content], stdin);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout) as Record<string, unknown>[];
    expect(lines.map((line) => line.query ?? `line ${String(line.line)}`)).toEqual([
      "line 1",
      "harbour bridge",
      "line 3",
      "line 4",
      "line 5",
      "apple orchard",
    ]);
    expect(lines[0]).toEqual({ line: 1, error: "not valid JSON" });
    expect(run.stderr).toContain("ask: line 1: not valid JSON; skipped");
    expect(run.stderr).toContain('ask: line 3: "asked" must be a day written YYYY-MM-DD');
    expect(run.stderr).toContain('ask: line 5: "q" must be a question');
  });

  it("labels batch text answers with the day they were asked", async () => {
    const stdin = `${JSON.stringify({ q: "harbour bridge", asked: "2025-06-16" })}\n`;
    const run = await ask(["--input", "jsonl", "--content", content], stdin);
    expect(run.stdout).toMatch(/^Q: harbour bridge \(as of 2025-06-16\)\n\n1\. /);
  });

  it("reads plain lines as questions by default, even when they look like JSON", async () => {
    const run = await ask(["--json", "--content", content], '{"q": "harbour"}\n');
    expect((jsonLines(run.stdout)[0] as { query: string }).query).toBe('{"q": "harbour"}');
  });

  it("parses one JSON line into a question and its moment", () => {
    expect(parseJsonLine('{"q": " Who? ", "asked": "2024-03-01"}', 7)).toEqual({
      kind: "question",
      question: "Who?",
      asked: "2024-03-01",
      line: 7,
    });
    expect(parseJsonLine('{"q": ""}', 2)).toMatchObject({ kind: "bad", line: 2 });
  });
});

/**
 * Runs the real command as a process, from the repository or from `cwd` (Node with tsx's
 * loader, as `npm run ask` does without npm's start-up cost), without the library settings
 * of the environment the tests run in.
 */
function runProcess(args: string[], input: string, cwd = REPO): Promise<Run> {
  const env = { ...process.env };
  delete env.CONTENT_DIR;
  delete env.RECENCY_HALF_LIFE_DAYS;
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const entry = path.join(REPO, "src/cli/ask.ts");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", pathToFileURL(tsx).href, entry, ...args], {
      cwd,
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("ask on the repository's own articles", () => {
  it("prints one JSON answer for a question given as an argument", async () => {
    // Asked after the seed article (2026-02-03) was published.
    const run = await ask(["--json", "--as-of", "2026-02-10", "fighter jets"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const answers = jsonLines(run.stdout);
    expect(answers).toHaveLength(1);
    expectAnswerShape(answers[0]);
    expect(answers[0]).toMatchObject({
      query: "fighter jets",
      results: [{ article: { date: "2026-02-03", url: null } }],
    });
  });

  it("exits 2 on a bad --top", async () => {
    const run = await ask(["--top", "0", "q"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("--top must be a whole number from 1 to 50");
  });
});

describe("ask as a program", () => {
  it("says standard input is a folder instead of answering nothing (ask < folder)", async () => {
    // A folder as standard input reads as no lines at all: without a word, ask exited 0.
    const folder = openSync(REPO, "r");
    try {
      const env = { ...process.env };
      delete env.CONTENT_DIR;
      const tsx = createRequire(import.meta.url).resolve("tsx");
      const child = spawn(
        process.execPath,
        ["--import", pathToFileURL(tsx).href, path.join(REPO, "src/cli/ask.ts")],
        { cwd: REPO, env, stdio: [folder, "pipe", "pipe"] },
      );
      let stderr = "";
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(stderr).toContain("ask: standard input is a folder");
      expect(code).toBe(2);
    } finally {
      closeSync(folder);
    }
  });

  it("answers a batch from stdin in one process, with its exit code", async () => {
    const run = await runProcess(
      ["--json", "--top", "2"],
      "Who is Robert Kupiecki?\n\nWhat is the capital of Australia?\n",
    );
    expect(run.code).toBe(0);
    const answers = jsonLines(run.stdout) as { query: string; results: unknown[] }[];
    expect(answers.map((answer) => answer.query)).toEqual([
      "Who is Robert Kupiecki?",
      "What is the capital of Australia?",
    ]);
    expect(answers[0]?.results.length).toBeGreaterThan(0);
    expect(answers[0]?.results.length).toBeLessThanOrEqual(2);
    expect(answers[1]?.results).toEqual([]);
    // A whole process start (about 3 s of CPU): room for a busy machine.
  }, 60_000);

  it("reads CONTENT_DIR and RECENCY_HALF_LIFE_DAYS from .env, as the bot does", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "citebot-ask-env-"));
    try {
      await writeFerryArticles(path.join(folder, "ferries"));
      // Without the preference for newer articles, the older one matches the question best.
      await writeFile(path.join(folder, ".env"), "CONTENT_DIR=ferries\nRECENCY_HALF_LIFE_DAYS=0\n");
      const run = await runProcess(
        ["--json", "--as-of", "2026-03-02", "How often will the island ferry sail to the harbour?"],
        "",
        folder,
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const [answer] = jsonLines(run.stdout) as AnswerJson[];
      expect(answer?.results.map((result) => result.article.id)).toEqual([
        "winter-timetable",
        "spring-timetable",
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * Two articles that answer the ferry question about as well: the older one a little better,
 * the newer one (a day before 2026-03-02) first while newer articles are preferred.
 */
async function writeFerryArticles(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, "winter-timetable.md"),
    [
      "---",
      "title: Island ferry sails to the harbour twice a day",
      "date: 2026-01-10",
      "---",
      "",
      "The island ferry will sail to the harbour twice a day, the ferry company said on Monday.",
    ].join("\n"),
  );
  await writeFile(
    path.join(folder, "spring-timetable.md"),
    [
      "---",
      "title: Ferry company changes its timetable",
      "date: 2026-03-01",
      "---",
      "",
      "The island ferry will sail to the harbour three times a day from April, the ferry company said.",
    ].join("\n"),
  );
}

describe("ranking settings from the environment", () => {
  const question = "How often will the island ferry sail to the harbour?";
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "citebot-ask-ranking-"));
    await writeFerryArticles(folder);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const order = async (env: Record<string, string>): Promise<string[]> => {
    const run = await ask(["--json", "--as-of", "2026-03-02", question], "", {
      CONTENT_DIR: folder,
      ...env,
    });
    expect(run.code).toBe(0);
    const [answer] = jsonLines(run.stdout) as AnswerJson[];
    return answer?.results.map((result) => result.article.id) ?? [];
  };

  it("puts the newer article first by default, and not with RECENCY_HALF_LIFE_DAYS=0", async () => {
    expect(await order({})).toEqual(["spring-timetable", "winter-timetable"]);
    expect(await order({ RECENCY_HALF_LIFE_DAYS: "0" })).toEqual([
      "winter-timetable",
      "spring-timetable",
    ]);
  });

  it("exits 2 naming RECENCY_HALF_LIFE_DAYS when it is not a number of days", async () => {
    const run = await ask(["--json", question], "", {
      CONTENT_DIR: folder,
      RECENCY_HALF_LIFE_DAYS: "soon",
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "ask: Invalid configuration:\n- RECENCY_HALF_LIFE_DAYS: must be a whole number from 0 to 3650\n",
    );
  });
});
