/**
 * Starts citebot the way production does (config → logger → library store → startBot) against
 * the fake Discord, with a temporary content folder. Tests assert on the requests the bot sent.
 */
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { InteractionType } from "discord.js";
import type { APIInteraction } from "discord.js";
import { expect } from "vitest";
import { buttons, commands } from "../../commands/index.ts";
import { loadConfig } from "../../src/app/config.ts";
import { createContext } from "../../src/app/context.ts";
import type { Context } from "../../src/app/context.ts";
import { announceArticle } from "../../src/discord/announce.ts";
import { openAnswerMemory } from "../../src/discord/answerMemory.ts";
import { startBot } from "../../src/discord/bot.ts";
import type { Bot } from "../../src/discord/bot.ts";
import { createRegistry } from "../../src/discord/command.ts";
import type { AnyCommand } from "../../src/discord/command.ts";
import { createLibraryStore } from "../../src/content/libraryStore.ts";
import { startFeeds } from "../../src/feeds/setup.ts";
import { createLogger } from "../../src/ops/logger.ts";
import type { Logger } from "../../src/ops/logger.ts";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import type { FakeDiscord, FakeDiscordOptions, RecordedRequest } from "../fakeDiscord/index.ts";

export const SEED_ARTICLE = path.resolve(
  import.meta.dirname,
  "../../content/2026-02-03-korea-poland-security-talks.txt",
);

export const HARBOR_ARTICLE = `---
title: Harbor Bridge reopens after [two-year] repairs (update)
date: 2025-11-10
url: https://news.example.com/harbor_bridge_(reopening)
---
The Harbor Bridge reopened to traffic on Monday after two years of repairs costing 240 million dollars, city officials said.

Engineers replaced the suspension cables and resurfaced the deck. Commuters crossed the bridge in record numbers on the first morning.
`;

export const LIBRARY_ARTICLE = `date 2025-12-01
The city library opened a new reading room for children on Saturday, the library board said.

Organisers wrote that @everyone is welcome at the reading room, and that *volunteers* will read stories to toddlers every weekend.
`;

export interface Citebot {
  bot: Bot;
  context: Context;
  logger: Logger;
  /** Stops the bot, the content watcher and the logger (not the fake Discord). */
  close(): Promise<void>;
}

export interface CitebotOptions {
  fake: FakeDiscord;
  contentDir: string;
  /** REST base the bot uses (default: the fake's own). */
  apiUrl?: string;
  cooldownSeconds?: number;
  extraCommands?: AnyCommand[];
  /** Quiet period of the content watcher (default 100 ms); null: do not watch. */
  debounceMs?: number | null;
  /** Receives every log line the bot writes (JSON, without the line end). */
  onLogLine(line: string): void;
  /** Feeds on: subscriptions in this folder, loopback fetches allowed, a fast poller. */
  feeds?: FeedOptions;
  /** DATA_DIR, where answers are kept for their buttons as `npm start` keeps them; unset: in memory. */
  dataDir?: string;
  /** Stops the start, as a stop signal does while `npm start` is still starting. */
  startSignal?: AbortSignal;
}

export interface FeedOptions {
  dataDir: string;
  /** Channel for new-article announcements. */
  announceChannelId?: string;
  /** How often the poller looks for due feeds (default 200 ms). */
  tickMs?: number;
}

/** Starts citebot in this process the way `src/index.ts` does, logging JSON to `onLogLine`. */
export async function startCitebot(options: CitebotOptions): Promise<Citebot> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n"))
        if (line.trim()) options.onLogLine(line);
      callback();
    },
  });
  const config = loadConfig({
    DISCORD_TOKEN: options.fake.token,
    DISCORD_CLIENT_ID: options.fake.applicationId,
    DISCORD_API_URL: options.apiUrl ?? options.fake.apiUrl,
    CONTENT_DIR: options.contentDir,
    COOLDOWN_SECONDS: String(options.cooldownSeconds ?? 0),
    LOG_LEVEL: "debug",
    LOG_FORMAT: "json",
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...(options.feeds
      ? {
          DATA_DIR: options.feeds.dataDir,
          FETCH_ALLOW_LOOPBACK: "true",
          FEED_ANNOUNCE_CHANNEL_ID: options.feeds.announceChannelId,
        }
      : {}),
  });
  const logger = createLogger(config, { stream: sink });
  const debounceMs = options.debounceMs === undefined ? 100 : options.debounceMs;
  const library = await createLibraryStore({
    source: config.contentDir,
    logger,
    debounceMs: debounceMs ?? 100,
  });
  if (debounceMs !== null) await library.watch();
  let bot: Bot | null = null;
  const announceChannel = config.feeds.announceChannelId;
  const feedTick = options.feeds?.tickMs ?? 200;
  const feedsStarted = options.feeds
    ? startFeeds(config, logger, {
        tickMs: feedTick,
        firstTickMs: feedTick,
        onArticle: (article) => {
          if (bot && announceChannel) {
            void announceArticle(bot.client, announceChannel, article, logger);
          }
        },
      })
    : null;
  const feeds = feedsStarted && "service" in feedsStarted ? feedsStarted : null;
  const feedsOff = feedsStarted && "off" in feedsStarted ? feedsStarted.off : null;
  const answers =
    options.dataDir === undefined
      ? undefined
      : openAnswerMemory(config.dataDir, (err) => logger.warn("answers kept in memory", { err }));
  const context = createContext({
    library,
    config,
    logger,
    ...(answers ? { answers } : {}),
    ...(feeds ? { feeds: feeds.service } : {}),
    ...(feedsOff ? { feedsOff } : {}),
  });
  try {
    bot = await startBot(context, {
      registry: createRegistry([...commands, ...(options.extraCommands ?? [])], buttons),
      ...(options.startSignal ? { signal: options.startSignal } : {}),
    });
  } catch (err) {
    await feeds?.close();
    await library.close();
    context.answers.close();
    logger.close();
    throw err;
  }
  const started = bot;
  return {
    bot: started,
    context,
    logger,
    async close() {
      await started.stop();
      await feeds?.close();
      await library.close();
      context.answers.close();
      logger.close();
    },
  };
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  context: Context;
  contentDir: string;
  /** DATA_DIR: the feeds' folder when feeds are on, else one beside the content. */
  dataDir: string;
  /** JSON log lines the bot wrote. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  cooldownSeconds?: number;
  extraCommands?: AnyCommand[];
  /** Also write this many short filler articles (for paging). */
  fillers?: number;
  feeds?: FeedOptions;
  /** The fake Discord's guilds and the like (default: one guild where the bot may do anything it needs). */
  fake?: FakeDiscordOptions;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const contentDir = await mkdtemp(path.join(tmpdir(), "citebot-e2e-"));
  await copyFile(SEED_ARTICLE, path.join(contentDir, path.basename(SEED_ARTICLE)));
  await writeFile(path.join(contentDir, "2025-11-10-harbor-bridge.md"), HARBOR_ARTICLE);
  await writeFile(path.join(contentDir, "2025-12-01-reading-room.txt"), LIBRARY_ARTICLE);
  for (let i = 1; i <= (options.fillers ?? 0); i++) {
    const day = String(i).padStart(2, "0");
    await writeFile(
      path.join(contentDir, `2024-01-${day}-choir-${i}.txt`),
      `date 2024-01-${day}\nThe regional choir number ${i} gave a winter concert in the old town hall.\n`,
    );
  }

  const dataDir = options.feeds?.dataDir ?? `${contentDir}-data`;
  const fake = await startFakeDiscord(options.fake);
  const logs: Array<Record<string, unknown>> = [];
  let citebot: Citebot;
  try {
    citebot = await startCitebot({
      ...options,
      fake,
      contentDir,
      dataDir,
      onLogLine: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    });
  } catch (err) {
    await fake.close();
    throw err;
  }
  return {
    fake,
    bot: citebot.bot,
    context: citebot.context,
    contentDir,
    dataDir,
    logs,
    async close() {
      await citebot.close();
      await fake.close();
      await rm(contentDir, { recursive: true, force: true });
      if (!options.feeds) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type Option = {
  name: string;
  type: number;
  value: string | number | boolean;
  focused?: boolean;
};

export function slash(
  fake: FakeDiscord,
  name: string,
  options: Option[] = [],
  extra: Record<string, unknown> = {},
): APIInteraction {
  const { data, ...rest } = extra;
  return fake.sendInteraction({
    type: InteractionType.ApplicationCommand,
    data: { name, options, ...(data ?? {}) },
    ...rest,
  });
}

export function ask(fake: FakeDiscord, question: string, extra: Option[] = []): APIInteraction {
  return slash(fake, "ask", [{ name: "question", type: 3, value: question }, ...extra]);
}

/** Posts a message with `content`, then uses "Find in articles" on it. */
export function findInArticles(
  fake: FakeDiscord,
  content: string,
  extra: Record<string, unknown> = {},
): APIInteraction {
  const target = fake.sendMessage({ content });
  return fake.sendInteraction({
    type: InteractionType.ApplicationCommand,
    data: { name: "Find in articles", type: 3, target_id: target.id },
    ...extra,
  });
}

export function click(
  fake: FakeDiscord,
  customId: string,
  extra: Record<string, unknown> = {},
): APIInteraction {
  return fake.sendInteraction({
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: 2 },
    ...extra,
  });
}

export interface Callback {
  type: number;
  data: Record<string, unknown>;
}

/** The interaction's initial response (POST …/callback). */
export async function callbackOf(
  fake: FakeDiscord,
  interaction: APIInteraction,
): Promise<Callback> {
  const request = await fake.waitForRequest(
    (r) =>
      r.method === "POST" &&
      r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
  const body = request.body as { type: number; data?: Record<string, unknown> };
  return { type: body.type, data: body.data ?? {} };
}

/** What the user finally sees: the callback's message, or the edit of a deferred reply. */
export async function answerOf(
  fake: FakeDiscord,
  interaction: APIInteraction,
): Promise<Record<string, unknown>> {
  const callback = await callbackOf(fake, interaction);
  if (callback.type !== 5) return callback.data;
  const edit = await fake.waitForRequest(
    (r) =>
      r.method === "PATCH" &&
      decodeURIComponent(r.path) ===
        `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`,
  );
  return edit.body as Record<string, unknown>;
}

/** Requests matching `match` recorded after `since` (an index into `fake.requests`). */
export function requestsSince(
  fake: FakeDiscord,
  since: number,
  match: (r: RecordedRequest) => boolean,
) {
  return fake.requests.slice(since).filter(match);
}

/** The message a request carries (a reply, an edit, a follow-up, a post), or null for others. */
export function messageOf(r: RecordedRequest): Record<string, unknown> | null {
  const body = r.body as Record<string, unknown> | undefined;
  if (!body || r.status >= 400) return null;
  if (r.method === "POST" && r.path.endsWith("/callback")) {
    const type = body.type;
    return type === 4 || type === 7 ? ((body.data as Record<string, unknown>) ?? {}) : null;
  }
  if (/^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(r.path)) return body;
  if (/^\/channels\/\d+\/messages(\/\d+)?$/.test(r.path) && r.method !== "DELETE") return body;
  return null;
}

/** Every message the bot sent, from request `since` on (an index into `fake.requests`). */
export function messagesSent(fake: FakeDiscord, since = 0): Array<Record<string, unknown>> {
  return fake.requests
    .slice(since)
    .map(messageOf)
    .filter((message): message is Record<string, unknown> => message !== null);
}

/**
 * Fails unless Discord would let `message` ping no one: no @everyone, role, user or
 * replied-to author, except `chosen`, the one person an asker picked to mention.
 */
export function expectPingsNoOneBut(message: Record<string, unknown>, chosen?: string): void {
  const allowed = message.allowed_mentions as
    { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean } | undefined;
  const shown = JSON.stringify(message).slice(0, 300);
  // Without allowed_mentions Discord pings whatever the content mentions.
  expect(allowed, shown).toBeDefined();
  expect(allowed?.parse ?? [], shown).toEqual([]);
  expect(allowed?.roles ?? [], shown).toEqual([]);
  expect(allowed?.users ?? [], shown).toEqual(chosen ? [chosen] : []);
  expect(allowed?.replied_user ?? false, shown).toBe(false);
}

export function embedOf(message: Record<string, unknown>): Record<string, unknown> {
  const embeds = message.embeds as Array<Record<string, unknown>> | undefined;
  const embed = embeds?.[0];
  if (!embed) throw new Error(`no embed in ${JSON.stringify(message)}`);
  return embed;
}

export function customIds(message: Record<string, unknown>): string[] {
  const rows = (message.components ?? []) as Array<{ components?: Array<{ custom_id?: string }> }>;
  return rows.flatMap((row) => (row.components ?? []).map((c) => c.custom_id ?? ""));
}

/** Waits for a log line the bot wrote (log lines follow the reply they describe). */
export async function waitForLog(
  h: Harness,
  match: (entry: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  await h.fake.waitUntil(() => h.logs.some(match), 5000, "a log line");
  return h.logs.find(match) ?? {};
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
