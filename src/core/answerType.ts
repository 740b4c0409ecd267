/**
 * What kind of answer a question asks for, judged from its first words, and whether a
 * passage holds something of that kind. A passage that holds a year for a "when"
 * question, or a number for a "how many" question, is more likely the answer.
 */
export type AnswerType = "time" | "quantity" | "person" | null;

const TIME_QUESTION =
  /^\s*(?:when\b|(?:in |during |by |since |until )?(?:what|which) (?:year|years|date|day|month|century|decade|time period|era|period)\b)/i;
const QUANTITY_QUESTION =
  /\bhow (?:many|much|long|far|old|tall|large|big|high|deep|wide|often|heavy|fast)\b|\b(?:what|which) (?:percentage|percent|proportion|share|number|amount|fraction|size|population|temperature|speed|distance|age)\b/i;
const PERSON_QUESTION = /^\s*(?:who|whom|whose)\b/i;

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

/** The kind of answer a question asks for, or null when its wording does not say. */
export function expectedAnswerType(question: string): AnswerType {
  if (TIME_QUESTION.test(question)) return "time";
  if (QUANTITY_QUESTION.test(question)) return "quantity";
  if (PERSON_QUESTION.test(question)) return "person";
  return null;
}

/** True when the passage holds something of the kind the question asks for. */
export function holdsAnswerType(type: AnswerType, passage: string): boolean {
  switch (type) {
    case "time":
      return TIME_IN_TEXT.test(passage);
    case "quantity":
      return QUANTITY_IN_TEXT.test(passage);
    case "person":
      return NAME_IN_TEXT.test(passage);
    case null:
      return false;
  }
}
