/**
 * Output piped to a reader that stops early (`npm run validate-content | head -1`,
 * `npm start | head`): the program ends quietly with code 0, without an EPIPE stack trace.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, seededContentDir } from "./e2e/processes.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-reader-stops-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Stopped {
  code: number | null;
  stderr: string;
}

/**
 * Runs a script of the repository with `input` on standard input and stops reading its
 * standard output after the first chunk, as `| head -1` does.
 */
function runUntilFirstOutput(
  args: readonly string[],
  env: Record<string, string>,
  input = "",
): Promise<Stopped> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  child.stdout.once("data", () => child.stdout.destroy());
  child.stdin.on("error", () => undefined);
  child.stdin.end(input);
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stderr })));
}

describe("a reader that stops early", () => {
  it("ends validate-content quietly", async () => {
    const content = path.join(dir, "undated");
    await mkdir(content);
    // Each file is listed as a problem: far more lines than a pipe holds.
    for (let i = 0; i < 2000; i++) {
      await writeFile(path.join(content, `a${i}.txt`), `no date here ${i}\n`);
    }
    const run = await runUntilFirstOutput(["src/cli/validateContent.ts", "--content", content], {});
    expect(run.stderr).not.toContain("EPIPE");
    expect(run.code).toBe(0);
    // An article that had to be skipped still fails the check, report cut short or not.
    await writeFile(path.join(content, "empty.txt"), "");
    const failed = await runUntilFirstOutput(
      ["src/cli/validateContent.ts", "--content", content],
      {},
    );
    expect(failed.stderr).not.toContain("EPIPE");
    expect(failed.code).toBe(1);
  }, 60_000);

  it("ends the offline console quietly", async () => {
    const content = await seededContentDir("reader-stops");
    try {
      const questions = "Who is Robert Kupiecki?\n".repeat(300);
      const run = await runUntilFirstOutput(
        ["src/index.ts"],
        { CONTENT_DIR: content, DATA_DIR: path.join(dir, "data") },
        questions,
      );
      expect(run.stderr).not.toContain("EPIPE");
      expect(run.code).toBe(0);
    } finally {
      await rm(content, { recursive: true, force: true });
    }
  }, 60_000);
});
