import type { Article, ContentProblem } from "../core/types.ts";

/**
 * Articles of the previous library whose file is broken now: a file that fails to parse
 * (often because it is being written) keeps its last good version instead of vanishing.
 */
export function keptArticles(
  previous: readonly Article[],
  fresh: readonly Article[],
  problems: readonly ContentProblem[],
): Article[] {
  const broken = new Set(
    problems.filter((problem) => problem.severity === "error").map((problem) => problem.file),
  );
  if (broken.size === 0) return [];
  const freshIds = new Set(fresh.map((article) => article.id));
  return previous.filter((article) => {
    if (freshIds.has(article.id)) return false;
    const file = article.path.split("#")[0] ?? article.path;
    return broken.has(article.path) || (!article.path.includes("#") && broken.has(file));
  });
}

