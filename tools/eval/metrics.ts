/** Figures over many judged questions, and latency percentiles. */
import { isRightAtK, type Outcome } from "./judge.ts";

export interface Summary {
  questions: number;
  /** Questions with an answer in the library (quote- and article-level). */
  answerable: number;
  /** Answerable questions right within their cutoff K. */
  rightAtK: number;
  /** Answerable questions whose first result is right. */
  rightAt1: number;
  /** Mean reciprocal rank over answerable questions (0 for a question with no right result). */
  mrr: number;
  /** Answerable questions that got no results at all: false refusals. */
  refused: number;
  /** Unanswerable questions, and how many of them got no results (the others are false answers). */
  none: number;
  noneUnanswered: number;
  /** The distinct cutoffs used, ascending. */
  cutoffs: number[];
}

export function summarize(outcomes: readonly Outcome[]): Summary {
  let answerable = 0;
  let rightAtK = 0;
  let rightAt1 = 0;
  let reciprocal = 0;
  let refused = 0;
  let none = 0;
  let noneUnanswered = 0;
  const cutoffs = new Set<number>();
  for (const outcome of outcomes) {
    if (outcome.kind === "none") {
      none++;
      if (isRightAtK(outcome)) noneUnanswered++;
      continue;
    }
    answerable++;
    if (outcome.results === 0) refused++;
    cutoffs.add(outcome.k);
    if (isRightAtK(outcome)) rightAtK++;
    if (outcome.rank === 1) rightAt1++;
    if (outcome.rank !== null) reciprocal += 1 / outcome.rank;
  }
  return {
    questions: outcomes.length,
    answerable,
    rightAtK,
    rightAt1,
    mrr: answerable === 0 ? 0 : reciprocal / answerable,
    refused,
    none,
    noneUnanswered,
    cutoffs: [...cutoffs].sort((a, b) => a - b),
  };
}

export interface Latency {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentile of ascending `sorted` values (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** Latency figures in the unit of `samples` (milliseconds throughout this project). */
export function latency(samples: readonly number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? 0 : total / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}
