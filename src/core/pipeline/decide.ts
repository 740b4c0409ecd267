/**
 * Stage 4: deciding whether the library answers at all. A sentence answers only when
 *  - its article holds the question's subject (a name it writes, or a word rare in
 *    English) by some alternative, since an article without what the question is about cannot
 *    answer it ("What year did Tesla die?" with no article on Tesla); and
 *  - the words around it and its article together account for enough of the question's
 *    information (`minEvidence`).
 */
import type { SearchContext } from "./context.ts";
import type { Question, TermGroup } from "./question.ts";
import type { RankedSentence } from "./rankSentences.ts";

/**
 * The groups a question is about: the words it writes as names, else its words rare in
 * everyday English (rarity at least `subjectRarity`); 0 when it has neither, and then only
 * the evidence threshold decides.
 */
export function subjectMask(context: SearchContext, question: Question): number {
  const groups = question.groups.list;
  const names = maskOf(groups, (group) => group.isName);
  if (names !== 0) return names;
  return maskOf(groups, (group) => group.rarity >= context.settings.subjectRarity);
}

function maskOf(groups: readonly TermGroup[], test: (group: TermGroup) => boolean): number {
  let mask = 0;
  groups.forEach((group, g) => {
    if (test(group)) mask |= 1 << g;
  });
  return mask;
}

/** The subject words no article holds in any form, as typed. */
export function missingSubjects(question: Question, mask: number): string[] {
  return question.groups.list.flatMap((group, g) =>
    mask & (1 << g) && group.alternatives.length === 0 ? [group.typed] : [],
  );
}

/** The ranked sentences that answer the question (see the stage's rules above). */
export function answeringSentences(
  context: SearchContext,
  question: Question,
  ranked: readonly RankedSentence[],
): RankedSentence[] {
  const subject = context.settings.requireSubject > 0 ? subjectMask(context, question) : 0;
  const { minEvidence } = context.settings;
  return ranked.filter(
    (sentence) =>
      (subject === 0 || (sentence.articleMask & subject) !== 0) &&
      sentence.coverage + sentence.articleCoverage >= minEvidence,
  );
}
