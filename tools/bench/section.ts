/**
 * The shape of one part of `npm run bench`. Each section measures one thing and returns
 * tables; the runner prints them in order. To add a benchmark (for example `/ask` round
 * trips against the fake Discord server), write a file under `tools/bench/` exporting a
 * `BenchSection` and add it to `BENCH_SECTIONS` in `sections.ts`.
 */
import type { Article } from "../../src/core/types.ts";
import type { Question } from "../eval/questions.ts";
import type { Column } from "../eval/table.ts";

export interface BenchTable {
  title: string;
  columns: Column[];
  rows: string[][];
  /** Lines printed under the table: how to read it, what was sampled. */
  notes?: string[];
}

export interface BenchOptions {
  /** Library sizes to measure, in articles; null means the whole library. */
  sizes: (number | null)[];
  /** Articles written out as files for the content-folder load. */
  folderArticles: number;
  /** Sizes at which the fuse.js baseline runs, and on how many questions. */
  fuseSizes: number[];
  fuseQuestions: number;
  /** Size to which one article is added to time picking up a content change. */
  rebuildSize: number;
  /** Fewest queries for latency figures (questions, then typo'd variants of them). */
  minQueries: number;
}

export interface BenchContext {
  /** The library file measured (news by default), `.jsonl` or `.jsonl.gz`. */
  readonly source: string;
  /** How many articles the whole source has. */
  readonly totalArticles: number;
  readonly options: BenchOptions;
  /** Judged questions about the source. */
  readonly questions: readonly Question[];
  /** Query texts for latency: every question, then typo'd variants, at least `minQueries`. */
  readonly queries: readonly string[];
  /** Queries run untimed before `queries` are timed: the questions with other typos. */
  readonly warmUpQueries: readonly string[];
  /** A scratch folder, deleted when the run ends. */
  readonly tmpDir: string;
  /**
   * A library file with the first `count` articles of the source, for loading through the
   * real loader: prepared for the sizes in `options`; the source itself for null, for a
   * count at least its size, and for counts not prepared.
   */
  libraryFile(count: number | null): string;
  /**
   * Loads `libraryFile(count)` with the real loader, timing it, and returns its first
   * `count` articles. Counts the runner did not prepare a file for read the whole source.
   */
  load(count: number | null): Promise<{ articles: Article[]; ms: number }>;
  /** Progress for the person waiting (to stderr). */
  progress(line: string): void;
}

export interface BenchSection {
  name: string;
  run(context: BenchContext): Promise<BenchTable[]>;
}
