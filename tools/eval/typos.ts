/**
 * Realistic typing mistakes for measuring typo tolerance: one letter dropped, two adjacent
 * letters swapped, or one letter replaced by a neighbouring key on a QWERTY keyboard, in one
 * content word of five letters or more. The first letter is never touched (people rarely
 * get it wrong). Repeatable: the same seed and question always give the same typo.
 */
import type { Question } from "./questions.ts";
import { createRng, hashString, randomInt } from "./random.ts";

export type TypoEdit = "drop" | "swap" | "replace";

export interface Typo {
  /** The question with the typo. */
  text: string;
  /** The word as written, and as mistyped. */
  word: string;
  typo: string;
  /** Where the word starts in the original text. */
  start: number;
  edit: TypoEdit;
}

/** Words of five letters or more that carry no content, so a typo there would measure nothing. */
const FUNCTION_WORDS = new Set(
  (
    "about above after again against among around because before being below between " +
    "beyond cannot could doing during either every further having however itself might " +
    "neither often other others ought shall should since their theirs there these those " +
    "through under until where whereas whether which while whose within without would " +
    "yours yourself yourselves themselves ourselves herself himself myself"
  ).split(" "),
);

/** Minimum letters for a word to get a typo. */
export const MIN_TYPO_WORD_LENGTH = 5;

const KEYBOARD_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/** Keys next to each letter on a QWERTY keyboard (same row and the rows above and below). */
export const QWERTY_NEIGHBOURS: ReadonlyMap<string, string> = (() => {
  const position = new Map<string, [number, number]>();
  KEYBOARD_ROWS.forEach((row, r) => [...row].forEach((key, c) => position.set(key, [r, c])));
  // Each row is shifted about half a key right of the one above.
  const offset = [0, 0.5, 1];
  const neighbours = new Map<string, string>();
  for (const [key, [r, c]] of position) {
    let near = "";
    for (const [other, [r2, c2]] of position) {
      if (other === key || Math.abs(r - r2) > 1) continue;
      const dx = Math.abs(c + (offset[r] ?? 0) - (c2 + (offset[r2] ?? 0)));
      if ((r === r2 && dx === 1) || (r !== r2 && dx <= 0.5)) near += other;
    }
    neighbours.set(key, near);
  }
  return neighbours;
})();

const LETTERS = /\p{L}+/gu;

interface Candidate {
  word: string;
  start: number;
}

/** The words a typo may go into. */
export function typoCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(LETTERS)) {
    const word = match[0];
    if ([...word].length < MIN_TYPO_WORD_LENGTH) continue;
    if (FUNCTION_WORDS.has(word.toLowerCase())) continue;
    found.push({ word, start: match.index });
  }
  return found;
}

function sameCase(letter: string, like: string): string {
  return like === like.toUpperCase() && like !== like.toLowerCase() ? letter.toUpperCase() : letter;
}

function applyEdit(word: string, edit: TypoEdit, rng: () => number): [string, TypoEdit] {
  const letters = [...word];
  if (edit === "swap") {
    const places: number[] = [];
    for (let i = 1; i + 1 < letters.length; i++) {
      if (letters[i]!.toLowerCase() !== letters[i + 1]!.toLowerCase()) places.push(i);
    }
    if (places.length > 0) {
      const i = places[randomInt(rng, places.length)]!;
      [letters[i], letters[i + 1]] = [letters[i + 1]!, letters[i]!];
      return [letters.join(""), "swap"];
    }
  }
  if (edit === "replace") {
    const places: number[] = [];
    for (let i = 1; i < letters.length; i++) {
      if (QWERTY_NEIGHBOURS.has(letters[i]!.toLowerCase())) places.push(i);
    }
    if (places.length > 0) {
      const i = places[randomInt(rng, places.length)]!;
      const original = letters[i]!;
      const near = QWERTY_NEIGHBOURS.get(original.toLowerCase()) ?? "";
      letters[i] = sameCase(near[randomInt(rng, near.length)] ?? original, original);
      return [letters.join(""), "replace"];
    }
  }
  // Drop one letter after the first (also the fallback when no swap or replacement fits).
  const i = 1 + randomInt(rng, letters.length - 1);
  letters.splice(i, 1);
  return [letters.join(""), "drop"];
}

const EDITS: readonly TypoEdit[] = ["drop", "swap", "replace"];

/** One typo in `text`, chosen by `seed`; null when no word is long enough. */
export function addTypo(text: string, seed: number): Typo | null {
  const rng = createRng(hashString(text, hashString(String(seed))));
  const candidates = typoCandidates(text);
  if (candidates.length === 0) return null;
  const { word, start } = candidates[randomInt(rng, candidates.length)]!;
  const [typo, edit] = applyEdit(word, EDITS[randomInt(rng, EDITS.length)]!, rng);
  return {
    text: text.slice(0, start) + typo + text.slice(start + word.length),
    word,
    typo,
    start,
    edit,
  };
}

/** Every question with one typo (unchanged when it has no word long enough). */
export function withTypos(
  questions: readonly Question[],
  seed: number,
): { questions: Question[]; changed: number } {
  let changed = 0;
  const result = questions.map((question) => {
    const typo = addTypo(question.q, seed);
    if (typo === null) return question;
    changed++;
    return { ...question, q: typo.text };
  });
  return { questions: result, changed };
}
