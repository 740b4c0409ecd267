import { spawn } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeDiscord } from "../fakeDiscord/index.ts";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import { SEED_ARTICLE, answerOf, ask, embedOf } from "./harness.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
let fake: FakeDiscord;
let contentDir: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  contentDir = await mkdtemp(path.join(tmpdir(), "citebot-process-"));
  await copyFile(SEED_ARTICLE, path.join(contentDir, path.basename(SEED_ARTICLE)));
});

afterAll(async () => {
  await fake?.close();
  await rm(contentDir, { recursive: true, force: true });
});

it("npm start connects, answers, and exits 0 on SIGTERM", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "src/index.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      CONTENT_DIR: contentDir,
      COOLDOWN_SECONDS: "0",
      LOG_FORMAT: "json",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  try {
    await fake.waitForReady(0, 15_000);
    await fake.waitForRequest((r) => r.method === "PUT", 10_000);
    const message = await answerOf(fake, ask(fake, "What did Poland agree to?"));
    expect(String(embedOf(message).description)).toContain("**Poland**");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toContain('"message":"shutting down"');
    // The token never reaches the log.
    expect(stderr).not.toContain(fake.token);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}, 30_000);

it("npm run deploy overwrites the guild's commands in one PUT", async () => {
  const guildId = "1000000000000000001";
  const child = spawn(process.execPath, ["--import", "tsx", "src/deploy.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: fake.token,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_GUILD_ID: guildId,
      DISCORD_API_URL: fake.apiUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code).toBe(0);
  expect(stdout).toContain(`Registered 6 commands for guild ${guildId}`);
  const put = await fake.waitForRequest(
    (r) =>
      r.method === "PUT" &&
      r.path === `/applications/${fake.applicationId}/guilds/${guildId}/commands`,
  );
  expect((put.body as unknown[]).length).toBe(6);
}, 30_000);
