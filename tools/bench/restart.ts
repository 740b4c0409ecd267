/**
 * The whole library, as the bot lives with it: `npm start` (the real process, against the
 * fake Discord on loopback) timed from spawn to its first `/ask` answered, with no saved
 * index, with an unchanged library (the saved index read back) and with a changed one; and
 * the slowest `/ask` answered while the bot rebuilds the library after a change.
 *
 * Figures only: nothing here asserts a target.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFile, utimes } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { InteractionType } from "discord.js";
import { startFakeDiscord, type FakeDiscord } from "../../tests/fakeDiscord/index.ts";
import { latency } from "../eval/metrics.ts";
import { formatMs } from "../eval/table.ts";
import type { BenchSection, BenchTable } from "./section.ts";
import { count } from "./timing.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** What `npm start` runs (without npm itself in between, as under a process supervisor). */
const START = ["bin/run.mjs", "src/index.ts"];
/** Gap between two `/ask` sent while the library is rebuilt, as in a busy server. */
const ASK_EVERY_MS = 100;
/** Longest wait for a start-up or a rebuild, in ms. */
const PATIENCE_MS = 600_000;
const QUESTION = "What did South Korea and Poland agree on security?";

interface LogLine {
  message?: string;
  ms?: number;
  [key: string]: unknown;
}

/** The bot process started as `npm start` does, its JSON log lines (stderr) collected. */
class BotProcess {
  readonly logs: LogLine[] = [];
  private readonly waiters: Array<() => void> = [];
  readonly child: ChildProcess;
  readonly exited: Promise<void>;

  constructor(fake: FakeDiscord, source: string) {
    this.child = spawn(process.execPath, START, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: fake.token,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        CONTENT_DIR: source,
        COOLDOWN_SECONDS: "0",
        LOG_LEVEL: "debug",
        LOG_FORMAT: "json",
      },
      // The bot logs to stderr.
      stdio: ["ignore", "inherit", "pipe"],
    });
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
    createInterface({ input: this.child.stderr! }).on("line", (line) => {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        return;
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The first log line (after `from`) whose message includes `text`. */
  async waitForLog(text: string, from = 0): Promise<LogLine> {
    for (;;) {
      const found = this.logs.slice(from).find((line) => String(line.message).includes(text));
      if (found) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async stop(): Promise<void> {
    this.child.kill("SIGTERM");
    await this.exited;
  }
}

/** Sends one `/ask` and resolves with the time to its first response recorded by the fake. */
async function ask(fake: FakeDiscord, user: number): Promise<number> {
  const sent = performance.now();
  const interaction = fake.sendInteraction({
    type: InteractionType.ApplicationCommand,
    user: { id: String(810_000_000_000_000_000n + BigInt(user)), username: `reader${user}` },
    data: { name: "ask", options: [{ name: "question", type: 3, value: QUESTION }] },
  });
  await fake.waitForRequest(
    (request) => request.path.startsWith(`/interactions/${interaction.id}/`),
    PATIENCE_MS,
  );
  return performance.now() - sent;
}

interface RunningBot {
  bot: BotProcess;
  fake: FakeDiscord;
  /** Spawn → first `/ask` answered. */
  ms: number;
  how: string;
  stop(): Promise<void>;
}

/**
 * Starts the bot against a fake Discord of its own (a fresh gateway, so "ready" is this
 * process's) and times spawn → first `/ask` answered; the bot is left running.
 */
async function timedStart(source: string): Promise<RunningBot> {
  const fake = await startFakeDiscord({ interactionResponseTimeoutMs: 3000 });
  const started = performance.now();
  const bot = new BotProcess(fake, source);
  await fake.waitForReady(0, PATIENCE_MS);
  await ask(fake, 0);
  const ms = performance.now() - started;
  const read = bot.logs.find((line) => line.message === "read the saved index");
  return {
    bot,
    fake,
    ms,
    how: read ? "saved index read back" : "content read, index built",
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}

/** Marks the library file as changed (a new modification time), as a deploy would. */
async function touch(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now);
}

export const restartSection: BenchSection = {
  name: "restart",
  async run(context) {
    const source = path.join(context.tmpDir, `restart-${path.basename(context.libraryFile(null))}`);
    await copyFile(context.libraryFile(null), source);
    const starts: string[][] = [];
    // Compiled once before the timed starts, as the first `npm start` after a change does.
    const build = spawnSync(process.execPath, ["bin/run.mjs", "--build"], {
      cwd: ROOT,
      stdio: "inherit",
    });
    const compiled = build.status === 0;
    let running: RunningBot | null = null;
    let rebuild:
      { replies: number[]; ms: number; assembleMs: number; heldUpMs: number[] } | undefined;
    try {
      context.progress(
        `restart: npm start on ${count(context.totalArticles)} articles, no saved index`,
      );
      running = await timedStart(source);
      starts.push(["first start (no saved index)", running.how, formatMs(running.ms)]);
      await running.stop();
      running = null;

      context.progress("restart: npm start, library unchanged");
      running = await timedStart(source);
      starts.push(["restart, library unchanged", running.how, formatMs(running.ms)]);

      context.progress("restart: /ask every 100 ms while the changed library is rebuilt");
      rebuild = await questionsDuringRebuild(running.fake, running.bot, source);
      await running.stop();
      running = null;

      // The running bot took the change in; the saved copy is of the content before it.
      context.progress("restart: npm start, library changed");
      running = await timedStart(source);
      starts.push(["restart, library changed", running.how, formatMs(running.ms)]);
    } finally {
      await running?.stop();
    }
    const tables: BenchTable[] = [
      {
        title: `Time to first answer after npm start (${count(context.totalArticles)} articles, whole process, fake Discord)`,
        columns: [{ title: "start" }, { title: "how" }, { title: "first answer", align: "right" }],
        rows: starts,
        notes: [
          `From spawning \`node bin/run.mjs src/index.ts\` (what \`npm start\` runs, ${compiled ? "the compiled JavaScript in dist/, built before the first start" : "the sources through tsx: the build failed"}) to the first /ask answered: process start, library, Discord login, answer.`,
          "The saved index sits beside the library file (.<name>.citebot-index). Changed: the library file was touched while the bot ran, which the bot took in; the saved copy is then of the content before it, so the start builds afresh.",
        ],
      },
    ];
    if (rebuild) {
      const figures = latency(rebuild.replies);
      tables.push({
        title: `/ask answered during a rebuild (${count(context.totalArticles)} articles, one every ${ASK_EVERY_MS} ms)`,
        columns: [
          { title: "asked", align: "right" },
          { title: "p50", align: "right" },
          { title: "p99", align: "right" },
          { title: "slowest", align: "right" },
          { title: "rebuild", align: "right" },
          { title: "assembly on the main thread", align: "right" },
          { title: "event loop held up", align: "right" },
        ],
        rows: [
          [
            count(figures.count),
            formatMs(figures.p50),
            formatMs(figures.p99),
            formatMs(Math.max(...rebuild.replies)),
            formatMs(rebuild.ms),
            formatMs(rebuild.assembleMs),
            rebuild.heldUpMs.length === 0
              ? "never over 100 ms"
              : `${rebuild.heldUpMs.length}×, longest ${formatMs(Math.max(...rebuild.heldUpMs))}`,
          ],
        ],
        notes: [
          "The library file is touched; the bot reads and indexes it again in a worker thread while answering.",
          "Event loop held up: the bot's own warnings (over 100 ms, STALL_WATCH_SETTINGS) while this ran; a slow reply without one waited for the machine's cores, not for the bot's thread.",
          "Assembly: the article heads parsed and `libraryFromIndex` over the finished index, the one step on the main thread; the spelling corrector's word tree fills afterwards, in steps between questions.",
        ],
      });
    }
    return tables;
  },
};

/** Touches the library and asks every ASK_EVERY_MS until the rebuilt library is served. */
async function questionsDuringRebuild(
  fake: FakeDiscord,
  bot: BotProcess,
  source: string,
): Promise<{ replies: number[]; ms: number; assembleMs: number; heldUpMs: number[] }> {
  const from = bot.logs.length;
  await touch(source);
  const started = performance.now();
  await bot.waitForLog("content changed", from);
  let done = false;
  const loaded = bot.waitForLog("library loaded", from).then((line) => {
    done = true;
    return line;
  });
  const pending: Promise<number>[] = [];
  for (let user = 1; !done; user++) {
    pending.push(ask(fake, user));
    await new Promise((resolve) => setTimeout(resolve, ASK_EVERY_MS));
  }
  const line = await loaded;
  const assembled = await bot.waitForLog("library assembled", from);
  const replies = await Promise.all(pending);
  // The bot's own event-loop watch, over the same stretch (src/ops/stallWatch.ts).
  const heldUpMs = bot.logs
    .slice(from)
    .filter((log) => log.message === "event loop held up" && typeof log.ms === "number")
    .map((log) => Number(log.ms));
  return {
    replies,
    heldUpMs,
    ms: typeof line.ms === "number" ? line.ms : performance.now() - started,
    assembleMs: typeof assembled.ms === "number" ? assembled.ms : NaN,
  };
}
