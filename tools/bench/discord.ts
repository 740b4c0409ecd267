/**
 * `/ask` through Discord, end to end: the real bot (in a process of its own) against the fake
 * Discord server (REST v10 + gateway on loopback, in this process), on a small library
 * (`content/` plus generated articles), cooldown off.
 *
 * - dispatch → reply: time from the gateway dispatch of an `/ask` to the reply recorded by
 *   the fake, over sequential interactions;
 * - a burst: many `/ask` dispatched within one second, each answered before Discord's
 *   3-second deadline or not (the fake answers 10062 after it);
 * - a long run: heap and RSS of the bot process (after full collections) as tens of
 *   thousands of interactions go through, to show memory settles;
 * - hostile questions: search and render time for the questions the fuzz tests use.
 *
 * Figures only: nothing here asserts a target.
 */
import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InteractionType } from "discord.js";
import { startFakeDiscord } from "../../tests/fakeDiscord/index.ts";
import type { FakeDiscord } from "../../tests/fakeDiscord/index.ts";
import type { Context } from "../../src/app/context.ts";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { buildLibrary } from "../../src/core/library.ts";
import { answerQuestion, normaliseQuestion } from "../../src/discord/answer.ts";
import { RecentAnswers } from "../../src/discord/answerMemory.ts";
import { latency } from "../eval/metrics.ts";
import type { Latency } from "../eval/metrics.ts";
import { formatMs } from "../eval/table.ts";
import { hostileQuestions } from "./discordQuestions.ts";
import type { BenchSection, BenchTable } from "./section.ts";
import { count } from "./timing.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SEED_CONTENT = path.resolve(HERE, "../../content");
const BOT_SCRIPT = path.join(HERE, "discordBot.ts");
/** Discord's window for the first response to an interaction. */
const DEADLINE_MS = 3000;

export interface DiscordBenchOptions {
  /** Sequential `/ask` interactions for dispatch → reply latency. */
  sequential: number;
  /** `/ask` interactions dispatched within `burstWindowMs`. */
  burst: number;
  burstWindowMs: number;
  /** Interactions in the long run, and how many are in flight at once. */
  soak: number;
  soakInFlight: number;
  /** Generated articles added to `content/`. */
  generatedArticles: number;
}

export const DEFAULT_DISCORD_BENCH: DiscordBenchOptions = {
  sequential: 200,
  burst: 500,
  burstWindowMs: 1000,
  soak: 20_000,
  soakInFlight: 50,
  generatedArticles: 40,
};

const TOPICS = [
  ["harbour", "ferry", "dock workers", "the port authority"],
  ["library", "reading room", "volunteers", "the library board"],
  ["orchard", "frost", "apple growers", "the farmers' union"],
  ["railway", "signal fault", "commuters", "the rail operator"],
  ["hospital", "new wing", "nurses", "the health trust"],
];

const QUESTIONS = [
  "What did South Korea and Poland agree on security?",
  "Who is Robert Kupiecki?",
  "When did the ferry service resume?",
  "What did the library board say about volunteers?",
  "How did frost affect the apple growers?",
  "What caused the signal fault on the railway?",
  "Who opened the new hospital wing?",
  "zebra xylophone quantum",
];

async function writeContent(dir: string, generated: number): Promise<number> {
  await mkdir(dir, { recursive: true });
  const seeds = (await readdir(SEED_CONTENT)).filter((name) => /\.(txt|md)$/.test(name));
  for (const name of seeds) await copyFile(path.join(SEED_CONTENT, name), path.join(dir, name));
  for (let i = 0; i < generated; i++) {
    const [place, event, people, body] = TOPICS[i % TOPICS.length]!;
    const day = String((i % 28) + 1).padStart(2, "0");
    await writeFile(
      path.join(dir, `2025-10-${day}-${place}-${i}.txt`),
      [
        `date 2025-10-${day}`,
        `The ${place} reported a ${event} on day ${i}, and ${people} met ${body} to discuss it.`,
        "",
        `Officials said the ${event} would be reviewed, and ${people} asked for a report within ${i + 2} weeks.`,
        "",
        `The ${place} service resumed after ${i % 5} days, ${body} confirmed on Friday.`,
        "",
      ].join("\n"),
    );
  }
  return seeds.length + generated;
}

interface BotProcess {
  child: ChildProcess;
  memory(): Promise<{ heapUsed: number; rss: number; collected: boolean }>;
  stop(): Promise<void>;
}

async function startBotProcess(fake: FakeDiscord, contentDir: string): Promise<BotProcess> {
  const child = fork(BOT_SCRIPT, [], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      CONTENT_DIR: contentDir,
      COOLDOWN_SECONDS: "0",
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the bot exited (${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  await next("ready");
  return {
    child,
    async memory() {
      const answer = next("memory");
      child.send({ type: "memory" });
      const { heapUsed, rss, collected } = await answer;
      return { heapUsed: Number(heapUsed), rss: Number(rss), collected: collected === true };
    },
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ type: "stop" });
      await exited;
    },
  };
}

/**
 * Watches the fake's recorded requests for interaction callbacks, without rescanning the
 * whole list: resolves each awaited interaction with the time its reply was recorded.
 */
class ReplyClock {
  private cursor = 0;
  private readonly pending = new Map<
    string,
    { sentAt: number; resolve: (reply: { ms: number; status: number }) => void }
  >();

  constructor(private readonly fake: FakeDiscord) {}

  /** Sends an `/ask` and resolves when its reply (or rejection) is recorded. */
  ask(question: string, user: number): Promise<{ ms: number; status: number }> {
    return new Promise((resolve) => {
      const sentAt = performance.now();
      const interaction = this.fake.sendInteraction({
        type: InteractionType.ApplicationCommand,
        user: { id: String(800_000_000_000_000_000n + BigInt(user)), username: `user${user}` },
        data: { name: "ask", options: [{ name: "question", type: 3, value: question }] },
      });
      this.pending.set(interaction.id, { sentAt, resolve });
      this.watch();
    });
  }

  private watching = false;

  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    // The predicate runs each time the fake records something.
    void this.fake
      .waitUntil(() => this.scan(), 600_000, "replies")
      .finally(() => {
        this.watching = false;
        if (this.pending.size > 0) this.watch();
      });
  }

  private scan(): boolean {
    const requests = this.fake.requests;
    for (; this.cursor < requests.length; this.cursor++) {
      const request = requests[this.cursor]!;
      const match = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(request.path);
      const waiting = match ? this.pending.get(match[1]!) : undefined;
      if (!match || !waiting) continue;
      this.pending.delete(match[1]!);
      waiting.resolve({ ms: performance.now() - waiting.sentAt, status: request.status });
    }
    // Keep the fake's request log short over long runs.
    if (this.pending.size === 0 && requests.length > 1000) {
      requests.length = 0;
      this.cursor = 0;
    }
    return this.pending.size === 0;
  }
}

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(1);

function latencyRow(name: string, figures: Latency, extra: string): string[] {
  return [
    name,
    count(figures.count),
    formatMs(figures.p50),
    formatMs(figures.p95),
    formatMs(figures.p99),
    formatMs(figures.mean),
    extra,
  ];
}

export function discordSection(options: DiscordBenchOptions = DEFAULT_DISCORD_BENCH): BenchSection {
  return {
    name: "discord",
    async run(context) {
      const contentDir = path.join(context.tmpDir, "discord-content");
      const articles = await writeContent(contentDir, options.generatedArticles);
      const fake = await startFakeDiscord({ interactionResponseTimeoutMs: DEADLINE_MS });
      let bot: BotProcess | null = null;
      try {
        context.progress(`discord: starting the bot on ${articles} articles`);
        bot = await startBotProcess(fake, contentDir);
        await fake.waitForRequest((r) => r.method === "PUT", 10_000);
        const clock = new ReplyClock(fake);
        const question = (i: number) => QUESTIONS[i % QUESTIONS.length]!;
        for (let i = 0; i < 20; i++) await clock.ask(question(i), i); // warm-up

        context.progress(`discord: ${options.sequential} sequential /ask`);
        const sequential: number[] = [];
        for (let i = 0; i < options.sequential; i++) {
          sequential.push((await clock.ask(question(i), i)).ms);
        }

        context.progress(`discord: ${options.burst} /ask within ${options.burstWindowMs} ms`);
        const gap = options.burstWindowMs / options.burst;
        const started = performance.now();
        const burst: Array<Promise<{ ms: number; status: number }>> = [];
        for (let i = 0; i < options.burst; i++) {
          const due = started + i * gap;
          const wait = due - performance.now();
          if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
          burst.push(clock.ask(question(i), i));
        }
        const dispatchMs = performance.now() - started;
        const burstReplies = await Promise.all(burst);
        const inTime = burstReplies.filter((r) => r.status < 300 && r.ms < DEADLINE_MS).length;

        context.progress(`discord: ${count(options.soak)} /ask in a row`);
        const checkpoints = new Set([
          Math.min(2_000, options.soak),
          Math.floor(options.soak / 2),
          options.soak,
        ]);
        const memory: string[][] = [];
        const before = await bot.memory();
        memory.push(["before", mb(before.heapUsed), mb(before.rss)]);
        const soak: number[] = [];
        let failed = 0;
        for (let done = 0; done < options.soak;) {
          const batch = Math.min(options.soakInFlight, options.soak - done);
          const replies = await Promise.all(
            Array.from({ length: batch }, (_, i) => clock.ask(question(done + i), done + i)),
          );
          for (const reply of replies) {
            soak.push(reply.ms);
            if (reply.status >= 300) failed++;
          }
          done += batch;
          if ([...checkpoints].some((at) => done >= at && done - batch < at)) {
            const now = await bot.memory();
            memory.push([`after ${count(done)}`, mb(now.heapUsed), mb(now.rss)]);
          }
        }
        const gcNote = before.collected
          ? "after a full garbage collection in the bot process"
          : "without a forced collection (figures include garbage)";

        const hostile = hostileQuestions(300);
        const library = buildLibrary((await loadLibrary(contentDir)).articles);
        const local = {
          library: { current: library, reloading: false },
          answers: new RecentAnswers(),
        } as unknown as Context;
        const hostileTimes = hostile.map((text) => {
          const t0 = performance.now();
          answerQuestion(local, normaliseQuestion(text));
          library.search(text, { top: 4 });
          return performance.now() - t0;
        });

        const columns = [
          { title: "run" },
          { title: "interactions", align: "right" as const },
          { title: "p50", align: "right" as const },
          { title: "p95", align: "right" as const },
          { title: "p99", align: "right" as const },
          { title: "mean", align: "right" as const },
          { title: "", align: "left" as const },
        ];
        const tables: BenchTable[] = [
          {
            title: `Discord /ask round trips (bot process ↔ fake Discord on loopback, ${articles} articles, cooldown off)`,
            columns,
            rows: [
              latencyRow("sequential", latency(sequential), "dispatch → reply recorded"),
              latencyRow(
                "burst",
                latency(burstReplies.map((r) => r.ms)),
                `${count(inTime)} of ${count(options.burst)} answered within 3 s (dispatched in ${formatMs(dispatchMs)})`,
              ),
              latencyRow(
                "long run",
                latency(soak),
                `${options.soakInFlight} in flight; ${count(failed)} not answered`,
              ),
              latencyRow(
                "hostile questions",
                latency(hostileTimes),
                "search + answer rendering only, in process",
              ),
            ],
            notes: [
              "Latency is from the gateway dispatch to the reply recorded by the fake (REST callback).",
              "Hostile questions: empty, 6,000 characters, punctuation, emoji, zero-width/RTL, markdown, regex and fuse.js operators, mentions, URLs.",
            ],
          },
          {
            title: `Bot process memory over ${count(options.soak)} /ask in a row`,
            columns: [
              { title: "point" },
              { title: "heap MB", align: "right" },
              { title: "RSS MB", align: "right" },
            ],
            rows: memory,
            notes: [
              `Measured ${gcNote}. Answers are remembered for their buttons up to 2,000, so memory`,
              "settles once that many have been given.",
            ],
          },
        ];
        return tables;
      } finally {
        await bot?.stop();
        await fake.close();
      }
    },
  };
}

export const discordBenchSection: BenchSection = discordSection();
