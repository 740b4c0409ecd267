import { expect, it } from "vitest";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import { answerOf, ask, embedOf } from "./harness.ts";
import { botEnv, fakeDiscordEnv, startNode, startScript, useFakeDiscord } from "./processes.ts";

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

it("npm start runs the bot compiled to JavaScript, compiling it first after a change", async () => {
  const { contentDir } = setup;
  // A Discord of its own, whose first READY is this bot's.
  const fake = await startFakeDiscord();
  // What `npm start` runs: the launcher compiles to dist/ unless that build is current.
  const bot = startNode(["bin/run.mjs", "src/index.ts"], botEnv(fake, contentDir));
  try {
    await fake.waitForReady(0, 150_000);
    const message = await answerOf(fake, ask(fake, "What did Poland agree to?"));
    expect(String(embedOf(message).description)).toContain("**Poland**");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    // It ran the compiled bot and its compiled build worker, not the sources.
    expect(bot.stderr()).not.toContain("through tsx");
    expect(bot.stderr()).toMatch(/"message":"library loaded"/);
  } finally {
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await fake.close();
  }
  // A build that is current is used as it is.
  const check = startNode(["bin/run.mjs", "--build"], {});
  expect(await check.exited).toBe(0);
  expect(check.stderr()).not.toContain("compiling");
}, 200_000);

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
