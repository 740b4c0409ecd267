/**
 * Stage 4: deciding whether the library answers at all. It answers when one sentence does,
 * and then every ranked sentence of an article that holds the question's subject may be
 * quoted, in the ranking's order. A sentence answers only when
 *  - its article holds most of the question's subject (the names it writes and its words
 *    rare in English, weighed by their information), since an article without what the question is about cannot
 *    answer it ("What year did Tesla die?" with no article on Tesla), and none when a name
 *    it writes is in no article at all; or the question names every word of its title,
 *    which says what it is about ("Steam engine" for "…the steam engine indicator?"). When its only names say where (a country or its
 *    people: "Which US state…"), an article holding most of its rare words is about it too;
 *    and
 *  - the words around it and its article together account for enough of the question's
 *    information (`minEvidence`), and the passage itself scores at least `minRelevance`, or
 *    `minRelevanceUntitled` when no article the question matches has a title naming any
 *    of it;
 * or when the passage writes, word for word, what the question quotes in quotation marks
 * (four words or more).
 */
import { isNationalityWord, isPlaceName } from "../nationalities.ts";
import type { SearchContext } from "./context.ts";
import { MAX_TERM_GROUPS, type Question, type TermGroup } from "./question.ts";
import type { RankedSentence } from "./rankSentences.ts";
import { groupIdf } from "./understand.ts";
import { titleTerms } from "./writtenTerms.ts";
import { sentenceText } from "./quotes.ts";
import { foldText } from "../text.ts";

/**
 * The groups a question is about: the words it writes as names, else its words rare in
 * everyday English (rarity at least `subjectRarity`); 0 when it has neither, and then only
 * the evidence threshold decides.
 */
export function subjectMask(context: SearchContext, question: Question): number {
  const names = maskOf(question.groups.list, (group) => group.isName);
  return names !== 0 ? names : rareWordMask(context, question);
}

/** The groups of the question's words (not names) rare in everyday English. */
function rareWordMask(context: SearchContext, question: Question): number {
  const { subjectRarity } = context.settings;
  return maskOf(question.groups.list, (group) => !group.isName && group.rarity >= subjectRarity);
}

/**
 * When every name the question writes names a country or its people ("Which US state…",
 * "Which American restaurant chain…"), its words rare in everyday English: an article
 * may be about the question's subject without writing where it happened. 0 otherwise.
 */
function whatBesidesPlaces(context: SearchContext, question: Question): number {
  const names = question.groups.list.filter((group) => group.isName);
  const onlyPlaces =
    names.length > 0 && names.every((group) => isPlaceName(group.typed.toLowerCase()));
  return onlyPlaces ? rareWordMask(context, question) : 0;
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

/**
 * The group of each term that, in a title, names that group of the question: its strong
 * alternatives, and the forms the lexicon derives from a word that is no name ("pharmacy"
 * for "pharmacists"). A nationality word is named by its country only: "Who led the Polish
 * delegation?" is about an article on Poland, while "Which American company…" is not about
 * the American Broadcasting Company.
 */
function titleGroupOfTerm(context: SearchContext, question: Question): Map<number, number> {
  const groupOfTerm = new Map<number, number>();
  question.groups.list.forEach((group, g) => {
    const nationality = isNationalityWord(group.typed.toLowerCase());
    for (const alternative of group.alternatives) {
      if (alternative.weight < context.settings.strongMatchWeight) continue;
      if (nationality && alternative.source !== "place") continue;
      groupOfTerm.set(alternative.term, g);
    }
    // A title may name the word in another form: "Pharmacy" names what "What are
    // pharmacists forbidden to do?" is about.
    if (!nationality && !group.isName) {
      // A misspelt word by the word it stands for: "pharmcists" as "pharmacists".
      const [best] = group.alternatives;
      const meant = best?.source === "spelling" ? best.word : group.typed.toLowerCase();
      for (const related of context.lexicon?.related(meant) ?? []) {
        if (related.relation !== "derived") continue;
        const term = context.index.words.get(related.word)?.term;
        if (term !== undefined && term >= 0 && !groupOfTerm.has(term)) groupOfTerm.set(term, g);
      }
    }
  });
  return groupOfTerm;
}

/** What an article's title names of the question. */
interface TitleNaming {
  /** Bit g set when a strong alternative of group g is a word of the title. */
  mask: number;
  /** Every word of the title names a group of the question ("Steam engine" for "…the steam engine indicator?"). */
  whole: boolean;
}

function titleNaming(
  context: SearchContext,
  groupOfTerm: ReadonlyMap<number, number>,
  article: number,
): TitleNaming {
  const title = context.articles[article]?.title ?? "";
  const terms = titleTerms(context.index, article, title);
  let mask = 0;
  let whole = terms.length > 0;
  for (const term of terms) {
    const g = groupOfTerm.get(term);
    if (g === undefined) whole = false;
    else mask |= 1 << g;
  }
  return { mask, whole };
}

/**
 * What each article's title names of the question ({@link titleNaming}), worked out once per
 * article a question reads.
 */
function titleNamingOf(
  context: SearchContext,
  question: Question,
): (article: number) => TitleNaming {
  const namings = new Map<number, TitleNaming>();
  let groupOfTerm: Map<number, number> | null = null;
  return (article) => {
    let naming = namings.get(article);
    if (naming === undefined) {
      groupOfTerm ??= titleGroupOfTerm(context, question);
      naming = titleNaming(context, groupOfTerm, article);
      namings.set(article, naming);
    }
    return naming;
  };
}

/**
 * True when the question writes a name that no article holds in any form: whatever else
 * matches, the library does not cover what the question is about ("Who is the general
 * manager of the Broncos?" with no article on the Broncos).
 */
function lacksAName(question: Question): boolean {
  return question.groups.list.some((group) => group.isName && group.alternatives.length === 0);
}

/** The ranked sentences that answer the question (see the stage's rules above). */
export function answeringSentences(
  context: SearchContext,
  question: Question,
  ranked: readonly RankedSentence[],
): RankedSentence[] {
  const subject = context.settings.requireSubject > 0 ? subjectMask(context, question) : 0;
  if (subject !== 0 && lacksAName(question)) return [];
  const { minEvidence } = context.settings;
  const idfs = groupIdfs(context, question);
  const { minSubjectShare } = context.settings;
  const where = subject === 0 ? 0 : whatBesidesPlaces(context, question);
  const holdsSubject = (mask: number): boolean =>
    subject === 0 ||
    subjectShare(idfs, subject, mask) >= minSubjectShare ||
    (where !== 0 && subjectShare(idfs, where, mask) >= minSubjectShare);
  const { minPassageCoverage, minRelevance, minRelevanceUntitled } = context.settings;
  const enoughCoverage = (sentence: RankedSentence): boolean =>
    sentence.coverage >= minPassageCoverage &&
    sentence.coverage + sentence.articleCoverage >= minEvidence;
  const titleOf = titleNamingOf(context, question);
  const titleMask = (article: number): number => titleOf(article).mask;
  // A title says what an article is about. When no article the question matches has a
  // title that names any of it, the library most likely has no article on it, and a
  // passage must hold more of the question to answer: the passages of articles about
  // something else that share some of its words were most of the answers given to
  // questions nothing answers ("What is a twin prime?" answered by a "Prime Minister").
  const anyTitled = ranked.some((sentence) => titleMask(sentence.article) !== 0);
  const leastRelevance = anyTitled ? minRelevance : Math.max(minRelevance, minRelevanceUntitled);
  const enoughEvidence = (sentence: RankedSentence): boolean =>
    enoughCoverage(sentence) && sentence.relevance >= leastRelevance;
  // In an article about the subject (its title names it), a passage that itself holds the
  // subject answers even when the rest of the question is phrased in other words
  // ("weapons … buy" against "arms agreements … tanks"). A passing mention elsewhere does
  // not: "Where did Tesla live?" is not answered by an article that names Tesla once.
  const titledBySubject = (article: number): boolean => holdsSubject(titleMask(article));
  // Read under its title, a passage says all the question asks when the two together hold
  // every piece of it: "The inventor died … on 7 January 1943" under "Nikola Tesla dies in
  // New York hotel" answers "When did Nikola Tesla die?". (A full mask of 32 groups is ~0.)
  const groups = question.groups.list.length;
  const everyGroup = groups >= MAX_TERM_GROUPS ? ~0 : (1 << groups) - 1;
  const wholeUnderTitle = (sentence: RankedSentence): boolean => {
    const passage = sentence.sentenceMask | sentence.previousMask | sentence.nextMask;
    return ((passage | titleMask(sentence.article)) & everyGroup) === everyGroup;
  };
  const aboutSubject = (sentence: RankedSentence): boolean =>
    subject !== 0 &&
    context.settings.subjectPassages > 0 &&
    (holdsSubject(sentence.passageStrongMask) ||
      enoughCoverage(sentence) ||
      wholeUnderTitle(sentence)) &&
    titledBySubject(sentence.article);
  // An article holds what its title names. One whose title the question names in full is
  // about what it asks ("What year saw the earliest recorded use of the steam engine
  // indicator?" and "Steam engine"), even when its rarer words ("earliest", "indicator")
  // are not the article's.
  const holdsArticle = (sentence: RankedSentence): boolean =>
    holdsSubject(sentence.articleStrongMask | titleMask(sentence.article)) ||
    titleOf(sentence.article).whole;
  // A passage that writes what the question quotes, word for word, is what it asks about:
  // "Rev. Al Sharpton said in a eulogy that “God took the rejected stone…”. Who was he
  // referring to?" is answered by the report of that eulogy.
  const quotesQuestion = quotationFinder(context, question);
  const answers = (sentence: RankedSentence): boolean =>
    (holdsArticle(sentence) && (enoughEvidence(sentence) || aboutSubject(sentence))) ||
    quotesQuestion(sentence);
  if (!ranked.some(answers)) return [];
  // The library answers. Which passages to quote is then the ranking's call, among the
  // articles that hold the subject: a passage below the evidence bar that ranks above the
  // one that cleared it is often the answer in other words, and dropping it lost right
  // quotes (XQuAD tune half, top 3: 90.4% → 92.0%; news quotes asked then 36.0% → 36.9%).
  return ranked.filter((sentence) => holdsArticle(sentence) || quotesQuestion(sentence));
}

/** A quotation of at least this many words is someone's words, not a title or a term. */
const MIN_QUOTED_WORDS = 4;

/** Passages read for a question's quotation, from the top of the ranking. A bound, not tuned. */
const MAX_PASSAGES_READ_FOR_QUOTATION = 20;

/**
 * Whether a ranked passage (its sentence with the ones beside it) writes a quotation of the
 * question word for word, read for the best-ranked passages only; always false for a
 * question that quotes nothing of {@link MIN_QUOTED_WORDS} words or more.
 */
function quotationFinder(
  context: SearchContext,
  question: Question,
): (sentence: RankedSentence) => boolean {
  const quotations = quotationsOf(question.text);
  if (quotations.length === 0) return () => false;
  let read = 0;
  const found = new Map<RankedSentence, boolean>();
  return (sentence) => {
    const known = found.get(sentence);
    if (known !== undefined) return known;
    let writes = false;
    if (read < MAX_PASSAGES_READ_FOR_QUOTATION) {
      read++;
      const { articleSentenceStart } = context.index;
      const first = articleSentenceStart[sentence.article] ?? 0;
      const end = articleSentenceStart[sentence.article + 1] ?? first;
      const passage = wordsOf(
        [sentence.sentence - 1, sentence.sentence, sentence.sentence + 1]
          .filter((at) => at >= first && at < end)
          .map((at) => sentenceText(context, sentence.article, at))
          .join(" "),
      );
      writes = quotations.some((quotation) => passage.includes(quotation));
    }
    found.set(sentence, writes);
    return writes;
  };
}

/** The quotations of a question of enough words, as {@link wordsOf} writes them. */
function quotationsOf(text: string): string[] {
  return [...text.matchAll(QUOTED)]
    .map((match) => wordsOf(match[1] ?? match[2] ?? ""))
    .filter((words) => words.trim().split(" ").length >= MIN_QUOTED_WORDS);
}

/** Text in double quotation marks, straight or curly. */
const QUOTED = /"([^"]*)"|“([^“”]*)”/g;

/** Text as its folded words, one space apart, with a space at either end. */
function wordsOf(text: string): string {
  return ` ${foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
}
