/**
 * Question files for measuring answer quality (JSON Lines, one question a line). Three
 * kinds: quote-level (`any`, optional `date` and `k`), article-level (`gold`, optional `k`)
 * and unanswerable (`none: true`). Other fields (`answer`, `source`, ...) are ignored.
 */

interface QuestionBase {
  /** The question as a person would type it. */
  q: string;
  /** 1-based line of the question file. */
  line: number;
}

/** Right when a quote contains one of `any` (and its article has `date`, when given). */
export interface QuoteQuestion extends QuestionBase {
  kind: "quote";
  any: string[];
  date: string | null;
  k: number | null;
}

/** Right at rank r when the r-th result's article id is in `gold`. */
export interface ArticleQuestion extends QuestionBase {
  kind: "article";
  gold: string[];
  k: number | null;
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

function parseRecord(value: unknown, line: number): Question | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return "expected a JSON object";
  }
  const record = value as Record<string, unknown>;
  const { q, any, gold, none, date, k } = record;
  if (typeof q !== "string" || q.trim() === "") return "`q` must be a non-empty string";
  const kinds = [any !== undefined, gold !== undefined, none !== undefined].filter(Boolean);
  if (kinds.length !== 1) return "a question needs exactly one of `any`, `gold` or `none`";
  if (k !== undefined && (typeof k !== "number" || !Number.isInteger(k) || k < 1)) {
    return "`k` must be a positive whole number";
  }
  const kValue = typeof k === "number" ? k : null;
  if (none !== undefined) {
    if (none !== true) return "`none` must be true";
    return { kind: "none", q, line };
  }
  if (gold !== undefined) {
    if (!isStringList(gold)) return "`gold` must be a non-empty list of article ids";
    return { kind: "article", q, line, gold, k: kValue };
  }
  if (!isStringList(any)) return "`any` must be a non-empty list of strings";
  if (date !== undefined && (typeof date !== "string" || !DATE.test(date))) {
    return "`date` must be YYYY-MM-DD";
  }
  return { kind: "quote", q, line, any, date: typeof date === "string" ? date : null, k: kValue };
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
