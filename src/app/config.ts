/**
 * Typed configuration, read once at start-up from environment variables.
 * `loadConfig` is pure: it takes the environment as an argument and never reads `process.env`
 * itself, so tests pass a plain object. Every problem is reported at once, and the token's
 * value never appears in an error message.
 */
import { isIP } from "node:net";
import { z } from "zod";

export const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** Bot token; null means the bot runs as an offline console instead of connecting to Discord. */
  discordToken: string | null;
  /** Application (client) id; given, or derived from the token. Null only without a token. */
  discordClientId: string | null;
  /** Guild for guild-scoped command registration; null registers globally. */
  discordGuildId: string | null;
  /** Folder of articles, or a `.jsonl` / `.jsonl.gz` library file. */
  contentDir: string;
  logLevel: LogLevel;
  logFormat: "json" | "pretty";
  /** Seconds a user waits between two questions; 0 disables the cooldown. */
  cooldownSeconds: number;
  /**
   * The time zone whose calendar says on which day a Discord question was asked ("yesterday",
   * "this week"): an IANA name such as `Europe/Warsaw`; `UTC` when unset.
   */
  timeZone: string;
  /**
   * Ranking settings replaced through the environment (names as in src/core/settings.ts):
   * `RECENCY_HALF_LIFE_DAYS` sets `recencyHalfLifeDays` (0 turns the recency prior off).
   */
  ranking: { recencyHalfLifeDays?: number };
  /** REST base URL (without the `/v10` version), when not Discord's own. */
  discordApiUrl: string | null;
  /** Port of the health endpoint; null means no health endpoint. */
  healthPort: number | null;
  healthHost: string;
  /** Number of shards, `"auto"`, or null for an unsharded bot. */
  shardCount: number | "auto" | null;
  /** Shard ids this process runs, or null for all of them. */
  shardList: number[] | null;
  /**
   * Under `npm run start:sharded`, seconds a starting shard may go without a sign of progress
   * (its library still loading) or, once its library is loaded, without connecting to Discord,
   * before it is taken as stuck.
   */
  shardStartTimeoutSeconds: number;
  /**
   * Folder for the bot's own state (feed subscriptions), and for the saved search index when
   * it cannot sit beside the content; created when needed.
   */
  dataDir: string;
  feeds: FeedConfig;
}

export interface FeedConfig {
  /** Folder of the feed state database: DATA_DIR, else `data`. */
  stateDir: string;
  /** Minutes between two checks of a feed (before jitter and backoff). */
  intervalMinutes: number;
  /** The shard whose process polls the feeds; null: no process of this host polls. */
  pollerShard: number | null;
  /** Channel where each new feed article is announced; null: no announcements. */
  announceChannelId: string | null;
  /** Lets fetches reach loopback addresses. For tests against a local server only. */
  allowLoopback: boolean;
}

const SNOWFLAKE = /^\d{17,20}$/;

/** SHARD_START_TIMEOUT_SECONDS when unset. */
export const DEFAULT_SHARD_START_TIMEOUT_SECONDS = 60;

/**
 * The most shards SHARD_COUNT may name. Discord puts up to 2,500 servers on a shard, so this
 * is room for 25 million; a larger number is a typo, and the shard plan is laid out up front.
 */
export const MAX_SHARD_COUNT = 10_000;

/** A numeric SHARD_COUNT from 1 to {@link MAX_SHARD_COUNT}, or null for anything else. */
function shardCountOf(value: string | undefined): number | null {
  const count = value?.trim() ?? "";
  return /^\d+$/.test(count) && Number(count) >= 1 && Number(count) <= MAX_SHARD_COUNT
    ? Number(count)
    : null;
}

/** Whether a value is a shard id a bot of at most {@link MAX_SHARD_COUNT} shards can have. */
const isShardId = (value: string): boolean =>
  /^\d+$/.test(value) && Number(value) < MAX_SHARD_COUNT;

/** Unset and empty variables are both "absent" (a `.env` line like `DISCORD_GUILD_ID=`). */
const optionalText = z
  .string()
  .optional()
  .transform((value) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
  });

const integer = (min: number, max: number) =>
  z
    .string()
    .refine((value) => /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max, {
      message: `must be a whole number from ${min} to ${max}`,
    });

/** The application id a token belongs to: its first segment is the base64 of the bot's user id. */
export function clientIdFromToken(token: string): string | null {
  const first = token.split(".")[0] ?? "";
  try {
    const decoded = Buffer.from(first, "base64").toString("utf8");
    return SNOWFLAKE.test(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

const schema = z.object({
  DISCORD_TOKEN: optionalText.pipe(
    z
      .string()
      .refine((value) => !/^bot\s/i.test(value), {
        message: 'must be the bare token, without a "Bot " prefix',
      })
      .refine((value) => !/\s/.test(value), { message: "must not contain spaces" })
      .optional(),
  ),
  DISCORD_CLIENT_ID: optionalText.pipe(
    z.string().regex(SNOWFLAKE, "must be a numeric Discord id (17-20 digits)").optional(),
  ),
  DISCORD_GUILD_ID: optionalText.pipe(
    z.string().regex(SNOWFLAKE, "must be a numeric Discord id (17-20 digits)").optional(),
  ),
  CONTENT_DIR: optionalText.transform((value) => value ?? "content"),
  LOG_LEVEL: optionalText.pipe(
    z
      .enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` })
      .optional()
      .default("info"),
  ),
  LOG_FORMAT: optionalText.pipe(
    z.enum(["json", "pretty"], { message: "must be json or pretty" }).optional().default("pretty"),
  ),
  COOLDOWN_SECONDS: optionalText.pipe(
    z
      .string()
      .refine((value) => /^\d+(\.\d+)?$/.test(value) && Number(value) <= 3600, {
        message: "must be a number of seconds from 0 to 3600",
      })
      .optional(),
  ),
  DISCORD_API_URL: optionalText.pipe(
    z
      .string()
      .refine((value) => /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value), {
        message: "must be an http(s) URL",
      })
      .optional(),
  ),
  // 0 would listen on whatever port the system picks, where no monitor looks: COOLDOWN_SECONDS
  // and RECENCY_HALF_LIFE_DAYS read 0 as "off", so it is refused with the way to turn it off.
  HEALTH_PORT: optionalText.pipe(
    z
      .string()
      .refine((value) => /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535, {
        message: "must be a port from 1 to 65535; leave it empty to turn the health endpoint off",
      })
      .optional(),
  ),
  RECENCY_HALF_LIFE_DAYS: optionalText.pipe(integer(0, 3650).optional()),
  HEALTH_HOST: optionalText.pipe(
    z
      .string()
      .refine(isHostAddress, {
        message: "must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0",
      })
      .optional()
      .default("127.0.0.1"),
  ),
  TIME_ZONE: optionalText.pipe(
    z
      .string()
      .refine(isTimeZone, { message: 'must be an IANA time zone such as "Europe/Warsaw"' })
      .optional(),
  ),
  SHARD_COUNT: optionalText.pipe(
    z
      .string()
      .refine((value) => value === "auto" || shardCountOf(value) !== null, {
        message: `must be a whole number from 1 to ${MAX_SHARD_COUNT}, or "auto"`,
      })
      .optional(),
  ),
  SHARD_LIST: optionalText.pipe(
    z
      .string()
      .refine(
        (value) =>
          /^\d+(\s*,\s*\d+)*$/.test(value) && value.split(",").every((id) => isShardId(id.trim())),
        {
          message: `must be a comma-separated list of shard ids from 0 to ${MAX_SHARD_COUNT - 1}, like 0,1,2`,
        },
      )
      .optional(),
  ),
  SHARD_START_TIMEOUT_SECONDS: optionalText.pipe(integer(1, 3600).optional()),
  DATA_DIR: optionalText.transform((value) => value ?? "data"),
  FEED_INTERVAL_MINUTES: optionalText.pipe(integer(1, 24 * 60).optional()),
  FEED_POLLER_SHARD: optionalText.pipe(
    z
      .string()
      .refine((value) => value === "none" || isShardId(value), {
        message: `must be a shard id (a whole number from 0 to ${MAX_SHARD_COUNT - 1}) or "none"`,
      })
      .optional(),
  ),
  FEED_ANNOUNCE_CHANNEL_ID: optionalText.pipe(
    z.string().regex(SNOWFLAKE, "must be a numeric Discord id (17-20 digits)").optional(),
  ),
  FETCH_ALLOW_LOOPBACK: optionalText.pipe(
    z.enum(["true", "false"], { message: "must be true or false" }).optional(),
  ),
});

/** One label of a host name: letters, digits and inner hyphens, at most 63 characters. */
const HOST_LABEL = /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?$/i;

/**
 * True for what a server can listen on: an IP address, or a host name ("localhost",
 * "metrics.internal") whose last label is not a number (so "300.1.1.1" is no address).
 */
function isHostAddress(host: string): boolean {
  if (isIP(host) !== 0) return true;
  const labels = host.replace(/\.$/, "").split(".");
  return (
    host.length <= 253 &&
    labels.every((label) => HOST_LABEL.test(label)) &&
    !/^\d+$/.test(labels.at(-1) ?? "")
  );
}

/** True for a time zone name the clock knows ("Europe/Warsaw", "UTC"). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Checks that span several variables; run on the raw environment so they always report. */
function crossCheck(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const token = env.DISCORD_TOKEN?.trim();
  if (token && !env.DISCORD_CLIENT_ID?.trim() && !clientIdFromToken(token)) {
    problems.push("DISCORD_CLIENT_ID: required when DISCORD_TOKEN is set");
  }
  // Only a count the schema accepts is compared with; it reports any other itself.
  const count = shardCountOf(env.SHARD_COUNT);
  const list = env.SHARD_LIST?.trim();
  if (count !== null && list && /^\d+(\s*,\s*\d+)*$/.test(list)) {
    const outside = list
      .split(",")
      .map((id) => Number(id.trim()))
      .filter((id) => id >= count);
    if (outside.length > 0) {
      problems.push(
        `SHARD_LIST: shard ids must be below SHARD_COUNT (${count}); got ${outside.join(", ")}`,
      );
    }
  }
  const poller = env.FEED_POLLER_SHARD?.trim();
  if (count !== null && poller && /^\d+$/.test(poller)) {
    if (Number(poller) >= count) {
      problems.push(
        `FEED_POLLER_SHARD: must be below SHARD_COUNT (${count}), or "none"; no shard ${poller} would check the feeds`,
      );
    }
  }
  return problems;
}

/** Thrown when the environment is invalid; the message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `- ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Each schema problem as `VARIABLE: what is wrong`. */
function schemaProblems(error: z.ZodError | undefined): string[] {
  return (error?.issues ?? []).map((issue) => {
    const key = issue.path.map(String).join(".") || "environment";
    return `${key}: ${issue.message}`;
  });
}

/** The ranking settings the environment replaces (see {@link Config.ranking}). */
function rankingOf(recencyHalfLifeDays: string | undefined): Config["ranking"] {
  return recencyHalfLifeDays === undefined
    ? {}
    : { recencyHalfLifeDays: Number(recencyHalfLifeDays) };
}

/** What `npm run ask` takes from the environment: the library and how it is ranked. */
export type LibraryConfig = Pick<Config, "contentDir" | "ranking">;

/**
 * The library settings alone, read as {@link loadConfig} reads them, so the command line
 * answers as the bot does; the bot's other variables are not its business and not checked.
 * Throws a {@link ConfigError} listing every problem.
 */
export function loadLibraryConfig(env: NodeJS.ProcessEnv): LibraryConfig {
  const parsed = schema.pick({ CONTENT_DIR: true, RECENCY_HALF_LIFE_DAYS: true }).safeParse(env);
  if (!parsed.success) throw new ConfigError(schemaProblems(parsed.error));
  return {
    contentDir: parsed.data.CONTENT_DIR,
    ranking: rankingOf(parsed.data.RECENCY_HALF_LIFE_DAYS),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = schema.safeParse(env);
  const problems = [...schemaProblems(parsed.error), ...crossCheck(env)];
  if (!parsed.success || problems.length > 0) {
    const token = env.DISCORD_TOKEN?.trim();
    // Belt and braces: a message must never carry the token, whatever produced it.
    throw new ConfigError(
      problems.map((problem) => (token ? problem.split(token).join("[redacted]") : problem)),
    );
  }
  const env_ = parsed.data;
  const token = env_.DISCORD_TOKEN ?? null;
  return {
    discordToken: token,
    discordClientId: env_.DISCORD_CLIENT_ID ?? (token ? clientIdFromToken(token) : null),
    discordGuildId: env_.DISCORD_GUILD_ID ?? null,
    contentDir: env_.CONTENT_DIR,
    logLevel: env_.LOG_LEVEL,
    logFormat: env_.LOG_FORMAT,
    cooldownSeconds: env_.COOLDOWN_SECONDS === undefined ? 3 : Number(env_.COOLDOWN_SECONDS),
    timeZone: env_.TIME_ZONE ?? "UTC",
    dataDir: env_.DATA_DIR,
    ranking: rankingOf(env_.RECENCY_HALF_LIFE_DAYS),
    discordApiUrl: env_.DISCORD_API_URL ?? null,
    healthPort: env_.HEALTH_PORT === undefined ? null : Number(env_.HEALTH_PORT),
    healthHost: env_.HEALTH_HOST,
    shardCount:
      env_.SHARD_COUNT === undefined
        ? null
        : env_.SHARD_COUNT === "auto"
          ? "auto"
          : Number(env_.SHARD_COUNT),
    shardList:
      env_.SHARD_LIST === undefined
        ? null
        : env_.SHARD_LIST.split(",").map((id) => Number(id.trim())),
    shardStartTimeoutSeconds:
      env_.SHARD_START_TIMEOUT_SECONDS === undefined
        ? DEFAULT_SHARD_START_TIMEOUT_SECONDS
        : Number(env_.SHARD_START_TIMEOUT_SECONDS),
    feeds: {
      stateDir: env_.DATA_DIR,
      intervalMinutes:
        env_.FEED_INTERVAL_MINUTES === undefined ? 15 : Number(env_.FEED_INTERVAL_MINUTES),
      pollerShard: env_.FEED_POLLER_SHARD === "none" ? null : Number(env_.FEED_POLLER_SHARD ?? "0"),
      announceChannelId: env_.FEED_ANNOUNCE_CHANNEL_ID ?? null,
      allowLoopback: env_.FETCH_ALLOW_LOOPBACK === "true",
    },
  };
}
