/**
 * Graceful shutdown of the real process (`npm start`): SIGTERM while an answer is still being
 * sent lets it finish, closes the gateway and the health endpoint, and exits 0.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { expect, it } from "vitest";
import { ask } from "./harness.ts";
import { botEnv, startScript, useFakeDiscord, type ScriptProcess } from "./processes.ts";

const setup = useFakeDiscord("shutdown");

/** A port nothing listens on now: the system's pick for a server closed again at once. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The address of the health endpoint, from the bot's "listening" log line ("" before it). */
function healthUrlOf(bot: ScriptProcess): string {
  const listening = bot
    .stderr()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { message?: string; url?: string })
    .find((entry) => entry.message === "health endpoint listening");
  return listening?.url ?? "";
}

it("SIGTERM during an answer: the answer is delivered, everything closes, exit 0", async () => {
  const { fake, contentDir } = setup;
  const bot = startScript("src/index.ts", {
    ...botEnv(fake, contentDir),
    HEALTH_PORT: String(await freePort()),
  });
  const { child, exited } = bot;
  try {
    await fake.waitForReady(0, 15_000);
    await fake.waitForRequest((r) => r.method === "PUT", 10_000);
    const healthUrl = healthUrlOf(bot);
    expect(healthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${healthUrl}/healthz`)).status).toBe(200);

    // The first attempt at the reply is rate limited, so the answer is still in flight
    // (waiting to retry) when the signal arrives.
    fake.failNext((r) => r.method === "POST" && r.path.endsWith("/callback"), {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 0.5, global: false },
    });
    const interaction = ask(fake, "What did Poland agree to?");
    const callback = `/interactions/${interaction.id}/${interaction.token}/callback`;
    await fake.waitForRequest((r) => r.path === callback && r.status === 429, 5000);
    child.kill("SIGTERM");

    const delivered = await fake.waitForRequest((r) => r.path === callback && r.status < 300, 5000);
    const body = delivered.body as { data?: { embeds?: Array<{ description?: string }> } };
    expect(String(body.data?.embeds?.[0]?.description)).toContain("**Poland**");

    expect(await exited).toBe(0);
    expect(bot.stderr()).toContain('"message":"finishing answers in flight"');
    expect(bot.stderr()).toContain('"message":"disconnected from Discord"');
    expect(bot.stderr()).toContain('"message":"shut down"');
    // The answer's log line was written before the process stopped.
    expect(bot.stderr()).toMatch(/"message":"interaction".*"outcome":"ok"/);
    expect(fake.connections()).toBe(0);
    await expect(fetch(`${healthUrl}/healthz`)).rejects.toThrow();
    expect(bot.stderr()).not.toContain(fake.token);
  } catch (err) {
    process.stderr.write(bot.stderr());
    throw err;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}, 30_000);

it("SIGTERM while Discord's gateway cannot be reached: the start stops waiting, exit 0", async () => {
  const { fake, contentDir } = setup;
  const restore = fake.gatewayOutage();
  const since = fake.requests.length;
  const bot = startScript("src/index.ts", botEnv(fake, contentDir));
  try {
    // The bot is logging in: it has asked where the gateway is, which does not answer.
    await fake.waitForRequest(
      (r) => fake.requests.indexOf(r) >= since && r.path === "/gateway/bot",
      15_000,
    );
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).toContain('"message":"shut down"');
  } catch (err) {
    process.stderr.write(bot.stderr());
    throw err;
  } finally {
    restore();
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  }
}, 30_000);

it("before the articles are read: /healthz says unavailable, and SIGTERM stops it, exit 0", async () => {
  const { fake } = setup;
  // Enough articles that the first build takes a while.
  const bigDir = await mkdtemp(path.join(tmpdir(), "citebot-shutdown-big-"));
  for (let i = 0; i < 4_000; i++) {
    const text = `date 2024-01-01\nThe regional council number ${i} met to discuss the harbour budget and the ferry timetable for the coming winter season.\n`;
    await writeFile(path.join(bigDir, `council-${i}.txt`), text);
  }
  const bot = startScript("src/index.ts", {
    ...botEnv(fake, bigDir),
    DATA_DIR: path.join(bigDir, ".data"),
    HEALTH_PORT: String(await freePort()),
  });
  try {
    await fake.waitUntil(
      () => bot.stderr().includes('"message":"word relations loaded"'),
      15_000,
      "the word relations loaded",
    );
    // A supervisor asking meanwhile hears that the bot is starting, not a refused connection.
    const health = await fetch(`${healthUrlOf(bot)}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "unavailable", articles: 0 });
    expect(bot.stderr()).not.toContain('"message":"library loaded"');
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);
    expect(bot.stderr()).toContain('"message":"shutting down before the start was complete"');
  } catch (err) {
    process.stderr.write(bot.stderr());
    throw err;
  } finally {
    if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await rm(bigDir, { recursive: true, force: true });
  }
}, 60_000);
