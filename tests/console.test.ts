import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { NO_ANSWER } from "../src/cli/answerText.ts";
import { loadConfig } from "../src/app/config.ts";
import { PROMPT, startConsole, type ConsoleContext } from "../src/cli/console.ts";
import { ConsoleLog } from "../src/cli/consoleLog.ts";
import { buildLibrary } from "../src/core/library.ts";
import type { Article, ContentProblem } from "../src/core/types.ts";
import type { LibraryStore, ReloadResult } from "../src/content/libraryStore.ts";
import { createLogger } from "../src/ops/logger.ts";
import { fakeTerminal } from "./terminalScreen.ts";

function article(id: string, title: string, date: string | null, text: string): Article {
  return {
    id,
    title,
    date,
    url: null,
    path: `${id}.md`,
    source: null,
    author: null,
    tags: [],
    paragraphs: [text],
  };
}

const ARTICLES = [
  article(
    "harbour",
    "Harbour bridge reopens",
    "2025-06-14",
    "The harbour bridge reopened on Saturday after eighteen months of repairs to its steel cables.",
  ),
  article(
    "orchard",
    "Orchard wins prize",
    null,
    "A family apple orchard in the valley won the regional prize for its cider.",
  ),
];

/** A store over fixed articles; `reload` swaps in `next` when given. */
function fakeStore(
  articles: Article[],
  options: {
    problems?: ContentProblem[];
    next?: Article[];
    failure?: string;
    unchanged?: boolean;
  } = {},
): LibraryStore & { reloads: number } {
  let current = buildLibrary(articles);
  return {
    reloads: 0,
    get current() {
      return current;
    },
    reloading: false,
    problems: options.problems ?? [],
    reload(): Promise<ReloadResult> {
      this.reloads++;
      if (options.failure !== undefined) {
        const problem: ContentProblem = {
          file: "content",
          line: null,
          severity: "error",
          message: options.failure,
        };
        return Promise.resolve({
          articleCount: current.articles.length,
          problems: [problem],
          ok: false,
        });
      }
      if (options.next) current = buildLibrary(options.next);
      return Promise.resolve({
        articleCount: current.articles.length,
        problems: [],
        ok: true,
        ...(options.unchanged === true ? { unchanged: true } : {}),
      });
    },
    watch: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

function makeContext(store: LibraryStore): ConsoleContext {
  const config = loadConfig({ CONTENT_DIR: "content" });
  const logger = createLogger(config, { stream: new PassThrough() });
  return { library: store, config, logger };
}

/** Runs the console over the given input lines; `end` closes the input afterwards (Ctrl-D). */
async function runConsole(
  context: ConsoleContext,
  lines: string[],
  end = true,
): Promise<{ output: string; finished: boolean }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = "";
  output.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  const running = startConsole(context, { input, output, now: () => new Date(2025, 5, 20, 12) });
  input.write(lines.map((line) => `${line}\n`).join(""));
  if (end) input.end();
  let finished = false;
  await Promise.race([
    running.then(() => (finished = true)),
    new Promise((resolve) => setTimeout(resolve, 2_000)),
  ]);
  if (!finished) input.end();
  await running;
  return { output: text, finished };
}

describe("startConsole", () => {
  it("says how many articles are loaded and how to connect to Discord", async () => {
    const { output } = await runConsole(makeContext(fakeStore(ARTICLES)), []);
    expect(output).toContain("2 articles loaded from content");
    expect(output).toContain("set DISCORD_TOKEN in .env");
    // The application id is read from the token: nothing else needs setting.
    expect(output).not.toContain("DISCORD_CLIENT_ID");
    expect(output).toContain(".env");
    expect(output).toContain("npm run deploy");
    expect(output).toContain("npm start");
  });

  it("mentions content problems and an empty library", async () => {
    const problem: ContentProblem = {
      file: "bad.txt",
      line: null,
      severity: "error",
      message: "the file is empty; skipped",
    };
    const { output } = await runConsole(makeContext(fakeStore([], { problems: [problem] })), []);
    expect(output).toContain("0 articles loaded");
    expect(output).toContain("1 content problem found");
    expect(output).toContain("npm run validate-content");
  });

  it("answers each question like ask does, then ends at end of input", async () => {
    const { output, finished } = await runConsole(makeContext(fakeStore(ARTICLES)), [
      "When did the harbour bridge reopen?",
      "",
      "apple orchard cider",
      "What is the capital of Australia?",
    ]);
    expect(finished).toBe(true);
    expect(output).toContain("\n1. The harbour bridge reopened on Saturday");
    expect(output).toContain("— Harbour bridge reopens (2025-06-14)");
    expect(output).toContain("— Orchard wins prize (date unknown)");
    expect(output).toContain(`\n${NO_ANSWER}`);
    // Lines piped in are answered without a prompt written between the answers.
    expect(output).not.toContain(PROMPT.trim());
    expect(output.endsWith("\n\n")).toBe(true);
    expect(output.endsWith("\n\n\n")).toBe(false);
    expect(output.indexOf("Harbour bridge reopens")).toBeLessThan(
      output.indexOf("Orchard wins prize"),
    );
  });

  it.each(["exit", "quit", "  QUIT  "])(
    "stops at %j without waiting for more input",
    async (word) => {
      const { output, finished } = await runConsole(
        makeContext(fakeStore(ARTICLES)),
        [word, "apple orchard"],
        false,
      );
      expect(finished).toBe(true);
      expect(output).not.toContain("Orchard wins prize");
    },
  );

  it("reloads the articles on request and answers from the new library", async () => {
    const store = fakeStore(ARTICLES, { next: [ARTICLES[1] as Article] });
    const { output } = await runConsole(makeContext(store), ["reload", "harbour bridge", "help"]);
    expect(store.reloads).toBe(1);
    expect(output).toContain("Reloaded: 1 article.");
    expect(output).toContain(NO_ANSWER);
    expect(output).toContain("Commands: help, more");
    expect(output).toContain("as of DAY");
  });

  it("says when a reload found nothing changed", async () => {
    const store = fakeStore(ARTICLES, { unchanged: true });
    const { output } = await runConsole(makeContext(store), ["reload"]);
    expect(output).toContain("Nothing changed since the articles were last read: 2 articles.");
    expect(output).not.toContain("Reloaded");
  });

  it("says why a reload could not read the articles, and what it still answers from", async () => {
    const store = fakeStore(ARTICLES, {
      failure: 'Cannot read the content folder "content" (EACCES)',
    });
    const { output } = await runConsole(makeContext(store), ["reload"]);
    expect(output).toContain(
      'Could not read the articles: Cannot read the content folder "content" (EACCES); still using 2 articles.',
    );
  });

  it("says in the intro which day questions are asked, from the clock", async () => {
    const { output } = await runConsole(makeContext(fakeStore(ARTICLES)), []);
    expect(output).toContain("Questions are answered as of today (2025-06-20)");
    expect(output).toContain("as of 2024-03-01");
  });

  it("answers from the library as it stood at the moment set", async () => {
    const { output } = await runConsole(makeContext(fakeStore(ARTICLES)), [
      "as of 2025-06-01",
      "When did the harbour bridge reopen?",
      "as of today",
      "When did the harbour bridge reopen?",
    ]);
    // 1 June is before the 14 June report; today (20 June) is after it.
    const [asOfJune, asOfToday] = output.split("Answering as of").slice(1);
    expect(asOfJune).toContain(NO_ANSWER);
    expect(asOfJune).not.toContain("Harbour bridge reopens");
    expect(asOfToday).toContain("1. The harbour bridge reopened on Saturday");
  });

  it("moves the moment with as of, back to today with as of today", async () => {
    const { output } = await runConsole(makeContext(fakeStore(ARTICLES)), [
      "as of 2024-03-01",
      "AS OF last month",
      "as of today",
      "as of the election",
    ]);
    expect(output).toContain("Answering as of 2024-03-01.");
    expect(output).toContain("Answering as of 2025-05-31.");
    expect(output).toContain("Answering as of 2025-06-20 (today).");
    expect(output).toContain('Cannot read "the election" as a day');
    // Commands are not questions: nothing was searched.
    expect(output).not.toContain(NO_ANSWER);
  });

  it("never moves the moment past today for a period still running, but takes a day as written", async () => {
    // Today is 20 June 2025: "this month" and "this year" end today, not on 30 June or
    // 31 December.
    const { output } = await runConsole(makeContext(fakeStore(ARTICLES)), [
      "as of this month",
      "as of 2025",
      "as of 2099-01-01",
    ]);
    expect(output.match(/Answering as of 2025-06-20 \(today\)\./g)).toHaveLength(2);
    expect(output).toContain("Answering as of 2099-01-01.");
  });

  it("shows the next quotes of the last question with more, numbered on", async () => {
    // Five reports of the choir's concerts answer equally; three are shown, then two more.
    const choirs = Array.from({ length: 5 }, (_, i) =>
      article(
        `choir${i + 1}`,
        `Choir concert ${i + 1}`,
        `2025-06-0${i + 1}`,
        `The choir number ${i + 1} sang a winter concert in the town hall.`,
      ),
    );
    const { output } = await runConsole(makeContext(fakeStore(choirs)), [
      "more",
      "choir concert town hall",
      "more",
      "more",
    ]);
    expect(output).toContain("Ask a question first: more shows its next quotes.");
    const numbers = [...output.matchAll(/(\d)\. The choir number/g)].map((match) => match[1]);
    expect(numbers).toEqual(["1", "2", "3", "4", "5"]);
    expect(output).toContain("There are no more results for that question.");
  });

  it("answers a question that only starts with as of", async () => {
    // "As of 2024, …?" asks something: it is answered, not refused as an unreadable day.
    const { output } = await runConsole(makeContext(fakeStore(ARTICLES)), [
      "As of this month, when did the harbour bridge reopen?",
    ]);
    expect(output).not.toContain("Cannot read");
    expect(output).toContain("1. The harbour bridge reopened on Saturday");
  });
});

/** Waits for keys and log lines to reach the screen. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));

/**
 * The console on a terminal whose standard error is the same screen, as in a terminal window:
 * the logger writes through the console's log.
 */
function consoleOnTerminal(store: LibraryStore, columns: number) {
  const terminal = fakeTerminal(columns);
  const log = new ConsoleLog(terminal.output);
  const config = loadConfig({ CONTENT_DIR: "content" });
  const logger = createLogger(config, { stream: log });
  const running = startConsole(
    { library: store, config, logger },
    { input: terminal.input, output: terminal.output, now: () => new Date(2025, 5, 20, 12), log },
  );
  /** Presses each key in turn (a key may be an escape sequence, such as an arrow). */
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) terminal.input.write(key);
    await settle();
  };
  return { terminal, logger, running, press };
}

const LEFT = "\x1b[D";

/** A log line on a row of its own, as the logger writes it. */
const logRow = (message: string): RegExp =>
  new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\S+ info: ${message}$`);

describe("log lines in the console", () => {
  it("appear above the prompt, which is drawn again below with what was typed", async () => {
    const { terminal, logger, running, press } = consoleOnTerminal(fakeStore(ARTICLES), 80);
    await press(..."harb");
    logger.info("saved the search index");
    await settle();
    const screen = terminal.screen();
    expect(screen.at(-2)).toMatch(logRow("saved the search index"));
    expect(screen.at(-1)).toBe(`${PROMPT}harb`);
    expect(screen.filter((row) => row.includes(PROMPT))).toHaveLength(1);
    expect(terminal.cursor()).toEqual({ row: screen.length - 1, column: PROMPT.length + 4 });

    await press(..."our bridge", "\r");
    const answered = terminal.screen();
    const asked = answered.indexOf(`${PROMPT}harbour bridge`);
    expect(asked).toBeGreaterThan(answered.indexOf(screen.at(-2) ?? ""));
    expect(answered[asked + 1]).toMatch(/^1\. The harbour bridge reopened on Saturday/);
    await press(..."exit", "\r");
    await running;
  });

  it("keep a question that runs over several rows, and the cursor inside it, in place", async () => {
    const { terminal, logger, running, press } = consoleOnTerminal(fakeStore(ARTICLES), 40);
    await press(..."when did the harbour bridge reopen after the repairs");
    // The cursor goes back before "the repairs", on the second row of the question.
    await press(...Array<string>(11).fill(LEFT));
    logger.info("saved");
    await settle();
    const screen = terminal.screen();
    expect(screen.slice(-3)).toEqual([
      expect.stringMatching(logRow("saved")),
      `${PROMPT}when did the harbour bridge reo`,
      "pen after the repairs",
    ]);
    expect(screen.filter((row) => row.includes(PROMPT))).toHaveLength(1);
    expect(terminal.cursor()).toEqual({ row: screen.length - 1, column: 10 });

    // Typing goes on where the cursor was.
    await press(..."all ", "\r");
    const answered = terminal.screen();
    const asked = answered.indexOf(`${PROMPT}when did the harbour bridge reo`);
    expect(answered[asked + 1]).toBe("pen after all the repairs");
    expect(answered[asked + 2]).toMatch(/^1\. The harbour bridge reopened/);
    await press(..."exit", "\r");
    await running;
  });

  it("written while a line is answered come before its answer, the prompt after it", async () => {
    const store = fakeStore(ARTICLES);
    const { terminal, logger, running, press } = consoleOnTerminal(store, 80);
    const reload = store.reload.bind(store);
    store.reload = () => {
      logger.info("library loaded");
      return reload();
    };
    await press(..."reload", "\r");
    const screen = terminal.screen();
    const asked = screen.indexOf(`${PROMPT}reload`);
    expect(screen.slice(asked + 1)).toEqual([
      expect.stringMatching(logRow("library loaded")),
      "Reloaded: 2 articles.",
      "",
      PROMPT.trimEnd(),
    ]);
    await press(..."exit", "\r");
    await running;
  });
});
