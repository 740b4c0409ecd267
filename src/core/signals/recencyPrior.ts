/**
 * The recency prior: of articles about the same thing, the newer one is more likely what a
 * question asked at a given moment wants ("when will the tram line open?" after the opening
 * was postponed). It multiplies an article's score by at most 1 + `recencyStrength`, halving
 * the bonus every `recencyHalfLifeDays` days of age, so it reorders articles of similar
 * relevance without overriding relevance. Undated articles, and questions without a moment,
 * are left as they are.
 */
import { NO_DAY } from "../passageIndex.ts";
import type { ArticlePrior } from "./articlePriors.ts";

/** Ages (in days) whose factor is remembered within one question: ten years. */
const AGES_REMEMBERED = 3660;

export const recencyPrior: ArticlePrior = {
  name: "recency: newer articles first among equals",
  factorFor(context, question) {
    const { recencyHalfLifeDays, recencyStrength } = context.settings;
    const moment = question.moment;
    if (moment === null || !(recencyHalfLifeDays > 0) || !(recencyStrength > 0)) return null;
    const days = context.index.articleDay;
    // Articles share days: each age's factor is worked out once per question.
    const byAge = new Float64Array(AGES_REMEMBERED);
    const factorAt = (age: number): number =>
      1 + recencyStrength * 2 ** (-age / recencyHalfLifeDays);
    return (article) => {
      const day = days[article] ?? NO_DAY;
      if (day === NO_DAY) return 1;
      const age = Math.max(0, moment - day);
      if (age >= AGES_REMEMBERED) return factorAt(age);
      return (byAge[age] ||= factorAt(age));
    };
  },
};
