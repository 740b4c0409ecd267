/**
 * Question files for measuring answer quality (JSON Lines, one question a line). Three
 * kinds: quote-level (`any`, optional `date`, `dateFrom`/`dateTo` and `k`), article-level
 * (`gold`, optional `k`) and unanswerable (`none: true`). Any kind may carry `asked`, the day
 * it was asked, and `article`, the title of the article that answers it; an article-level
 * question may carry `answer`, the words of its answer. Other fields (`source`, ...) are
 * ignored.
 */

interface QuestionBase {
  /** The question as a person would type it. */
  q: string;
  /** 1-based line of the question file. */
  line: number;
  /** The day the question was asked (`YYYY-MM-DD`), when the file says. */
  asked?: string | undefined;
  /** The title of the article that answers it, when the file says (XQuAD does). */
  article?: string | undefined;
}

/**
 * Right when a quote contains one of `any` and its article has `date`, when given, and is
 * dated within `dateFrom`…`dateTo` (both days included), when given.
 */
export interface QuoteQuestion extends QuestionBase {
  kind: "quote";
  any: string[];
  date: string | null;
  k: number | null;
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  /**
   * True when `any` must stand as whole words in the quote ("6" not in "2016", "Iran" not in
   * "Iranian"): set for answers taken from a quiz, not written as quotes.
   */
  wholeWords?: boolean | undefined;
}

/** Right at rank r when the r-th result's article id is in `gold`. */
export interface ArticleQuestion extends QuestionBase {
  kind: "article";
  gold: string[];
  k: number | null;
  /** The words of the answer, when the file says (the news quiz does). */
  answer?: string | undefined;
}

/** Nothing in the library answers it: the right reply is no results. */
export interface NoneQuestion extends QuestionBase {
  kind: "none";
}

export type Question = QuoteQuestion | ArticleQuestion | NoneQuestion;

export interface QuestionFileError {
  line: number;
  message: string;
}

export interface ParsedQuestions {
  questions: Question[];
  errors: QuestionFileError[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isStringList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === "string" && item.trim() !== "")
  );
}

function isDate(value: unknown): value is string {
  return typeof value === "string" && DATE.test(value);
}

/** The optional day fields of a record, or the message for the first bad one. */
function parseDays(record: Record<string, unknown>): Record<string, string> | string {
  const days: Record<string, string> = {};
  for (const name of ["asked", "dateFrom", "dateTo"]) {
    const value = record[name];
    if (value === undefined) continue;
    if (!isDate(value)) return `\`${name}\` must be YYYY-MM-DD`;
    days[name] = value;
  }
  const { dateFrom, dateTo } = days;
  if (dateFrom !== undefined && dateTo !== undefined && dateFrom > dateTo) {
    return "`dateFrom` must not be after `dateTo`";
  }
  return days;
}

function parseRecord(value: unknown, line: number): Question | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "expected a JSON object";
  }
  const record = value as Record<string, unknown>;
  const { q, any, gold, none, date, k, article, answer } = record;
  if (typeof q !== "string" || q.trim() === "") return "`q` must be a non-empty string";
  const days = parseDays(record);
  if (typeof days === "string") return days;
  if (article !== undefined && (typeof article !== "string" || article.trim() === "")) {
    return "`article` must be a non-empty string";
  }
  const about = {
    ...(days.asked === undefined ? {} : { asked: days.asked }),
    ...(typeof article === "string" ? { article } : {}),
  };
  const kinds = [any !== undefined, gold !== undefined, none !== undefined].filter(Boolean);
  if (kinds.length !== 1) return "a question needs exactly one of `any`, `gold` or `none`";
  if (k !== undefined && (typeof k !== "number" || !Number.isInteger(k) || k < 1)) {
    return "`k` must be a positive whole number";
  }
  const kValue = typeof k === "number" ? k : null;
  if (none !== undefined) {
    if (none !== true) return "`none` must be true";
    return { kind: "none", q, line, ...about };
  }
  if (gold !== undefined) {
    if (!isStringList(gold)) return "`gold` must be a non-empty list of article ids";
    if (answer !== undefined && (typeof answer !== "string" || answer.trim() === "")) {
      return "`answer` must be a non-empty string";
    }
    const answerWords = typeof answer === "string" ? { answer } : {};
    return { kind: "article", q, line, gold, k: kValue, ...about, ...answerWords };
  }
  if (!isStringList(any)) return "`any` must be a non-empty list of strings";
  if (date !== undefined && !isDate(date)) return "`date` must be YYYY-MM-DD";
  return {
    kind: "quote",
    q,
    line,
    any,
    date: typeof date === "string" ? date : null,
    k: kValue,
    ...about,
    ...(days.dateFrom === undefined ? {} : { dateFrom: days.dateFrom }),
    ...(days.dateTo === undefined ? {} : { dateTo: days.dateTo }),
  };
}

/** Parses a question file's text. Bad lines become errors; the others still parse. */
export function parseQuestions(text: string): ParsedQuestions {
  const questions: Question[] = [];
  const errors: QuestionFileError[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      errors.push({ line, message: `not valid JSON (${(err as Error).message})` });
      return;
    }
    const parsed = parseRecord(value, line);
    if (typeof parsed === "string") errors.push({ line, message: parsed });
    else questions.push(parsed);
  });
  return { questions, errors };
}
