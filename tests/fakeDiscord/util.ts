import { randomBytes } from "node:crypto";

/** A loosely typed JSON object, as received from or sent to the bot. */
export type Json = Record<string, unknown>;

/** Discord's epoch (2015-01-01T00:00:00.000Z), used for snowflakes. */
export const DISCORD_EPOCH = 1420070400000n;

let increment = 0n;

/** Generates a fresh snowflake whose timestamp is "now". */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** Random URL-safe token, the way interaction tokens look. */
export function randomToken(bytes = 48): string {
  return randomBytes(bytes).toString("base64url");
}

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Which shard receives events for a guild, per Discord's sharding formula. */
export function shardForGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}
