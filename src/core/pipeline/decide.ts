/**
 * Stage 4: deciding whether the library answers at all. A sentence answers only when
 *  - its article holds most of the question's subject (the names it writes and its words
 *    rare in English, weighed by their information), since an article without what the question is about cannot
 *    answer it ("What year did Tesla die?" with no article on Tesla); and
 *  - the words around it and its article together account for enough of the question's
 *    information (`minEvidence`), and the passage itself scores at least `minRelevance`.
 */
import type { SearchContext } from "./context.ts";
import type { Question, TermGroup } from "./question.ts";
import type { RankedSentence } from "./rankSentences.ts";
import { groupIdf } from "./understand.ts";

/**
 * The groups a question is about: the words it writes as names and the words rare in
 * everyday English (rarity at least `subjectRarity`); 0 when it has neither, and then only
 * the evidence threshold decides.
 */
export function subjectMask(context: SearchContext, question: Question): number {
  const { subjectRarity } = context.settings;
  return maskOf(question.groups.list, (group) => group.isName || group.rarity >= subjectRarity);
}

function maskOf(groups: readonly TermGroup[], test: (group: TermGroup) => boolean): number {
  let mask = 0;
  groups.forEach((group, g) => {
    if (test(group)) mask |= 1 << g;
  });
  return mask;
}

/** The information (IDF) of each group, the units the subject's share is counted in. */
function groupIdfs(context: SearchContext, question: Question): number[] {
  return question.groups.list.map((group) => groupIdf(context, group));
}

/** The share of the subject's information that `mask` holds. */
function subjectShare(idfs: readonly number[], subject: number, mask: number): number {
  let held = 0;
  let total = 0;
  idfs.forEach((value, g) => {
    if (!(subject & (1 << g))) return;
    total += value;
    if (mask & (1 << g)) held += value;
  });
  return total === 0 ? 1 : held / total;
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
  const idfs = groupIdfs(context, question);
  const { minSubjectShare } = context.settings;
  const holdsSubject = (mask: number): boolean =>
    subject === 0 || subjectShare(idfs, subject, mask) >= minSubjectShare;
  const { minPassageCoverage } = context.settings;
  return ranked.filter(
    (sentence) =>
      holdsSubject(sentence.articleStrongMask) &&
      sentence.coverage >= minPassageCoverage &&
      sentence.relevance >= context.settings.minRelevance &&
      sentence.coverage + sentence.articleCoverage >= minEvidence,
  );
}
