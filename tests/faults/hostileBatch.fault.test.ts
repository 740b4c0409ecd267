/**
 * The hostile batch: every hostile question (tools/bench/discordQuestions.ts) asked over a
 * folder holding the seed article, four good articles and six kinds of broken file. Every
 * question gets its answer, each within seconds, and the good articles all load.
 */
import { copyFile, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerForTerminal } from "../../src/cli/answerText.ts";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { buildLibrary } from "../../src/core/library.ts";
import { hostileQuestions } from "../../tools/bench/discordQuestions.ts";

const SEED = path.resolve(
  import.meta.dirname,
  "../../content/2026-02-03-korea-poland-security-talks.txt",
);
/** No question may take longer than this (the batch used to produce nothing in 120 s). */
const MAX_QUESTION_MS = 10_000;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-batch-"));
  await copyFile(SEED, path.join(dir, path.basename(SEED)));
  for (let i = 1; i <= 4; i++) {
    await writeFile(
      path.join(dir, `good-${i}.txt`),
      `date 2026-01-0${i}\nGood article ${i} about the walrus colony. Researchers counted ${i}00 animals.\n`,
    );
  }
  await writeFile(path.join(dir, "random.txt"), randomBytes(4000));
  await writeFile(path.join(dir, "empty.txt"), "");
  await writeFile(path.join(dir, "impossible-date.txt"), "date 2026-02-30\nBody.\n");
  await writeFile(path.join(dir, "bad-yaml.md"), "---\ntitle: [unclosed\n---\nBody.\n");
  await writeFile(path.join(dir, "long-line.txt"), `date 2026-01-01\n${"word ".repeat(600_000)}\n`);
  await symlink("/etc/passwd", path.join(dir, "outside.txt"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the hostile batch over broken files", () => {
  it("answers every question within seconds", async () => {
    const loaded = await loadLibrary(dir);
    const ids = loaded.articles.map((article) => article.id);
    for (let i = 1; i <= 4; i++) expect(ids).toContain(`good-${i}`);
    expect(ids).toContain("2026-02-03-korea-poland-security-talks");
    const library = buildLibrary(loaded.articles);
    const questions = hostileQuestions();
    let slowest = 0;
    for (const question of questions) {
      const started = performance.now();
      const text = answerForTerminal(library, question);
      slowest = Math.max(slowest, performance.now() - started);
      expect(text.length).toBeGreaterThan(0);
    }
    expect(slowest).toBeLessThan(MAX_QUESTION_MS);
  });
});
