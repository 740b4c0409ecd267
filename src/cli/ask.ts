/**
 * `npm run ask -- [--json] [--top N] [--content PATH] [--as-of DAY] [--since WHEN]
 * [--until WHEN] [--input text|jsonl] ["question"]`: answers questions from the command line
 * with the same search the bot uses.
 *
 * With a question, prints its answer. Without one, reads questions from standard input, one
 * a line, and answers each in order from a single library (the index is built once). With
 * `--input jsonl` every line is `{"q": "...", "asked": "YYYY-MM-DD"}` and `asked` is the
 * moment of that question. Every question has a moment: `asked`, else `--as-of`, else today
 * (from the injected clock); time words are read relative to it, and articles dated more than
 * a day after it are left out. `--json` prints one JSON object per question, one a line. Answers go to standard
 * output; content problems and errors go to standard error (a bad batch line also gets a
 * JSON error line in `--json` mode, so outputs stay in step with inputs). The library and
 * its ranking settings (`CONTENT_DIR`, `RECENCY_HALF_LIFE_DAYS`) come from the environment or
 * `.env`, as the bot's do. Exit codes: 0 answered (even when nothing matched, and even when
 * some batch lines were bad), 1 the library cannot be read, 2 bad arguments or configuration.
 */
import { fstatSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { answerForTerminal, cleanText, terminalWidth } from "./answerText.ts";
import { buildLibrary } from "../core/library.ts";
import { dayNumber, readDateOption } from "../core/time.ts";
import type { Answer, ContentProblem, Library, SearchResult } from "../core/types.ts";
import { loadLibrary, type LoadedLibrary } from "../content/loadLibrary.ts";
import { loadLexicon } from "../content/lexicon.ts";
import { ConfigError, loadLibraryConfig, type LibraryConfig } from "../app/config.ts";
import {
  UsageError,
  contentSource,
  exitWhenReaderStops,
  isMainModule,
  joinDashValues,
  localDay,
  parseWholeNumber,
  printable,
  usageErrorOf,
  writeText,
  type TextOutput,
} from "./args.ts";

export const USAGE = `usage: npm run ask -- [options] ["question"]

Answers a question with word-for-word quotes from the articles. Without a question,
reads questions from standard input, one a line.

  --json          one JSON object per question, one a line
  --top N         how many quotes per question, 1 to 50 (default 3)
  --content PATH  content folder or .jsonl(.gz) library file
                  (default: $CONTENT_DIR, else content/)
  --as-of DAY     answer as if asked on DAY (YYYY-MM-DD; default today): articles
                  dated more than a day after it are left out, "last week" is
                  the week before DAY
  --since WHEN    only articles from WHEN on ("2026-01-01", "last month", "March")
  --until WHEN    only articles up to WHEN
  --input FORM    standard input as "text" (default: one question a line) or
                  "jsonl" (one {"q": "...", "asked": "YYYY-MM-DD"} a line)
  --help          show this help`;

export const DEFAULT_TOP = 3;
export const MAX_TOP = 50;
/** Content problems listed one by one before the rest are only counted. */
const PROBLEMS_SHOWN = 5;

/** How standard input holds questions: plain lines, or JSON lines with their moments. */
export type InputForm = "text" | "jsonl";

export interface AskOptions {
  json: boolean;
  top: number;
  content: string;
  /** The question given on the command line, or null to read questions from stdin. */
  question: string | null;
  /** The day questions are asked (`YYYY-MM-DD`), unless a JSON line says otherwise. */
  asOf: string;
  /** `--since` and `--until` as given (read again for each question's moment), or null. */
  since: string | null;
  until: string | null;
  input: InputForm;
}

export interface AskIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: TextOutput & { columns?: number; isTTY?: boolean };
  stderr: TextOutput;
  /** Environment for `CONTENT_DIR` and the ranking settings (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock that says what "today" is (default: the system clock). */
  now?: () => Date;
  /** Standard input is a folder (`ask < some-folder`), which reads as no lines at all. */
  stdinIsFolder?: boolean;
}

/** The `--json` form of one quote. */
export interface ResultJson {
  article: {
    id: string;
    title: string;
    date: string | null;
    path: string;
    url: string | null;
  };
  quote: string;
  score: number;
}

/** The `--json` form of one answer. */
export interface AnswerJson {
  query: string;
  results: ResultJson[];
  /** The day the question was answered as of. */
  asOf: string;
  /** The period the answer was limited to (time words, `--since`, `--until`), or null. */
  window: { from: string | null; to: string | null } | null;
  /** Subject words of the question that no article holds (only when there are no results). */
  missing: string[];
  /**
   * When nothing in `window` answers: the closest answers from outside it (before it, or
   * after it but before `asOf`), which the text reply offers as such. Never counted as answers.
   */
  outsideWindow: ResultJson[];
  /** For a missing subject word, the library word it may be a misspelling of ("did you mean"). */
  suggestions: { typed: string; suggestion: string }[];
  /**
   * True when the question asked what is new ("What's new this week?"): `results` are then the
   * period's stories, newest first, each quoted by its opening, and `outsideWindow` the newest
   * stories outside the period.
   */
  listsNews: boolean;
}

/** One line of `--input jsonl` that could not be read. */
export interface BadLineJson {
  line: number;
  error: string;
}

/** Whether a value is a real day written `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  return !Number.isNaN(dayNumber(value));
}

/**
 * Reads the command line. Returns null for `--help`; throws {@link UsageError} for
 * anything it cannot accept.
 */
export function parseAskArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  today: string = localDay(new Date()),
): AskOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinDashValues(args, ["--top", "-n", "--since", "--until", "--as-of"]),
      options: {
        json: { type: "boolean" },
        top: { type: "string", short: "n" },
        content: { type: "string", short: "c" },
        "as-of": { type: "string" },
        since: { type: "string" },
        until: { type: "string" },
        input: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw usageErrorOf(
      err,
      (option) =>
        `a question that starts with "-" goes after "--": npm run ask -- -- "${option} …"`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  const top = parseWholeNumber("--top", values.top, DEFAULT_TOP, 1, MAX_TOP);
  if (values.content !== undefined && values.content.trim() === "") {
    throw new UsageError("--content needs a path");
  }
  let question: string | null = null;
  if (positionals.length > 0) {
    question = positionals.join(" ").trim();
    if (question === "") throw new UsageError("the question is empty");
  }
  const asOf = values["as-of"]?.trim() ?? today;
  if (!isDay(asOf)) {
    throw new UsageError(`--as-of must be a day written YYYY-MM-DD (got "${values["as-of"]}")`);
  }
  const input = values.input?.trim() ?? "text";
  if (input !== "text" && input !== "jsonl") {
    throw new UsageError(`--input must be "text" or "jsonl" (got "${values.input}")`);
  }
  const since = checkedDateOption("--since", values.since, asOf, "start");
  const until = checkedDateOption("--until", values.until, asOf, "end");
  // Relative ends ("last month") are read again at each question's moment, where their
  // order is checked too (askedAt); two fixed days can be compared once.
  const fixed = isDay(values.since?.trim() ?? "") && isDay(values.until?.trim() ?? "");
  if (fixed && since !== null && until !== null && since > until) {
    throw new UsageError(
      `--since (${since}) is after --until (${until}): nothing is in that period`,
    );
  }
  return {
    json: values.json ?? false,
    top,
    content: contentSource(values.content, env),
    question,
    asOf,
    since,
    until,
    input,
  };
}

/** A `--since` / `--until` value, checked to be readable as a date at the moment given. */
function checkedDateOption(
  name: string,
  value: string | undefined,
  moment: string,
  edge: "start" | "end",
): string | null {
  if (value === undefined) return null;
  if (readDateOption(value, moment, edge) === null) {
    throw new UsageError(
      `${name} must be a date such as 2026-01-01, "last month" or "March" (got "${value}")`,
    );
  }
  return value.trim();
}

/** What one question is asked with: its moment and the days `--since` / `--until` name then. */
export interface AskedAt {
  asOf: string;
  since?: string;
  until?: string;
}

/**
 * The moment and period options of one question asked on `asOf`, or why they cannot be read
 * then: a relative `--since` read at each line's own day may name no period on one of them
 * ("this fall" asked in June).
 */
export function askedAt(options: AskOptions, asOf: string): AskedAt | { error: string } {
  const since = options.since === null ? null : readDateOption(options.since, asOf, "start");
  const until = options.until === null ? null : readDateOption(options.until, asOf, "end");
  for (const [name, given, read] of [
    ["--since", options.since, since],
    ["--until", options.until, until],
  ] as const) {
    if (given !== null && read === null) {
      return { error: `${name} "${printable(given)}" names no period as of ${asOf}` };
    }
  }
  if (since !== null && until !== null && since > until) {
    return {
      error: `--since (${since}) is after --until (${until}) as of ${asOf}: nothing is in that period`,
    };
  }
  if (since !== null && since > asOf) {
    return {
      error: `--since (${since}) is after the day asked (${asOf}): no article is from then`,
    };
  }
  return {
    asOf,
    ...(since === null ? {} : { since }),
    ...(until === null ? {} : { until }),
  };
}

/** The JSON answer to one question: exactly the documented fields, in a fixed order. */
export function answerJson(query: string, answer: Answer, asOf: string): AnswerJson {
  return {
    query,
    results: answer.results.map(resultJson),
    asOf,
    window: answer.window === null ? null : { from: answer.window.from, to: answer.window.to },
    missing: answer.missing,
    suggestions: answer.suggestions.map(({ typed, suggestion }) => ({ typed, suggestion })),
    outsideWindow: answer.outsideWindow.map(resultJson),
    listsNews: answer.listsNews,
  };
}

function resultJson(result: SearchResult): ResultJson {
  return {
    article: {
      id: result.article.id,
      title: result.article.title,
      date: result.article.date,
      path: result.article.path,
      url: result.article.url,
    },
    quote: result.quote,
    score: result.score,
  };
}

/** One content problem as a line for standard error. */
function formatProblem(problem: ContentProblem): string {
  const line = problem.line === null ? "" : `:${problem.line}`;
  return `${problem.severity}: ${printable(problem.file)}${line}: ${printable(problem.message)}`;
}

async function reportProblems(loaded: LoadedLibrary, stderr: TextOutput): Promise<void> {
  const { problems } = loaded;
  for (const problem of problems.slice(0, PROBLEMS_SHOWN)) {
    await writeText(stderr, `${formatProblem(problem)}\n`);
  }
  if (problems.length > PROBLEMS_SHOWN) {
    await writeText(
      stderr,
      `... and ${problems.length - PROBLEMS_SHOWN} more content problems (npm run validate-content lists them all)\n`,
    );
  }
  if (loaded.articles.length === 0) {
    await writeText(stderr, `warning: no articles found in ${loaded.source}\n`);
  }
}

/** Answers one question in the chosen output form (text ends with a line break). */
function answer(
  library: Library,
  question: string,
  options: AskOptions,
  asked: AskedAt,
  width: number,
): string {
  if (options.json) {
    const found = library.answer(question, { top: options.top, ...asked });
    return `${JSON.stringify(answerJson(question, found, asked.asOf))}\n`;
  }
  return `${answerForTerminal(library, question, { top: options.top, width, ...asked })}\n`;
}

/** One question read from standard input, or a line that could not be read as one. */
export type InputLine =
  | { kind: "question"; question: string; asked: string | null; line: number }
  | { kind: "bad"; error: string; line: number };

/** Lines of a stream, numbered from 1, without a leading byte-order mark; blank lines skipped. */
async function* readLines(input: NodeJS.ReadableStream): AsyncGenerator<[string, number]> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  let number = 0;
  try {
    for await (const raw of lines) {
      number++;
      const line = (number === 1 ? raw.replace(/^\uFEFF/, "") : raw).trim();
      if (line !== "") yield [line, number];
    }
  } finally {
    lines.close();
  }
}

/** Reads one `--input jsonl` line: `{"q": string, "asked"?: "YYYY-MM-DD"}`. */
export function parseJsonLine(text: string, line: number): InputLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "bad", line, error: "not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "bad", line, error: 'expected an object such as {"q": "..."}' };
  }
  const { q, asked } = value as Record<string, unknown>;
  if (typeof q !== "string" || q.trim() === "") {
    return { kind: "bad", line, error: '"q" must be a question (a non-empty string)' };
  }
  if (asked !== undefined && asked !== null && (typeof asked !== "string" || !isDay(asked))) {
    return { kind: "bad", line, error: '"asked" must be a day written YYYY-MM-DD' };
  }
  return {
    kind: "question",
    question: q.trim(),
    asked: typeof asked === "string" ? asked : null,
    line,
  };
}

/** Questions from a stream in the chosen form, in order. */
async function* readQuestions(
  input: NodeJS.ReadableStream,
  form: InputForm,
): AsyncGenerator<InputLine> {
  for await (const [text, line] of readLines(input)) {
    yield form === "jsonl"
      ? parseJsonLine(text, line)
      : { kind: "question", question: text, asked: null, line };
  }
}

/**
 * Runs `ask` with the given arguments and streams; returns the exit code. Never throws for
 * bad input: usage and configuration errors give 2, an unreadable library gives 1.
 */
export async function runAsk(args: readonly string[], io: AskIo): Promise<number> {
  const env = io.env ?? process.env;
  const today = localDay((io.now ?? (() => new Date()))());
  let options: AskOptions | null;
  try {
    options = parseAskArgs(args, env, today);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await writeText(io.stderr, `ask: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === null) {
    await writeText(io.stdout, `${USAGE}\n`);
    return 0;
  }
  let settings: LibraryConfig;
  try {
    settings = loadLibraryConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    await writeText(io.stderr, `ask: ${err.message}\n`);
    return 2;
  }

  let loaded: LoadedLibrary;
  try {
    loaded = await loadLibrary(options.content);
  } catch (err) {
    await writeText(io.stderr, `ask: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  await reportProblems(loaded, io.stderr);
  const library = buildLibrary(loaded.articles, {
    lexicon: await loadLexicon(),
    ranking: settings.ranking,
  });
  const width = io.stdout.isTTY ? terminalWidth(io.stdout.columns) : terminalWidth(undefined);

  if (options.question !== null) {
    const asked = askedAt(options, options.asOf);
    // The options were checked at this moment when read; this is a second look.
    if ("error" in asked) {
      await writeText(io.stderr, `ask: ${asked.error}\n`);
      return 2;
    }
    await writeText(io.stdout, answer(library, options.question, options, asked, width));
    return 0;
  }

  if (io.stdinIsFolder === true) {
    await writeText(
      io.stderr,
      "ask: standard input is a folder; give questions one a line, e.g. npm run --silent ask < questions.txt\n",
    );
    return 2;
  }
  if (io.stdin.isTTY) {
    await writeText(io.stderr, "Type questions, one a line; end with Ctrl-D.\n");
  }
  let count = 0;
  for await (const item of readQuestions(io.stdin, options.input)) {
    if (item.kind === "bad") {
      await reportBadLine(item, options, io);
      continue;
    }
    const asked = askedAt(options, item.asked ?? options.asOf);
    if ("error" in asked) {
      await reportBadLine({ line: item.line, error: asked.error }, options, io);
      continue;
    }
    if (!options.json) {
      const separator = count > 0 ? "\n" : "";
      const moment = item.asked === null ? "" : ` (as of ${item.asked})`;
      await writeText(io.stdout, `${separator}Q: ${cleanText(item.question)}${moment}\n\n`);
    }
    await writeText(io.stdout, answer(library, item.question, options, asked, width));
    count++;
  }
  return 0;
}

/** A batch line that is not a question: said on stderr, and in `--json` mode on stdout too. */
async function reportBadLine(
  item: { line: number; error: string },
  options: AskOptions,
  io: AskIo,
): Promise<void> {
  await writeText(io.stderr, `ask: line ${item.line}: ${item.error}; skipped\n`);
  if (options.json) {
    const bad: BadLineJson = { line: item.line, error: item.error };
    await writeText(io.stdout, `${JSON.stringify(bad)}\n`);
  }
}

if (isMainModule(import.meta.url)) {
  // The same settings as the bot: the environment, then `.env` for what it leaves unset.
  await import("dotenv/config");
  exitWhenReaderStops();
  process.exitCode = await runAsk(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsFolder: isFolder(0),
  });
}

/** Whether the file descriptor `fd` is a folder (false when it cannot be looked at). */
function isFolder(fd: number): boolean {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    return false;
  }
}
