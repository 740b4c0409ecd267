/**
 * Articles are read only from inside the content folder. The loader's own tests cover the
 * rules (tests/loadLibrary.test.ts: links pointing outside are ignored with a warning, links
 * inside are followed); this checks the end result through the bot: text behind a link that
 * leaves the folder is never quoted or listed.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { answerOf, ask, embedOf, slash } from "../e2e/harness.ts";
import type { BotUnderTest } from "../faults/harness.ts";
import { startBotUnderTest } from "../faults/harness.ts";

let b: BotUnderTest;
let outside: string;

beforeAll(async () => {
  outside = await mkdtemp(path.join(tmpdir(), "citebot-outside-"));
  await writeFile(
    path.join(outside, "secret.txt"),
    "date 2026-01-01\nThe vault combination is kept by the quartermaster Zebulon Quigley.\n",
  );
  await mkdir(path.join(outside, "more"));
  await writeFile(
    path.join(outside, "more", "secret2.txt"),
    "date 2026-01-02\nZebulon Quigley also keeps the armoury keys.\n",
  );
  b = await startBotUnderTest({ debounceMs: null });
  await symlink(path.join(outside, "secret.txt"), path.join(b.contentDir, "leak.txt"));
  await symlink(path.join(outside, "more"), path.join(b.contentDir, "leakdir"));
  const result = await b.context.library.reload();
  expect(result.problems.map((p) => p.file).sort()).toEqual(["leak.txt", "leakdir"]);
});

afterAll(async () => {
  await b?.close();
  await rm(outside, { recursive: true, force: true });
});

it("never quotes or lists a file reached through a link that leaves the content folder", async () => {
  const answer = await answerOf(b.fake, ask(b.fake, "Who is Zebulon Quigley?"));
  // The reply may repeat the question's own names ("No article mentions Zebulon or
  // Quigley."), never the linked files' text.
  expect(String(answer.content)).toMatch(/^Nothing in the articles answers that\./);
  expect(answer.embeds ?? []).toEqual([]);
  expect(JSON.stringify(answer)).not.toMatch(/vault|armoury/);
  const list = await answerOf(b.fake, slash(b.fake, "articles"));
  expect(String(embedOf(list).description)).not.toMatch(/Quigley|vault|armoury/);
  expect(b.context.library.current.articles.map((a) => a.id)).not.toContain("leak");
});
