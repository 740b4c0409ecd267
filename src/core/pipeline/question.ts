/**
 * What the search understood of a question: the plain data every later stage reads.
 * See src/core/README.md for the stages.
 */
import type { AnswerType } from "../answerType.ts";
import type { WordRelation } from "../types.ts";

/** Where an alternative of a question word comes from. */
export type AlternativeSource = "typed" | "form" | "place" | "spelling" | WordRelation;

/** One library term a question word may stand for, and how much a match counts. */
export interface Alternative {
  /** Term id in the index. */
  term: number;
  /** The library word (folded). */
  word: string;
  /** How much a match counts: 1 for the word as typed, less for anything else. */
  weight: number;
  source: AlternativeSource;
}

/**
 * One piece of the question: a word as typed and every library term it may stand for.
 * Coverage, the evidence threshold and the term budget count a group once, however many
 * alternatives it has.
 */
export interface TermGroup {
  /** The word as typed, folded (or in its case-kept form, "US"). */
  typed: string;
  /** The library terms it stands for, best first; empty when the library has none. */
  alternatives: readonly Alternative[];
  /** Written as a name: capitalised after the question's first word, or in capitals. */
  isName: boolean;
  /** How rare the word is in everyday English, 0.15 (common) to 1 (rare or unknown). */
  rarity: number;
}

/**
 * At most this many groups per question: coverage is kept as one bit per group in a
 * 32-bit mask. Longer questions keep their most telling words.
 */
export const MAX_TERM_GROUPS = 32;

/** The term groups of a question; never more than {@link MAX_TERM_GROUPS}. */
export class TermGroups {
  readonly list: readonly TermGroup[];

  constructor(list: readonly TermGroup[]) {
    if (list.length > MAX_TERM_GROUPS) {
      throw new RangeError(`a question holds at most ${MAX_TERM_GROUPS} term groups`);
    }
    this.list = list;
  }

  /** True when some group stands for at least one library term. */
  get anyKnown(): boolean {
    return this.list.some((group) => group.alternatives.length > 0);
  }
}

/** A period of days (days since 1970-01-01), both ends included, with its words. */
export interface DayRange {
  /** First and last day, or null for an open end. */
  fromDay: number | null;
  toDay: number | null;
  /** The ends as `YYYY-MM-DD`, as shown to people (null for an open end). */
  from: string | null;
  to: string | null;
  /** The words that named it ("last week"), or null for `since` / `until`. */
  phrase: string | null;
}

/** What the search understood of a question. */
export interface Question {
  /** The question as matched: time words taken out. */
  text: string;
  groups: TermGroups;
  /**
   * For a question that asks for something ("which…", "how many…"): every library term a
   * word of it stands for, time words included, since a quote made of these words alone
   * only repeats the question. Null for other questions ("Did the harbour reopen?").
   */
  echoTerms: ReadonlySet<number> | null;
  /** The kind of answer asked for (a year for "when"). */
  answerType: AnswerType;
  /** The day the question is asked (days since 1970-01-01), or null when unknown. */
  moment: number | null;
  /** The period the question asks about, or null. */
  window: DayRange | null;
  /** The question asks for the current state ("latest", "still", "so far"). */
  wantsLatest: boolean;
}
