/**
 * The latest-first reward: for a question about the current state ("what's the latest on
 * the strike?", "is it still closed?"), the sentences that answer well enough (relevance at
 * least `latestRelevanceShare` of the best) come newest article first. Sentences of one
 * day keep their order; the rest follow as they were.
 */
import { NO_DAY } from "../passageIndex.ts";
import type { SentenceReward } from "./sentenceRewards.ts";

export const latestReward: SentenceReward = {
  name: "latest: the newest answering article first, when the question asks for it",
  bonusFor(context, question, ranked) {
    const top = ranked[0];
    if (!question.wantsLatest || top === undefined) return null;
    const days = context.index.articleDay;
    let best = 0;
    for (const sentence of ranked) best = Math.max(best, sentence.relevance);
    const floor = context.settings.latestRelevanceShare * best;
    const answering = ranked.filter((sentence) => sentence.relevance >= floor);
    const dated = answering
      .map((sentence) => days[sentence.article] ?? NO_DAY)
      .filter((day) => day !== NO_DAY);
    if (dated.length === 0) return null;
    const oldest = Math.min(...dated);
    // Each day newer lifts a sentence above every score of the day before, so the answering
    // sentences sort by day first, then by score; undated ones come after the dated.
    const step = top.score * 2;
    return (sentence) => {
      if (sentence.relevance < floor) return 0;
      const day = days[sentence.article] ?? NO_DAY;
      return day === NO_DAY ? step : step * (day - oldest + 2);
    };
  },
};
