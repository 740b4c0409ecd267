/**
 * The content folder goes away or turns into a file, an article is caught half-written, an
 * article is deleted while the library is being read: the bot keeps answering from the last
 * good library and the problem is logged (and reported by /reload).
 */
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SEED_ARTICLE, answerOf, ask, embedOf, slash } from "../e2e/harness.ts";
import type { BotUnderTest } from "./harness.ts";
import { PLAIN_ARTICLES, logLine, startBotUnderTest } from "./harness.ts";

let b: BotUnderTest;
let seedText: Buffer;
const SEED = path.basename(SEED_ARTICLE);
const QUESTION = "What did South Korea and Poland agree on security?";

beforeAll(async () => {
  seedText = await readFile(SEED_ARTICLE);
  b = await startBotUnderTest();
});

afterAll(async () => {
  await b?.close();
});

beforeEach(async () => {
  // Every test starts from the intact folder and a library that matches it.
  await rename(`${b.contentDir}.away`, b.contentDir).catch(() => undefined);
  if (!(await stat(b.contentDir)).isDirectory()) {
    await rm(b.contentDir, { force: true });
    await mkdir(b.contentDir);
  }
  await writeFile(path.join(b.contentDir, SEED), seedText);
  for (const [name, text] of Object.entries(PLAIN_ARTICLES)) {
    await writeFile(path.join(b.contentDir, name), text);
  }
  const result = await b.context.library.reload();
  expect(result).toMatchObject({ ok: true, articleCount: 3, problems: [] });
  b.logs.length = 0;
  b.rawLogs.length = 0;
});

async function answersPoland(): Promise<void> {
  const message = await answerOf(b.fake, ask(b.fake, QUESTION));
  expect(String(embedOf(message).description)).toContain("**Poland**");
}

async function reloadAsManager(): Promise<string> {
  const message = await answerOf(
    b.fake,
    slash(b.fake, "reload", [], {
      member_permissions: (
        PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel
      ).toString(),
    }),
  );
  return String(message.content);
}

describe("the content folder becomes unreadable", () => {
  it("keeps answering when the folder is moved away, and says so on /reload", async () => {
    const count = b.context.library.current.articles.length;
    await rename(b.contentDir, `${b.contentDir}.away`);
    const summary = await reloadAsManager();
    expect(summary).toContain(
      `The articles could not be read, so the previous ${count} stay in use.`,
    );
    expect(summary).toContain("ENOENT");
    const logged = await logLine(
      b,
      (entry) => entry.message === "library reload failed; still serving the previous library",
    );
    expect(logged.level).toBe("error");
    expect(logged.articles).toBe(count);
    await answersPoland();

    await rename(`${b.contentDir}.away`, b.contentDir);
    // The folder is back as it was when the library in use was read.
    expect(await reloadAsManager()).toMatch(
      new RegExp(`^Nothing changed since the articles were last read: ${count} articles in use\\.`),
    );
  });

  it("keeps answering when the folder is replaced by a file", async () => {
    const count = b.context.library.current.articles.length;
    await rm(b.contentDir, { recursive: true, force: true });
    await writeFile(b.contentDir, "not a folder any more\n");
    const summary = await reloadAsManager();
    expect(summary).toContain(
      `The articles could not be read, so the previous ${count} stay in use.`,
    );
    const logged = await logLine(
      b,
      (entry) => entry.message === "library reload failed; still serving the previous library",
    );
    expect(logged.reason).toContain("expected a folder");
    expect(b.context.library.current.articles).toHaveLength(count);
    await answersPoland();
  });
});

describe("an article is caught half-written", () => {
  it.each([
    ["empty (just created)", (text: Buffer) => text.subarray(0, 0)],
    [
      "cut inside a multi-byte character",
      (text: Buffer) => text.subarray(0, text.indexOf(Buffer.from("’")) + 1),
    ],
  ])("keeps its last good version while it is %s", async (_name, cut) => {
    await writeFile(path.join(b.contentDir, SEED), cut(seedText));
    const summary = await reloadAsManager();
    expect(summary).toMatch(/^Reloaded: \d+ articles\. 1 problem:/);
    expect(summary).toContain(SEED);
    const logged = await logLine(b, (entry) => entry.message === "library loaded");
    expect(logged.level).toBe("warn");
    expect(logged.keptFromBefore).toBe(1);
    expect(JSON.stringify(logged.problems)).toContain(`error: ${SEED}`);
    await answersPoland();
  });
});

describe("an article is deleted during a reload", () => {
  it("never loses the other articles, and the deleted one goes once the folder settles", async () => {
    const doomed = path.join(b.contentDir, "2026-03-01-lighthouse.txt");
    const text = "date 2026-03-01\nThe old lighthouse on Gull Island was restored by volunteers.\n";
    for (let round = 0; round < 15; round++) {
      await writeFile(doomed, text);
      const reloading = b.context.library.reload();
      // Deleted while the reload reads the folder (the exact moment varies by round).
      await new Promise((resolve) => setTimeout(resolve, round % 3));
      await unlink(doomed);
      const result = await reloading;
      expect(result.ok).toBe(true);
      expect(b.context.library.current.search(QUESTION).length).toBeGreaterThan(0);
      for (const problem of result.problems) {
        expect(problem.file).toBe("2026-03-01-lighthouse.txt");
        expect(problem.message).toMatch(/ENOENT/);
      }
    }
    await answersPoland();
    const settled = await b.context.library.reload();
    expect(settled.problems).toEqual([]);
    expect(b.context.library.current.getArticle("2026-03-01-lighthouse")).toBeUndefined();
  });
});
