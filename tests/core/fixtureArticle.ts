import type { Article } from "../../src/core/types.ts";

/**
 * A plain-text article for a test library: its paragraphs, titled by its id and undated
 * unless `fields` says otherwise, with no link, source, author or tags.
 */
export function fixtureArticle(
  id: string,
  paragraphs: string[],
  fields: Partial<Omit<Article, "id" | "paragraphs">> = {},
): Article {
  return {
    id,
    title: id,
    date: null,
    url: null,
    path: `${id}.txt`,
    source: null,
    author: null,
    tags: [],
    paragraphs,
    ...fields,
  };
}
