/**
 * The product's own example questions (`../shared/eval/seed-questions.jsonl`) must all be
 * answered right from `content/`, by the rules of `../shared/eval/README.md`.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLibrary } from "../src/content/loadLibrary.ts";
import { buildLibrary } from "../src/core/library.ts";
import type { Library } from "../src/core/types.ts";
import { cutoffFor, isRightAtK, judge } from "../tools/eval/judge.ts";
import { parseQuestions } from "../tools/eval/questions.ts";

const REPO = path.resolve(import.meta.dirname, "..");
const SHARED = path.resolve(REPO, "../shared");
const QUESTIONS = path.join(SHARED, "eval", "seed-questions.jsonl");

function readQuestionFile(): string {
  if (!existsSync(QUESTIONS)) {
    throw new Error(
      `The seed questions are missing: expected ${QUESTIONS} (the shared folder next to the repository).`,
    );
  }
  return readFileSync(QUESTIONS, "utf8");
}

const parsed = parseQuestions(readQuestionFile());

let library: Library;

beforeAll(async () => {
  const loaded = await loadLibrary(path.join(REPO, "content"));
  expect(loaded.problems).toEqual([]);
  library = buildLibrary(loaded.articles);
});

describe("seed questions", () => {
  it("are all well formed", () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.questions.length).toBeGreaterThan(0);
  });

  it.each(parsed.questions.map((question) => [question.q, question] as const))(
    "%s",
    (_q, question) => {
      const k = cutoffFor(question);
      const results = library.search(question.q, { top: k });
      const outcome = judge(question, results);
      const shown = results.map((result) => `[${result.article.date}] ${result.quote}`);
      expect(isRightAtK(outcome), `top ${k} results:\n${shown.join("\n")}`).toBe(true);
    },
  );
});
