import Fuse from "fuse.js";
import { buildPassageIndex, NO_DAY, type PassageIndex } from "./passageIndex.ts";
import type { SearchContext } from "./pipeline/context.ts";
import { toArticleRef } from "./pipeline/quotes.ts";
import { answerQuestion, closestArticleNumbers } from "./search.ts";
import { rankingSettings } from "./settings.ts";
import { createSpellingCorrector } from "./spelling.ts";
import { foldText } from "./text.ts";
import type { Article, ArticleRef, Library, LibraryOptions, SearchOptions } from "./types.ts";

/** Title queries longer than this are cut before matching; no title is longer. */
const MAX_TITLE_QUERY_LENGTH = 200;

/** The newest day of the library's dated articles, or null when none is dated. */
function newestDay(index: PassageIndex): number | null {
  let newest = NO_DAY;
  for (const day of index.articleDay) if (day > newest) newest = day;
  return newest === NO_DAY ? null : newest;
}

/** Builds the searchable library: the index, the spelling corrector and the title matcher. */
export function buildLibrary(articles: readonly Article[], options: LibraryOptions = {}): Library {
  const settings = rankingSettings(options.ranking);
  return libraryFromIndex(articles, buildPassageIndex(articles, settings), options);
}

/**
 * The searchable library over an index built already (in a worker thread, or read back
 * from disk): the index must be `buildPassageIndex(articles, settings)` of these articles.
 */
export function libraryFromIndex(
  articles: readonly Article[],
  index: PassageIndex,
  options: LibraryOptions = {},
): Library {
  const indexedWords = new Map<string, number>();
  for (const [word, entry] of index.words) if (entry.term >= 0) indexedWords.set(word, entry.count);
  const context: SearchContext = {
    articles,
    index,
    settings: rankingSettings(options.ranking),
    corrector: createSpellingCorrector(indexedWords),
    lexicon: options.lexicon ?? null,
    newestDay: newestDay(index),
  };
  const byId = new Map(articles.map((article) => [article.id, article]));
  let titleMatcher: Fuse<Article> | null = null;

  return {
    articles,
    passageCount: index.sentenceCount,
    search: (query: string, searchOptions: SearchOptions = {}) =>
      answerQuestion(context, query, searchOptions).results,
    answer: (query: string, searchOptions: SearchOptions = {}) =>
      answerQuestion(context, query, searchOptions),
    matchTitles(query: string, wanted: number): ArticleRef[] {
      const limit = Math.max(0, Math.floor(Number.isNaN(wanted) ? 0 : wanted));
      const trimmed = query.trim().slice(0, MAX_TITLE_QUERY_LENGTH);
      if (limit === 0) return [];
      if (trimmed === "") return articles.slice(0, limit).map(toArticleRef);
      titleMatcher ??= new Fuse([...articles], {
        keys: ["title"],
        ignoreLocation: true,
        threshold: context.settings.titleMatchThreshold,
        getFn: (article) => foldText(article.title),
      });
      return titleMatcher.search(foldText(trimmed), { limit }).map((hit) => toArticleRef(hit.item));
    },
    closestArticles(query: string, limit: number): ArticleRef[] {
      return closestArticleNumbers(context, query, limit).flatMap((article) => {
        const found = articles[article];
        return found === undefined ? [] : [toArticleRef(found)];
      });
    },
    getArticle: (id: string) => byId.get(id),
  };
}
