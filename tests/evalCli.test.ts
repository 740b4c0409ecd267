import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildLibrary } from "../src/core/library.ts";
import { loadLibrary } from "../src/content/loadLibrary.ts";
import { defaultSets, runEvalCli, setName } from "../tools/eval/cli.ts";
import { groupByArticle, leaveOneOut } from "../tools/eval/leaveOneOut.ts";
import { parseQuestions } from "../tools/eval/questions.ts";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

const fixtures = path.join(import.meta.dirname, "fixtures");
const library = path.join(fixtures, "eval-library");
const questions = (name: string): string => path.join(fixtures, "eval-questions", `${name}.jsonl`);

/** Runs the eval on every question of the files (`--split all`) unless the args choose a split. */
async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const withSplit = args.includes("--split") ? args : [...args, "--split", "all"];
  const code = await runEvalCli(withSplit, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err };
}

/** The table row of a system, split into its cells. */
function row(lines: string[], set: string, system: string, scope = "all", asked = "-"): string[] {
  const found = lines.find((line) => {
    const cells = line.split(/\s{2,}/);
    return (
      cells[0] === set && cells[1] === system && cells[2] === asked && cells[3]?.startsWith(scope)
    );
  });
  expect(found, `${set} ${system} row`).toBeDefined();
  return found!.split(/\s{2,}/);
}

describe("npm run eval", () => {
  it("judges quote-level questions through the library's search and prints the table", async () => {
    const { code, out } = await run(["--library", library, "--questions", questions("quote")]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^quote: .*eval-library — 4 articles, \d+ passages, loaded in/);
    const cells = row(out, "quote", "citebot");
    // set, system, asked, searched, questions, K, right@K: the date-mismatched question is never right.
    expect(cells.slice(0, 7)).toEqual([
      "quote",
      "citebot",
      "-",
      "all 4 articles",
      "4",
      "2,3",
      "3/4 75.0%",
    ]);
    // false refusals (every question got quotes), false answers (none asked).
    expect(cells.slice(9, 11)).toEqual(["0/4 0.0%", "-"]);
    expect(out.some((line) => line.startsWith("Machine: "))).toBe(true);
  });

  it("judges article-level questions by id, with --at overriding K", async () => {
    const { code, out } = await run(["--library", library, "--questions", questions("article")]);
    expect(code).toBe(0);
    expect(row(out, "article", "citebot").slice(4, 7)).toEqual(["3", "1,5", "3/3 100.0%"]);
    const at1 = await run(["--library", library, "--questions", questions("article"), "--at", "1"]);
    expect(row(at1.out, "article", "citebot")[5]).toBe("1");
  });

  it("counts unanswerable questions and writes one JSON object with --json", async () => {
    const { code, out } = await run([
      "--library",
      library,
      "--questions",
      questions("mixed"),
      "--json",
    ]);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0]!) as {
      sets: {
        name: string;
        articles: number;
        rows: { system: string; summary: Record<string, unknown> }[];
      }[];
    };
    expect(report.sets[0]?.name).toBe("mixed");
    expect(report.sets[0]?.articles).toBe(4);
    expect(report.sets[0]?.rows[0]?.summary).toMatchObject({
      questions: 2,
      answerable: 1,
      rightAtK: 1,
      none: 1,
    });
  });

  it("adds typos, and runs the baselines on a stated sample when asked", async () => {
    const typos = await run([
      "--library",
      library,
      "--questions",
      questions("quote"),
      "--typos",
      "1",
    ]);
    expect(typos.code).toBe(0);
    expect(typos.out[0]).toMatch(/typos \(seed 1\) in 4 questions/);
    expect(row(typos.out, "quote+typos", "citebot")[4]).toBe("4");

    const { code, out } = await run([
      "--library",
      library,
      "--questions",
      questions("article"),
      "--baselines",
      "--sample-articles",
      "2",
      "--sample-questions",
      "1",
    ]);
    expect(code).toBe(0);
    expect(row(out, "article", "citebot", "all")[4]).toBe("3");
    expect(row(out, "article", "citebot", "sample")[3]).toMatch(/^sample: 2 articles, 1 question$/);
    expect(row(out, "article", "fuse.js", "sample")[4]).toBe("1");
    expect(row(out, "article", "MiniSearch", "sample")[4]).toBe("1");
  });

  it("asks every question in lower case with --lower-case, as a set of its own", async () => {
    const lower = await run([
      "--library",
      library,
      "--questions",
      questions("quote"),
      "--lower-case",
    ]);
    expect(lower.code).toBe(0);
    // The fixture questions' names are written as the articles write them: in lower case
    // they are found all the same.
    expect(row(lower.out, "quote/lower-case", "citebot")[6]).toBe("3/4 75.0%");
  });

  it("rejects bad arguments and unreadable files", async () => {
    expect((await run(["--library", library])).code).toBe(2);
    expect((await run(["--at", "x"])).code).toBe(2);
    expect((await run(["--bogus"])).code).toBe(2);
    const missing = await run(["--library", library, "--questions", questions("missing")]);
    expect(missing.code).toBe(1);
    expect(missing.err.join("\n")).toMatch(/error: .*ENOENT/);
  });

  it("runs the shared sets when given no files, skipping missing ones", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "citebot-eval-"));
    try {
      const { code, err } = await run(["--eval-dir", empty]);
      expect(code).toBe(2);
      expect(err.join("\n")).toMatch(/no evaluation sets found/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    const sets = defaultSets("/e", "/c");
    expect(sets.map((set) => [set.name, set.library, set.typos])).toEqual([
      ["seed", "/c", null],
      ["xquad", "/e/xquad/content", null],
      ["xquad/lower-case", "/e/xquad/content", null],
      ["xquad+typos", "/e/xquad/content", 1],
      ["xquad/news-questions", "/e/xquad/content", null],
      ["news", "/e/news/articles.jsonl.gz", null],
      ["news/answer-in-quote", "/e/news/articles.jsonl.gz", null],
      ["news-quotes", "/e/news/articles.jsonl.gz", null],
    ]);
    expect(sets.filter((set) => set.byAnswer === true).map((set) => set.questions)).toEqual([
      "/e/news/questions-dev.jsonl",
    ]);
    expect(sets.filter((set) => set.lowerCase === true).map((set) => set.name)).toEqual([
      "xquad/lower-case",
    ]);
    expect(setName("/e/news/questions-dev.jsonl")).toBe("news/questions-dev");
    expect(setName("/e/seed-questions.jsonl")).toBe("seed-questions");
  });

  it("asks the held-out part by default, and the tune part on request", async () => {
    const file = questions("by-article");
    const counts = await Promise.all(
      ["held-out", "tune", "all"].map(async (split) => {
        const { code, out } = await run([
          "--library",
          library,
          "--questions",
          file,
          "--split",
          split,
        ]);
        expect(code).toBe(0);
        return Number(row(out, "by-article", "citebot")[4]);
      }),
    );
    const [heldOut = 0, tune = 0, all = 0] = counts;
    expect(all).toBe(6);
    expect(heldOut + tune).toBe(all);
    const byDefault = await runEvalCli(["--library", library, "--questions", file], {
      out: (line) => (line.startsWith("Questions:") ? expect(line).toMatch(/held-out part/) : null),
      err: () => {},
    });
    expect(byDefault).toBe(0);
    expect((await run(["--split", "half"])).err.join("\n")).toMatch(
      /--split must be one of tune, held-out, all/,
    );
  });

  it("replaces ranking settings with --set and names them, refusing unknown ones", async () => {
    const set = await run([
      "--library",
      library,
      "--questions",
      questions("quote"),
      "--set",
      "articleWeight=2",
      "--set",
      "minEvidence=0.5",
    ]);
    expect(set.code).toBe(0);
    expect(set.out.join("\n")).toMatch(/Ranking settings: articleWeight=2, minEvidence=0.5\./);

    const unknown = await run(["--set", "articleWieght=2", "--set", "minEvidence=much"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toBe(
      'unknown ranking setting "articleWieght"; ranking setting minEvidence must be a number',
    );
    const malformed = await run(["--set", "articleWeight"]);
    expect(malformed.code).toBe(2);
    expect(malformed.err[0]).toBe('--set wants name=value, not "articleWeight"');
  });

  it("asks dated questions then and today, judging quotes by their date window", async () => {
    const file = path.join(fixtures, "eval-news", "quotes.jsonl");
    const news = path.join(fixtures, "eval-news", "articles.jsonl");
    const { code, out } = await run(["--library", news, "--questions", file]);
    expect(code).toBe(0);
    for (const asked of ["then", "today"]) {
      const cells = row(out, "quotes", "citebot", "all", asked);
      // The museum question asked in 2023 finds the 2024 article: outside its window, so wrong.
      expect(cells.slice(4, 7)).toEqual(["3", "3", "2/3 66.7%"]);
    }
    expect(out.join("\n")).toMatch(/asked: then = on the day the question carries/);
  });

  it("asks each question without its article in leave-one-out mode", async () => {
    const file = questions("by-article");
    const { code, out } = await run(["--library", library, "--questions", file, "--leave-one-out"]);
    expect(code).toBe(0);
    // With its article, every question is answered (the sixth names an article not there)...
    const whole = row(out, "by-article", "citebot");
    expect(whole[6]).toBe("5/6 83.3%");
    // ...without it, each is asked of one of 4 libraries of 3 articles, where nothing answers.
    // The question about an article the library lacks is not asked.
    const without = row(out, "by-article/leave-one-out", "citebot", "4 libraries of 3 articles");
    expect(without[4]).toBe("5");
    expect(without[6]).toBe("-");
    expect(without[10]).toMatch(/^\d\/5 /);
    expect(Number(without[10]?.split("/")[0])).toBeLessThanOrEqual(1);
  });

  it("asks the news questions of the eval folder of the encyclopaedia too, as ones nothing answers", async () => {
    const evalDir = await mkdtemp(path.join(os.tmpdir(), "citebot-eval-"));
    try {
      await cp(library, path.join(evalDir, "xquad", "content"), { recursive: true });
      await mkdir(path.join(evalDir, "news"));
      const news = [
        // Nothing in the fixture library is about hiring or companies: the right reply is nothing.
        {
          q: "Which American company announced it will hire 33,000 new employees?",
          asked: "2025-04-10",
        },
        // Written for another library, yet this one answers it: counted as a false answer.
        { q: "How many corroded cables did the engineers replace?", asked: "2025-04-10" },
      ].map((question) => JSON.stringify({ ...question, any: ["x"] }));
      await writeFile(path.join(evalDir, "news", "quotes-dev.jsonl"), news.join("\n") + "\n");
      const { code, out } = await run(["--eval-dir", evalDir]);
      expect(code).toBe(0);
      // Asked once (their days do not matter to an undated library), each as unanswerable.
      const cells = row(out, "xquad/news-questions", "citebot", "all 4 articles");
      expect(cells.slice(4, 11)).toEqual(["2", "-", "-", "-", "-", "-", "1/2 50.0%"]);
      expect(out.filter((line) => line.startsWith("xquad/news-questions "))).toHaveLength(1);
    } finally {
      await rm(evalDir, { recursive: true, force: true });
    }
  });
});

describe("the news quiz judged by its answer", () => {
  it("counts a quote holding the quiz's answer as right, from whichever article", async () => {
    const evalDir = await mkdtemp(path.join(os.tmpdir(), "citebot-eval-"));
    try {
      await mkdir(path.join(evalDir, "news"));
      await writeFile(
        path.join(evalDir, "news", "articles.jsonl.gz"),
        gzipSync(await readFile(path.join(fixtures, "eval-news", "articles.jsonl"))),
      );
      const quiz = [
        // The museum article answers, but the quiz names another article (as when two
        // papers report one story): wrong by article, right by what the quote says.
        {
          q: "How many paintings did thieves steal from the city museum?",
          gold: ["marathon-record"],
          answer: "three paintings",
          asked: "2024-07-20",
        },
        // Its own article, but no quote says "five years": right by article only.
        {
          q: "How long did the space probe travel to reach the asteroid?",
          gold: ["space-probe"],
          answer: "five years",
          asked: "2024-06-20",
        },
        // No answer given: judged by article only.
        { q: "Who set the marathon record?", gold: ["marathon-record"], asked: "2024-08-20" },
      ].map((question) => JSON.stringify(question));
      await writeFile(path.join(evalDir, "news", "questions-dev.jsonl"), quiz.join("\n") + "\n");
      const { code, out } = await run(["--eval-dir", evalDir]);
      expect(code).toBe(0);
      const byArticle = row(out, "news", "citebot", "all 8 articles", "then");
      expect(byArticle.slice(4, 8)).toEqual(["3", "5", "2/3 66.7%", "2/3 66.7%"]);
      const byAnswer = row(out, "news/answer-in-quote", "citebot", "all 8 articles", "then");
      expect(byAnswer.slice(4, 8)).toEqual(["2", "3", "1/2 50.0%", "1/2 50.0%"]);
    } finally {
      await rm(evalDir, { recursive: true, force: true });
    }
  });
});

describe("leave-one-article-out", () => {
  it("builds one library per article, each without the article its questions name", async () => {
    const { articles } = await loadLibrary(library);
    const { questions: asked } = parseQuestions(await readFile(questions("by-article"), "utf8"));
    const seen: { titles: string[]; questions: string[] }[] = [];
    const run = leaveOneOut(articles, asked, { library: {}, eval: {} }, (built) => {
      const entry = { titles: built.articles.map((a) => a.title), questions: [] as string[] };
      seen.push(entry);
      return {
        name: "citebot",
        search: (query, top) => {
          entry.questions.push(query);
          return built.search(query, { top });
        },
      };
    });
    expect(run.libraries).toBe(4);
    expect(run.skipped).toBe(1);
    const groups = groupByArticle(asked);
    for (const entry of seen) {
      const [title] = [...groups].find(([, group]) => group[0]?.q === entry.questions[0]) ?? [];
      expect(title).toBeDefined();
      expect(entry.titles).not.toContain(title);
      expect(entry.titles).toHaveLength(articles.length - 1);
    }
    // Every question is judged as one that nothing answers.
    expect(run.summary.none).toBe(5);
    expect(run.summary.answerable).toBe(0);
    // The bridge question, answered by the whole library, gets nothing without its article.
    const bridge = "How many cables did engineers replace on the bridge?";
    expect(buildLibrary(articles).search(bridge).length).toBeGreaterThan(0);
    const withoutBridge = articles.filter(
      (a) => a.title !== "Harbour bridge reopens after repairs",
    );
    expect(buildLibrary(withoutBridge).search(bridge)).toEqual([]);
  });
});
