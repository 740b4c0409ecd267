/**
 * What kind of answer a question asks for, judged from its first words, and whether a
 * passage holds something of that kind. A passage that holds a year for a "when"
 * question, or a number for a "how many" question, is more likely the answer.
 */
import { namesAnotherCountry } from "./nationalities.ts";

export type AnswerType = "time" | "quantity" | "person" | "country" | "name" | null;

const TIME_QUESTION =
  /^\s*(?:when\b|(?:in |during |by |since |until )?(?:what|which) (?:year|years|date|day|month|century|decade|time period|era|period)\b)/i;
const QUANTITY_QUESTION =
  /\bhow (?:many|much|long|far|old|tall|large|big|high|deep|wide|often|heavy|fast)\b|\b(?:what|which) (?:percentage|percent|proportion|share|number|amount|fraction|size|population|temperature|speed|distance|age)\b/i;
const PERSON_QUESTION = /^\s*(?:who|whom|whose)\b/i;
/** "Which country…", "what European nation…": the answer names a country or its people. */
const COUNTRY_QUESTION =
  /\b(?:which|what)\s+(?:[\p{L}'-]+\s+){0,3}?(?:country|countries|nation|nations)\b/iu;
/**
 * "Which country…", "What Texas city…", "which former president…": a thing that has a name
 * (a few words may qualify it), so the answer is a name.
 */
const NAME_QUESTION = new RegExp(
  `\\b(?:which|what)\\s+(?:[\\p{L}'-]+\\s+){0,3}?(?:${[
    "country|countries|nation|city|cities|town|state|states|province|region|island|capital|continent",
    "company|companies|firm|retailer|brand|airline|bank|network|team|club|party|agency|organi[sz]ation",
    "university|band|singer|rapper|actor|actress|musician|artist|president|leader|politician",
    "senator|lawmaker|billionaire|player|athlete|film|movie|show|series|song|album|book|airport",
    "river|mountain|newspaper|magazine|app|website|platform|church|religion|language|ship|court",
  ].join("|")})\\b`,
  "iu",
);

/** "What is its name?", "what was the name of…", "What's its brand name?": asks for the name itself. */
const ASKS_FOR_NAME =
  /\b(?:what|which)(?:['’]s|\s+(?:is|was|are|were|will\s+be))\s+(?:its|their|his|her|the)\s+(?:(?:new|brand|full|official|real|stage|code)\s+)?names?\b/i;

const MONTHS =
  "january|february|march|april|may|june|july|august|september|october|november|december";
const TIME_IN_TEXT = new RegExp(
  `\\b(?:1\\d{3}|20\\d{2})s?\\b|\\b(?:${MONTHS})\\b|\\bcentur(?:y|ies)\\b|\\b\\d{1,2}(?:st|nd|rd|th)\\b`,
  "i",
);
const QUANTITY_IN_TEXT =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half)\b/i;
/** A capitalised word that does not start the passage: most often a name. */
const NAME_IN_TEXT = /(?<=[^.!?]\s)\p{Lu}\p{Ll}+/u;
/** Capitalised words that name days and months, never what a "which country" asks for. */
const CALENDAR_NAMES: ReadonlySet<string> = new Set([
  ...MONTHS.split("|"),
  ...["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
]);
/** Whether a folded word names a day of the week or a month. */
export function isCalendarName(word: string): boolean {
  return CALENDAR_NAMES.has(word);
}

/** Every such word, for a name the question does not already hold. */
const NAMES_IN_TEXT = new RegExp(NAME_IN_TEXT.source, "gu");

/** The kind of answer a question asks for, or null when its wording does not say. */
export function expectedAnswerType(question: string): AnswerType {
  if (TIME_QUESTION.test(question)) return "time";
  if (QUANTITY_QUESTION.test(question)) return "quantity";
  if (PERSON_QUESTION.test(question)) return "person";
  if (COUNTRY_QUESTION.test(question)) return "country";
  if (NAME_QUESTION.test(question) || ASKS_FOR_NAME.test(question)) return "name";
  return null;
}

/**
 * True when the passage holds something of the kind the question asks for. For a name,
 * one the question does not hold itself (`asked`: the question's words in lower case): a
 * passage that only repeats the question's names does not name the answer.
 */
export function holdsAnswerType(
  type: AnswerType,
  passage: string,
  asked: ReadonlySet<string> = new Set(),
): boolean {
  switch (type) {
    case "time":
      return TIME_IN_TEXT.test(passage);
    case "quantity":
      return QUANTITY_IN_TEXT.test(passage);
    case "person":
      return NAME_IN_TEXT.test(passage);
    case "country":
      return namesAnotherCountry(passage, asked);
    case "name":
      for (const [name] of passage.matchAll(NAMES_IN_TEXT)) {
        const word = name.toLowerCase();
        if (!asked.has(word) && !CALENDAR_NAMES.has(word)) return true;
      }
      return false;
    case null:
      return false;
  }
}
