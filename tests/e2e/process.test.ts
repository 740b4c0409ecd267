import { expect, it } from "vitest";
import { answerOf, ask, embedOf } from "./harness.ts";
import { botEnv, fakeDiscordEnv, startScript, useFakeDiscord } from "./processes.ts";

const setup = useFakeDiscord("process");

it("npm start connects, answers, and exits 0 on SIGTERM", async () => {
  const { fake, contentDir } = setup;
  const bot = startScript("src/index.ts", botEnv(fake, contentDir));
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
  const { fake } = setup;
  const guildId = "1000000000000000001";
  const deploy = startScript("src/deploy.ts", {
    ...fakeDiscordEnv(fake),
    DISCORD_GUILD_ID: guildId,
  });
  expect(await deploy.exited).toBe(0);
  expect(deploy.stdout()).toContain(`Registered 8 commands for guild ${guildId}`);
  const put = await fake.waitForRequest(
    (r) =>
      r.method === "PUT" &&
      r.path === `/applications/${fake.applicationId}/guilds/${guildId}/commands`,
  );
  expect((put.body as unknown[]).length).toBe(8);
}, 30_000);
