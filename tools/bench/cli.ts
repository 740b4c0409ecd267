/**
 * `npm run bench -- [--library FILE] [--questions FILE] [--sizes 1000,5000,10000,all]
 *                   [--folder-articles N] [--fuse-sizes 1000] [--fuse-questions N]
 *                   [--rebuild-size N] [--queries N] [--only SECTION,...]`
 *
 * Speed and memory at several library sizes (news library by default): load, build, heap,
 * RSS, passages, query latency; a content folder load; fuse.js for comparison; and how
 * long a content change takes to be picked up. Run with `--expose-gc` (the npm script
 * does) so memory is measured after a full garbage collection. `--only restart` runs just
 * the named sections (here: time to first answer after `npm start`, and `/ask` during a
 * rebuild).
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatBench, runBench, type BenchRun } from "./runBench.ts";
import type { BenchSection } from "./section.ts";
import { BENCH_SECTIONS } from "./sections.ts";
import { isMainModule } from "../../src/cli/args.ts";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const NEWS = path.join(REPO_ROOT, "../shared/eval/news");

const USAGE = [
  "usage: npm run bench -- [--library FILE] [--questions FILE] [--sizes 1000,5000,10000,all]",
  "                        [--folder-articles N] [--fuse-sizes 1000] [--fuse-questions N]",
  "                        [--rebuild-size N] [--queries N] [--only SECTION,...]",
].join("\n");

export const DEFAULT_BENCH: Omit<BenchRun, "sections"> = {
  source: path.join(NEWS, "articles.jsonl.gz"),
  questions: path.join(NEWS, "questions-dev.jsonl"),
  sizes: [1_000, 5_000, 10_000, null],
  folderArticles: 2_000,
  fuseSizes: [1_000],
  fuseQuestions: 20,
  rebuildSize: 10_000,
  minQueries: 500,
};

export interface BenchIo {
  out(line: string): void;
  err(line: string): void;
}

function wholeNumber(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${name}: "${value}" is not a count`);
  return number;
}

function sizeList(value: string, name: string): (number | null)[] {
  return value
    .split(",")
    .filter((item) => item.trim() !== "")
    .map((item) => (item.trim() === "all" ? null : wholeNumber(item.trim(), name)));
}

/** The sections named in `--only` (by their `name`), in the usual order. */
function chosenSections(value: string): BenchSection[] {
  const names = new Set(value.split(",").map((name) => name.trim()));
  const unknown = [...names].filter((name) => !BENCH_SECTIONS.some((s) => s.name === name));
  if (unknown.length > 0) {
    const known = BENCH_SECTIONS.map((section) => section.name).join(", ");
    throw new Error(`--only: no section "${unknown.join('", "')}" (sections: ${known})`);
  }
  return BENCH_SECTIONS.filter((section) => names.has(section.name));
}

/** Parses the bench arguments over the defaults. Throws on a bad argument. */
export function parseBenchArgs(args: readonly string[]): BenchRun | "help" {
  const { values } = parseArgs({
    args: [...args],
    options: {
      library: { type: "string" },
      questions: { type: "string" },
      sizes: { type: "string" },
      "folder-articles": { type: "string" },
      "fuse-sizes": { type: "string" },
      "fuse-questions": { type: "string" },
      "rebuild-size": { type: "string" },
      queries: { type: "string" },
      only: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return "help";
  const run: BenchRun = { ...DEFAULT_BENCH };
  if (values.library !== undefined) run.source = values.library;
  if (values.questions !== undefined) run.questions = values.questions;
  if (values.sizes !== undefined) run.sizes = sizeList(values.sizes, "--sizes");
  if (values["folder-articles"] !== undefined) {
    run.folderArticles = wholeNumber(values["folder-articles"], "--folder-articles");
  }
  if (values["fuse-sizes"] !== undefined) {
    run.fuseSizes = sizeList(values["fuse-sizes"], "--fuse-sizes").filter(
      (size): size is number => size !== null,
    );
  }
  if (values["fuse-questions"] !== undefined) {
    run.fuseQuestions = wholeNumber(values["fuse-questions"], "--fuse-questions");
  }
  if (values["rebuild-size"] !== undefined) {
    run.rebuildSize = wholeNumber(values["rebuild-size"], "--rebuild-size");
  }
  if (values.queries !== undefined) run.minQueries = wholeNumber(values.queries, "--queries");
  if (values.only !== undefined) run.sections = chosenSections(values.only);
  return run;
}

/** Runs the benchmark with `args`; returns the exit code (2 for bad arguments, 1 on failure). */
export async function runBenchCli(
  args: readonly string[],
  io: BenchIo = { out: (line) => console.log(line), err: (line) => console.error(line) },
  overrides: Partial<BenchRun> = {},
): Promise<number> {
  let run: BenchRun;
  try {
    const parsed = parseBenchArgs(args);
    if (parsed === "help") {
      io.out(USAGE);
      return 0;
    }
    run = { ...parsed, ...overrides };
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    io.err(USAGE);
    return 2;
  }
  const gcNote =
    typeof (globalThis as { gc?: unknown }).gc === "function"
      ? "--expose-gc"
      : "gc enabled at run time";
  io.out(`Machine: ${os.cpus().length} cores, Node ${process.versions.node} (${gcNote}).`);
  io.out("");
  try {
    const tables = await runBench(run, (line) => io.err(line));
    for (const line of formatBench(tables)) io.out(line);
  } catch (err) {
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  return 0;
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runBenchCli(process.argv.slice(2));
}
