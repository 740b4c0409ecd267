/**
 * Runs citebot's own entry points (`src/index.ts`, `src/deploy.ts`, `src/shard.ts`) as child
 * processes, the way `npm start` and friends do, and collects what they print.
 */
import { spawn } from "node:child_process";
import type { ChildProcessByStdio } from "node:child_process";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll } from "vitest";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import type { FakeDiscord } from "../fakeDiscord/index.ts";
import { SEED_ARTICLE } from "./harness.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A new temporary content folder holding the seed article (the caller removes it). */
export async function seededContentDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `citebot-${name}-`));
  await copyFile(SEED_ARTICLE, path.join(dir, path.basename(SEED_ARTICLE)));
  return dir;
}

/**
 * For a test file: starts a fake Discord and a seeded content folder before its tests and
 * removes both after them. Read the fields inside the tests.
 */
export function useFakeDiscord(name: string): { fake: FakeDiscord; contentDir: string } {
  const setup = {} as { fake: FakeDiscord; contentDir: string };
  beforeAll(async () => {
    setup.fake = await startFakeDiscord();
    setup.contentDir = await seededContentDir(name);
  });
  afterAll(async () => {
    await setup.fake?.close();
    if (setup.contentDir) await rm(setup.contentDir, { recursive: true, force: true });
  });
  return setup;
}

/** The variables that point the bot at the fake Discord. */
export function fakeDiscordEnv(fake: FakeDiscord): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
  };
}

/** The environment of a bot process answering from `contentDir`: no cooldown, JSON logs. */
export function botEnv(fake: FakeDiscord, contentDir: string): Record<string, string> {
  return {
    ...fakeDiscordEnv(fake),
    CONTENT_DIR: contentDir,
    COOLDOWN_SECONDS: "0",
    LOG_FORMAT: "json",
  };
}

export interface ScriptProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Standard output and standard error, interleaved as they arrived. */
  output(): string;
}

/** Starts `script` (relative to the repository) with only PATH and `env` in its environment. */
export function startScript(script: string, env: Record<string, string>): ScriptProcess {
  return startNode(["--import", "tsx", script], env);
}

/** Starts `node` with `args` in the repository, with only PATH and `env` in its environment. */
export function startNode(args: readonly string[], env: Record<string, string>): ScriptProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    output += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    output += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, exited, stdout: () => stdout, stderr: () => stderr, output: () => output };
}
