/**
 * Starts citebot the way production does (config → logger → library store → startBot)
 * against the fake Discord, with options the end-to-end harness does not offer: fake
 * Discord settings (short heartbeats), a REST proxy that can cut connections, chosen
 * articles, and every log line kept both raw and parsed.
 */
import { createServer, request as httpRequest } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Context } from "../../src/app/context.ts";
import type { Bot } from "../../src/discord/bot.ts";
import type { AnyCommand } from "../../src/discord/command.ts";
import type { Logger } from "../../src/ops/logger.ts";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import type { FakeDiscord, FakeDiscordOptions } from "../fakeDiscord/index.ts";
import { SEED_ARTICLE, startCitebot } from "../e2e/harness.ts";
import type { Citebot } from "../e2e/harness.ts";

/**
 * An article whose text tries every way of pinging or smuggling markup: mass mentions,
 * user/role/channel mentions, a masked link, markdown and a heading.
 */
export const HOSTILE_ARTICLE = `---
title: "Council @everyone <@123> [click](https://evil.example) **vote** # now <t:1234567890:R> <:party:2222> <id:guide>"
date: 2026-01-15
url: https://news.example.com/council
---
The harbour council met on Tuesday and @everyone in the town was invited to the hearing, the mayor said.

Organisers asked residents to ping @here, <@123>, <@!124> and <@&456> about the hearing, or visit <#789>, and to [click](https://evil.example) for the hearing agenda.

The council vote closes <t:1234567890:R>: residents run </vote:1111> or </feed add:1112>, react with <:party:2222> or <a:dance:3333>, and read <id:guide> first.

> Quoted line with **bold**, __underline__, ~~strike~~, ||spoiler|| and \`code\` about the hearing.
`;

/** Ordinary articles, so searches have something else to rank. */
export const PLAIN_ARTICLES: Record<string, string> = {
  "2025-11-10-harbor-bridge.txt":
    "date 2025-11-10\nThe Harbor Bridge reopened to traffic on Monday after two years of repairs costing 240 million dollars, city officials said.\n\nEngineers replaced the suspension cables and resurfaced the deck.\n",
  "2025-12-01-reading-room.txt":
    "date 2025-12-01\nThe city library opened a new reading room for children on Saturday, the library board said.\n",
};

export interface RestProxy {
  /** API base to give the bot (`…/api`). */
  apiUrl: string;
  /**
   * Resets the TCP connection of the next `times` requests matching `match`, before the
   * fake sees them: to the bot this is a network error.
   */
  cutNext(match: (r: { method: string; path: string }) => boolean, times?: number): void;
  /** Holds the next request matching `match` for `ms` before passing it on (a slow network). */
  delayNext(match: (r: { method: string; path: string }) => boolean, ms: number): void;
  /** How many requests were cut so far. */
  readonly cut: number;
  close(): Promise<void>;
}

/** A pass-through HTTP proxy in front of the fake's REST API that can drop connections. */
export async function startRestProxy(target: string): Promise<RestProxy> {
  const upstream = new URL(target);
  type Match = (r: { method: string; path: string }) => boolean;
  const rules: Array<{ match: Match; left: number }> = [];
  const delays: Array<{ match: Match; ms: number; used: boolean }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let cut = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const apiPath = new URL(req.url ?? "/", "http://proxy").pathname.replace(/^\/api\/v\d+/, "");
    const rule = rules.find((r) => r.left > 0 && r.match({ method, path: apiPath }));
    if (rule) {
      rule.left -= 1;
      cut += 1;
      req.resume();
      req.socket.resetAndDestroy();
      return;
    }
    const delay = delays.find((d) => !d.used && d.match({ method, path: apiPath }));
    if (delay) delay.used = true;
    const pass = (): void => {
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(Buffer.concat(chunks));
    };
    // The body is read first, so a held request is passed on whole.
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (!delay) return pass();
      const timer = setTimeout(() => {
        timers.delete(timer);
        pass();
      }, delay.ms);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    cutNext(match, times = 1) {
      rules.push({ match, left: times });
    },
    delayNext(match, ms) {
      delays.push({ match, ms, used: false });
    },
    get cut() {
      return cut;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export interface BotUnderTest {
  fake: FakeDiscord;
  bot: Bot;
  context: Context;
  logger: Logger;
  contentDir: string;
  /** Every log line exactly as written. */
  rawLogs: string[];
  /** The same lines, parsed. */
  logs: Array<Record<string, unknown>>;
  proxy: RestProxy | null;
  close(): Promise<void>;
}

export interface BotUnderTestOptions {
  fake?: FakeDiscordOptions;
  /** Route REST through a proxy that can cut connections. */
  proxy?: boolean;
  /** Article files to write (name → text); the seed article is always there. */
  articles?: Record<string, string>;
  cooldownSeconds?: number;
  extraCommands?: AnyCommand[];
  /** Quiet period of the content watcher (default 100 ms); null: do not watch. */
  debounceMs?: number | null;
}

export async function startBotUnderTest(options: BotUnderTestOptions = {}): Promise<BotUnderTest> {
  const contentDir = await mkdtemp(path.join(tmpdir(), "citebot-faults-"));
  await copyFile(SEED_ARTICLE, path.join(contentDir, path.basename(SEED_ARTICLE)));
  for (const [name, text] of Object.entries(options.articles ?? PLAIN_ARTICLES)) {
    await writeFile(path.join(contentDir, name), text);
  }
  const fake = await startFakeDiscord(options.fake);
  const proxy = options.proxy ? await startRestProxy(fake.apiUrl) : null;
  const rawLogs: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  let citebot: Citebot;
  try {
    citebot = await startCitebot({
      ...options,
      fake,
      contentDir,
      ...(proxy ? { apiUrl: proxy.apiUrl } : {}),
      onLogLine(line) {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      },
    });
  } catch (err) {
    await proxy?.close();
    await fake.close();
    throw err;
  }
  // Registration is part of start-up; wait for it so it never races a test's requests.
  await fake.waitForRequest((r) => r.method === "PUT" && r.path.endsWith("/commands"));
  return {
    fake,
    bot: citebot.bot,
    context: citebot.context,
    logger: citebot.logger,
    contentDir,
    rawLogs,
    logs,
    proxy,
    async close() {
      await citebot.close();
      await proxy?.close();
      await fake.close();
      await rm(contentDir, { recursive: true, force: true });
    },
  };
}

/** Waits for a log line matching `match` and returns it. */
export async function logLine(
  b: BotUnderTest,
  match: (entry: Record<string, unknown>) => boolean,
  timeoutMs = 5000,
  /** Only lines logged after this many lines count. */
  from = 0,
): Promise<Record<string, unknown>> {
  const started = Date.now();
  for (;;) {
    const found = b.logs.slice(from).find(match);
    if (found) return found;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `no matching log line; logged: ${b.logs.map((entry) => String(entry.message)).join(", ")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Requests the fake recorded for one interaction (callback and webhook calls), in order. */
export function interactionRequests(
  fake: FakeDiscord,
  interaction: { id: string; token: string },
): FakeDiscord["requests"] {
  return fake.requests.filter(
    (r) =>
      r.path.startsWith(`/interactions/${interaction.id}/`) ||
      r.path.startsWith(`/webhooks/${fake.applicationId}/${interaction.token}`),
  );
}
