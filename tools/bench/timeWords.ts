/**
 * What reading a question's time words costs (`readTime`, chrono-node underneath): per
 * question over dated question sets, each read at its own `asked` day, and on hostile
 * 2,000-character questions made of nothing but dates, numbers and weekday names.
 * `npx tsx tools/bench/timeWords.ts [FILE.jsonl ...]` (default: the news question sets).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { MAX_TIME_TEXT, readTime } from "../../src/core/time.ts";
import { isMainModule } from "../../src/cli/args.ts";
import { formatMs, formatTable, type Column } from "../eval/table.ts";
import type { BenchTable } from "./section.ts";
import { count, timeQueries } from "./timing.ts";

/** The moment hostile questions, and questions without `asked`, are read at (a Sunday). */
const BENCH_MOMENT = "2026-03-29";

/** Hostile questions: each pattern repeated to the longest question read. */
const HOSTILE_PATTERNS: Readonly<Record<string, string>> = {
  "slash dates": "12/12/12 ",
  "bare numbers": "1 ",
  "weekdays and joins": "last Monday and ",
  "month names": "in March ",
  "mixed dates": "on 3 March 2024 since last week, 2 weeks ago, ",
  "ISO days": "2024-03-03 ",
  "clock times": "10:30 ",
  "years after in": "in 2022 ",
};

/** How many times each hostile question is read (the slowest reading is reported too). */
const HOSTILE_ROUNDS = 5;

function hostileQuestion(pattern: string): string {
  return pattern.repeat(Math.ceil(MAX_TIME_TEXT / pattern.length)).slice(0, MAX_TIME_TEXT);
}

const COLUMNS: Column[] = [
  { title: "questions" },
  { title: "p50", align: "right" },
  { title: "p99 / slowest", align: "right" },
];

/** The time-words table for questions asked at their own moments. */
export function timeWordsTable(
  label: string,
  questions: readonly { q: string; asked: string }[],
): BenchTable {
  const byText = new Map(questions.map((question) => [question.q, question.asked]));
  const ordinary = timeQueries(
    (text) => readTime(text, byText.get(text) ?? BENCH_MOMENT),
    questions.map((question) => question.q),
  );
  const rows = [
    [`${label} (${count(ordinary.count)})`, formatMs(ordinary.p50), formatMs(ordinary.p99)],
  ];
  for (const [name, pattern] of Object.entries(HOSTILE_PATTERNS)) {
    const text = hostileQuestion(pattern);
    const times = timeQueries(
      () => readTime(text, BENCH_MOMENT),
      Array<string>(HOSTILE_ROUNDS).fill(text),
      1,
    );
    rows.push([`2,000 characters of ${name}`, formatMs(times.p50), formatMs(times.p99)]);
  }
  return {
    title: "Reading time words (readTime)",
    columns: COLUMNS,
    rows,
    notes: [
      "Wall-clock milliseconds per question on a shared machine; hostile rows read the same",
      `${count(MAX_TIME_TEXT)}-character question ${HOSTILE_ROUNDS} times after one warm-up.`,
    ],
  };
}

/** Questions with their `asked` days from a JSON-lines file. */
function readDatedQuestions(file: string): { q: string; asked: string }[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { q: string; asked?: string })
    .map(({ q, asked }) => ({ q, asked: asked ?? BENCH_MOMENT }));
}

if (isMainModule(import.meta.url)) {
  const shared = path.resolve(import.meta.dirname, "../../../shared/eval/news");
  const files = process.argv.slice(2);
  const chosen =
    files.length > 0
      ? files
      : [path.join(shared, "questions-dev.jsonl"), path.join(shared, "quotes-dev.jsonl")];
  for (const file of chosen) {
    const table = timeWordsTable(path.basename(file), readDatedQuestions(file));
    const lines = [
      table.title,
      "",
      ...formatTable(table.columns, table.rows),
      ...(table.notes ?? []),
    ];
    console.log(`${lines.join("\n")}\n`);
  }
}
