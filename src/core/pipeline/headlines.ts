/**
 * Questions that ask what is new rather than about something: "what's new this week?",
 * "any news today?", "what happened yesterday?", "what's the latest?". Their answer is the
 * library's articles of that period, newest first, each quoted by its opening, the way a
 * news page lists its stories. Matching their words would quote whatever passage happens
 * to say "news" or "happened".
 */
import { NO_DAY } from "../passageIndex.ts";
import { perIndex } from "../perIndex.ts";
import type { SearchContext } from "./context.ts";
import type { Question } from "./question.ts";
import { sentenceText } from "./quotes.ts";
import type { RankedSentence } from "./rankSentences.ts";

/** Words that ask for the news itself, as typed (lower case), in their common forms. */
const NEWS_WORDS: ReadonlySet<string> = new Set([
  "news",
  "new",
  "newest",
  "happen",
  "happens",
  "happened",
  "happening",
  "headline",
  "headlines",
  "story",
  "stories",
  "update",
  "updates",
  "event",
  "events",
  "going",
  "top",
  "breaking",
  // "What did I miss?", "Catch me up."
  "miss",
  "missed",
  "catch",
]);

/**
 * Words that only ask ("anything new?", "give me the news", "tell me about yesterday"):
 * beside a word for news or a period they ask for the news, alone they ask nothing of it.
 */
const ASKING_WORDS: ReadonlySet<string> = new Set([
  "anything",
  "something",
  "give",
  "tell",
  "show",
]);

/**
 * A question asking who, where, why or how asks about someone or something ("Who is new?",
 * "Where is it going?"), never for the list of what is new.
 */
const ASKS_FOR_SOMEONE_OR_SOMEWHERE = /^[^\p{L}]*(?:who|whom|whose|where|why|how)\b/iu;

/** "What's up?" on its own: a greeting that asks what is going on. */
const WHATS_UP = /^[^\p{L}]*what(?:'s|’s|\s+is)\s+up[^\p{L}]*$/iu;

/**
 * Words for news only in a phrase: "catch me up" and "what's going on" ask for the news,
 * "What's the catch?" and "Where is it going?" do not.
 */
const NEWS_ONLY_IN: ReadonlyMap<string, RegExp> = new Map([
  ["catch", /\bcatch(?:\s+(?:me|us))?\s+up\b/i],
  ["going", /\bgoing\s+on\b/i],
]);

/** Whether `word` of the question `text` is a word for news there. */
function isNewsWord(word: string, text: string): boolean {
  if (!NEWS_WORDS.has(word)) return false;
  return NEWS_ONLY_IN.get(word)?.test(text) ?? true;
}

/**
 * True when the question asks for the news of a period, or the latest news: its words are
 * all words for news or words that only ask ("what's new this week?", "anything new?"),
 * and one of them is a word for news, or it names a period or asks for the newest ("what
 * about yesterday?", "what's the latest?").
 */
export function asksForHeadlines(question: Question): boolean {
  if (ASKS_FOR_SOMEONE_OR_SOMEWHERE.test(question.text)) return false;
  const words = question.groups.list.map((group) => group.typed.toLowerCase());
  if (words.length === 0 && WHATS_UP.test(question.text)) return true;
  if (!words.every((word) => isNewsWord(word, question.text) || ASKING_WORDS.has(word))) {
    return false;
  }
  return (
    words.some((word) => isNewsWord(word, question.text)) ||
    question.window !== null ||
    question.wantsLatest
  );
}

/** The dated articles, newest first (by day, then the later in the library first). */
const newestFirstOf = perIndex((index) => {
  const dated: number[] = [];
  for (let article = 0; article < index.articleCount; article++) {
    if ((index.articleDay[article] ?? NO_DAY) !== NO_DAY) dated.push(article);
  }
  return Int32Array.from(
    dated.sort((a, b) => (index.articleDay[b] ?? 0) - (index.articleDay[a] ?? 0) || b - a),
  );
});

/** How a sentence that says something ends: ".", "!", "?" or "…", and any closing mark. */
const SENTENCE_END = /[.!?…]["'”’)\]]*$/u;

/** Leading pieces of an article looked past at most for its opening. A bound, not tuned. */
const MAX_LEAD_IN = 5;

/**
 * The sentence an article's story opens with: its first that ends as a sentence does, past
 * the lines a page sets before the story, which end with no full stop ("By Jane Doe",
 * "WASHINGTON –", "Updated April 10, 2020, 6:34 p.m. ET"). Its first sentence when the first
 * few all end so; null for an article with no sentence.
 */
function openingSentence(context: SearchContext, article: number): number | null {
  const first = context.index.articleSentenceStart[article] ?? 0;
  const end = context.index.articleSentenceEnd[article] ?? first;
  if (first >= end) return null;
  for (let sentence = first; sentence < end && sentence < first + MAX_LEAD_IN; sentence++) {
    if (SENTENCE_END.test(sentenceText(context, article, sentence).trimEnd())) return sentence;
  }
  return first;
}

/** A story of a list of what is new: an article and the sentence it opens with. */
interface Story {
  article: number;
  opening: number;
}

/**
 * An article's title and day, as compared to tell a story saved twice: case and runs of
 * white space do not count.
 */
function titleOnItsDay(context: SearchContext, article: number): string {
  const title = (context.articles[article]?.title ?? "").replace(/\s+/g, " ").trim();
  return `${context.index.articleDay[article]} ${title.toLowerCase()}`;
}

/**
 * The stories of the dated articles `accepts` lets through, newest first, one at a time;
 * undated articles have no place in a list of what is new. An article with the title of
 * one listed already, on the same day, is that story saved again (under another address)
 * and is left out.
 */
function* newestStories(
  context: SearchContext,
  accepts: (article: number) => boolean,
): Generator<Story> {
  const listedTitles = new Set<string>();
  for (const article of newestFirstOf(context.index)) {
    if (!accepts(article)) continue;
    const opening = openingSentence(context, article);
    if (opening === null) continue;
    const title = titleOnItsDay(context, article);
    if (listedTitles.has(title)) continue;
    listedTitles.add(title);
    yield { article, opening };
  }
}

/**
 * A story's opening as a sentence to quote, ranked by its place in the list: quoted as
 * every sentence is, widened, but never back over the lines before it.
 */
function openingOf({ article, opening }: Story, place: number): RankedSentence {
  return {
    article,
    sentence: opening,
    score: -place,
    relevance: 1,
    coverage: 1,
    ownCoverage: 1,
    articleCoverage: 1,
    sentenceMask: 0,
    previousMask: 0,
    nextMask: 0,
    articleMask: 0,
    articleStrongMask: 0,
    passageStrongMask: 0,
    opensStory: true,
  };
}

/**
 * Which dated articles a list of what is new may hold: those of the period the question
 * names, its own days only (the slack a search gives reports that follow an event would
 * put the next days' stories at the top of the list), and none after the question's
 * moment, but for the day of slack for publishers' time zones.
 */
function headlineFilter(context: SearchContext, question: Question): (article: number) => boolean {
  const days = context.index.articleDay;
  const latest =
    question.moment === null ? Infinity : question.moment + context.settings.momentSlackDays;
  const from = question.window?.fromDay ?? -Infinity;
  const to = Math.min(latest, question.window?.toDay ?? Infinity);
  return (article) => {
    const day = days[article] ?? NO_DAY;
    return day >= from && day <= to;
  };
}

/**
 * The openings of the stories of the question's period (see {@link headlineFilter}), newest
 * first, as they are read; with `outside`, of the newest the library held at its moment
 * outside that period instead, for a reply that has nothing from the period.
 */
export function* headlineOpenings(
  context: SearchContext,
  question: Question,
  outside = false,
): Generator<RankedSentence> {
  const inPeriod = headlineFilter(context, question);
  const atMoment = headlineFilter(context, { ...question, window: null });
  const accepts = outside ? (article: number) => atMoment(article) && !inPeriod(article) : inPeriod;
  let place = 0;
  for (const story of newestStories(context, accepts)) yield openingOf(story, place++);
}
