import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSets, runEvalCli, setName } from "../tools/eval/cli.ts";

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
      ["xquad+typos", "/e/xquad/content", 1],
      ["news", "/e/news/articles.jsonl.gz", null],
      ["news-quotes", "/e/news/articles.jsonl.gz", null],
    ]);
    expect(setName("/e/news/questions-dev.jsonl")).toBe("news/questions-dev");
    expect(setName("/e/seed-questions.jsonl")).toBe("seed-questions");
  });
});
