/**
 * The bot token never reaches a log line, an error shown to a user, or crash output. A known,
 * realistically shaped token is fed in, errors carrying it are provoked, and everything the
 * bot wrote is searched for it.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../src/discord/command.ts";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import { answerOf, ask, callbackOf, slash } from "../e2e/harness.ts";
import { seededContentDir, startScript } from "../e2e/processes.ts";
import type { BotUnderTest } from "../faults/harness.ts";
import { logLine, startBotUnderTest } from "../faults/harness.ts";

const BOT_ID = "900000000000000001";

/** A token shaped like Discord's: base64 user id, timestamp part, HMAC part. */
function realisticToken(): string {
  return [
    Buffer.from(BOT_ID).toString("base64url"),
    randomBytes(5).toString("base64url").slice(0, 6),
    randomBytes(29).toString("base64url").slice(0, 38),
  ].join(".");
}

const TOKEN = realisticToken();

/** A command whose failure drags the token along in every way an error can carry text. */
const leaky: Command = {
  data: { name: "leaky", description: "Fails with the token in its error" },
  execute(_interaction, context) {
    context.logger.warn(`about to fail for ${TOKEN}`, {
      config: { token: TOKEN, nested: [{ header: `Bot ${TOKEN}` }] },
    });
    const cause = new Error(`upstream said Authorization: Bot ${TOKEN}`);
    return Promise.reject(new Error(`request with ${TOKEN} failed`, { cause }));
  },
};

let b: BotUnderTest;

beforeAll(async () => {
  b = await startBotUnderTest({ fake: { token: TOKEN }, extraCommands: [leaky] });
});

afterAll(async () => {
  await b?.close();
});

describe("in the running bot", () => {
  it("keeps the token out of every log line and every message, whatever fails", async () => {
    // 1. A command whose error, cause and log fields hold the token.
    const failed = await callbackOf(b.fake, slash(b.fake, "leaky"));
    expect(JSON.stringify(failed)).not.toContain(TOKEN);
    await logLine(b, (entry) => entry.message === "interaction failed");
    // 2. Discord rejects the reply (401) and then the error notice (500s).
    b.fake.failNext((r) => r.path.endsWith("/callback"), {
      status: 401,
      body: { code: 0, message: "401: Unauthorized" },
    });
    b.fake.failNext((r) => r.path.endsWith("/callback"), { status: 500 }, 4);
    ask(b.fake, "What did Poland agree to?");
    await logLine(b, (entry) => entry.message === "could not tell the user about an error");
    // 3. An error event from the Discord client.
    b.bot.client.emit("error", new Error(`socket closed for ${TOKEN}`));
    await logLine(b, (entry) => entry.message === "discord client error");
    // Still answering.
    await answerOf(b.fake, ask(b.fake, "What did Poland agree to?"));

    expect(b.rawLogs.length).toBeGreaterThan(5);
    for (const line of b.rawLogs) expect(line).not.toContain(TOKEN);
    expect(b.rawLogs.join("\n")).toContain("[redacted]");
    // Nothing the bot sent to Discord carries it either.
    for (const request of b.fake.requests) {
      expect(JSON.stringify(request.body ?? null)).not.toContain(TOKEN);
    }
  });
});

describe("in the process's output", () => {
  let contentDir: string;

  beforeAll(async () => {
    contentDir = await seededContentDir("token");
  });

  afterAll(async () => {
    await rm(contentDir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>) =>
    startScript("src/index.ts", { CONTENT_DIR: contentDir, COOLDOWN_SECONDS: "0", ...env });

  it("a rejected token: the start-up failure does not print it", async () => {
    // Discord knows a different token, so logging in fails and the process exits.
    const fake = await startFakeDiscord();
    try {
      const proc = run({
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        LOG_LEVEL: "debug",
      });
      const code = await Promise.race([
        proc.exited,
        new Promise<string>((resolve) => setTimeout(() => resolve("still running"), 20_000)),
      ]);
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
      expect(code).toBe(1);
      expect(proc.output()).toMatch(/failed to start|invalid token|401/i);
      expect(proc.output()).not.toContain(TOKEN);
    } finally {
      await fake.close();
    }
  }, 30_000);

  it("errors while running, in the human-readable log format, do not print it", async () => {
    const fake = await startFakeDiscord({ token: TOKEN });
    const proc = run({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      LOG_FORMAT: "pretty",
      LOG_LEVEL: "debug",
    });
    try {
      // Registering commands fails, then a reply and its error notice fail.
      fake.failNext((r) => r.method === "PUT", {
        status: 401,
        body: { code: 0, message: "401: Unauthorized" },
      });
      await fake.waitForReady(0, 15_000);
      fake.failNext((r) => r.path.endsWith("/callback"), { status: 500 }, 8);
      ask(fake, "What did Poland agree to?");
      await fake.waitUntil(
        () => proc.output().includes("could not tell the user"),
        10_000,
        "the failure to be logged",
      );
      proc.child.kill("SIGTERM");
      expect(await proc.exited).toBe(0);
      expect(proc.output()).toContain("registering commands failed");
      expect(proc.output()).not.toContain(TOKEN);
    } finally {
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
      await fake.close();
    }
  }, 30_000);
});
