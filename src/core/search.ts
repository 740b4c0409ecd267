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
import { asksForHeadlines, headlineOpenings } from "./pipeline/headlines.ts";
import { TermGroups, type Question } from "./pipeline/question.ts";
import { quoteResults, repeatKey } from "./pipeline/quotes.ts";
import {
  articleFilter,
  type ArticleFilter,
  rankArticles,
  rankArticlesFor,
  type RankedArticle,
} from "./pipeline/rankArticles.ts";
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
  if (asksForHeadlines(question)) return headlines(context, question, offset, top);
  const found = searchQuestion(context, question, offset + top);
  const results = found.results.slice(offset);
  const subject = subjectMask(context, question);
  return {
    results,
    window: windowOf(question),
    outsideWindow:
      results.length === 0 && found.beforeWindow !== null
        ? quotesFromArticles(context, question, found.beforeWindow, top)
        : [],
    missing: results.length === 0 ? missingSubjects(question, subject) : [],
    suggestions: results.length === 0 ? spellingSuggestions(question) : [],
    listsNews: false,
  };
}

/** The period a question names, as an answer shows it. */
function windowOf(question: Question): Answer["window"] {
  return question.window === null
    ? null
    : { from: question.window.from, to: question.window.to, phrase: question.window.phrase };
}

/**
 * The answer to a question that asks what is new ("what's new this week?"): the openings
 * of the period's articles, newest first, or of the newest outside it when it has none.
 */
function headlines(
  context: SearchContext,
  question: Question,
  offset: number,
  top: number,
): Answer {
  const results = quotedStories(context, question, offset + top).slice(offset);
  const outside =
    results.length === 0 && question.window !== null
      ? quotedStories(context, question, top, true)
      : [];
  return {
    results,
    window: windowOf(question),
    outsideWindow: outside,
    missing: [],
    suggestions: [],
    listsNews: true,
  };
}

/**
 * The quotes of the first `count` stories of the question's period (with `outside`, of
 * the newest outside it; see {@link headlineOpenings}). A quote that repeats one listed
 * already (an opening that several articles share word for word) is listed once, and the
 * stories after it fill its place, so a page is short only at the end of the list.
 */
function quotedStories(
  context: SearchContext,
  question: Question,
  count: number,
  outside = false,
): SearchResult[] {
  // The question's words are not looked for in the stories: none is shown as matched, and an
  // opening that happens to repeat them ("Breaking news.") is listed all the same.
  const listing: Question = { ...question, groups: new TermGroups([]), echoTerms: null };
  const openings = headlineOpenings(context, question, outside);
  const results: SearchResult[] = [];
  const quoted = new Set<string>();
  // As many stories at a time as places are left: however many share an opening, each story
  // is quoted once, and the time taken grows with the stories read, not with their square.
  while (results.length < count) {
    const stories = taken(openings, count - results.length);
    if (stories.length === 0) break;
    for (const result of quoteResults(context, listing, stories, stories.length)) {
      const key = repeatKey(result.quote);
      if (quoted.has(key)) continue;
      quoted.add(key);
      results.push(result);
    }
  }
  return results;
}

/** The next `count` items of `items` (fewer at their end). */
function taken<T>(items: Iterator<T>, count: number): T[] {
  const next: T[] = [];
  while (next.length < count) {
    const item = items.next();
    if (item.done === true) break;
    next.push(item.value);
  }
  return next;
}

/** The words of the question that only a spelling correction matched: "did you mean …?" */
function spellingSuggestions(question: Question): Answer["suggestions"] {
  return question.groups.list.flatMap((group) => {
    const [best] = group.alternatives;
    return best?.source === "spelling" ? [{ typed: group.typed, suggestion: best.word }] : [];
  });
}

/** What stages 2 to 5 found for a question. */
interface Found {
  /** Its first results. */
  results: SearchResult[];
  /**
   * When the question names a period: the best articles from the library as it stood at
   * the question's moment, outside that period, for a reply that offers them when nothing
   * in the period answers. Null otherwise.
   */
  beforeWindow: RankedArticle[] | null;
}

/**
 * Stages 2 to 5 for an understood question: its first `count` results. The articles before
 * the period it names are ranked in the same pass over the postings; their sentences are
 * read only if the reply needs them.
 */
function searchQuestion(context: SearchContext, question: Question, count: number): Found {
  if (!question.groups.anyKnown || count === 0) return { results: [], beforeWindow: null };
  const inWindow = articleFilter(context, question);
  const filters =
    question.window === null ? [inWindow] : [inWindow, beforeWindow(context, question, inWindow)];
  const [articles = [], earlier = null] = rankArticlesFor(
    context,
    question,
    context.settings.candidateArticles,
    filters,
  );
  return { results: quotesFromArticles(context, question, articles, count), beforeWindow: earlier };
}

/**
 * The articles of the library at the question's moment that lie outside its period
 * (`inWindow`, the question's own filter).
 */
function beforeWindow(
  context: SearchContext,
  question: Question,
  inWindow: ArticleFilter,
): (article: number) => boolean {
  const atMoment = articleFilter(context, { moment: question.moment, window: null });
  return (article) => (atMoment === null || atMoment(article)) && !(inWindow?.(article) ?? true);
}

/** Stages 3 to 5 over ranked articles: the first `count` quotes that answer. */
function quotesFromArticles(
  context: SearchContext,
  question: Question,
  articles: readonly RankedArticle[],
  count: number,
): SearchResult[] {
  if (count === 0 || articles.length === 0) return [];
  const ranked = rankSentences(context, question, articles, context.settings.rankedSentences);
  return quoteResults(context, question, answeringSentences(context, question, ranked), count);
}

/**
 * The nearest articles to a question even when no passage answers it: from the library as
 * it stood at `asOf`, in the period its time words name, read at that moment.
 */
export function closestArticleNumbers(
  context: SearchContext,
  query: string,
  limit: number,
  options: Pick<SearchOptions, "asOf"> = {},
): number[] {
  const question = understandQuestion(context, query, options);
  return rankArticles(context, question, limit).map(({ article }) => article);
}
