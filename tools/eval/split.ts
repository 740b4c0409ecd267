/**
 * A fixed split of every question set in two parts by a hash of the question's text: the
 * "tune" part (even FNV-1a hash) is for tuning settings on, the "held-out" part (odd) only
 * for reporting. The same text always falls in the same part, in every set and every run,
 * so a question repeated with other gold links never sits on both sides.
 */
import { hashString } from "./random.ts";

export const SPLITS = ["tune", "held-out", "all"] as const;
/** Which part of the questions to ask. */
export type Split = (typeof SPLITS)[number];
/** The part a question is in. */
export type Part = Exclude<Split, "all">;

/** The split a report shows unless told otherwise: the part nothing was tuned on. */
export const DEFAULT_SPLIT: Split = "held-out";

export function isSplit(value: string): value is Split {
  return (SPLITS as readonly string[]).includes(value);
}

/** The part a question's text falls in. */
export function partOf(question: { q: string }): Part {
  return hashString(question.q) % 2 === 0 ? "tune" : "held-out";
}

/** The questions of one part (all of them for "all"), in their original order. */
export function selectSplit<Q extends { q: string }>(questions: readonly Q[], split: Split): Q[] {
  return split === "all"
    ? [...questions]
    : questions.filter((question) => partOf(question) === split);
}
