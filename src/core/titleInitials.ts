/**
 * Initials that name an article: "UMC" for an article titled "United Methodist Church",
 * "ENR" for one on "Engineering News-Record". People shorten the names they ask about,
 * and an article need not write the short form that its title spells out.
 */
import { foldText } from "./text.ts";

/** Short words a name keeps lower-case inside it, which its initials skip ("Bank of England"). */
const JOINING_WORDS = new Set(["of", "and", "the", "for", "de", "du", "la", "von", "van", "&"]);

/** Initials are 2 to 6 capitals ("UK" … "NASDAQ"): beyond that a word in capitals is a word. */
const INITIALS = /^\p{Lu}{2,6}$/u;

/**
 * The words of a title, with hyphenated parts apart ("News-Record" is two words), and the
 * marks that end a name (group 2): a name runs on over spaces, hyphens and joining words.
 */
const TITLE_WORD_OR_BREAK = /([\p{L}\p{N}&]+)|([,;:!?()[\]{}"“”‘’|/\u2013\u2014]|\.\s)/gu;

/** True when `typed` is written as initials: 2 to 6 capital letters. */
export function looksLikeInitials(typed: string): boolean {
  return INITIALS.test(typed);
}

/** True when `word` is itself written in capitals ("UC", "CNN"): a name's short form, no word of it. */
function isWrittenInCapitals(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase();
}

/** True when `word` starts with a capital. */
function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}

/**
 * The names a title writes: runs of capitalised words, each as its parts, where joining
 * words ("of", "and") divide one part from the next ("Bank of England": Bank, England).
 * A word in capitals ends a run, since it is a short form itself.
 */
function namesInTitle(title: string): string[][][] {
  const runs: string[][][] = [];
  let run: string[][] = [];
  let part: string[] = [];
  const endPart = (): void => {
    if (part.length > 0) run.push(part);
    part = [];
  };
  const endRun = (): void => {
    endPart();
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const [, word] of title.matchAll(TITLE_WORD_OR_BREAK)) {
    if (word === undefined) endRun();
    else if (JOINING_WORDS.has(word.toLowerCase())) endPart();
    else if (isWrittenInCapitals(word) || !isCapitalised(word)) endRun();
    else part.push(word);
  }
  endRun();
  return runs;
}

/**
 * The words of each name in `run` whose words start with the capitals `initials`: whole
 * parts, one after another, so "SK" finds "South Korea" in "South Korea and Poland" but
 * "CDC" never reads "Charles Duchess Camilla" out of "Prince Charles and Duchess Camilla".
 */
function* spelledIn(run: readonly string[][], initials: string): Generator<readonly string[]> {
  for (let start = 0; start < run.length; start++) {
    const words: string[] = [];
    for (let end = start; end < run.length && words.length < initials.length; end++) {
      const part = run[end]!;
      // A part longer than the initials left to spell cannot end among them.
      if (part.length > initials.length - words.length) break;
      for (const word of part) words.push(word);
    }
    if (
      words.length === initials.length &&
      words.every((word, i) => word.charAt(0) === initials.charAt(i))
    ) {
      yield words;
    }
  }
}

/** True when `title` writes every capital of `initials`: the titles worth reading for them. */
function holdsEveryCapital(title: string, initials: string): boolean {
  for (const capital of initials) if (!title.includes(capital)) return false;
  return true;
}

/**
 * The words `initials` stand for in the library's titles ("UMC": united, methodist,
 * church, folded), the spelling most titles share; null when no title spells them out.
 * Reads every title once: called only for initials the library does not write.
 */
export function titleWordsOfInitials(
  titles: Iterable<string>,
  initials: string,
): readonly string[] | null {
  const counts = new Map<string, number>();
  for (const title of titles) {
    if (!holdsEveryCapital(title, initials)) continue;
    for (const run of namesInTitle(title)) {
      for (const words of spelledIn(run, initials)) {
        const key = words.map(foldText).join(" ");
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount) [best, bestCount] = [key, count];
  }
  return best === null ? null : best.split(" ");
}
