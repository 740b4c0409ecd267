import deburr from "lodash-es/deburr.js";
import stemWord from "wink-porter2-stemmer";

/**
 * Common English words that say nothing about what a passage is about. Question words
 * are included: "who" or "what" never tells two passages apart.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren as at be because been before " +
    "being below between both but by can cannot could couldn did didn do does doesn doing don " +
    "down during each few for from further had hadn has hasn have haven having he her here hers " +
    "herself him himself his how i if in into is isn it its itself just let ll me more most " +
    "mustn my myself no nor not now of off on once only or other ought our ours ourselves out " +
    "over own re same shan she should shouldn so some such than that the their theirs them " +
    "themselves then there these they this those through to too under until up upon us ve very " +
    "was wasn we were weren what when where which while who whom whose why will with won would " +
    "wouldn you your yours yourself yourselves also did does got get gets many much may might " +
    "must shall s t d m o y"
  ).split(" "),
);

/**
 * Words longer than this are kept as they are: never stemmed nor spelling-corrected. No
 * English word comes close (the longest in everyday use has about 30 letters), while the
 * stemmer's regular expressions cost time growing with the square of a word's length.
 */
export const MAX_WORD_LENGTH = 64;

const COMBINING_MARKS = /\p{M}+/gu;
const NON_ASCII = /\P{ASCII}/u;
/**
 * Greek's closing sigma: lower-casing writes Σ as ς after a letter and as σ elsewhere, so a
 * word would change with what is written before it ("ΛΟΓΟΣ" alone, or after "a﮲").
 */
const FINAL_SIGMA = /ς/g;
/**
 * Invisible characters that may sit inside a word without ending it: soft hyphen,
 * zero-width space, non-joiner and joiner, word joiner, zero-width no-break space.
 * Folding drops them, so "inter\u00ADnational" is found as "international".
 */
export const INVISIBLE_IN_WORDS = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;
/** True for a character of {@link INVISIBLE_IN_WORDS} (one UTF-16 code unit). */
export function isInvisibleInWords(code: number): boolean {
  return code === 0xad || (code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff;
}
/**
 * A word: a number with its decimal point or separators ("3.5", "1,200"), or letters and
 * digits. The lookbehind keeps a long run of digits from being tried again from each of
 * its positions.
 */
export const WORD = /(?<![\p{L}\p{N}])\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+/gu;
const POSSESSIVE = /['’‘`](?:s\b)?/gu;
/**
 * Capitals each followed by a full stop, as news writes "U.S." and "U.K." (the last full stop
 * may be missing: "U.S").
 */
const DOTTED_ACRONYM = /(?<![\p{L}\p{N}.])(?:[A-Z]\.)+(?:[A-Z]\.|[A-Z](?![A-Za-z.]))(?!\p{L})/gu;

/**
 * Dotted acronyms written as one word, padded with spaces so every other character keeps
 * its place: "the U.S. team" → "the US   team". "U.S." and "US" are then one word, as
 * the index reads them.
 */
export function withJoinedAcronyms(text: string): string {
  return text.replace(DOTTED_ACRONYM, (dotted) => {
    const letters = dotted.replaceAll(".", "");
    return letters + " ".repeat(dotted.length - letters.length);
  });
}

/**
 * Every word of `text` ({@link WORD}), a dotted acronym joined ("US"), with the text's own
 * spelling of it ("U.S.").
 */
export function* wordsAsWritten(text: string): Generator<{ word: string; written: string }> {
  for (const match of withJoinedAcronyms(text).matchAll(WORD)) {
    const [word] = match;
    if (text.startsWith(word, match.index)) {
      yield { word, written: word };
      continue;
    }
    // A joined acronym: each of its letters, and the full stop after it where there is one.
    let end = match.index;
    for (const letter of word) {
      end += letter.length;
      if (text.charCodeAt(end) === 0x2e) end++;
    }
    yield { word, written: text.slice(match.index, end) };
  }
}
/**
 * Chinese and Japanese script: written without spaces between words, so a run of it is
 * indexed as overlapping pairs of characters (as search engines do for these languages).
 */
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u;
const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;

/**
 * Folds text for matching: Unicode NFKC, lower case, accents removed, curly quotes
 * straightened, invisible characters inside words dropped, and the Latin letters that have
 * no accent to remove written as their base letters ("ł" → "l", "ø" → "o", "ß" → "ss",
 * lodash's `deburr`), so "Lodz" finds "Łódź"; Greek's closing sigma is written σ. The result
 * is for comparing words only, never for showing.
 */
export function foldText(text: string): string {
  let folded = text.normalize("NFKC").toLowerCase();
  if (NON_ASCII.test(folded)) {
    folded = deburr(
      folded
        .normalize("NFD")
        .replace(COMBINING_MARKS, "")
        .replace(INVISIBLE_IN_WORDS, "")
        .replace(FINAL_SIGMA, "σ"),
    );
  }
  return folded;
}

/**
 * A question folded (see {@link foldText}) and cut to at most `maxLength` characters
 * after folding: NFKC can make text several times longer ("㌖" becomes "キロメートル"),
 * so a cap applied before folding bounds nothing. Only the first `maxLength` characters
 * are read, so folding a long question costs no more than folding a short one.
 */
export function foldQuestion(question: string, maxLength: number): string {
  return foldText(question.slice(0, maxLength)).slice(0, maxLength);
}

/**
 * Splits text into folded words, dropping possessive endings ("Seoul’s" → "seoul").
 * Runs of Chinese or Japanese characters become overlapping pairs ("首尔会谈" → "首尔",
 * "尔会", "会谈"; a lone character stays itself). Stop words are kept; see
 * {@link isStopWord}.
 */
export function splitWords(text: string): string[] {
  const words = foldText(text).replace(POSSESSIVE, " ").match(WORD) ?? [];
  if (!words.some((word) => CJK.test(word))) return words;
  return words.flatMap(splitCjkRuns);
}

/** A word with Chinese or Japanese runs in it, as its other parts and character pairs. */
export function splitCjkRuns(word: string): string[] {
  if (!CJK.test(word)) return [word];
  const parts: string[] = [];
  let last = 0;
  for (const match of word.matchAll(CJK_RUN)) {
    if (match.index > last) parts.push(word.slice(last, match.index));
    pushCharacterPairs(parts, Array.from(match[0]));
    last = match.index + match[0].length;
  }
  if (last < word.length) parts.push(word.slice(last));
  return parts;
}

function pushCharacterPairs(parts: string[], characters: readonly string[]): void {
  if (characters.length === 1) {
    parts.push(characters[0] ?? "");
    return;
  }
  for (let i = 0; i + 1 < characters.length; i++) {
    parts.push((characters[i] ?? "") + (characters[i + 1] ?? ""));
  }
}

/**
 * Whether a question is typed in capitals throughout ("WHAT DID BIDEN SAY ABOUT IT??"): at
 * least two words of two or more letters in capitals, and over twice as many as the words
 * with a small letter ("WHO WON pls"). Its capitals then say nothing of its names.
 */
export function isWrittenInCapitals(text: string): boolean {
  let capitals = 0;
  let small = 0;
  for (const [word] of text.matchAll(LETTER_RUN)) {
    if (SMALL_LETTER.test(word)) small++;
    else if (TWO_CAPITALS.test(word)) capitals++;
  }
  return capitals >= 2 && capitals > 2 * small;
}

const LETTER_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const SMALL_LETTER = /\p{Ll}/u;
const TWO_CAPITALS = /\p{Lu}.*\p{Lu}/u;

/** True for words too common, or too short, to tell passages apart. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word) || (word.length === 1 && !/[\d\p{sc=Han}]/u.test(word));
}

/**
 * Reduces a folded word to its stem, so "agreed", "agrees" and "agreement" meet. Words
 * with digits, very short words and words over {@link MAX_WORD_LENGTH} stay as they are.
 */
export function stem(word: string): string {
  if (word.length <= 3 || word.length > MAX_WORD_LENGTH || /\d/.test(word)) return word;
  return stemWord(word);
}
