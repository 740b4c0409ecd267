/** Query texts for latency figures. */
import type { Question } from "../eval/questions.ts";
import { addTypo } from "../eval/typos.ts";

/**
 * Every question as written, then a typo'd version of each (typo seed 1, 2, ...) until
 * there are at least `min` queries. Questions without a word long enough for a typo are
 * repeated as written.
 */
export function benchQueries(questions: readonly Question[], min: number): string[] {
  if (questions.length === 0) return [];
  const queries = questions.map((question) => question.q);
  for (let seed = 1; queries.length < min; seed++) {
    for (const question of questions) {
      queries.push(addTypo(question.q, seed)?.text ?? question.q);
    }
  }
  return queries;
}

/** Typo seeds from here on are never among the timed queries (see {@link warmUpQueries}). */
const WARM_UP_SEED = 1_000;

/**
 * Queries to run before timing, so figures are about the search and not about compiling
 * it: each question with a typo no timed query has, so no per-question work done while
 * warming up is reused by the timed ones.
 */
export function warmUpQueries(questions: readonly Question[]): string[] {
  return questions.map((question) => addTypo(question.q, WARM_UP_SEED)?.text ?? question.q);
}
