/**
 * `npm run ask -- [--json] [--top N] [--content PATH] ["question"]`: answers questions from
 * the command line with the same search the bot uses.
 *
 * With a question, prints its answer. Without one, reads questions from standard input, one
 * a line, and answers each in order from a single library (the index is built once).
 * `--json` prints one JSON object per question, one a line. Answers go to standard output;
 * content problems and errors go to standard error. Exit codes: 0 answered (even when
 * nothing matched), 1 the library cannot be read, 2 bad arguments.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { answerForTerminal, cleanText, terminalWidth } from "./answerText.ts";
import { buildLibrary } from "../core/library.ts";
import type { ContentProblem, Library, SearchResult } from "../core/types.ts";
import { loadLibrary, type LoadedLibrary } from "../content/loadLibrary.ts";
import { loadLexicon } from "../content/lexicon.ts";
import {
  UsageError,
  contentSource,
  isMainModule,
  parseWholeNumber,
  writeText,
  type TextOutput,
} from "./args.ts";

export const USAGE = `usage: npm run ask -- [--json] [--top N] [--content PATH] ["question"]

Answers a question with word-for-word quotes from the articles. Without a question,
reads questions from standard input, one a line.

  --json          one JSON object per question, one a line
  --top N         how many quotes per question, 1 to 50 (default 3)
  --content PATH  content folder or .jsonl(.gz) library file
                  (default: $CONTENT_DIR, else content/)
  --help          show this help`;

export const DEFAULT_TOP = 3;
export const MAX_TOP = 50;
/** Content problems listed one by one before the rest are only counted. */
const PROBLEMS_SHOWN = 5;

export interface AskOptions {
  json: boolean;
  top: number;
  content: string;
  /** The question given on the command line, or null to read questions from stdin. */
  question: string | null;
}

export interface AskIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: TextOutput & { columns?: number; isTTY?: boolean };
  stderr: TextOutput;
  /** Environment for `CONTENT_DIR` (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The `--json` form of one answer. */
export interface AnswerJson {
  query: string;
  results: {
    article: {
      id: string;
      title: string;
      date: string | null;
      path: string;
      url: string | null;
    };
    quote: string;
    score: number;
  }[];
}

/**
 * Reads the command line. Returns null for `--help`; throws {@link UsageError} for
 * anything it cannot accept.
 */
export function parseAskArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): AskOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        json: { type: "boolean" },
        top: { type: "string", short: "n" },
        content: { type: "string", short: "c" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
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
  return {
    json: values.json ?? false,
    top,
    content: contentSource(values.content, env),
    question,
  };
}

/** The JSON answer to one question: exactly the documented fields, in a fixed order. */
export function answerJson(query: string, results: readonly SearchResult[]): AnswerJson {
  return {
    query,
    results: results.map((result) => ({
      article: {
        id: result.article.id,
        title: result.article.title,
        date: result.article.date,
        path: result.article.path,
        url: result.article.url,
      },
      quote: result.quote,
      score: result.score,
    })),
  };
}

/** One content problem as a line for standard error. */
function formatProblem(problem: ContentProblem): string {
  const line = problem.line === null ? "" : `:${problem.line}`;
  return `${problem.severity}: ${problem.file}${line}: ${problem.message}`;
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
function answer(library: Library, question: string, options: AskOptions, width: number): string {
  if (options.json) {
    const results = library.search(question, { top: options.top });
    return `${JSON.stringify(answerJson(question, results))}\n`;
  }
  return `${answerForTerminal(library, question, { top: options.top, width })}\n`;
}

/** Questions from a stream, one a line, trimmed; blank lines are skipped. */
async function* readQuestions(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  let first = true;
  try {
    for await (const raw of lines) {
      const line = first ? raw.replace(/^\uFEFF/, "") : raw;
      first = false;
      const question = line.trim();
      if (question !== "") yield question;
    }
  } finally {
    lines.close();
  }
}

/**
 * Runs `ask` with the given arguments and streams; returns the exit code. Never throws for
 * bad input: usage errors give 2, an unreadable library gives 1.
 */
export async function runAsk(args: readonly string[], io: AskIo): Promise<number> {
  const env = io.env ?? process.env;
  let options: AskOptions | null;
  try {
    options = parseAskArgs(args, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await writeText(io.stderr, `ask: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === null) {
    await writeText(io.stdout, `${USAGE}\n`);
    return 0;
  }

  let loaded: LoadedLibrary;
  try {
    loaded = await loadLibrary(options.content);
  } catch (err) {
    await writeText(io.stderr, `ask: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  await reportProblems(loaded, io.stderr);
  const library = buildLibrary(loaded.articles, { lexicon: await loadLexicon() });
  const width = io.stdout.isTTY ? terminalWidth(io.stdout.columns) : terminalWidth(undefined);

  if (options.question !== null) {
    await writeText(io.stdout, answer(library, options.question, options, width));
    return 0;
  }

  if (io.stdin.isTTY) {
    await writeText(io.stderr, "Type questions, one a line; end with Ctrl-D.\n");
  }
  let count = 0;
  for await (const question of readQuestions(io.stdin)) {
    if (options.json) {
      await writeText(io.stdout, answer(library, question, options, width));
    } else {
      const separator = count > 0 ? "\n" : "";
      await writeText(io.stdout, `${separator}Q: ${cleanText(question)}\n\n`);
      await writeText(io.stdout, answer(library, question, options, width));
    }
    count++;
  }
  return 0;
}

if (isMainModule(import.meta.url)) {
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  process.exitCode = await runAsk(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
