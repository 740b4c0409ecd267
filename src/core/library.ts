import { buildPassageIndex, NO_DAY, type PassageIndex } from "./passageIndex.ts";
import type { SearchContext } from "./pipeline/context.ts";
import { toArticleRef } from "./pipeline/quotes.ts";
import { answerQuestion, closestArticleNumbers } from "./search.ts";
import { rankingSettings } from "./settings.ts";
import { createTitleMatcher, type TitleMatcher } from "./titleMatch.ts";
import { createSpellingCorrector, updateSpellingCorrector, type WordCount } from "./spelling.ts";
import type { VocabularyChanges } from "./indexUpdate.ts";
import type { Article, ArticleRef, Library, LibraryOptions, SearchOptions } from "./types.ts";

/** Title queries longer than this are cut before matching; no title is longer. */
const MAX_TITLE_QUERY_LENGTH = 200;

/** The newest day of the library's dated articles, or null when none is dated. */
function newestDay(index: PassageIndex): number | null {
  let newest = NO_DAY;
  for (const day of index.articleDay) if (day > newest) newest = day;
  return newest === NO_DAY ? null : newest;
}

/** The library's indexed words (stop words left out) with their counts, one by one. */
function* indexedWordCounts(index: PassageIndex): Generator<readonly [string, number]> {
  for (const [word, entry] of index.words) if (entry.term >= 0) yield [word, entry.count];
}

/** How often the library has an indexed word (stop words left out), or undefined. */
function indexedWordCount(index: PassageIndex): WordCount {
  return (word) => {
    const entry = index.words.get(word);
    return entry !== undefined && entry.term >= 0 && entry.count > 0 ? entry.count : undefined;
  };
}

/** Builds the searchable library: the index, the spelling corrector and the title matcher. */
export function buildLibrary(articles: readonly Article[], options: LibraryOptions = {}): Library {
  const settings = rankingSettings(options.ranking);
  return libraryFromIndex(articles, buildPassageIndex(articles, settings), options);
}

/** The search context of each library made here, for the library updated from it. */
const contexts = new WeakMap<Library, SearchContext>();

/**
 * The searchable library over an index built already (in a worker thread, or read back
 * from disk): the index must be `buildPassageIndex(articles, settings)` of these articles,
 * or that index updated (`updatePassageIndex`) to them.
 */
export function libraryFromIndex(
  articles: readonly Article[],
  index: PassageIndex,
  options: LibraryOptions = {},
): Library {
  return libraryOfContext({
    articles,
    index,
    settings: rankingSettings(options.ranking),
    corrector: createSpellingCorrector(() => indexedWordCounts(index), indexedWordCount(index)),
    lexicon: options.lexicon ?? null,
    newestDay: newestDay(index),
  });
}

/**
 * The library after an update of `previous`'s articles: `index` is `previous`'s index
 * updated to `articles`, `changes` what that did to its vocabulary. The spelling corrector
 * takes over `previous`'s with the changed words instead of being filled again; searches
 * give what `buildLibrary(articles, options)` would. `previous` stays usable.
 */
export function updateLibrary(
  previous: Library,
  articles: readonly Article[],
  index: PassageIndex,
  changes: VocabularyChanges,
  options: LibraryOptions = {},
): Library {
  const before = contexts.get(previous);
  const counts = new Map<string, number | undefined>();
  for (const [word, entry] of changes.words) {
    if (entry === undefined || entry.term >= 0) counts.set(word, entry?.count);
  }
  const wordCounts = (): Iterable<readonly [string, number]> => indexedWordCounts(index);
  return libraryOfContext({
    articles,
    index,
    settings: rankingSettings(options.ranking),
    corrector:
      before === undefined
        ? createSpellingCorrector(wordCounts, indexedWordCount(index))
        : updateSpellingCorrector(before.corrector, counts, wordCounts, indexedWordCount(index)),
    lexicon: options.lexicon ?? null,
    newestDay: newestDay(index),
  });
}

/** Articles indexed by id per step of a library's preparation. */
const ARTICLES_PER_STEP = 5_000;

/**
 * The articles by id, indexed step by step ({@link Library.prepare}): a large library's
 * table takes a while to fill. A lookup fills what is left first.
 */
class ArticlesById {
  private readonly byId = new Map<string, Article>();
  private added = 0;

  constructor(private readonly articles: readonly Article[]) {}

  /** Indexes up to ARTICLES_PER_STEP more articles; true once every one is in. */
  step(): boolean {
    const end = Math.min(this.articles.length, this.added + ARTICLES_PER_STEP);
    for (; this.added < end; this.added++) {
      const article = this.articles[this.added]!;
      this.byId.set(article.id, article);
    }
    return this.added === this.articles.length;
  }

  get(id: string): Article | undefined {
    while (!this.step());
    return this.byId.get(id);
  }
}

function libraryOfContext(context: SearchContext): Library {
  const { articles } = context;
  const byId = new ArticlesById(articles);
  let titleMatcher: TitleMatcher | null = null;
  const titles = (): TitleMatcher =>
    (titleMatcher ??= createTitleMatcher(
      articles.map((article) => article.title),
      context.settings.titleMatchThreshold,
    ));

  const library: Library = {
    articles,
    passageCount: context.index.sentenceCount,
    search: (query: string, searchOptions: SearchOptions = {}) =>
      answerQuestion(context, query, searchOptions).results,
    answer: (query: string, searchOptions: SearchOptions = {}) =>
      answerQuestion(context, query, searchOptions),
    matchTitles(query: string, wanted: number): ArticleRef[] {
      const limit = Math.max(0, Math.floor(Number.isNaN(wanted) ? 0 : wanted));
      const trimmed = query.trim().slice(0, MAX_TITLE_QUERY_LENGTH);
      if (limit === 0) return [];
      if (trimmed === "") return articles.slice(0, limit).map(toArticleRef);
      return titles()
        .match(trimmed, limit)
        .flatMap((article) => {
          const found = articles[article];
          return found === undefined ? [] : [toArticleRef(found)];
        });
    },
    closestArticles(query: string, limit: number, options = {}): ArticleRef[] {
      return closestArticleNumbers(context, query, limit, options).flatMap((article) => {
        const found = articles[article];
        return found === undefined ? [] : [toArticleRef(found)];
      });
    },
    getArticle: (id: string) => byId.get(id),
    prepare: () => byId.step() && context.corrector.prepare() && titles().prepare(),
  };
  contexts.set(library, context);
  return library;
}
