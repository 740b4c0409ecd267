import { rm } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeDiscord } from "../fakeDiscord/index.ts";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import { answerOf, ask, embedOf } from "./harness.ts";
import { fakeDiscordEnv, seededContentDir, startScript } from "./processes.ts";

let fake: FakeDiscord;
let contentDir: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  contentDir = await seededContentDir("process");
});

afterAll(async () => {
  await fake?.close();
  await rm(contentDir, { recursive: true, force: true });
});

it("npm start connects, answers, and exits 0 on SIGTERM", async () => {
  const bot = startScript("src/index.ts", {
    ...fakeDiscordEnv(fake),
    CONTENT_DIR: contentDir,
    COOLDOWN_SECONDS: "0",
    LOG_FORMAT: "json",
  });
  try {
    await fake.waitForReady(0, 15_000);
    await fake.waitForRequest((r) => r.method === "PUT", 10_000);
    const message = await answerOf(fake, ask(fake, "What did Poland agree to?"));
    expect(String(embedOf(message).description)).toContain("**Poland**");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).toContain('"message":"shutting down"');
    // The token never reaches the log.
    expect(bot.stderr()).not.toContain(fake.token);
  } finally {
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  }
}, 30_000);

it("npm run deploy overwrites the guild's commands in one PUT", async () => {
  const guildId = "1000000000000000001";
  const deploy = startScript("src/deploy.ts", {
    ...fakeDiscordEnv(fake),
    DISCORD_GUILD_ID: guildId,
  });
  expect(await deploy.exited).toBe(0);
  expect(deploy.stdout()).toContain(`Registered 6 commands for guild ${guildId}`);
  const put = await fake.waitForRequest(
    (r) =>
      r.method === "PUT" &&
      r.path === `/applications/${fake.applicationId}/guilds/${guildId}/commands`,
  );
  expect((put.body as unknown[]).length).toBe(6);
}, 30_000);
