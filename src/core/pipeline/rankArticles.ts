/**
 * Stage 2: ranking articles. BM25 over each article's whole text (title words weighted
 * up), one score per term group (its best alternative), multiplied by the article priors;
 * only articles the question may use take part (see {@link articleFilter}).
 */
import { BestItems, idf } from "../bm25.ts";
import { NO_DAY } from "../passageIndex.ts";
import { perIndex } from "../perIndex.ts";
import { combinedPrior } from "../signals/articlePriors.ts";
import type { SearchContext } from "./context.ts";
import type { Question } from "./question.ts";

/** An article and its score for one question. */
export interface RankedArticle {
  article: number;
  score: number;
}

/**
 * Which articles may answer: none dated more than `momentSlackDays` after the moment the
 * question is asked (the library as it stood that day), and, when the question names a
 * period, only those dated within it, widened by the window slack (reports follow events).
 * Undated articles always take part. Null when every article may answer.
 */
export function articleFilter(
  context: SearchContext,
  question: Pick<Question, "moment" | "window">,
): ((article: number) => boolean) | null {
  const { settings, index } = context;
  let latest = Infinity;
  let earliest = -Infinity;
  if (question.moment !== null) latest = question.moment + settings.momentSlackDays;
  if (question.window !== null) {
    const { fromDay, toDay } = question.window;
    if (toDay !== null) latest = Math.min(latest, toDay + settings.windowSlackAfterDays);
    if (fromDay !== null) earliest = fromDay - settings.windowSlackBeforeDays;
  }
  if (latest === Infinity && earliest === -Infinity) return null;
  const days = index.articleDay;
  return (article) => {
    const day = days[article] ?? NO_DAY;
    return day === NO_DAY || (day <= latest && day >= earliest);
  };
}

/** Per-index tables of the article pass, reused by every query (queries run one at a time). */
interface ArticleScratch {
  /** Each article's score so far; all zeros between queries. */
  scores: Float64Array;
  /** Each article's best alternative of the group being added; all zeros between groups. */
  groupBest: Float64Array;
  /** The articles with a `groupBest` entry, in the order met. */
  inGroup: Int32Array;
}

const scratchOf = perIndex((index): ArticleScratch => ({
  scores: new Float64Array(index.articleCount),
  groupBest: new Float64Array(index.articleCount),
  inGroup: new Int32Array(index.articleCount),
}));

/** Adds every term group's BM25 to `scores`: each group by its best alternative. */
function addGroupScores(
  context: SearchContext,
  question: Question,
  { scores, groupBest, inGroup }: ArticleScratch,
): void {
  const { index, settings } = context;
  // BM25's tf part, with the article-length terms worked out once per question.
  const k1 = settings.articleK1;
  const lengthFree = k1 * (1 - settings.articleB);
  const perToken = (k1 * settings.articleB) / Math.max(1, index.averageArticleLength);
  const { articleLength, slotArticle } = index;
  // The main segment's postings, then the tail's (see PassageIndex): each names an article
  // slot, whose article is looked up (-1 for one taken out since).
  const segments = [
    [index.postingStart, index.postingDocs, index.postingFrequencies],
    [index.tailPostingStart, index.tailPostingDocs, index.tailPostingFrequencies],
  ] as const;
  for (const group of question.groups.list) {
    const single = group.alternatives.length === 1;
    let grouped = 0;
    for (const { term, weight } of group.alternatives) {
      const scale = idf(index.articleCount, index.termArticleCount[term] ?? 0) * weight * (k1 + 1);
      for (const [postingStart, postingDocs, postingFrequencies] of segments) {
        if (term + 1 >= postingStart.length) continue;
        const end = postingStart[term + 1]!;
        for (let p = postingStart[term]!; p < end; p++) {
          const doc = slotArticle[postingDocs[p]!]!;
          if (doc < 0) continue;
          const tf = postingFrequencies[p]!;
          const score = (scale * tf) / (tf + lengthFree + perToken * articleLength[doc]!);
          // A group of one alternative adds its score straight away.
          if (single) scores[doc]! += score;
          else if (score > groupBest[doc]!) {
            if (groupBest[doc] === 0) inGroup[grouped++] = doc;
            groupBest[doc] = score;
          }
        }
      }
    }
    // A group counts once: by its best alternative in each article.
    for (let i = 0; i < grouped; i++) {
      const doc = inGroup[i]!;
      scores[doc]! += groupBest[doc]!;
      groupBest[doc] = 0;
    }
  }
}

/** Which articles may take part in one ranking; null for every article. */
export type ArticleFilter = ((article: number) => boolean) | null;

/** The best `limit` articles for a question, best first. */
export function rankArticles(
  context: SearchContext,
  question: Question,
  limit: number,
  allowed: ArticleFilter = articleFilter(context, question),
): RankedArticle[] {
  return rankArticlesFor(context, question, limit, [allowed])[0] ?? [];
}

/**
 * The best `limit` articles for a question under each filter, best first, from one pass
 * over the postings: an article's score does not depend on the filter, so a question that
 * needs two rankings (its period, and the earlier library) reads its postings once.
 */
export function rankArticlesFor(
  context: SearchContext,
  question: Question,
  limit: number,
  filters: readonly ArticleFilter[],
): RankedArticle[][] {
  const { index } = context;
  const scratch = scratchOf(index);
  const { scores } = scratch;
  const bests = filters.map(() => new BestItems(Math.min(limit, index.articleCount)));
  const prior = combinedPrior(context, question);
  let finished = false;
  try {
    addGroupScores(context, question, scratch);
    // Every article the question touched, its priors applied; the table is left clean.
    for (let doc = 0; doc < index.articleCount; doc++) {
      const score = scores[doc]!;
      if (score === 0) continue;
      scores[doc] = 0;
      const scored = prior === null ? score : score * prior(doc);
      for (let f = 0; f < filters.length; f++) {
        const allowed = filters[f]!;
        if (allowed === null || allowed(doc)) bests[f]!.offer(doc, scored);
      }
    }
    finished = true;
  } finally {
    // The tables must be clean for the next question, whatever happened here.
    if (!finished) {
      scores.fill(0);
      scratch.groupBest.fill(0);
    }
  }
  return bests.map((best) => best.best().map(({ item, score }) => ({ article: item, score })));
}
