/**
 * SIGHUP to the real process (`npm start`): `kill -HUP`, `systemctl reload`, or the terminal
 * it runs in closing. The bot reads its articles again, as /reload does, and runs on.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import { answerOf, ask, embedOf } from "./harness.ts";
import { botEnv, ROOT, startScript, useFakeDiscord } from "./processes.ts";

const setup = useFakeDiscord("hangup");

/** The log lines of `output` with this message. */
function logged(output: string, message: string): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.message === message);
}

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it("SIGHUP reads the articles again and the bot runs on; SIGTERM still stops it", async () => {
  const { fake, contentDir } = setup;
  const bot = startScript("src/index.ts", botEnv(fake, contentDir));
  const { child, exited } = bot;
  try {
    await fake.waitForReady(0, 15_000);
    child.kill("SIGHUP");
    await until(() => logged(bot.stderr(), "library reloaded on SIGHUP").length === 1, "a reload");
    // Nothing changed since the start: nothing was read again.
    expect(logged(bot.stderr(), "library reloaded on SIGHUP")[0]).toMatchObject({
      ok: true,
      unchanged: true,
    });
    expect(child.exitCode).toBeNull();
    const message = await answerOf(fake, ask(fake, "What did Poland agree to?"));
    expect(String(embedOf(message).description)).toContain("**Poland**");

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  } catch (err) {
    process.stderr.write(bot.stderr());
    throw err;
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
}, 30_000);

/** Whether util-linux's `script`, which runs a command on a terminal of its own, is here. */
const hasScript = spawnSync("script", ["--version"]).status === 0;

it.skipIf(!hasScript)(
  "a bot started in a terminal keeps answering once the terminal is closed",
  async () => {
    const { fake, contentDir } = setup;
    const pidFile = path.join(contentDir, "..", `citebot-hangup-${process.pid}.pid`);
    // The bot runs on a terminal of its own (`script`), and writes its process id down.
    const command = `echo $$ > '${pidFile}'; exec '${process.execPath}' --import tsx src/index.ts`;
    const terminal = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...botEnv(fake, contentDir), LOG_FORMAT: "pretty" },
      stdio: ["pipe", "ignore", "ignore"],
    });
    let pid: number | null = null;
    const identified = fake.identifies.length;
    try {
      await fake.waitUntil(
        () => fake.identifies.length > identified && fake.connections() === 1,
        15_000,
        "the bot to connect",
      );
      pid = Number((await readFile(pidFile, "utf8")).trim());
      const before = fake.requests.length;
      // Closing the terminal: the bot gets SIGHUP, and its log lines have nowhere to go.
      terminal.kill("SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 500));
      const message = await answerOf(fake, ask(fake, "What did Poland agree to?"));
      expect(String(embedOf(message).description)).toContain("**Poland**");
      expect(fake.requests.length).toBeGreaterThan(before);
      expect(isRunning(pid)).toBe(true);
      process.kill(pid, "SIGTERM");
      await until(() => !isRunning(pid!), "the bot to stop");
      expect(fake.connections()).toBe(0);
    } finally {
      if (terminal.exitCode === null) terminal.kill("SIGKILL");
      if (pid !== null && isRunning(pid)) process.kill(pid, "SIGKILL");
      await rm(pidFile, { force: true });
    }
  },
  30_000,
);

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
