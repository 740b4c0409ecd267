/** Runs the benchmark sections over a library file and formats what they measured. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { parseQuestions } from "../eval/questions.ts";
import { formatTable } from "../eval/table.ts";
import { writePrefixFiles } from "./prefix.ts";
import { benchQueries, warmUpQueries } from "./queries.ts";
import type { BenchContext, BenchOptions, BenchSection, BenchTable } from "./section.ts";
import { BENCH_SECTIONS } from "./sections.ts";

export interface BenchRun extends BenchOptions {
  /** Library file to measure (`.jsonl` or `.jsonl.gz`). */
  source: string;
  /** Question file about it. */
  questions: string;
  /** Sections to run (default: all of `BENCH_SECTIONS`). */
  sections?: readonly BenchSection[];
}

export async function runBench(
  run: BenchRun,
  progress: (line: string) => void = () => {},
): Promise<BenchTable[]> {
  const { questions, errors } = parseQuestions(await readFile(run.questions, "utf8"));
  if (errors.length > 0) {
    throw new Error(`${run.questions}:${errors[0]?.line}: ${errors[0]?.message}`);
  }
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), "citebot-bench-"));
  try {
    const counts = [
      ...run.sizes.filter((size): size is number => size !== null),
      run.folderArticles,
      ...run.fuseSizes,
      run.rebuildSize,
      run.rebuildSize + 1,
    ];
    progress(`writing library files with the first ${counts.join(", ")} articles`);
    const { files, lines } = await writePrefixFiles(run.source, counts, tmpDir);
    const libraryFile = (count: number | null): string =>
      count === null || count >= lines ? run.source : (files.get(count) ?? run.source);
    const context: BenchContext = {
      source: run.source,
      totalArticles: lines,
      options: run,
      questions,
      queries: benchQueries(questions, run.minQueries),
      warmUpQueries: warmUpQueries(questions),
      tmpDir,
      libraryFile,
      async load(count) {
        const started = performance.now();
        const loaded = await loadLibrary(libraryFile(count));
        const articles = count === null ? loaded.articles : loaded.articles.slice(0, count);
        return { articles, ms: performance.now() - started };
      },
      progress,
    };
    const tables: BenchTable[] = [];
    for (const section of run.sections ?? BENCH_SECTIONS) {
      tables.push(...(await section.run(context)));
    }
    return tables;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** Tables as printed: title, aligned table, notes, blank line. */
export function formatBench(tables: readonly BenchTable[]): string[] {
  return tables.flatMap((table) => [
    table.title,
    ...formatTable(table.columns, table.rows),
    ...(table.notes ?? []).map((note) => `  ${note}`),
    "",
  ]);
}
