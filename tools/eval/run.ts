/** Runs a set of questions through a search system, judging and timing every answer. */
import type { Hit, Outcome } from "./judge.ts";
import { judge, cutoffFor } from "./judge.ts";
import { latency, summarize, type Latency, type Summary } from "./metrics.ts";
import type { Question } from "./questions.ts";

/** Anything that answers a question with ranked hits: the library, or a baseline. */
export interface SearchSystem {
  readonly name: string;
  search(query: string, top: number): readonly Hit[];
}

export interface EvalOptions {
  /** Judge every answerable question at this K instead of its own. */
  at?: number;
  /** Results asked for per question, for MRR (default 10; never fewer than K). */
  depth?: number;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

export interface EvalRun {
  outcomes: Outcome[];
  summary: Summary;
  /** Time per question, in milliseconds. */
  latency: Latency;
}

/** Results asked for when a question does not need more. */
export const DEFAULT_DEPTH = 10;

export function evaluate(
  system: SearchSystem,
  questions: readonly Question[],
  options: EvalOptions = {},
): EvalRun {
  const now = options.now ?? (() => performance.now());
  const outcomes: Outcome[] = [];
  const times: number[] = [];
  for (const question of questions) {
    const top = Math.max(options.depth ?? DEFAULT_DEPTH, cutoffFor(question, options.at));
    const started = now();
    const hits = system.search(question.q, top);
    times.push(now() - started);
    outcomes.push(judge(question, hits, options.at));
  }
  return { outcomes, summary: summarize(outcomes), latency: latency(times) };
}
