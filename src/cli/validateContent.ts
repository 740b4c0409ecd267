/**
 * `npm run validate-content -- [--content PATH]`: reads the article library the way the bot
 * does and lists every problem as `path:line: severity: message`, then a summary line.
 * Exits 1 when any article had to be skipped (an error), 0 when there are only warnings.
 *
 * PATH defaults to CONTENT_DIR (from the environment or `.env`), else `content/`. It may be a
 * content folder, a single article or a `.jsonl(.gz)` library file.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import type { ContentProblem } from "../core/types.ts";
import { isArticlePath } from "../core/parseArticle.ts";
import { isLibraryFile, loadLibrary, type LoadedLibrary } from "../content/loadLibrary.ts";
import {
  contentSource,
  exitWhenReaderStops,
  isMainModule,
  localDay,
  printable,
  usageErrorOf,
} from "./args.ts";
import { DEFAULT_RANKING } from "../core/settings.ts";
import { dayNumber, dayString } from "../core/time.ts";

/** Days after the day asked that an article's date may be and still answer (see settings). */
const MOMENT_SLACK_DAYS = DEFAULT_RANKING.momentSlackDays;

export interface ValidateResult {
  exitCode: number;
  /** Report lines, without line ends. */
  lines: string[];
}

const USAGE = "usage: npm run validate-content -- [--content PATH]";

/**
 * Checks the library named by `args` (`--content PATH`) or, without it, by
 * `env.CONTENT_DIR` or `content/`. Never throws: a bad argument gives exit code 2, an
 * unreadable library exit code 1.
 */
export async function validateContent(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  today: string = localDay(new Date()),
): Promise<ValidateResult> {
  let content: string;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: {
        content: { type: "string", short: "c" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) return { exitCode: 0, lines: [USAGE] };
    if (values.content !== undefined && values.content.trim() === "") {
      throw new Error("--content needs a path");
    }
    content = values.content ?? contentSource(undefined, env);
  } catch (err) {
    return { exitCode: 2, lines: [usageErrorOf(err).message, USAGE] };
  }

  let library: LoadedLibrary;
  try {
    library = await loadLibrary(content);
  } catch (err) {
    return { exitCode: 1, lines: [`error: ${err instanceof Error ? err.message : String(err)}`] };
  }

  // Folder sources name files relative to the folder; file sources relative to their folder.
  const base = isFolderSource(library) ? content : path.dirname(content);
  const problems = [...library.problems, ...datedAhead(library, today)];
  const lines = problems.map((problem) => formatProblem(problem, base));
  const empty = library.articles.length === 0;
  if (empty) lines.push(`${printable(content)}: warning: no articles found`);
  const errors = problems.filter((problem) => problem.severity === "error").length;
  const warnings = problems.length - errors + (empty ? 1 : 0);
  lines.push(
    `${plural(library.articles.length, "article")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}`,
  );
  return { exitCode: errors > 0 ? 1 : 0, lines };
}

/**
 * Articles the loader accepts but no question asked today reaches: those dated after
 * tomorrow (questions leave out articles dated more than a day after they are asked, so a
 * mistyped year hides one).
 */
function datedAhead(library: LoadedLibrary, today: string): ContentProblem[] {
  const latest = dayString(dayNumber(today) + MOMENT_SLACK_DAYS);
  const problems: ContentProblem[] = [];
  for (const { date, path: file } of library.articles) {
    if (date === null || date <= latest) continue;
    const firstSeen = dayString(dayNumber(date) - MOMENT_SLACK_DAYS);
    problems.push({
      file,
      line: null,
      severity: "warning",
      message: `dated ${date}, after tomorrow (${latest}): questions asked before ${firstSeen} leave it out`,
    });
  }
  return problems;
}

function isFolderSource(library: LoadedLibrary): boolean {
  return !isLibraryFile(library.source) && !isArticlePath(library.source);
}

/**
 * `path:line: severity: message`, with the path as the user can open it from here. Control
 * characters (line breaks, terminal escapes) and direction overrides in file names and
 * messages are shown escaped, so a crafted file name cannot forge or hide a report line.
 */
export function formatProblem(problem: ContentProblem, base: string): string {
  const where = printable(path.join(base, problem.file));
  const line = problem.line === null ? "" : `:${problem.line}`;
  return `${where}${line}: ${problem.severity}: ${printable(problem.message)}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

if (isMainModule(import.meta.url)) {
  // The same CONTENT_DIR as the bot: the environment, then `.env` for what it leaves unset.
  await import("dotenv/config");
  const result = await validateContent(process.argv.slice(2));
  // A report cut short (`| head`) still says by its exit code whether an article was skipped.
  exitWhenReaderStops(() => result.exitCode);
  for (const line of result.lines) {
    if (result.exitCode === 2) console.error(line);
    else console.log(line);
  }
  process.exitCode = result.exitCode;
}
