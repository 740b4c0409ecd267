/**
 * Plain data shared by the search core and everything built on it.
 * Nothing here does I/O; every value is serialisable.
 */

/** One article of the library, parsed and ready to index. */
export interface Article {
  /** Stable identifier: the path below the content folder without extension, or the library file's `id`. */
  id: string;
  /** Human title: front matter, first heading, or the body's first sentence shortened. */
  title: string;
  /** Publication date as `YYYY-MM-DD`, or null when the article has none (or an invalid one). */
  date: string | null;
  /** Link to the original, when known. */
  url: string | null;
  /** Where the article came from: a path relative to the content folder, or `library.jsonl#line`. */
  path: string;
  /** Publisher or outlet, when the front matter names one. */
  source: string | null;
  /** Author, when the front matter names one. */
  author: string | null;
  /** Free-form tags from the front matter. */
  tags: string[];
  /** Body as plain-text paragraphs, in the article's own characters (no markup). */
  paragraphs: string[];
}

/** The part of an article a search result carries. */
export interface ArticleRef {
  /** The article's `id` (see {@link Article}). */
  id: string;
  /** The article's title. */
  title: string;
  /** Publication date as `YYYY-MM-DD`, or null. */
  date: string | null;
  /** Where the article came from (see {@link Article.path}). */
  path: string;
  /** Link to the original, when known. */
  url: string | null;
}

/** A problem found while reading articles. */
export interface ContentProblem {
  /** File the problem is in (relative to the content folder when possible). */
  file: string;
  /** 1-based line, when the problem has a place. */
  line: number | null;
  /** `error`: the article was skipped; `warning`: it loaded with something missing. */
  severity: "error" | "warning";
  /** What is wrong, in words for whoever maintains the content. */
  message: string;
}

/** One answer to a question: a quotable passage of one article. */
export interface SearchResult {
  /** The article the quote comes from. */
  article: ArticleRef;
  /** The passage, word for word as the article has it. */
  quote: string;
  /** Relevance from 0 to 1 (1 is the best possible match). */
  score: number;
  /** 0-based index of the paragraph the quote starts in (a quote may run on into the next). */
  paragraph: number;
  /** 0-based index of the quote's first sentence within that paragraph. */
  sentence: number;
  /** Normalised query terms that matched, as they appear in the quote (for highlighting). */
  matchedWords: string[];
}

/** How many results a search returns, and from where (counts are whole numbers). */
export interface SearchOptions {
  /** How many results at most (default 3). */
  top?: number;
  /** Skip this many results first (for paging "More results"). */
  offset?: number;
  /**
   * The day the question is asked (`YYYY-MM-DD`): articles dated more than a day after it
   * are left out, and time words ("last week") are read relative to it. Unset: the whole
   * library, and time words relative to the newest article.
   */
  asOf?: string;
  /** Only articles from this day on (`YYYY-MM-DD`), as the `since` option of `/ask` gives. */
  since?: string;
  /** Only articles up to this day (`YYYY-MM-DD`), as the `until` option of `/ask` gives. */
  until?: string;
}

/** A period of days, both ends included (`YYYY-MM-DD`); null for an open end. */
export interface DayWindow {
  from: string | null;
  to: string | null;
}

/** Everything the search says about one question, for replies that explain themselves. */
export interface Answer {
  /** The passages that answer, best first; empty when nothing answers. */
  results: SearchResult[];
  /**
   * The period the question asks about (its time words, or `since` / `until`), with the
   * words that named it ("last week"); null when it names none.
   */
  window: (DayWindow & { phrase: string | null }) | null;
  /**
   * When a window was asked for and nothing in it answers: the best answers from before
   * it, so a reply can offer them as what they are.
   */
  outsideWindow: SearchResult[];
  /** Subject words of the question that no article holds ("tesla"), as typed. */
  missing: string[];
  /** For a missing subject word, the library word it may be a misspelling of. */
  suggestions: { typed: string; suggestion: string }[];
  /**
   * The question asks what is new ("what's new this week?"): `results` are the openings of
   * the period's newest stories and `outsideWindow` of the newest outside it, listed for
   * being new, not for answering.
   */
  listsNews: boolean;
}

/** How a question word relates to a word it may stand for (from a lexical database). */
export type WordRelation = "lemma" | "synonym" | "derived" | "hypernym" | "hyponym";

/** A word a question word may stand for. */
export interface RelatedWord {
  /** The related word, folded (lower case). */
  word: string;
  relation: WordRelation;
  /** How many senses the question word has (more senses: a less certain relation). */
  senses: number;
}

/** Word relations for expanding questions (WordNet, for instance); plain data lookups. */
export interface Lexicon {
  /** Words related to a folded question word, or an empty list. */
  related(word: string): readonly RelatedWord[];
  /** True when a folded word's most frequent sense names one thing (a place, a person). */
  namesOne?(word: string): boolean;
}

/** How a library is built: ranking settings replaced, and word relations to expand with. */
export interface LibraryOptions {
  /** Ranking settings to replace (names as in `DEFAULT_RANKING`, settings.ts). */
  ranking?: Readonly<Partial<Record<string, number>>>;
  /** Word relations used to expand question words; none when unset. */
  lexicon?: Lexicon;
}

/**
 * A searchable, immutable library: built once from articles (`buildLibrary` in `library.ts`),
 * then queried synchronously. A new set of articles means a new Library.
 */
export interface Library {
  /** The articles the library was built from, in their original order. */
  readonly articles: readonly Article[];
  /** How many passages (sentences) are indexed. */
  readonly passageCount: number;
  /** The passages that answer a question, best first; empty when nothing answers. */
  search(query: string, options?: SearchOptions): SearchResult[];
  /** The passages that answer a question, with what the search read in it (see {@link Answer}). */
  answer(query: string, options?: SearchOptions): Answer;
  /** Articles whose titles best match a (possibly misspelled, partial) title, best first. */
  matchTitles(query: string, limit: number): ArticleRef[];
  /**
   * Articles nearest to a question even when no passage answers it (for "closest" hints),
   * from the library as it stood at `asOf`, in the period the question names then.
   */
  closestArticles(
    query: string,
    limit: number,
    options?: Pick<SearchOptions, "asOf">,
  ): ArticleRef[];
  /** The article with this `id`, if the library has it. */
  getArticle(id: string): Article | undefined;
  /**
   * Does one short step (a few milliseconds) of the work the library defers from its
   * construction (the articles' table by id, the spelling corrector's word tree, then the
   * titles' words); true once
   * nothing is left. A caller that must stay responsive calls it between turns of its event
   * loop before serving the library; anything left is done on first need.
   */
  prepare(): boolean;
}
