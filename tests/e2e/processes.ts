/**
 * Runs citebot's own entry points (`src/index.ts`, `src/deploy.ts`, `src/shard.ts`) as child
 * processes, the way `npm start` and friends do, and collects what they print.
 */
import { spawn } from "node:child_process";
import type { ChildProcessByStdio } from "node:child_process";
import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import type { FakeDiscord } from "../fakeDiscord/index.ts";
import { SEED_ARTICLE } from "./harness.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** A new temporary content folder holding the seed article (the caller removes it). */
export async function seededContentDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `citebot-${name}-`));
  await copyFile(SEED_ARTICLE, path.join(dir, path.basename(SEED_ARTICLE)));
  return dir;
}

/** The variables that point the bot at the fake Discord. */
export function fakeDiscordEnv(fake: FakeDiscord): Record<string, string> {
  return {
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
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
  const child = spawn(process.execPath, ["--import", "tsx", script], {
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
