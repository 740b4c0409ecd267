/**
 * Article priors: signals that change an article's rank before its sentences are read,
 * the way MiniSearch's `boostDocument` does. Each prior is one file exporting an
 * {@link ArticlePrior}, listed in {@link ARTICLE_PRIORS}, with its strength in the ranking
 * settings (settings.ts).
 */
import type { SearchContext } from "../pipeline/context.ts";
import type { Question } from "../pipeline/question.ts";
import { recencyPrior } from "./recencyPrior.ts";

/** A signal that multiplies an article's BM25 score. */
export interface ArticlePrior {
  /** What the prior rewards, for the core's map (src/core/README.md). */
  readonly name: string;
  /**
   * The factor for each article of this question (1 leaves it as it is), or null when the
   * prior has nothing to say about the question.
   */
  factorFor(context: SearchContext, question: Question): ((article: number) => number) | null;
}

/** Every article prior, applied in turn. */
export const ARTICLE_PRIORS: readonly ArticlePrior[] = [recencyPrior];

/** The combined factor of every prior that applies to the question, or null for none. */
export function combinedPrior(
  context: SearchContext,
  question: Question,
): ((article: number) => number) | null {
  const factors = ARTICLE_PRIORS.flatMap((prior) => prior.factorFor(context, question) ?? []);
  if (factors.length === 0) return null;
  if (factors.length === 1) return factors[0]!;
  return (article) => factors.reduce((product, factor) => product * factor(article), 1);
}
