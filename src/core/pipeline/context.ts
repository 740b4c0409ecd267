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
}
