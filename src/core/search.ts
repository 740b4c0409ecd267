/**
 * The search, stage by stage (src/core/README.md has the map):
 *   1. understand the question   pipeline/understand.ts
 *   2. rank articles             pipeline/rankArticles.ts    (+ article priors, signals/)
 *   3. rank sentences            pipeline/rankSentences.ts   (+ sentence rewards, signals/)
 *   4. decide whether it answers pipeline/decide.ts
 *   5. choose and widen quotes   pipeline/quotes.ts
 */
import type { SearchContext } from "./pipeline/context.ts";
import { answeringSentences, missingSubjects, subjectMask } from "./pipeline/decide.ts";
import type { Question } from "./pipeline/question.ts";
import { quoteResults } from "./pipeline/quotes.ts";
import { articleFilter, rankArticles } from "./pipeline/rankArticles.ts";
import { rankSentences } from "./pipeline/rankSentences.ts";
import { understandQuestion } from "./pipeline/understand.ts";
import type { Answer, SearchOptions, SearchResult } from "./types.ts";

/** A count of results from the caller: a whole number, at least 0 (`fallback` when unset). */
function wholeCount(value: number | undefined, fallback: number): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  return Math.max(0, Math.floor(value));
}

/** Everything the library says about one question. */
export function answerQuestion(
  context: SearchContext,
  query: string,
  options: SearchOptions = {},
): Answer {
  const top = wholeCount(options.top, 3);
  const offset = wholeCount(options.offset, 0);
  const question = understandQuestion(context, query, options);
  const results = searchQuestion(context, question, offset + top).slice(offset);
  const subject = subjectMask(context, question);
  return {
    results,
    window:
      question.window === null
        ? null
        : { from: question.window.from, to: question.window.to, phrase: question.window.phrase },
    outsideWindow:
      results.length === 0 && question.window !== null
        ? searchBeforeWindow(context, question, top)
        : [],
    missing: results.length === 0 ? missingSubjects(question, subject) : [],
    suggestions: results.length === 0 ? spellingSuggestions(question) : [],
  };
}

/** The words of the question that only a spelling correction matched: "did you mean …?" */
function spellingSuggestions(question: Question): Answer["suggestions"] {
  return question.groups.list.flatMap((group) => {
    const [best] = group.alternatives;
    return best?.source === "spelling" ? [{ typed: group.typed, suggestion: best.word }] : [];
  });
}

/** Stages 2 to 5 for an understood question: its first `count` results. */
function searchQuestion(context: SearchContext, question: Question, count: number): SearchResult[] {
  if (!question.groups.anyKnown || count === 0) return [];
  const { settings } = context;
  const articles = rankArticles(context, question, settings.candidateArticles);
  const ranked = rankSentences(context, question, articles, settings.rankedSentences);
  const answering = answeringSentences(context, question, ranked);
  return quoteResults(context, question, answering, count);
}

/**
 * When nothing in the asked-for period answers: the best answers from the library as it
 * stood at the question's moment, outside that period, for a reply that says so.
 */
function searchBeforeWindow(
  context: SearchContext,
  question: Question,
  count: number,
): SearchResult[] {
  const inWindow = articleFilter(context, question);
  const atMoment = articleFilter(context, { moment: question.moment, window: null });
  const outside = (article: number): boolean =>
    (atMoment === null || atMoment(article)) && !(inWindow?.(article) ?? true);
  const { settings } = context;
  if (!question.groups.anyKnown || count === 0) return [];
  const articles = rankArticles(context, question, settings.candidateArticles, outside);
  const ranked = rankSentences(context, question, articles, settings.rankedSentences);
  return quoteResults(context, question, answeringSentences(context, question, ranked), count);
}

/** The nearest articles to a question even when no passage answers it. */
export function closestArticleNumbers(
  context: SearchContext,
  query: string,
  limit: number,
  options: SearchOptions = {},
): number[] {
  const question = understandQuestion(context, query, options);
  return rankArticles(context, question, limit).map(({ article }) => article);
}
