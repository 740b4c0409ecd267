/**
 * The offline console: without a Discord token, `npm start` answers questions typed at a
 * `citebot> ` prompt, the same way `npm run ask` does. `exit`, `quit` or Ctrl-D ends it.
 * Questions are asked today unless `as of DAY` moves the moment ("as of 2024-03-01",
 * "as of last month", "as of today").
 */
import { createInterface } from "node:readline/promises";
import { answerForTerminal, cleanText, terminalWidth } from "./answerText.ts";
import type { Context } from "../app/context.ts";
import type { ReloadResult } from "../content/libraryStore.ts";
import { localDay, writeText } from "./args.ts";
import { writeAbovePrompt, type ConsoleLog } from "./consoleLog.ts";
import { readDateOption } from "../core/time.ts";

export const PROMPT = "citebot> ";

/** What the console needs from the bot's context. */
export type ConsoleContext = Pick<Context, "library" | "config" | "logger">;

export interface ConsoleOptions {
  /** Where questions are read from (default: standard input). */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where answers are written (default: standard output). */
  output?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Quotes per answer (default 3). */
  top?: number;
  /** The clock that says what "today" is (default: the system clock). */
  now?: () => Date;
  /** The log the logger writes to: its lines go above the prompt while it is shown. */
  log?: ConsoleLog;
}

const HELP = [
  "Type a question about the articles and press Enter.",
  "Commands: help, more (the next quotes for the last question), reload (read the articles",
  "again), exit or quit (Ctrl-D works too), as of DAY (answer as if asked on DAY: 2024-03-01,",
  "last month, today).",
].join("\n");

/** `as of 2024-03-01`, `as of today`: moves the moment questions are asked at. */
const AS_OF_COMMAND = /^as\s+of\s+(\S.*)$/i;

/** Words after "as of" that ask something rather than name a day: a question mark, or many. */
function isQuestion(value: string): boolean {
  return value.includes("?") || value.split(/\s+/).length > AS_OF_MAX_WORDS;
}

/** The most words a day is named in after "as of" ("the first week of last month"). */
const AS_OF_MAX_WORDS = 6;

/**
 * The day an `as of` command names, read relative to today ("as of March" is the end of
 * the most recent March, "as of this month" today: a period is never read past today), or
 * null when it is not a date.
 */
export function readAsOf(value: string, today: string): string | null {
  const day = readDateOption(value, today, "end");
  return day !== null && day > today && !isFixedDay(value) ? today : day;
}

/** A day written out (`2099-01-01`), which is meant as written, even ahead of today. */
function isFixedDay(value: string): boolean {
  return /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(value);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The lines shown when the console starts; `today` is the day questions are asked. */
export function consoleIntro(context: ConsoleContext, today?: string): string {
  const library = context.library.current;
  const source = context.config.contentDir;
  const lines = [
    `citebot is running offline: ${plural(library.articles.length, "article")} loaded from ${source}.`,
  ];
  if (library.articles.length === 0) {
    lines.push(`Add .txt or .md articles to ${source} (README.md explains the formats).`);
  }
  const problems = context.library.problems.length;
  if (problems > 0) {
    lines.push(
      `${plural(problems, "content problem")} found; npm run validate-content lists them.`,
    );
  }
  lines.push(
    "",
    "To connect the bot to Discord: set DISCORD_TOKEN in .env (see .env.example),",
    "run `npm run deploy` to register the commands, then `npm start`.",
    "",
    "Ask a question about the articles; type exit or quit (or press Ctrl-D) to leave.",
  );
  if (today !== undefined) {
    lines.push(
      `Questions are answered as of today (${today}); type \`as of 2024-03-01\` to ask as if on another day.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * What a reload did: the articles now loaded and how many content problems it found, that
 * nothing changed since they were read, or why the articles could not be read at all (the
 * problem it reports) and what is still used.
 */
function reloadStatus(result: ReloadResult): string {
  const articles = plural(result.articleCount, "article");
  if (!result.ok) {
    const reason = cleanText(result.problems[0]?.message ?? "");
    return `Could not read the articles${reason === "" ? "" : `: ${reason}`}; still using ${articles}.`;
  }
  const problems =
    result.problems.length > 0 ? ` (${plural(result.problems.length, "content problem")})` : "";
  if (result.unchanged === true) {
    return `Nothing changed since the articles were last read: ${articles}${problems}.`;
  }
  return `Reloaded: ${articles}${problems}.`;
}

/** The last question asked, on what day, and how many of its results are shown. */
interface LastQuestion {
  question: string;
  asOf: string;
  shown: number;
}

/**
 * Runs the console until the user leaves or the input ends. Each question is answered from
 * the library current at that moment.
 */
export async function startConsole(
  context: ConsoleContext,
  options: ConsoleOptions = {},
): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const top = options.top ?? 3;
  const width = output.isTTY ? terminalWidth(output.columns) : terminalWidth(undefined);
  const today = (): string => localDay((options.now ?? (() => new Date()))());
  /** The moment questions are asked at; null follows the clock. */
  let asOf: string | null = null;
  let last: LastQuestion | null = null;

  await writeText(output, consoleIntro(context, today()));
  const rl = createInterface({
    input,
    output,
    terminal: input.isTTY === true && output.isTTY === true,
  });
  rl.setPrompt(PROMPT);
  // Lines piped in (`echo question | npm start`) are answered without a prompt between the
  // answers: nobody types at it.
  const typed = input.isTTY === true;
  /** Whether the prompt waits for the user (not while a line is answered). */
  let prompting = false;
  const showPrompt = (): void => {
    if (!typed) return;
    prompting = true;
    rl.prompt();
  };
  // A prompt on a terminal can be cleared and drawn again; one written to a file stays.
  options.log?.placeLines((write) => {
    if (prompting && output.isTTY === true) writeAbovePrompt(rl, output, write);
    else write();
  });
  let inputEnded = true;
  try {
    showPrompt();
    for await (const line of rl) {
      prompting = false;
      const text = line.trim();
      const command = text.toLowerCase();
      if (command === "exit" || command === "quit") {
        inputEnded = false;
        break;
      }
      const asOfValue = AS_OF_COMMAND.exec(text)?.[1]?.trim();
      const asOfDay = asOfValue === undefined ? null : readAsOf(asOfValue, today());
      // "As of 2024, who leads Poland?" is a question, not a command that failed.
      const asOfCommand = asOfValue !== undefined && (asOfDay !== null || !isQuestion(asOfValue));
      if (command === "help") {
        await writeText(output, `${HELP}\n\n`);
      } else if (asOfCommand) {
        const value = asOfValue ?? "";
        const day = asOfDay;
        if (day === null) {
          await writeText(
            output,
            `Cannot read "${cleanText(value)}" as a day; try as of 2024-03-01, as of last month or as of today.\n\n`,
          );
        } else {
          asOf = day === today() ? null : day;
          await writeText(output, `Answering as of ${day}${asOf === null ? " (today)" : ""}.\n\n`);
        }
      } else if (command === "reload") {
        await writeText(output, `${reloadStatus(await context.library.reload())}\n\n`);
      } else if (command === "more") {
        if (last === null) {
          await writeText(output, "Ask a question first: more shows its next quotes.\n\n");
        } else {
          const page: LastQuestion = last;
          const answer = answerForTerminal(context.library.current, page.question, {
            top,
            width,
            asOf: page.asOf,
            offset: page.shown,
          });
          last = { ...page, shown: page.shown + top };
          await writeText(output, `${answer}\n\n`);
        }
      } else if (text !== "") {
        const question = cleanText(text);
        const moment = asOf ?? today();
        const answer = answerForTerminal(context.library.current, question, {
          top,
          width,
          asOf: moment,
        });
        last = { question, asOf: moment, shown: top };
        await writeText(output, `${answer}\n\n`);
      }
      showPrompt();
    }
  } finally {
    prompting = false;
    options.log?.placeLines(null);
    rl.close();
  }
  // Ctrl-D leaves the cursor after the prompt; end the line so the shell starts cleanly.
  if (inputEnded && typed) await writeText(output, "\n");
}
