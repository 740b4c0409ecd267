import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runBenchCli } from "../tools/bench/cli.ts";
import { loadLibrary } from "../src/content/loadLibrary.ts";
import { writePrefixFiles } from "../tools/bench/prefix.ts";
import { benchQueries } from "../tools/bench/queries.ts";
import { formatBench, runBench } from "../tools/bench/runBench.ts";
import type { BenchSection } from "../tools/bench/section.ts";
import { BENCH_SECTIONS } from "../tools/bench/sections.ts";
import { updateSection } from "../tools/bench/update.ts";
import { parseQuestions } from "../tools/eval/questions.ts";

const news = path.join(import.meta.dirname, "fixtures", "eval-news");
const source = path.join(news, "articles.jsonl");
const questionFile = path.join(news, "questions.jsonl");

const small = {
  source,
  questions: questionFile,
  sizes: [3, 6, null],
  folderArticles: 4,
  fuseSizes: [3],
  fuseQuestions: 2,
  rebuildSize: 5,
  minQueries: 20,
};

/**
 * Sections left out here: the Discord one runs the bot under load (tests/faults/discordBench.test.ts
 * covers it); the word relations one builds WordNet's table from scratch (tests/core/lexicon.test.ts
 * covers the table and its cache).
 */
// Sections that start processes, servers or big files; each has tests of its own.
const SLOW_SECTIONS = [
  "discord",
  "word relations",
  "pathological files",
  "feed polling",
  "restart",
  "update",
];

describe("npm run bench", () => {
  it("measures every section on a small library and cleans up after itself", async () => {
    const before = new Set(await readdir(os.tmpdir()));
    const tables = await runBench({
      ...small,
      sections: BENCH_SECTIONS.filter((section) => !SLOW_SECTIONS.includes(section.name)),
    });
    const after = (await readdir(os.tmpdir())).filter(
      (name) => name.startsWith("citebot-bench-") && !before.has(name),
    );
    expect(after).toEqual([]);

    expect(tables.map((table) => table.title)).toEqual([
      `Library size (source: ${source})`,
      "/article title matching as people type",
      "fuse.js over passages against the library's search",
      "Picking up a content change (one article added to 5)",
      "Content folder of Markdown files",
    ]);
    const [scale, titles, fuse, change, folder] = tables;
    // One row per size: its titles, read in one step at these sizes, and typed values timed.
    expect(titles?.rows.map((row) => [row[0], row[2]])).toEqual([
      ["3", "1"],
      ["6", "1"],
      ["8", "1"],
    ]);
    for (const row of titles?.rows ?? []) expect(Number(row[4])).toBeGreaterThan(0);
    expect(scale?.rows.map((row) => [row[0], row[9]])).toEqual([
      ["3", "24"],
      ["6", "24"],
      ["all (8)", "24"],
    ]);
    for (const row of scale?.rows ?? []) expect(row[1]).toMatch(/^\d+$/);
    // What the index holds: a size, never a negative one (these indexes are too small to show).
    expect(scale?.rows.map((row) => row[6])).toEqual(["< 1 MB", "< 1 MB", "< 1 MB"]);
    expect(fuse?.rows[0]?.slice(0, 3)).toEqual(["3", expect.stringMatching(/^\d+$/), "2"]);
    expect(fuse?.rows[0]?.[8]).toMatch(/×$/);
    expect(change?.rows.map((row) => row[1])).toEqual(["5", "6", "6", "6"]);
    expect(folder?.rows[0]?.slice(0, 4)).toEqual(["4", expect.stringMatching(/KB$/), "4", "0"]);

    const lines = formatBench(tables);
    expect(lines).toContain("Content folder of Markdown files");
    // Every table's lines line up: the rule is as wide as the header.
    const header = lines.indexOf("Content folder of Markdown files") + 1;
    expect(lines[header + 1]?.length).toBe(lines[header]?.length);
  }, 120_000);

  it("times a file added, changed and removed, each picked up by an index update", async () => {
    const tables = await runBench({ ...small, sections: [updateSection] });
    expect(tables.map((table) => table.title)).toEqual([
      "A content change picked up by an index update (8 articles in the folder)",
    ]);
    expect(tables[0]?.rows.map((row) => row.slice(0, 2))).toEqual([
      ["first build (for comparison)", "built"],
      ["new file added", "updated"],
      ["the file changed", "updated"],
      ["the file removed", "updated"],
    ]);
  }, 60_000);

  it("accepts extra sections, such as a Discord dispatch benchmark", async () => {
    const seen: number[] = [];
    const extra: BenchSection = {
      name: "extra",
      async run(context) {
        const { articles } = await context.load(2);
        seen.push(articles.length, context.queries.length, context.totalArticles);
        return [{ title: "extra", columns: [{ title: "n" }], rows: [["1"]] }];
      },
    };
    const tables = await runBench({ ...small, sections: [extra] });
    expect(tables.map((table) => table.title)).toEqual(["extra"]);
    expect(seen).toEqual([2, 24, 8]);
  });

  it("writes first-N library files that load like the start of the source", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "citebot-bench-test-"));
    try {
      const gz = path.join(dir, "articles.jsonl.gz");
      await pipeline(createReadStream(source), createGzip(), createWriteStream(gz));
      const { files, lines } = await writePrefixFiles(gz, [2, 5], dir);
      expect(lines).toBe(8);
      const whole = await loadLibrary(source);
      for (const count of [2, 5]) {
        const file = files.get(count)!;
        expect(file).toMatch(/\.jsonl\.gz$/);
        const loaded = await loadLibrary(file);
        expect(loaded.articles.map((a) => a.id)).toEqual(
          whole.articles.slice(0, count).map((a) => a.id),
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(existsSync(dir)).toBe(false);
  });

  it("keeps every line when writing large first-N files", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "citebot-bench-test-"));
    try {
      const big = path.join(dir, "big.jsonl");
      const text = "Words of a long article. ".repeat(1_000);
      const lines = Array.from({ length: 300 }, (_, i) =>
        JSON.stringify({ id: `a${i}`, title: `Article ${i}`, date: "2024-01-02", text }),
      );
      await writeFile(big, lines.join("\n") + "\n");
      for (const gz of [false, true]) {
        let input = big;
        if (gz) {
          input = `${big}.gz`;
          await pipeline(createReadStream(big), createGzip(), createWriteStream(input));
        }
        const out = path.join(dir, gz ? "gz" : "plain");
        await mkdir(out);
        const { files } = await writePrefixFiles(input, [250], out);
        const loaded = await loadLibrary(files.get(250)!);
        expect(loaded.problems).toEqual([]);
        expect(loaded.articles).toHaveLength(250);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("makes at least the asked number of queries: questions, then typo'd variants", async () => {
    const { questions } = parseQuestions(await readFile(questionFile, "utf8"));
    const queries = benchQueries(questions, 20);
    expect(queries).toHaveLength(24);
    expect(queries.slice(0, 8)).toEqual(questions.map((q) => q.q));
    expect(queries[8]).not.toBe(queries[0]);
  });

  it("prints the tables from the command line and rejects bad arguments", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    const code = await runBenchCli(
      [
        "--library",
        source,
        "--questions",
        questionFile,
        "--sizes",
        "4,all",
        "--folder-articles",
        "3",
        "--fuse-sizes",
        "3",
        "--fuse-questions",
        "1",
        "--rebuild-size",
        "4",
        "--queries",
        "10",
      ],
      io,
      { sections: BENCH_SECTIONS.filter((section) => !SLOW_SECTIONS.includes(section.name)) },
    );
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Machine: \d+ cores, Node /);
    expect(out.some((line) => /^\s+4\s+\d+/.test(line))).toBe(true);
    expect(await runBenchCli(["--sizes", "ten"], io)).toBe(2);
  }, 120_000);
});
