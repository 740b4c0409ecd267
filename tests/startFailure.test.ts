/**
 * A bot that cannot start says why in its log format: with LOG_FORMAT=json, standard error
 * stays one JSON object a line to the end, failure included, and never holds the token.
 */
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededContentDir, startScript } from "./e2e/processes.ts";

/** Shaped like a Discord token: base64 of a bot id, then two more parts. */
const TOKEN = `${Buffer.from("900000000000000001").toString("base64url")}.abcdef.${"x".repeat(38)}`;

let contentDir: string;
let taken: Server;

beforeAll(async () => {
  contentDir = await seededContentDir("start-failure");
  // A port something else listens on: the health endpoint cannot have it.
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  await rm(contentDir, { recursive: true, force: true });
});

/** Every line of the output as JSON: fails the test on a line that is not. */
function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("a start that fails, with LOG_FORMAT=json", () => {
  it("logs the failure as one JSON line, without the token, and exits 1", async () => {
    const bot = startScript("src/index.ts", {
      CONTENT_DIR: contentDir,
      LOG_FORMAT: "json",
      DISCORD_TOKEN: TOKEN,
      // Never reached: the health endpoint starts first, and fails.
      DISCORD_API_URL: "http://127.0.0.1:9",
      HEALTH_PORT: String((taken.address() as AddressInfo).port),
    });
    expect(await bot.exited).toBe(1);
    const lines = jsonLines(bot.stderr());
    expect(lines.at(-1)).toMatchObject({
      level: "error",
      message: "citebot failed to start",
      err: { code: "EADDRINUSE" },
    });
    expect(bot.output()).not.toContain(TOKEN);
  }, 60_000);

  it("names its shard in a shard process of npm run start:sharded", async () => {
    const shard = startScript("src/index.ts", {
      CONTENT_DIR: contentDir,
      LOG_FORMAT: "json",
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: "http://127.0.0.1:9",
      HEALTH_PORT: String((taken.address() as AddressInfo).port),
      // As the sharding manager starts shard 1.
      SHARDING_MANAGER: "true",
      SHARD_LIST: "1",
      SHARD_COUNT: "2",
    });
    expect(await shard.exited).toBe(1);
    expect(jsonLines(shard.stderr()).at(-1)).toMatchObject({
      message: "citebot failed to start",
      shard: 1,
      err: { code: "EADDRINUSE" },
    });
  }, 60_000);

  it("logs an unusable configuration as one JSON line listing its problems", async () => {
    const bot = startScript("src/index.ts", {
      LOG_FORMAT: "json",
      DISCORD_TOKEN: TOKEN,
      SHARD_COUNT: "0",
      COOLDOWN_SECONDS: "soon",
    });
    expect(await bot.exited).toBe(1);
    expect(jsonLines(bot.stderr())).toEqual([
      expect.objectContaining({
        level: "error",
        message: "invalid configuration",
        problems: [
          "COOLDOWN_SECONDS: must be a number of seconds from 0 to 3600",
          'SHARD_COUNT: must be a whole number from 1 to 10000, or "auto"',
        ],
      }),
    ]);
    expect(bot.output()).not.toContain(TOKEN);
  }, 60_000);
});
