import type { PassageIndex } from "../passageIndex.ts";
import type { RankingSettings } from "../settings.ts";
import type { SpellingCorrector } from "../spelling.ts";
import type { Article, Lexicon } from "../types.ts";

/** What every stage of the search reads: one library, built once. */
export interface SearchContext {
  readonly articles: readonly Article[];
  readonly index: PassageIndex;
  readonly settings: RankingSettings;
  readonly corrector: SpellingCorrector;
  /** Word relations for expanding question words, or null for none. */
  readonly lexicon: Lexicon | null;
  /** The newest article's day (days since 1970-01-01), or null when none is dated. */
  readonly newestDay: number | null;
}
