/**
 * The offline console: without a Discord token, `npm start` answers questions typed at a
 * `citebot> ` prompt, the same way `npm run ask` does. `exit`, `quit` or Ctrl-D ends it.
 */
import { createInterface } from "node:readline/promises";
import { answerForTerminal, cleanText, terminalWidth } from "./answerText.ts";
import type { Context } from "../app/context.ts";
import { writeText } from "./args.ts";

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
}

const HELP = [
  "Type a question about the articles and press Enter.",
  "Commands: help, reload (read the articles again), exit or quit (Ctrl-D works too).",
].join("\n");

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The lines shown when the console starts. */
export function consoleIntro(context: ConsoleContext): string {
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
    "To connect the bot to Discord: set DISCORD_TOKEN and DISCORD_CLIENT_ID in .env",
    "(see .env.example), run `npm run deploy` to register the commands, then `npm start`.",
    "",
    "Ask a question about the articles; type exit or quit (or press Ctrl-D) to leave.",
  );
  return `${lines.join("\n")}\n`;
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

  await writeText(output, consoleIntro(context));
  const rl = createInterface({
    input,
    output,
    terminal: input.isTTY === true && output.isTTY === true,
  });
  rl.setPrompt(PROMPT);
  let inputEnded = true;
  try {
    rl.prompt();
    for await (const line of rl) {
      const text = line.trim();
      const command = text.toLowerCase();
      if (command === "exit" || command === "quit") {
        inputEnded = false;
        break;
      }
      if (command === "help") {
        await writeText(output, `${HELP}\n\n`);
      } else if (command === "reload") {
        const result = await context.library.reload();
        const status = result.ok
          ? `Reloaded: ${plural(result.articleCount, "article")}`
          : `Could not read the articles; still using ${plural(result.articleCount, "article")}`;
        const problems =
          result.problems.length > 0
            ? ` (${plural(result.problems.length, "content problem")})`
            : "";
        await writeText(output, `${status}${problems}.\n\n`);
      } else if (text !== "") {
        const answer = answerForTerminal(context.library.current, cleanText(text), { top, width });
        await writeText(output, `${answer}\n\n`);
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
  // Ctrl-D leaves the cursor after the prompt; end the line so the shell starts cleanly.
  if (inputEnded) await writeText(output, "\n");
}
