import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ANSWERS_FILE,
  RecentAnswers,
  SavedAnswers,
  openAnswerMemory,
  type RememberedAnswer,
} from "../src/discord/answerMemory.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-answers-"));
});
afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const ANSWER: RememberedAnswer = {
  question: "What did South Korea and Poland agree about security on the Korean Peninsula?",
  articleIds: ["2026-02-03-korea-poland-security-talks"],
  offset: 3,
  when: { asOf: "2026-03-30", since: "2026-02-01" },
};

const failOnError = (err: unknown): never => {
  throw err;
};

describe("answers kept on disk", () => {
  it("are recalled by a store opened afresh on the same folder, as after a restart", () => {
    const first = SavedAnswers.open(dir, failOnError);
    const key = first.remember(ANSWER);
    first.close();
    const again = SavedAnswers.open(dir, failOnError);
    expect(again.recall(key)).toEqual(ANSWER);
    expect(again.recall("unknown")).toBeUndefined();
    again.close();
  });

  it("give every answer its own key that fits a custom id", () => {
    const store = SavedAnswers.open(dir, failOnError);
    const keys = new Set(Array.from({ length: 500 }, () => store.remember(ANSWER)));
    expect(keys.size).toBe(500);
    for (const key of keys) expect(key).toMatch(/^[\w-]{8}$/);
    store.close();
  });

  it("forget the oldest beyond their capacity", () => {
    const store = SavedAnswers.open(dir, failOnError, {
      capacity: 3,
      pruneEvery: 2,
      busyTimeoutMs: 50,
    });
    const keys = Array.from({ length: 6 }, () => store.remember(ANSWER));
    // Pruned at the 2nd, 4th and 6th answer: the newest three are kept.
    expect(keys.map((key) => store.recall(key) !== undefined)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
    store.close();
  });

  it("forget a row the file holds in another shape instead of failing", () => {
    const store = SavedAnswers.open(dir, failOnError);
    const key = store.remember(ANSWER);
    store.close();
    const db = new Database(path.join(dir, ANSWERS_FILE));
    db.prepare("UPDATE answers SET article_ids = 'not json' WHERE key = ?").run(key);
    db.close();
    const again = SavedAnswers.open(dir, failOnError);
    expect(again.recall(key)).toBeUndefined();
    again.close();
  });

  it("keep answers in memory when the folder cannot hold the file, and say why", async () => {
    const notAFolder = path.join(dir, "file");
    await writeFile(notAFolder, "");
    const errors: unknown[] = [];
    const memory = openAnswerMemory(notAFolder, (err) => errors.push(err));
    expect(memory).toBeInstanceOf(RecentAnswers);
    expect(errors).toHaveLength(1);
    const key = memory.remember(ANSWER);
    expect(memory.recall(key)).toEqual(ANSWER);
  });

  it("keep an answer in memory when writing it fails, and say so", () => {
    const errors: unknown[] = [];
    const store = SavedAnswers.open(dir, (err) => errors.push(err));
    // Another process holding the database's write lock past the short wait.
    const other = new Database(path.join(dir, ANSWERS_FILE));
    other.exec("BEGIN EXCLUSIVE");
    const key = store.remember(ANSWER);
    expect(errors).toHaveLength(1);
    expect(store.recall(key)).toEqual(ANSWER);
    other.exec("ROLLBACK");
    other.close();
    store.close();
  });
});

describe("answers kept in memory", () => {
  it("forget the oldest beyond their capacity", () => {
    const memory = new RecentAnswers(2);
    const first = memory.remember(ANSWER);
    const second = memory.remember(ANSWER);
    const third = memory.remember(ANSWER);
    expect(memory.recall(first)).toBeUndefined();
    expect(memory.recall(second)).toEqual(ANSWER);
    expect(memory.recall(third)).toEqual(ANSWER);
  });
});
