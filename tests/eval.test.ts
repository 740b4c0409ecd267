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
        '{"q":"b?","gold":["id-1","id-2"],"answer":"ignored"}',
        '{"q":"c?","none":true}',
      ].join("\n"),
    );
    expect(errors).toEqual([]);
    expect(questions).toEqual([
      { kind: "quote", q: "a?", line: 1, any: ["x"], date: "2025-01-02", k: 2 },
      { kind: "article", q: "b?", line: 3, gold: ["id-1", "id-2"], k: null },
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
        '{"q":"ok","none":true}',
      ].join("\n"),
    );
    expect(errors.map((error) => error.line)).toEqual([1, 2, 3, 4, 5, 6]);
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
