import { describe, expect, it } from "vitest";
import {
  cutoffFor,
  firstRightRank,
  isRightAtK,
  isRightQuote,
  judge,
  normalizeForMatch,
  type Hit,
  type Outcome,
} from "../tools/eval/judge.ts";
import { latency, percentile, summarize } from "../tools/eval/metrics.ts";
import { parseQuestions, type QuoteQuestion } from "../tools/eval/questions.ts";
import { hashString } from "../tools/eval/random.ts";
import { evaluate, type SearchSystem } from "../tools/eval/run.ts";
import { partOf, selectSplit } from "../tools/eval/split.ts";
import { formatTable } from "../tools/eval/table.ts";

function hit(quote: string, id = "a", date: string | null = "2025-03-14"): Hit {
  return { quote, article: { id, date } };
}

function quoteQuestion(
  any: string[],
  date: string | null = null,
  k: number | null = null,
): QuoteQuestion {
  return { kind: "quote", q: "?", line: 1, any, date, k };
}

describe("question files", () => {
  it("reads the three kinds and keeps their fields", () => {
    const { questions, errors } = parseQuestions(
      [
        '{"q":"a?","any":["x"],"date":"2025-01-02","k":2}',
        "",
        '{"q":"b?","gold":["id-1","id-2"],"answer":"The answer","source":"ignored"}',
        '{"q":"c?","none":true}',
      ].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(questions).toEqual([
      { kind: "quote", q: "a?", line: 1, any: ["x"], date: "2025-01-02", k: 2 },
      { kind: "article", q: "b?", line: 3, gold: ["id-1", "id-2"], k: null, answer: "The answer" },
      { kind: "none", q: "c?", line: 4 },
    ]);
  });

  it("reports bad lines by number and still reads the others", () => {
    const { questions, errors } = parseQuestions(
      [
        "{not json",
        '{"q":"","any":["x"]}',
        '{"q":"a","any":["x"],"gold":["y"]}',
        '{"q":"a","any":["x"],"k":0}',
        '{"q":"a","any":["x"],"date":"14/03/2025"}',
        '{"q":"a","any":[]}',
        '{"q":"a","gold":["y"],"answer":42}',
        '{"q":"ok","none":true}',
      ].join("\n"),
    );
    expect(errors.map((error) => error.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(errors[6]?.message).toBe("`answer` must be a non-empty string");
    expect(questions).toHaveLength(1);
  });
});

describe("judging quotes", () => {
  it("compares after NFKC, straightened quotes, collapsed white space and folded case", () => {
    expect(normalizeForMatch("The ﬁnal “Word”\n\t here")).toBe('the final "word" here');
    const question = quoteQuestion(['"under budget and ahead of schedule"']);
    expect(isRightQuote(question, hit("It came in “under budget and ahead of schedule”."))).toBe(
      true,
    );
    expect(isRightQuote(quoteQuestion(["a third  smaller"]), hit("A THIRD\nsmaller than"))).toBe(
      true,
    );
    expect(isRightQuote(quoteQuestion(["ＦＯＲＴＹ cables"]), hit("forty cables"))).toBe(true);
    expect(isRightQuote(quoteQuestion(["librarians' union"]), hit("The librarians’ union"))).toBe(
      true,
    );
    expect(isRightQuote(quoteQuestion(["forty cables"]), hit("fourty cables"))).toBe(false);
  });

  it("takes a quiz's answer only as whole words when asked to", () => {
    // A quiz answer is a word or a number, not a quote: "6" is not in "2016", "Iran" not in
    // "Iranian".
    const quiz = (answer: string) => ({ ...quoteQuestion([answer]), wholeWords: true });
    expect(isRightQuote(quiz("6"), hit("Sales fell in 2016."))).toBe(false);
    expect(isRightQuote(quiz("6"), hit("Sales fell 6% in 2016."))).toBe(true);
    expect(isRightQuote(quiz("Iran"), hit("An Iranian ship docked."))).toBe(false);
    expect(isRightQuote(quiz("Iran"), hit("Iranian and Iran's ships docked."))).toBe(true);
    expect(isRightQuote(quoteQuestion(["Iran"]), hit("An Iranian ship docked."))).toBe(true);
  });

  it("needs the article's date when the question gives one", () => {
    const question = quoteQuestion(["forty corroded cables"], "2025-03-14");
    expect(isRightQuote(question, hit("forty corroded cables", "a", "2025-03-14"))).toBe(true);
    expect(isRightQuote(question, hit("forty corroded cables", "a", "2025-03-15"))).toBe(false);
    expect(isRightQuote(question, hit("forty corroded cables", "a", null))).toBe(false);
  });

  it("is right at K only when the first right quote ranks within K", () => {
    const hits = [hit("one"), hit("two"), hit("the answer")];
    const question = quoteQuestion(["answer"], null, 2);
    expect(firstRightRank(question, hits)).toBe(3);
    expect(isRightAtK(judge(question, hits))).toBe(false);
    expect(isRightAtK(judge(quoteQuestion(["answer"]), hits))).toBe(true);
    expect(isRightAtK(judge(question, hits, 3))).toBe(true);
    expect(cutoffFor(quoteQuestion(["x"]))).toBe(3);
  });

  it("judges articles by id and unanswerable questions by silence", () => {
    const gold = { kind: "article" as const, q: "?", line: 1, gold: ["b", "c"], k: null };
    expect(firstRightRank(gold, [hit("x", "a"), hit("x", "c")])).toBe(2);
    expect(cutoffFor(gold)).toBe(5);
    const none = { kind: "none" as const, q: "?", line: 1 };
    expect(isRightAtK(judge(none, []))).toBe(true);
    expect(isRightAtK(judge(none, [hit("anything")]))).toBe(false);
  });
});

describe("metrics", () => {
  const outcome = (kind: Outcome["kind"], rank: number | null, k = 3, results = 3): Outcome => ({
    kind,
    rank,
    k,
    results,
  });

  it("counts right@1, right@K, MRR, false refusals and unanswered none questions", () => {
    const summary = summarize([
      outcome("quote", 1),
      outcome("quote", 2),
      outcome("quote", 4, 3, 10),
      outcome("article", null, 5),
      outcome("quote", null, 3, 0),
      outcome("none", null, 3, 0),
      outcome("none", null, 3, 2),
    ]);
    expect(summary).toEqual({
      questions: 7,
      answerable: 5,
      rightAtK: 2,
      rightAt1: 1,
      mrr: (1 + 1 / 2 + 1 / 4 + 0 + 0) / 5,
      // The quote question with no results at all; the article question got wrong ones.
      refused: 1,
      none: 2,
      noneUnanswered: 1,
      cutoffs: [3, 5],
    });
  });

  it("takes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
    expect(latency([3, 1, 2])).toEqual({ count: 3, mean: 2, p50: 2, p95: 3, p99: 3 });
  });

  it("aligns table columns", () => {
    const lines = formatTable(
      [{ title: "name" }, { title: "n", align: "right" }],
      [
        ["a", "1"],
        ["bbb", "100"],
      ],
    );
    expect(lines).toEqual(["name    n", "----  ---", "a       1", "bbb   100"]);
  });
});

describe("the tune / held-out split", () => {
  const texts = Array.from({ length: 200 }, (_, i) => ({ q: `Question number ${i}?` }));

  it("puts every question in exactly one part, the same one every time", () => {
    const tune = selectSplit(texts, "tune");
    const heldOut = selectSplit(texts, "held-out");
    expect(tune.length + heldOut.length).toBe(texts.length);
    expect(tune.filter((question) => heldOut.includes(question))).toEqual([]);
    expect(selectSplit(texts, "all")).toEqual(texts);
    // Order is kept, and a copy of a question's text falls in the same part.
    expect(heldOut).toEqual(texts.filter((question) => heldOut.includes(question)));
    for (const question of texts) expect(partOf({ q: question.q })).toBe(partOf(question));
  });

  it("is decided by the FNV-1a hash of the text: even tunes, odd is held out", () => {
    expect(hashString("a") % 2).toBe(0); // 0xe40c292c
    expect(partOf({ q: "a" })).toBe("tune");
    expect(hashString("b") % 2).toBe(1); // 0xe70c2de5
    expect(partOf({ q: "b" })).toBe("held-out");
  });

  it("splits a set roughly in half", () => {
    const share = selectSplit(texts, "held-out").length / texts.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });
});

describe("date windows and the moment a question is asked", () => {
  const windowed = (dateFrom?: string, dateTo?: string): QuoteQuestion => ({
    ...quoteQuestion(["forty cables"]),
    dateFrom,
    dateTo,
  });

  it("reads asked, dateFrom, dateTo and article, and rejects bad days", () => {
    const { questions, errors } = parseQuestions(
      [
        '{"q":"a?","any":["x"],"asked":"2020-01-03","dateFrom":"2019-12-20","dateTo":"2020-01-04","k":3,"id":"1"}',
        '{"q":"b?","gold":["g"],"asked":"2022-06-16"}',
        '{"q":"c?","any":["x"],"article":"Super Bowl 50"}',
        '{"q":"d?","any":["x"],"asked":"03/01/2020"}',
        '{"q":"e?","any":["x"],"dateFrom":"2020-02-01","dateTo":"2020-01-01"}',
      ].join("\n"),
    );
    expect(questions).toEqual([
      {
        kind: "quote",
        q: "a?",
        line: 1,
        any: ["x"],
        date: null,
        k: 3,
        asked: "2020-01-03",
        dateFrom: "2019-12-20",
        dateTo: "2020-01-04",
      },
      { kind: "article", q: "b?", line: 2, gold: ["g"], k: null, asked: "2022-06-16" },
      {
        kind: "quote",
        q: "c?",
        line: 3,
        any: ["x"],
        date: null,
        k: null,
        article: "Super Bowl 50",
      },
    ]);
    expect(errors).toEqual([
      { line: 4, message: "`asked` must be YYYY-MM-DD" },
      { line: 5, message: "`dateFrom` must not be after `dateTo`" },
    ]);
  });

  it("takes a quote as right only from an article dated within the window, ends included", () => {
    const question = windowed("2025-03-01", "2025-03-14");
    expect(isRightQuote(question, hit("forty cables", "a", "2025-03-01"))).toBe(true);
    expect(isRightQuote(question, hit("forty cables", "a", "2025-03-14"))).toBe(true);
    expect(isRightQuote(question, hit("forty cables", "a", "2025-02-28"))).toBe(false);
    expect(isRightQuote(question, hit("forty cables", "a", "2025-03-15"))).toBe(false);
    expect(isRightQuote(question, hit("forty cables", "a", null))).toBe(false);
    expect(isRightQuote(windowed(undefined, "2025-03-14"), hit("forty cables"))).toBe(true);
    expect(isRightQuote(windowed("2025-03-15"), hit("forty cables"))).toBe(false);
    expect(isRightQuote(windowed(), hit("forty cables", "a", null))).toBe(true);
  });

  it("asks a question on its day only when asked then", () => {
    // A system that, like the library, leaves out articles dated after the day asked.
    const hits = [hit("forty cables, revised", "new", "2025-06-01"), hit("forty cables", "old")];
    const asked: (string | undefined)[] = [];
    const system: SearchSystem = {
      name: "dated",
      search: (_query, top, when = {}) => {
        asked.push(when.asOf);
        return hits
          .filter((h) => when.asOf === undefined || (h.article.date ?? "") <= when.asOf)
          .slice(0, top);
      },
    };
    const question: QuoteQuestion = {
      ...quoteQuestion(["forty cables"], null, 1),
      asked: "2025-03-20",
      dateFrom: "2025-03-06",
      dateTo: "2025-03-21",
    };
    const undated = { ...question, asked: undefined };
    const then = evaluate(system, [question, undated], { moment: "then" });
    const today = evaluate(system, [question, undated], { moment: "today", today: "2026-12-01" });
    expect(asked).toEqual(["2025-03-20", undefined, "2026-12-01", "2026-12-01"]);
    expect(then.summary.rightAtK).toBe(1);
    expect(today.summary.rightAtK).toBe(0);
  });
});
