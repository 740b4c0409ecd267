/** Runs a set of questions through a search system, judging and timing every answer. */
import type { Hit, Outcome } from "./judge.ts";
import { judge, cutoffFor } from "./judge.ts";
import { latency, summarize, type Latency, type Summary } from "./metrics.ts";
import type { Question } from "./questions.ts";

/** When a question is asked: `asOf` is the day (`YYYY-MM-DD`); unset, no day and the whole library. */
export interface AskedAt {
  asOf?: string;
}

/** Anything that answers a question with ranked hits: the library, or a baseline. */
export interface SearchSystem {
  readonly name: string;
  /** Systems that know no dates (the baselines) ignore `asked`. */
  search(query: string, top: number, asked?: AskedAt): readonly Hit[];
}

/**
 * When questions are asked: `then`, on the day a question carries (`asked`), from the
 * library as it stood that day; `today`, on today's date (`EvalOptions.today`), so "this
 * week" means this week, as it would for someone asking now.
 */
export type Moment = "then" | "today";

export interface EvalOptions {
  /** Judge every answerable question at this K instead of its own. */
  at?: number;
  /** Results asked for per question, for MRR (default 10; never fewer than K). */
  depth?: number;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
  /** When the questions are asked; unset, with no day at all. */
  moment?: Moment;
  /** Today's date (`YYYY-MM-DD`) for questions asked `today`; default the current UTC date. */
  today?: string;
}

/** The current UTC date as `YYYY-MM-DD`. */
export function currentDate(): string {
  return new Date().toISOString().slice(0, 10);
}

/** When one question is asked at a moment: its own day then, today's date today. */
function askedAt(question: Question, options: EvalOptions): AskedAt {
  if (options.moment === "today") return { asOf: options.today ?? currentDate() };
  if (options.moment === "then" && question.asked !== undefined) return { asOf: question.asked };
  return {};
}

export interface EvalRun {
  outcomes: Outcome[];
  summary: Summary;
  /** Time per question, in milliseconds. */
  latency: Latency;
  /** The time of each question, in order, in milliseconds. */
  times: number[];
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
    const asked = askedAt(question, options);
    const started = now();
    const hits = system.search(question.q, top, asked);
    times.push(now() - started);
    outcomes.push(judge(question, hits, options.at));
  }
  return { outcomes, summary: summarize(outcomes), latency: latency(times), times };
}
