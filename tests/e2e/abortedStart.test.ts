/**
 * A start stopped before its connection to Discord was made (a stop signal while the bot
 * signs in): the connection it had begun still opens, and is then closed at once, so the
 * bot takes no question that the process's exit would cut off.
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { StartAborted } from "../../src/discord/bot.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakeDiscord/index.ts";
import { SEED_ARTICLE, startCitebot } from "./harness.ts";

let fake: FakeDiscord | null = null;
let contentDir: string | null = null;

afterEach(async () => {
  await fake?.close();
  if (contentDir !== null) await rm(contentDir, { recursive: true, force: true });
});

it("closes the connection a stopped start had begun, once it opens", async () => {
  fake = await startFakeDiscord();
  contentDir = await mkdtemp(path.join(tmpdir(), "citebot-aborted-"));
  await copyFile(SEED_ARTICLE, path.join(contentDir, path.basename(SEED_ARTICLE)));
  // Stopped before the sign-in it begins has got anywhere.
  const stop = new AbortController();
  stop.abort();
  await expect(
    startCitebot({
      fake,
      contentDir,
      debounceMs: null,
      onLogLine: () => undefined,
      startSignal: stop.signal,
    }),
  ).rejects.toBeInstanceOf(StartAborted);
  await vi.waitFor(() => expect(fake?.identifies).toHaveLength(1), { timeout: 10_000 });
  await vi.waitFor(() => expect(fake?.connections()).toBe(0), { timeout: 10_000 });
});
