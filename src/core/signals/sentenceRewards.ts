/**
 * Sentence rewards: signals that move sentences within the ranked set, after every
 * sentence has its score. Each reward is one file exporting a {@link SentenceReward},
 * listed in {@link SENTENCE_REWARDS}, with its strength in the ranking settings.
 */
import type { SearchContext } from "../pipeline/context.ts";
import type { Question } from "../pipeline/question.ts";
import type { RankedSentence } from "../pipeline/rankSentences.ts";
import { answerTypeReward } from "./answerTypeReward.ts";
import { latestReward } from "./latestReward.ts";

/** A signal that adds to the scores of some ranked sentences. */
export interface SentenceReward {
  /** What the reward favours, for the core's map (src/core/README.md). */
  readonly name: string;
  /**
   * What to add to each sentence's score (ranked best first), or null when the reward has
   * nothing to say about the question.
   */
  bonusFor(
    context: SearchContext,
    question: Question,
    ranked: readonly RankedSentence[],
  ): ((sentence: RankedSentence) => number) | null;
}

/** Every sentence reward, applied in turn. */
export const SENTENCE_REWARDS: readonly SentenceReward[] = [answerTypeReward, latestReward];

/** The ranked sentences with every reward added, best first again. */
export function applySentenceRewards(
  context: SearchContext,
  question: Question,
  ranked: RankedSentence[],
): RankedSentence[] {
  let current = ranked;
  for (const reward of SENTENCE_REWARDS) {
    const bonus = reward.bonusFor(context, question, current);
    if (bonus === null) continue;
    current = current
      .map((sentence) => ({ ...sentence, score: sentence.score + bonus(sentence) }))
      .sort((a, b) => b.score - a.score || a.article - b.article || a.sentence - b.sentence);
  }
  return current;
}
