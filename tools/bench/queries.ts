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
