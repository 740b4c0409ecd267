/**
 * Stage 1: understanding the question. Its words become term groups (each word with the
 * library terms it may stand for), its wording gives the kind of answer asked for, and the
 * moment it is asked, with `since` / `until`, gives the period it is about.
 */
import { expectedAnswerType } from "../answerType.ts";
import { withChatSpellingsWrittenOut } from "../chatSpelling.ts";
import { idf } from "../bm25.ts";
import { englishRarity, isCommonestEnglish, isEnglishWord } from "../englishRarity.ts";
import { isNationalityWord, isPlaceName, relatedPlaceWords } from "../nationalities.ts";
import { caseKeptForm, dayOfDate, NO_DAY } from "../passageIndex.ts";
import {
  foldText,
  INVISIBLE_IN_WORDS,
  isStopWord,
  isWrittenInCapitals,
  splitCjkRuns,
  stem,
  withJoinedAcronyms,
} from "../text.ts";
import { splitSentences } from "../sentences.ts";
import { sentenceText } from "./quotes.ts";
import { isCorrectable, isLookedUpWord, oneEditNeighbours, oneEditVariants } from "../spelling.ts";
import { dayString, OPEN_START, readTime, type TextRange, type TimeReading } from "../time.ts";
import { perIndex } from "../perIndex.ts";
import { looksLikeInitials, titleWordsOfInitials } from "../titleInitials.ts";
import type { SearchOptions, WordRelation } from "../types.ts";
import type { SearchContext } from "./context.ts";
import {
  MAX_TERM_GROUPS,
  TermGroups,
  type Alternative,
  type AlternativeSource,
  type DayRange,
  type Question,
  type TermGroup,
} from "./question.ts";

/** Questions longer than this (after folding) are cut before searching. */
export const MAX_QUERY_LENGTH = 2_000;
/** Words longer than this are matched as typed: never stemmed, corrected or expanded. */
const MAX_WORD_LENGTH = 64;

/** A word of the question: a number with its separators, or a run of letters and digits. */
const WRITTEN_WORD = /(?<![\p{L}\p{N}\p{M}])\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}\p{M}]+/gu;
/** A possessive ending, dropped before words are cut ("Seoul’s" → "Seoul"). */
const POSSESSIVE = /['’‘`](?:s\b)?/gu;

/**
 * The scheme and site of a web address ("https://www.example.com" of
 * "https://www.example.com/korea-poland-talks"): where something was read, not what the
 * question is about. The path stays, as its words often name the story.
 */
const WEB_SITE = /\b(?:https?|ftp):\/\/[^\s/?#<>]*|\bwww\.[^\s/?#<>]+/giu;

/** The question with the sites of its web addresses blanked, every other word in its place. */
function withWebSitesBlanked(text: string): string {
  return text.replace(WEB_SITE, (site) => " ".repeat(site.length));
}

/** The question cut to a length every later stage can afford, whatever folding does to it. */
export function boundedQuestion(query: string): string {
  return query.slice(0, MAX_QUERY_LENGTH).normalize("NFKC").slice(0, MAX_QUERY_LENGTH);
}

/** What the first stage reads: the question, and when and about which days it is asked. */
export function understandQuestion(
  context: SearchContext,
  query: string,
  options: SearchOptions,
): Question {
  // Invisible characters go first, so the time words' places are places in the words read;
  // chat spellings ("whats", "rn") are read as the words they stand for, and the question
  // is cut again, as writing them out makes it longer.
  const text = withWebSitesBlanked(
    withChatSpellingsWrittenOut(boundedQuestion(query).replace(INVISIBLE_IN_WORDS, "")),
  ).slice(0, MAX_QUERY_LENGTH);
  const moment = options.asOf === undefined ? null : dayOrNull(options.asOf);
  // Time words are read relative to the moment; without one, to the library's newest day.
  const timeMoment = moment ?? context.newestDay;
  const read =
    timeMoment === null
      ? { window: null, phrase: null, wantsLatest: false, text }
      : readTime(text, dayString(timeMoment));
  // A date the question states ("signed in 2022") is often a fact about the story, not
  // when it was reported: it stays a word to match, not a limit on the articles.
  const reading = read.relative === false ? { ...read, window: null, phrase: null, text } : read;
  // The words asking for the current state go either way: "the latest on the arms deal"
  // is matched as "the arms deal".
  const notMatched = reading === read ? (read.removed ?? []) : (read.latestWords ?? []);
  const groups = termGroupsOf(context, text, notMatched);
  return {
    text: reading.text,
    groups,
    echoTerms: ASKS_FOR_SOMETHING.test(text) ? echoTermsOf(context, text, groups) : null,
    answerType: expectedAnswerType(text),
    moment,
    window: bothWindows(windowOfOptions(options), windowOfReading(reading)),
    wantsLatest: reading.wantsLatest,
  };
}

/** The period the question's own time words name, or null. */
function windowOfReading(reading: TimeReading): DayRange | null {
  if (reading.window === null) return null;
  const open = reading.window.from === OPEN_START;
  return {
    fromDay: open ? null : dayOrNull(reading.window.from),
    toDay: dayOrNull(reading.window.to),
    from: open ? null : reading.window.from,
    to: reading.window.to,
    phrase: reading.phrase,
  };
}

function dayOrNull(date: string): number | null {
  const day = dayOfDate(date);
  return day === NO_DAY ? null : day;
}

/**
 * The period a question is limited to when `since` / `until` and its own time words both
 * name one: the days both hold ("in March" with `since` 10 March is 10 to 31 March, named
 * by its days). When they share no day, `since` / `until`, which were set on purpose, win.
 */
function bothWindows(options: DayRange | null, words: DayRange | null): DayRange | null {
  if (options === null || words === null) return options ?? words;
  const later = (a: number | null, b: number | null): number | null =>
    a === null ? b : b === null ? a : Math.max(a, b);
  const earlier = (a: number | null, b: number | null): number | null =>
    a === null ? b : b === null ? a : Math.min(a, b);
  const fromDay = later(options.fromDay, words.fromDay);
  const toDay = earlier(options.toDay, words.toDay);
  if (fromDay !== null && toDay !== null && fromDay > toDay) return options;
  const sameAsWords = fromDay === words.fromDay && toDay === words.toDay;
  return {
    fromDay,
    toDay,
    from: fromDay === null ? null : dayString(fromDay),
    to: toDay === null ? null : dayString(toDay),
    phrase: sameAsWords ? words.phrase : null,
  };
}

/** The period `since` and `until` name, or null when neither is given. */
function windowOfOptions(options: SearchOptions): DayRange | null {
  const fromDay = options.since === undefined ? null : dayOrNull(options.since);
  const toDay = options.until === undefined ? null : dayOrNull(options.until);
  if (fromDay === null && toDay === null) return null;
  return {
    fromDay,
    toDay,
    from: fromDay === null ? null : (options.since ?? null),
    to: toDay === null ? null : (options.until ?? null),
    phrase: null,
  };
}

/**
 * A question asking for something it does not say ("which union…", "how many…"): only a
 * passage saying more than its words can answer it. "Did the harbour reopen?" and the
 * keywords "harbour reopened" are answered by "The harbour reopened."
 */
const ASKS_FOR_SOMETHING = /\b(?:which|what|who|whom|whose|where|when|why|how)\b/i;

/**
 * Every library term a word of the question stands for, its time words included: what a
 * passage must say more than, to tell the asker anything.
 */
function echoTermsOf(context: SearchContext, text: string, groups: TermGroups): Set<number> {
  const { index } = context;
  const terms = new Set<number>();
  const add = (term: number | undefined): void => {
    if (term !== undefined && term >= 0) terms.add(term);
  };
  for (const group of groups.list) for (const { term } of group.alternatives) add(term);
  for (const word of questionWords(text)) {
    add(index.words.get(word.folded)?.term);
    if (word.folded.length <= MAX_WORD_LENGTH) add(index.stems.get(stem(word.folded)));
  }
  return terms;
}

/** A word of the question as written and folded. */
interface QuestionWord {
  written: string;
  folded: string;
  /** The word opens a sentence of the question, so a capital says nothing about it. */
  opens: boolean;
  /** Where the word starts in the question (without its invisible characters). */
  at: number;
  /**
   * The word and the one before it written as one with a hyphen ("run-offs"), folded and
   * joined ("runoffs"); null otherwise.
   */
  hyphenated: string | null;
}

/**
 * The words of a question, possessive endings dropped. A question may be several sentences
 * ("Colin Powell died this week. In which administration…"): the first word of each opens
 * it, as the first word of an article's sentence does in the index.
 */
function questionWords(text: string): QuestionWord[] {
  const words: QuestionWord[] = [];
  /** For each word, whether a hyphen joins it to the word before it. */
  const hyphenBefore: boolean[] = [];
  // Invisible characters inside a word (a soft hyphen) do not split it, as in the index.
  // A possessive ending becomes as many spaces, so the words keep their places.
  const visible = text
    .replace(INVISIBLE_IN_WORDS, "")
    .replace(POSSESSIVE, (ending) => " ".repeat(ending.length));
  // Sentences as written ("I live in N.Y. What is…" is two); words with "U.S." as "US",
  // which keeps every character in its place.
  const sentenceEnds = splitSentences(visible).map((span) => span.end);
  let sentence = 0;
  let opened = false;
  let previousEnd = -1;
  for (const match of withJoinedAcronyms(visible).matchAll(WRITTEN_WORD)) {
    const [written] = match;
    while (sentence < sentenceEnds.length - 1 && match.index >= sentenceEnds[sentence]!) {
      sentence++;
      opened = false;
    }
    const previous = words.at(-1);
    const joined =
      previous !== undefined &&
      previousEnd === match.index - 1 &&
      HYPHENS.includes(visible.charAt(previousEnd))
        ? previous.folded
        : null;
    previousEnd = match.index + written.length;
    for (const whole of foldText(written).match(WRITTEN_WORD) ?? []) {
      // Chinese and Japanese runs are matched by character pairs, as the index holds them.
      for (const folded of splitCjkRuns(whole)) {
        // Words only: "COVID-19" is a name and its number, as the articles index it.
        const hyphenated =
          joined !== null && words.at(-1) === previous && LETTERS_ONLY.test(joined + folded)
            ? joined + folded
            : null;
        words.push({ written, folded, opens: !opened, at: match.index, hyphenated });
        hyphenBefore.push(joined !== null && words.at(-2) === previous);
        opened = true;
      }
    }
  }
  // Only two words make a compound: a longer chain is a name or a phrase of its own
  // ("In-N-Out" is no "inn", "mother-in-law" no "inlaw").
  return words.map((word, at) =>
    word.hyphenated !== null && (hyphenBefore[at - 1] === true || hyphenBefore[at + 1] === true)
      ? { ...word, hyphenated: null }
      : word,
  );
}

const LETTERS_ONLY = /^\p{L}+$/u;

/** Hyphens that join two words into one ("run-offs", "e‑mail"). */
const HYPHENS = "-\u2010\u2011";

/**
 * The question's term groups: one per distinct content word, the most telling kept. The
 * words of `removed` (its time words, "On Monday") are left out; the words after them keep
 * what the question as written says of them, so in "On Monday, Apple became…" the capital
 * of "Apple" still marks a name.
 */
export function termGroupsOf(
  context: SearchContext,
  text: string,
  removed: readonly TextRange[] = [],
): TermGroups {
  const groups: TermGroup[] = [];
  const seenWords = new Set<string>();
  const seenTerms = new Set<number>();
  const budget: WordBudget = {
    corrections: MAX_CORRECTED_WORDS,
    pairs: MAX_PAIR_LOOKUPS,
    caseLookups: MAX_CASE_LOOKUPS,
    initials: MAX_INITIALS_LOOKUPS,
  };
  // Words come in order, so one pass over the ranges in order tells which are taken out.
  const ranges = [...removed].sort((a, b) => a.start - b.start);
  let range = 0;
  const words = questionWords(text);
  // A question typed without a single capital says nothing by case about its names, and
  // nor does one typed in capitals throughout.
  const caseless = !/\p{Lu}/u.test(text);
  const shouted = !caseless && isWrittenInCapitals(text);
  /** The word the last word and this one make, written as one (see compoundWithNext). */
  let carried: Compound | null = null;
  for (const [at, word] of words.entries()) {
    while (range < ranges.length && ranges[range]!.end <= word.at) range++;
    const current = ranges[range];
    if (current !== undefined && word.at >= current.start) {
      carried = null;
      continue;
    }
    const kept = shouted ? shoutedKeptForm(context, word) : caseKeptForm(word.written, word.opens);
    const read = kept !== null && context.index.words.has(kept) ? kept : word.folded;
    // A capitalised stop word ("The", "May") may be a name but says little of the subject;
    // capitals ("US", "WHO") do.
    const asName = shouted
      ? read === kept || isCaselessName(context, word, words[at + 1], budget)
      : (isWrittenAsName(word) && (read !== kept || read === read.toUpperCase())) ||
        (caseless && isCaselessName(context, word, words[at + 1], budget));
    const typedWords = read === word.folded ? partsAsWritten(context, read, budget) : [read];
    // A word the library writes as one with the word before it ("donald" of "Mc Donald's")
    // stands for that word, as the one before does.
    const own: Compound | null = compoundOf(context, word) ?? carried;
    const withNext: Compound | null =
      own === null ? compoundWithNext(context, text, word, words[at + 1]) : null;
    const compound = own ?? withNext;
    carried = withNext !== null && words[at + 1]?.hyphenated === null ? withNext : null;
    for (const typed of typedWords) {
      // A stop word joined to the word before it ("lock-down", "take-over") is read as the
      // compound the two make ("lockdown"), where the library writes it.
      const stop = typed !== kept && isStopWord(typed);
      const reading = stop ? (compound?.word ?? null) : typed;
      if (reading === null || seenWords.has(reading)) continue;
      seenWords.add(reading);
      const group = stop
        ? groupOfWord(context, reading, asName, budget)
        : groupOfWord(context, typed, asName, budget, compound);
      // Initials no article writes stand for the words of a title they spell: "UMC" asks
      // about the article "United Methodist Church", as if the question wrote it out.
      const spelled =
        group.alternatives.length === 0 ? titleWordsSpelled(context, word, budget) : null;
      if (spelled !== null) {
        for (const spelledWord of spelled) {
          if (isStopWord(spelledWord) || seenWords.has(spelledWord)) continue;
          seenWords.add(spelledWord);
          groups.push(groupOfWord(context, spelledWord, true, budget));
        }
        continue;
      }
      // Two words with one stem ("agree", "agreed") are one piece of the question.
      const primary = group.alternatives[0]?.term;
      if (primary !== undefined) {
        if (seenTerms.has(primary)) continue;
        seenTerms.add(primary);
      }
      groups.push(group);
    }
  }
  return new TermGroups(mostTelling(context, groups));
}

/**
 * The title words that `word`, written as initials the library lacks, stands for ("UMC":
 * united, methodist, church); null when it is no such initials or no title spells them.
 */
function titleWordsSpelled(
  context: SearchContext,
  word: QuestionWord,
  budget: WordBudget,
): readonly string[] | null {
  if (!looksLikeInitials(word.written)) return null;
  const known = spelledTitleWordsOf(context.index);
  const cached = known.get(word.written);
  if (cached !== undefined) return cached;
  if (budget.initials <= 0) return null;
  budget.initials--;
  const titles = (function* () {
    for (const article of context.articles) yield article.title;
  })();
  const spelled = titleWordsOfInitials(titles, word.written);
  // Kept for the initials people ask again; a flood of made-up ones starts the table afresh.
  if (known.size >= MAX_KEPT_INITIALS) known.clear();
  known.set(word.written, spelled);
  return spelled;
}

/** Initials whose title words are kept per index. A bound on memory, not tuned. */
const MAX_KEPT_INITIALS = 1024;

/** Per index: the title words of each set of initials looked up so far (null: none). */
const spelledTitleWordsOf = perIndex(() => new Map<string, readonly string[] | null>());

/**
 * The case-kept form of a stop word of a question typed in capitals ({@link isWrittenInCapitals}):
 * its capitals stand for a name only when they are a good share of the times the library
 * writes the word ({@link SHOUTED_NAME_SHARE}). "US" is the country as often as not, while
 * "IT", "WHO" and "THE" are nearly always "it", "who" and "the", which a heading in
 * capitals writes so too.
 */
function shoutedKeptForm(context: SearchContext, word: QuestionWord): string | null {
  const kept = caseKeptForm(word.written, word.opens);
  if (kept === null) return null;
  const { words } = context.index;
  const capitals = words.get(kept)?.count ?? 0;
  return capitals >= SHOUTED_NAME_SHARE * (words.get(word.folded)?.count ?? 0) ? kept : null;
}

/**
 * The share of a word's occurrences (any case) in capitals that makes its capitals a name
 * in a question typed in capitals. News writes "US" so about half the times it writes the
 * word, "WHO" and "IT" under 1%. A bound, not tuned.
 */
const SHOUTED_NAME_SHARE = 0.25;

/**
 * What a question may spend on its words: spelling corrections (a search over the library's
 * words each) and looks for letters and a number written side by side. A question rarely
 * has more than a few typos, and one of made-up words must not hold the bot up: beyond
 * these, a word is matched as typed, by its forms, places and word relations only.
 */
interface WordBudget {
  corrections: number;
  pairs: number;
  /** Words of a question typed without capitals looked up for how the library writes them. */
  caseLookups: number;
  /** Initials looked up in the library's titles (a read of every title each). */
  initials: number;
}

/** Words of one question that are spelling-corrected at most. A bound, not tuned. */
const MAX_CORRECTED_WORDS = 4;
/** Words of a caseless question looked up for how the library writes them. A bound, not tuned. */
const MAX_CASE_LOOKUPS = 12;
/** Initials of one question looked up in the titles at most. A bound, not tuned. */
const MAX_INITIALS_LOOKUPS = 1;
/** Run-together words of one question looked up side by side at most. A bound, not tuned. */
const MAX_PAIR_LOOKUPS = 4;

/** Letters run into a number: "covid19", "iphone14" ("19th" and "5pm" are written so). */
const RUN_TOGETHER = /^([a-z]{2,})(\d+)$/;
/**
 * Articles looked through for the letters and the number written side by side; the search
 * stops at the first it finds. A bound on the time one word may take, not tuned.
 */
const MAX_ARTICLES_FOR_PAIR = 64;

/**
 * A word of letters and a number typed together ("covid19") read as the library writes it:
 * as two words when the library writes them side by side ("COVID-19", "iPhone 14"). "mp3",
 * "co2" and "Internet2" stay one word unless the library writes "MP 3", "CO 2" or
 * "Internet 2"; "g7" stays one word, since a single letter is no word to match.
 */
function partsAsWritten(context: SearchContext, folded: string, budget: WordBudget): string[] {
  const parts = RUN_TOGETHER.exec(folded);
  if (parts === null) return joinedWordsAsWritten(context, folded, budget);
  if (budget.pairs <= 0) return [folded];
  budget.pairs--;
  const [, letters = "", digits = ""] = parts;
  if (isStopWord(letters)) return [folded];
  const { words } = context.index;
  const first = words.get(letters)?.term ?? -1;
  const second = words.get(digits)?.term ?? -1;
  if (first < 0 || second < 0) return [folded];
  return writtenSideBySide(context, first, second) ? [letters, digits] : [folded];
}

/** Parts of a word run together looked up at most, longest first part first. A bound, not tuned. */
const MAX_SPLITS_TRIED = 3;
/** The shortest part a word run together is split into ("mc" of "mcdonald"). */
const MIN_SPLIT_PART = 2;

/**
 * A word of letters the library lacks in every form, typed as one where the library writes
 * two side by side: "Yeondoo" for "Yeon-doo", "superbowl" for "Super Bowl". Split where
 * both parts are library words that some article writes in that order; else the word as
 * typed. Stop words are no part ("intothe" stays one word, to be corrected), and a word of
 * English is its own word ("seawater" is not "sea water").
 */
function joinedWordsAsWritten(
  context: SearchContext,
  folded: string,
  budget: WordBudget,
): string[] {
  const { words, stems } = context.index;
  const known = (word: string): number => words.get(word)?.term ?? -1;
  if (
    budget.pairs <= 0 ||
    !LETTERS_ONLY.test(folded) ||
    folded.length < 2 * MIN_SPLIT_PART ||
    folded.length > MAX_WORD_LENGTH ||
    known(folded) >= 0 ||
    stems.get(stem(folded)) !== undefined ||
    isEnglishWord(folded)
  ) {
    return [folded];
  }
  let tried = 0;
  for (let at = folded.length - MIN_SPLIT_PART; at >= MIN_SPLIT_PART; at--) {
    const first = folded.slice(0, at);
    const second = folded.slice(at);
    if (isStopWord(first) || isStopWord(second)) continue;
    const firstTerm = known(first);
    const secondTerm = known(second);
    if (firstTerm < 0 || secondTerm < 0) continue;
    if (tried === 0) budget.pairs--;
    if (writtenSideBySide(context, firstTerm, secondTerm)) return [first, second];
    if (++tried >= MAX_SPLITS_TRIED) break;
  }
  return [folded];
}

/**
 * True when some article has term `first` right before term `second` in one sentence. The
 * articles of the rarer term are read, at most {@link MAX_ARTICLES_FOR_PAIR} of them.
 */
function writtenSideBySide(context: SearchContext, first: number, second: number): boolean {
  const { index } = context;
  const counts = index.termArticleCount;
  const rarer = (counts[first] ?? 0) <= (counts[second] ?? 0) ? first : second;
  let read = 0;
  for (const article of articlesOfTerm(index, rarer)) {
    if (read++ >= MAX_ARTICLES_FOR_PAIR) return false;
    if (hasPairInArticle(index, article, first, second)) return true;
  }
  return false;
}

/** The articles holding `term`, from both segments of its postings. */
function* articlesOfTerm(index: SearchContext["index"], term: number): Generator<number> {
  const segments = [
    [index.postingStart, index.postingDocs],
    [index.tailPostingStart, index.tailPostingDocs],
  ] as const;
  for (const [starts, docs] of segments) {
    if (term + 1 >= starts.length) continue;
    for (let p = starts[term]!; p < starts[term + 1]!; p++) {
      const article = index.slotArticle[docs[p]!] ?? -1;
      if (article >= 0) yield article;
    }
  }
}

/** True when a sentence of `article` has term `first` right before term `second`. */
function hasPairInArticle(
  index: SearchContext["index"],
  article: number,
  first: number,
  second: number,
): boolean {
  const { tokens, sentenceTokenStart } = index;
  const sentenceEnd = index.articleSentenceEnd[article] ?? 0;
  for (let s = index.articleSentenceStart[article] ?? 0; s < sentenceEnd; s++) {
    const end = sentenceTokenStart[s + 1] ?? 0;
    for (let t = sentenceTokenStart[s] ?? 0; t + 1 < end; t++) {
      if (tokens[t] === first && tokens[t + 1] === second) return true;
    }
  }
  return false;
}

/**
 * True when the question writes the word as a name: capitalised where a capital says so (not
 * opening a sentence), in capitals ("NASA"), or a country or its people opening the question
 * ("Japan has infuriated its neighbours…", where "infuriated" is no subject to look for).
 */
function isWrittenAsName(word: QuestionWord): boolean {
  const first = word.written.charAt(0);
  if (first === first.toLowerCase()) return false;
  return (
    !word.opens ||
    (word.written.length >= 2 && word.written === word.written.toUpperCase()) ||
    isPlaceName(word.folded)
  );
}

/** Words that, following a place word, make it a verb: "polish my shoes", "polish the silver". */
const DETERMINERS = new Set(["a", "an", "the", "my", "your", "his", "her", "its", "our", "their"]);

/**
 * In a question typed without capitals, a word its writer would have capitalised: a country
 * or its people ("who led the polish delegation", "what did turkey say") unless the word
 * acts on what follows it ("polish my shoes"), a word the library writes as a name ("where
 * were rail lines built in victoria"), or a word no article writes whose most frequent sense
 * in the lexicon names one thing ("what route connects fresno with…"): without an article
 * on it the library cannot answer.
 */
function isCaselessName(
  context: SearchContext,
  word: QuestionWord,
  next: QuestionWord | undefined,
  budget: WordBudget,
): boolean {
  if (isStopWord(word.folded)) return false;
  if (isPlaceName(word.folded)) return !(next !== undefined && DETERMINERS.has(next.folded));
  const term = context.index.words.get(word.folded)?.term;
  // A word no article writes: a name when English uses it for one ("fresno").
  if (term === undefined || term < 0) return context.lexicon?.namesOne?.(word.folded) ?? false;
  // The commonest words of English are names too rarely to look up ("people", "state").
  if (budget.caseLookups <= 0 || isCommonestEnglish(word.folded)) return false;
  budget.caseLookups--;
  return capitalisedShare(context, term, word.folded) >= CASELESS_NAME_SHARE;
}

/**
 * A word the library writes capitalised inside sentences at least this share of the times
 * it is seen is a name. High, so that words names often hold ("house" of "White House",
 * "state") stay words. Not tuned.
 */
const CASELESS_NAME_SHARE = 0.9;
/** Times a word is seen inside sentences before its share counts. Not tuned. */
const CASELESS_NAME_MIN_SEEN = 3;
/** Times a word is looked for at most, and tokens read, to learn how the library writes it. Bounds, not tuned. */
const CASELESS_NAME_MAX_SEEN = 10;
const CASELESS_NAME_MAX_TOKENS = 8_000;

/**
 * The share of the times the library writes `word` (the folded form of `term`) inside a
 * sentence, not opening it, that it writes it with a capital; 0 when seen too few times.
 * The articles of the term are read in order until {@link CASELESS_NAME_MAX_SEEN}
 * occurrences or {@link CASELESS_NAME_MAX_TOKENS} tokens.
 */
function capitalisedShare(context: SearchContext, term: number, word: string): number {
  const { seen, capitalised } = capitalisedCounts(context, term, word);
  return seen < CASELESS_NAME_MIN_SEEN ? 0 : capitalised / seen;
}

/**
 * How many times (within the bounds of {@link capitalisedShare}) the library writes `word`,
 * the folded form of `term`, inside a sentence, and how many of those with a capital.
 */
function capitalisedCounts(
  context: SearchContext,
  term: number,
  word: string,
): { seen: number; capitalised: number } {
  const { index } = context;
  const { tokens, sentenceTokenStart } = index;
  let seen = 0;
  let capitalised = 0;
  let read = 0;
  for (const article of articlesOfTerm(index, term)) {
    const sentenceEnd = index.articleSentenceEnd[article] ?? 0;
    for (let s = index.articleSentenceStart[article] ?? 0; s < sentenceEnd; s++) {
      const first = sentenceTokenStart[s] ?? 0;
      const end = sentenceTokenStart[s + 1] ?? 0;
      read += end - first;
      let inside = false;
      for (let t = first + 1; t < end && !inside; t++) inside = tokens[t] === term;
      if (inside) {
        for (const written of writtenInside(sentenceText(context, article, s), word)) {
          seen++;
          if (written) capitalised++;
        }
      }
      if (seen >= CASELESS_NAME_MAX_SEEN || read >= CASELESS_NAME_MAX_TOKENS) {
        return { seen, capitalised };
      }
    }
  }
  return { seen, capitalised };
}

/**
 * Names at most this long are corrected only to words the library writes as names: like
 * the words too short to correct at all, they lie one edit from too many words. The
 * shortest length spelling.ts corrects (MIN_CORRECTABLE_LENGTH); not tuned.
 */
const MAX_SHORT_NAME_LENGTH = 4;

/**
 * Whether a library word (`term`, folded `word`) may be what a name typed as `typed` meant.
 * A short name the library lacks is more likely a name it does not cover than a misspelt
 * word: "Elon" is no "eon", "Lisa" no "list". A misspelt name is still a name, so a short
 * one is read as a word the library writes with a capital most times it writes it inside a
 * sentence ("Olso" as "Oslo"), or only opening sentences, where case says nothing.
 */
function mayBeCorrectedName(
  context: SearchContext,
  typed: string,
  term: number | undefined,
  word: string,
): boolean {
  if (typed.length > MAX_SHORT_NAME_LENGTH || term === undefined || term < 0) return true;
  const { seen, capitalised } = capitalisedCounts(context, term, word);
  return seen === 0 || capitalised * 2 > seen;
}

/**
 * For each time `word` (folded) is written in `sentence` after its first word, whether with
 * a capital. The sentence's words are folded as the index folds them ("Zürich" is
 * "zurich"), one by one, so the capital is read from the word as written.
 */
function* writtenInside(sentence: string, word: string): Generator<boolean> {
  let opening = true;
  for (const [written] of sentence.matchAll(SENTENCE_WORD)) {
    // The sentence's first word opens it: its capital says nothing.
    if (opening) {
      opening = false;
      continue;
    }
    // Most words are plain ASCII, whose folding is their lower case; only others are folded.
    const folded = ASCII_WORD.test(written) ? written.toLowerCase() : foldText(written);
    if (folded === word) yield CAPITALISED.test(written);
  }
}

/** A word of an article's sentence, as the index cuts them. */
const SENTENCE_WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CAPITALISED = /^\p{Lu}/u;
const ASCII_WORD = /^[A-Za-z0-9]+$/;

/**
 * The group of one question word: the word itself or another form of it, the country for
 * a nationality ("Polish" → "Poland"), the spelling correction of a word the library
 * lacks, and its relations in the lexicon, each weighted.
 */
function groupOfWord(
  context: SearchContext,
  typed: string,
  isName: boolean,
  budget: WordBudget,
  compound: Compound | null = null,
): TermGroup {
  const alternatives = new AlternativeList(context.settings.maxAlternatives);
  const { index, settings } = context;
  const long = typed.length > MAX_WORD_LENGTH;
  alternatives.add(index.words.get(typed)?.term, typed, 1, "typed");
  if (!long) {
    // A correction is a search: the question's budget pays for it, once for the word, only
    // when a search is to run.
    let correcting: boolean | null = null;
    const mayCorrect = (): boolean => {
      if (correcting === null) {
        correcting = budget.corrections > 0;
        if (correcting) budget.corrections--;
      }
      return correcting;
    };
    // A typo that happens to share a library word's stem stands for the word it misspells.
    const form = index.stems.get(stem(typed));
    if (form !== undefined && looksMisspelt(context, typed, form) && mayCorrect()) {
      addCorrection(context, typed, alternatives, isName);
    }
    if (alternatives.size === 0) alternatives.add(form, typed, 1, "form");
    // A nationality names its country whether or not the library writes the word itself:
    // "the Polish delegation" is about Poland in an article that also writes "Polish".
    // Other words stand for a place only when the library lacks them.
    if (alternatives.size === 0 || isNationalityWord(typed)) {
      for (const place of relatedPlaceWords(typed)) {
        alternatives.add(index.words.get(place)?.term, place, settings.placeWeight, "place");
      }
    }
    // Word relations stand in only for a word the library lacks in every form: where the
    // library has the word, its own word is the better evidence, and relations would only
    // let more passages seem to answer.
    if (alternatives.size === 0 && !isName) addRelatedWords(context, typed, alternatives);
    // A name stands for the same word spelt another way: "the Ministry of Defence" where
    // the articles write "defense", "Labour" where they write "labor".
    if (alternatives.size === 0 && isName) addOtherSpellings(context, typed, alternatives);
    if (alternatives.size === 0 && isCorrectable(typed) && mayCorrect()) {
      addCorrection(context, typed, alternatives, isName);
    }
    if (alternatives.size === 0 && isStemCorrectable(typed) && mayCorrect()) {
      addStemCorrection(context, typed, alternatives, isName);
    }
  }
  if (compound !== null) alternatives.add(compound.term, compound.word, 1, "form");
  const sorted = alternatives.sorted();
  // A misspelt word is as rare as the word it stands for: "deyermined" is "determined",
  // not a rare word the question is about. A stop word kept in its capitals ("The Islamic
  // State", "May") is as common in English as it is in lower case.
  const [best] = sorted;
  const meant = best?.source === "spelling" ? best.word : typed;
  return { typed, alternatives: sorted, isName, rarity: englishRarity(meant.toLowerCase()) };
}

/**
 * For the second part of a hyphenated word ("offs" of "run-offs"), the library's term for
 * the two written as one ("runoffs", or another form of it), so that an article writing
 * "runoffs" holds the part as one writing "run-offs" does; null otherwise.
 */
function compoundOf(context: SearchContext, word: QuestionWord): Compound | null {
  const joined = word.hyphenated;
  if (joined === null || joined.length > MAX_WORD_LENGTH) return null;
  const { index } = context;
  const typed = index.words.get(joined)?.term;
  const term = typed !== undefined && typed >= 0 ? typed : index.stems.get(stem(joined));
  return term !== undefined && term >= 0 ? { term, word: joined } : null;
}

/**
 * For the first part of a word the question splits where the library writes it as one,
 * the library's term for the two written as one: "yeon" of "Yeon-doo" where the library
 * writes "Yeondoo", and "mc" of "Mc Donald's" where it writes "McDonald's". Only for a
 * first part the library lacks in every form: "large" of "large-scale" is matched as
 * written, and "New York" stays two words where the library also writes "Newyork". Null
 * otherwise.
 */
function compoundWithNext(
  context: SearchContext,
  text: string,
  word: QuestionWord,
  next: QuestionWord | undefined,
): Compound | null {
  if (next === undefined) return null;
  const { words, stems } = context.index;
  const lacked =
    (words.get(word.folded)?.term ?? -1) < 0 && stems.get(stem(word.folded)) === undefined;
  // A stop word or a letter ("on-field", "K-pop") says too little to stand for the compound.
  if (!lacked || word.folded.length < MIN_SPLIT_PART || isStopWord(word.folded)) return null;
  if (next.hyphenated !== null) return compoundOf(context, next);
  const apart = /^\s+$/.test(text.slice(word.at + word.written.length, next.at));
  if (!apart || next.opens || isStopWord(next.folded)) return null;
  return compoundOf(context, { ...next, hyphenated: word.folded + next.folded });
}

/** A hyphenated word written as one, as the library has it. */
interface Compound {
  term: number;
  word: string;
}

/** The library word a misspelt word most likely meant, as an alternative of its group. */
function addCorrection(
  context: SearchContext,
  typed: string,
  alternatives: AlternativeList,
  isName: boolean,
): void {
  const corrected = context.corrector.correct(typed);
  if (corrected === null) return;
  const term = context.index.words.get(corrected)?.term;
  if (isName && !mayBeCorrectedName(context, typed, term, corrected)) return;
  alternatives.add(term, corrected, context.settings.correctedWeight, "spelling");
}

/** Words shorter than this are not corrected by stem: too many stems lie a swap apart. */
const MIN_STEM_CORRECTED_LENGTH = 5;
/**
 * Nor words longer than this: English words hardly are, and each letter adds about 53
 * variants to look up.
 */
const MAX_STEM_CORRECTED_LENGTH = 16;

/**
 * A misspelt word whose intended form no article writes, though other forms of it are in
 * the library: "phliosophies" is a swap from "philosophies", which the library lacks, but
 * "philosophy" shares its stem; "Rmoans" is "Romans", a form of the library's "Roman". The
 * spelling corrector offers only words the library writes, so the words one edit away that
 * English knows and that keep the typo's first letter (a set lookup each, so only a few are
 * stemmed) are tried here against the library's stems, and the one whose stem the most
 * articles hold is taken. A word with digits is left to the corrector, which keeps them.
 * Without the first-letter rule, names read as other stems answered questions about things
 * the library does not hold (XQuAD leave-one-out, tune half: one false answer more).
 */
/** Whether {@link addStemCorrection} may read a word: Latin letters, no digits, not English. */
function isStemCorrectable(typed: string): boolean {
  if (typed.length < MIN_STEM_CORRECTED_LENGTH || typed.length > MAX_STEM_CORRECTED_LENGTH) {
    return false;
  }
  return isLookedUpWord(typed) && !/\d/.test(typed) && !isEnglishWord(typed);
}

function addStemCorrection(
  context: SearchContext,
  typed: string,
  alternatives: AlternativeList,
  isName: boolean,
): void {
  const { index } = context;
  let best: { word: string; term: number; articles: number } | null = null;
  for (const word of oneEditVariants(typed)) {
    // Only a word of English ("worlde", a swap from "wordle", shares a stem with "world"),
    // and with the typo's first letter, which typing seldom gets wrong.
    if (!isEnglishWord(word) || word.charAt(0) !== typed.charAt(0)) continue;
    const term = index.stems.get(stem(word));
    if (term === undefined) continue;
    const articles = index.termArticleCount[term] ?? 0;
    if (best === null || articles > best.articles) best = { word, term, articles };
  }
  if (best === null || (isName && !mayBeCorrectedName(context, typed, best.term, best.word)))
    return;
  alternatives.add(best.term, best.word, context.settings.correctedWeight, "spelling");
}

/**
 * True when a word the library lacks, though it has the word's stem (`form`) through other
 * words, is more likely a misspelling: English does not know it (neither the subtitles'
 * words nor WordNet, which knows "deported" as a form of "deport"), no library word of that
 * stem is one edit from it, and another library word is. "pary" shares its stem with
 * "Paris" but is one letter from "party"; "Kovacs" is one letter from "Kovac", a word of
 * its own stem, and stays a form of it.
 */
function looksMisspelt(context: SearchContext, typed: string, form: number): boolean {
  const { words } = context.index;
  if (words.has(typed) || !isLookedUpWord(typed) || isEnglishWord(typed)) return false;
  if ((context.lexicon?.related(typed).length ?? 0) > 0) return false;
  const neighbours = oneEditNeighbours(typed, (word) => words.get(word)?.count);
  let other = false;
  for (const word of neighbours.keys()) {
    const term = words.get(word)?.term ?? -1;
    if (term === form) return false;
    if (term >= 0) other = true;
  }
  return other;
}

/** The library terms of the words the lexicon relates to a question word. */
function addRelatedWords(
  context: SearchContext,
  typed: string,
  alternatives: AlternativeList,
): void {
  const { index } = context;
  for (const related of context.lexicon?.related(typed) ?? []) {
    const weight = relationWeight(context, related.relation, related.senses);
    if (weight <= 0) continue;
    const term = index.words.get(related.word)?.term ?? index.stems.get(stem(related.word));
    alternatives.add(term, related.word, weight, related.relation);
  }
}

/**
 * The lexicon's synonyms of `typed` that are the same word in its other English spelling
 * ("defence": "defense"; "centre": "center"), the library's terms for them: as much the word
 * as typed. Other synonyms a letter away are other names ("Rome" is not "Roma").
 */
function addOtherSpellings(
  context: SearchContext,
  typed: string,
  alternatives: AlternativeList,
): void {
  for (const related of context.lexicon?.related(typed) ?? []) {
    if (related.relation !== "synonym" || !isOtherEnglishSpelling(typed, related.word)) continue;
    alternatives.add(context.index.words.get(related.word)?.term, related.word, 1, "form");
  }
}

/**
 * Whether two words are one word in British and American spelling: they differ only where
 * those spellings do, by "c" and "s" (defence), "s" and "z" (organise), "re" and "er"
 * (centre), a "u" before the "r" of a longer word's ending (colour, not "tour"), a doubled "l" (travelled), or an "a" or "o" before
 * "e" (paediatric, manoeuvre).
 */
export function isOtherEnglishSpelling(a: string, b: string): boolean {
  if (a === b) return false;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const [one, other] = [a.slice(start, endA), b.slice(start, endB)].sort();
  if (one === undefined || other === undefined) return false;
  const longer = a.length >= b.length ? a : b;
  const before = longer.charAt(start - 1);
  const after = longer.charAt(start + other.length);
  if (one === "") {
    return (
      (other === "u" && before === "o" && after === "r" && start >= 3) ||
      (other === "l" && before === "l") ||
      ((other === "a" || other === "o") && after === "e")
    );
  }
  return `${one}${other}` === "cs" || `${one}${other}` === "sz" || `${one}|${other}` === "er|re";
}

/** How much a related word counts: by relation, and less for a word of many senses. */
function relationWeight(context: SearchContext, relation: WordRelation, senses: number): number {
  const { settings } = context;
  const byRelation: Record<WordRelation, number> = {
    lemma: settings.lemmaWeight,
    synonym: settings.synonymWeight,
    derived: settings.derivedWeight,
    hypernym: settings.hypernymWeight,
    hyponym: settings.hyponymWeight,
  };
  return byRelation[relation] / (1 + settings.sensePenalty * Math.max(0, senses - 1));
}

/** Order of the sources of alternatives of equal weight and word. */
const SOURCE_ORDER: readonly AlternativeSource[] = [
  "typed",
  "form",
  "place",
  "spelling",
  "lemma",
  "synonym",
  "derived",
  "hypernym",
  "hyponym",
];

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The alternatives of one word: each term once, at its best weight, the best kept. */
class AlternativeList {
  private readonly byTerm = new Map<number, Alternative>();

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.byTerm.size;
  }

  add(term: number | undefined, word: string, weight: number, source: Alternative["source"]): void {
    if (term === undefined || term < 0) return;
    const known = this.byTerm.get(term);
    if (known !== undefined && known.weight >= weight) return;
    this.byTerm.set(term, { term, word, weight, source });
  }

  /**
   * Best first; ties by word, then by source. Term ids never decide: an index updated in
   * place numbers its terms otherwise than a fresh build, and must rank the same.
   */
  sorted(): Alternative[] {
    return [...this.byTerm.values()]
      .sort(
        (a, b) =>
          b.weight - a.weight ||
          compareStrings(a.word, b.word) ||
          SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source),
      )
      .slice(0, Math.max(1, this.limit));
  }
}

/** How telling a group is: the sentence-level IDF of its best term (a missing word: the most). */
export function groupIdf(context: SearchContext, group: TermGroup): number {
  const { index } = context;
  const term = group.alternatives[0]?.term;
  const frequency = term === undefined ? 0 : (index.sentenceFrequency[term] ?? 0);
  return idf(index.sentenceCount, frequency);
}

/** At most MAX_TERM_GROUPS groups: the rarest in the library (words it lacks first). */
function mostTelling(context: SearchContext, groups: TermGroup[]): TermGroup[] {
  if (groups.length <= MAX_TERM_GROUPS) return groups;
  return [...groups]
    .sort((a, b) => groupIdf(context, b) - groupIdf(context, a))
    .slice(0, MAX_TERM_GROUPS);
}
