/**
 * Initials that name an article: "UMC" for an article titled "United Methodist Church",
 * "ENR" for one titled "Engineering News-Record". People shorten the names they ask about,
 * and an article need not write the short form of the name its title is. Only a title that
 * is a name and nothing more counts: "NBA" is not the "National Book Awards" of a headline
 * about this year's winners, nor "ECB" the "European Commission Budget" of "European
 * Commission Budget talks stall".
 */
import { foldText } from "./text.ts";

/** Short words a name keeps lower-case inside it, which its initials skip ("Bank of England"). */
const JOINING_WORDS = new Set(["of", "and", "the", "for", "de", "du", "la", "von", "van", "&"]);

/** Initials are 2 to 6 capitals ("UK" … "NASDAQ"): beyond that a word in capitals is a word. */
const INITIALS = /^\p{Lu}{2,6}$/u;

/** The most words a name spelt by initials has. */
const MAX_INITIALS = 6;

/**
 * The words of a title, with hyphenated parts apart ("News-Record" is two words), and the
 * marks a name does not hold (group 2): a title with one is more than a name.
 */
const TITLE_WORD_OR_MARK = /([\p{L}\p{N}&]+)|([,;:!?()[\]{}"“”‘’|/\u2013\u2014]|\.\s)/gu;

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
 * The words of the name a title is: every word capitalised (joining words aside, "The"
 * before it too), none in capitals, no mark between them, at most {@link MAX_INITIALS}.
 * Null for a title that is more than a name (a headline) or no name at all.
 */
function nameOfTitle(title: string): string[] | null {
  const words: string[] = [];
  for (const [, word] of title.matchAll(TITLE_WORD_OR_MARK)) {
    if (word === undefined) return null;
    if (JOINING_WORDS.has(word.toLowerCase())) continue;
    if (isWrittenInCapitals(word) || !isCapitalised(word)) return null;
    words.push(word);
    if (words.length > MAX_INITIALS) return null;
  }
  return words;
}

/** True when `title` writes every capital of `initials`: the titles worth reading for them. */
function holdsEveryCapital(title: string, initials: string): boolean {
  for (const capital of initials) if (!title.includes(capital)) return false;
  return true;
}

/**
 * The words `initials` stand for: those of a title that is a name they spell ("UMC":
 * united, methodist, church, folded), the spelling most such titles share; null when no
 * title is one. Reads every title once: called only for initials the library does not write.
 */
export function titleWordsOfInitials(
  titles: Iterable<string>,
  initials: string,
): readonly string[] | null {
  const counts = new Map<string, number>();
  for (const title of titles) {
    if (!holdsEveryCapital(title, initials)) continue;
    const words = nameOfTitle(title);
    if (words?.length !== initials.length) continue;
    if (!words.every((word, i) => word.charAt(0) === initials.charAt(i))) continue;
    const key = words.map(foldText).join(" ");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [key, count] of counts) {
    if (count > bestCount) [best, bestCount] = [key, count];
  }
  return best === null ? null : best.split(" ");
}
