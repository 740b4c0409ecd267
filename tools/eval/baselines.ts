/**
 * Reference systems to compare the library's search with, on the same passages (the
 * sentences `splitSentences` finds in each paragraph) and the same questions: fuse.js with
 * its token search, and MiniSearch with its defaults.
 */
import Fuse from "fuse.js";
import MiniSearch from "minisearch";
import { splitSentences } from "../../src/core/sentences.ts";
import type { Article } from "../../src/core/types.ts";
import type { Hit } from "./judge.ts";
import { normalizeForMatch } from "./judge.ts";
import type { Question } from "./questions.ts";
import { createRng, shuffled } from "./random.ts";
import type { SearchSystem } from "./run.ts";

export interface Passage {
  /** Index of the article in the list the passages were made from. */
  article: number;
  text: string;
}

/** Every sentence of every paragraph, in article order. */
export function splitPassages(articles: readonly Article[]): Passage[] {
  const passages: Passage[] = [];
  articles.forEach((article, index) => {
    for (const paragraph of article.paragraphs) {
      for (const span of splitSentences(paragraph)) {
        passages.push({ article: index, text: paragraph.slice(span.start, span.end) });
      }
    }
  });
  return passages;
}

function toHit(articles: readonly Article[], passage: Passage): Hit {
  const article = articles[passage.article];
  return { quote: passage.text, article: { id: article?.id ?? "", date: article?.date ?? null } };
}

/**
 * fuse.js over passages with the options its documentation suggests for multi-word
 * queries over long text: token search (each word fuzzy-matched, ranked by IDF), match
 * anywhere in the text (`ignoreLocation`), scores kept.
 */
export function fuseBaseline(
  articles: readonly Article[],
  passages: readonly Passage[] = splitPassages(articles),
): SearchSystem {
  const fuse = new Fuse([...passages], {
    keys: ["text"],
    useTokenSearch: true,
    ignoreLocation: true,
    includeScore: true,
    threshold: 0.4,
  });
  return {
    name: "fuse.js",
    search: (query, top) =>
      fuse.search(query, { limit: top }).map((hit) => toHit(articles, hit.item)),
  };
}

/** MiniSearch with its default options over passages. */
export function miniSearchBaseline(
  articles: readonly Article[],
  passages: readonly Passage[] = splitPassages(articles),
): SearchSystem {
  const search = new MiniSearch<{ id: number; text: string }>({ fields: ["text"] });
  search.addAll(passages.map((passage, id) => ({ id, text: passage.text })));
  return {
    name: "MiniSearch",
    search: (query, top) =>
      search
        .search(query)
        .slice(0, top)
        .flatMap((hit) => {
          const passage = passages[hit.id as number];
          return passage === undefined ? [] : [toHit(articles, passage)];
        }),
  };
}

export interface Sample {
  articles: Article[];
  questions: Question[];
}

/**
 * A smaller library and question set for systems too slow to run on everything: up to
 * `maxQuestions` questions chosen at random, every article that answers one of them
 * (its `gold` ids, or an article with one of its `any` quotes), then random other articles
 * up to `maxArticles`. Articles keep their library order. Repeatable for a seed.
 */
export function sampleLibrary(
  articles: readonly Article[],
  questions: readonly Question[],
  maxArticles: number,
  maxQuestions: number,
  seed = 1,
): Sample {
  const rng = createRng(seed);
  const chosenQuestions = shuffled(questions, rng).slice(0, maxQuestions);
  const gold = new Set<string>();
  const quotes: { any: string[]; date: string | null }[] = [];
  for (const question of chosenQuestions) {
    if (question.kind === "article") question.gold.forEach((id) => gold.add(id));
    if (question.kind === "quote") {
      quotes.push({ any: question.any.map(normalizeForMatch), date: question.date });
    }
  }
  const keep = new Set<number>();
  articles.forEach((article, index) => {
    if (gold.has(article.id)) keep.add(index);
    else if (quotes.length > 0) {
      const text = normalizeForMatch(article.paragraphs.join("\n"));
      const answers = quotes.some(
        (quote) =>
          (quote.date === null || quote.date === article.date) &&
          quote.any.some((wanted) => text.includes(wanted)),
      );
      if (answers) keep.add(index);
    }
  });
  for (const index of shuffled(
    articles.map((_, i) => i),
    rng,
  )) {
    if (keep.size >= maxArticles) break;
    keep.add(index);
  }
  const order = questions.indexOf.bind(questions);
  return {
    articles: [...keep].sort((a, b) => a - b).map((index) => articles[index]!),
    questions: chosenQuestions.sort((a, b) => order(a) - order(b)),
  };
}
