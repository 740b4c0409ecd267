/**
 * How many shards to run and which: SHARD_COUNT or Discord's recommendation (GET
 * /gateway/bot), SHARD_LIST or all of them, and how long to wait between two shards.
 */
import { Routes } from "discord.js";
import type { Config } from "./config.ts";

const DISCORD_API = "https://discord.com/api";
/** Discord allows `max_concurrency` IDENTIFYs per 5 s; the manager's own default wait. */
const IDENTIFY_WAIT_MS = 5_500;

export interface GatewayInfo {
  /** Discord's recommended number of shards. */
  shards: number;
  /** How many shards may identify at the same time. */
  maxConcurrency: number;
}

/** GET /gateway/bot from the configured API (Discord's own unless DISCORD_API_URL is set). */
export async function fetchGatewayInfo(
  config: Pick<Config, "discordApiUrl" | "discordToken">,
): Promise<GatewayInfo> {
  const url = `${config.discordApiUrl ?? DISCORD_API}/v10${Routes.gatewayBot()}`;
  const response = await fetch(url, {
    headers: { authorization: `Bot ${config.discordToken ?? ""}` },
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 401) throw new Error("Discord rejected DISCORD_TOKEN (401)");
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}`);
  const body = (await response.json()) as {
    shards?: number;
    session_start_limit?: { max_concurrency?: number };
  };
  return {
    shards: Math.max(1, body.shards ?? 1),
    maxConcurrency: Math.max(1, body.session_start_limit?.max_concurrency ?? 1),
  };
}

/** The highest TCP port. */
const MAX_PORT = 65_535;

/**
 * The shard count and ids to run: configured ones win over Discord's recommendation. Throws
 * when SHARD_LIST names shards beyond the count, or HEALTH_PORT leaves no port for one.
 */
export function planShards(
  config: Pick<Config, "shardCount" | "shardList"> & Partial<Pick<Config, "healthPort">>,
  gateway: GatewayInfo | null,
): { total: number; ids: number[]; delayMs: number } {
  const total =
    typeof config.shardCount === "number" ? config.shardCount : (gateway?.shards ?? null);
  if (total === null) throw new Error("the recommended shard count could not be fetched");
  const ids = [...new Set(config.shardList ?? [...Array(total).keys()])].sort((a, b) => a - b);
  const outside = ids.filter((id) => id >= total);
  if (outside.length > 0) {
    throw new Error(`SHARD_LIST has ids beyond the ${total} shards: ${outside.join(", ")}`);
  }
  // Each shard's health endpoint listens on HEALTH_PORT plus its id.
  const highest = ids[ids.length - 1] ?? 0;
  if (config.healthPort != null && config.healthPort + highest > MAX_PORT) {
    throw new Error(
      `HEALTH_PORT ${config.healthPort} leaves no port for shard ${highest}: each shard's health endpoint listens on HEALTH_PORT plus its id, which must be at most ${MAX_PORT}`,
    );
  }
  // Shards identify one after another; the wait is needed only beyond max_concurrency.
  const delayMs = gateway && gateway.maxConcurrency >= ids.length ? 0 : IDENTIFY_WAIT_MS;
  return { total, ids, delayMs };
}
