/**
 * Articles at the edges of what Discord accepts — very long titles and links — still get
 * their /article card and /help, within Discord's limits (the fake rejects anything over).
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Harness } from "./harness.ts";
import { callbackOf, embedOf, slash, startHarness } from "./harness.ts";

const LONG_URL = `https://news.example.com/${"story-".repeat(200)}`;
/** A title made of capitalised words only, so help names all of it as one topic. */
const LONG_TITLE = Array.from({ length: 500 }, (_, i) => `Harbour${i}`).join(" ");

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await writeFile(
    path.join(h.contentDir, "2030-01-01-long-link.md"),
    `---\ntitle: Ferry timetable changes\ndate: 2030-01-01\nurl: ${LONG_URL}\n---\nThe ferry will leave at seven from March, the harbour office said.\n`,
  );
  await writeFile(
    path.join(h.contentDir, "2030-01-02-long-title.md"),
    `---\ntitle: ${LONG_TITLE}\ndate: 2030-01-02\n---\nThe harbour board met on Tuesday.\n`,
  );
  const reloaded = await h.context.library.reload();
  expect(reloaded.problems).toEqual([]);
});

afterAll(async () => {
  await h?.close();
});

it("/article shows an article whose link is too long for an embed field", async () => {
  const reply = await callbackOf(
    h.fake,
    slash(h.fake, "article", [{ name: "title", type: 3, value: "2030-01-01-long-link" }]),
  );
  expect(reply.type).toBe(4);
  const fields = embedOf(reply.data).fields as Array<{ name: string; value: string }>;
  expect(fields.find((field) => field.name === "Link")?.value).toBe("too long to show");
});

it("/help keeps example questions short when the newest title is very long", async () => {
  const reply = await callbackOf(h.fake, slash(h.fake, "help"));
  expect(reply.type).toBe(4);
  const description = String(embedOf(reply.data).description);
  expect(description).toContain("What do the articles say about Harbour0 Harbour1");
  const examples = description.split("\n").filter((line) => line.startsWith("- `/ask question:"));
  for (const line of examples) expect(line.length).toBeLessThan(200);
});
