/**
 * The answer-type reward: a sentence holding the kind of answer the question asks for (a
 * year for "when", a number for "how many", a name for "who") moves up by
 * `answerTypeBonus` of the best score.
 */
import { holdsAnswerType } from "../answerType.ts";
import { sentenceText } from "../pipeline/quotes.ts";
import type { SentenceReward } from "./sentenceRewards.ts";

export const answerTypeReward: SentenceReward = {
  name: "answer type: sentences holding a year, a number or a name, as asked",
  bonusFor(context, question, ranked) {
    const best = ranked[0]?.score ?? 0;
    const type = question.answerType;
    if (type === null || best <= 0) return null;
    const bonus = context.settings.answerTypeBonus * best;
    const asked = new Set(question.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    return (sentence) => {
      const text = sentenceText(context, sentence.article, sentence.sentence);
      return holdsAnswerType(type, text, asked) ? bonus : 0;
    };
  },
};
