/**
 * Words and sentences from hostile text: invisible characters inside words, Chinese and
 * Japanese text, words of millions of letters, crafted hash collisions, correct words the
 * spelling corrector must leave alone, and paragraphs without sentence ends.
 */
import { describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/core/library.ts";
import { MAX_SENTENCE_LENGTH, splitSentences } from "../../src/core/sentences.ts";
import { createSpellingCorrector } from "../../src/core/spelling.ts";
import { foldQuestion, MAX_WORD_LENGTH, splitWords, stem } from "../../src/core/text.ts";
import type { Article } from "../../src/core/types.ts";
import { WordTable } from "../../src/core/wordScanner.ts";
import { fixtureArticle } from "./fixtureArticle.ts";

function article(id: string, ...paragraphs: string[]): Article {
  return fixtureArticle(id, paragraphs, { date: "2026-02-03" });
}

function quotesFor(articles: Article[], question: string): string[] {
  return buildLibrary(articles)
    .search(question)
    .map((result) => result.article.id);
}

describe("invisible characters inside words", () => {
  it.each([
    ["soft hyphen", "\u00ad"],
    ["zero-width space", "\u200b"],
    ["word joiner", "\u2060"],
  ])("a %s does not split a word, in articles or in questions", (_name, mark) => {
    const articles = [
      article("hyphenated", `The inter${mark}national talks with Kupie${mark}cki went well.`),
      article("other", "Walruses gathered on the ice of the northern bay."),
    ];
    expect(quotesFor(articles, "international talks")).toEqual(["hyphenated"]);
    expect(quotesFor(articles, "Kupiecki")).toEqual(["hyphenated"]);
    expect(quotesFor(articles, `Kupie${mark}cki`)).toEqual(["hyphenated"]);
  });
});

describe("Chinese and Japanese text", () => {
  it("is searchable by its words", () => {
    const articles = [
      article("zh", "韩国和波兰举行安全会谈。双方同意加强合作。"),
      article("ja", "東京で会議が開かれた。参加者は多かった。"),
      article("en", "Walruses gathered on the ice of the northern bay."),
    ];
    expect(quotesFor(articles, "安全会谈")[0]).toBe("zh");
    expect(quotesFor(articles, "東京 会議")[0]).toBe("ja");
  });

  it("ends sentences at 。！？ without a space after them", () => {
    const paragraph = "韩国和波兰举行会谈。双方同意合作！是吗？好。";
    expect(splitSentences(paragraph).map(({ start, end }) => paragraph.slice(start, end))).toEqual([
      "韩国和波兰举行会谈。",
      "双方同意合作！",
      "是吗？",
      "好。",
    ]);
  });
});

describe("sentences stay bounded", () => {
  it("cuts a paragraph without sentence ends into pieces, at spaces", () => {
    const paragraph = "walrus colony ".repeat(10_000).trim();
    const spans = splitSentences(paragraph);
    expect(spans.length).toBeGreaterThan(paragraph.length / MAX_SENTENCE_LENGTH);
    for (const { start, end } of spans) {
      expect(end - start).toBeLessThanOrEqual(MAX_SENTENCE_LENGTH);
      // Cut between words, never inside one.
      const words = paragraph.slice(start, end).split(" ");
      expect(words.every((word) => word === "walrus" || word === "colony")).toBe(true);
    }
  });

  it("gives a bounded quote from a paragraph of a million characters", () => {
    const body = `${"filler words here ".repeat(30_000)}the aardvark agreement ${"more filler ".repeat(30_000)}`;
    const [result] = buildLibrary([article("long", body)]).search("aardvark agreement");
    expect(result?.quote).toContain("aardvark agreement");
    expect(result?.quote.length).toBeLessThanOrEqual(2 * MAX_SENTENCE_LENGTH);
  });
});

describe("very long words", () => {
  it("are kept as they are: never stemmed", () => {
    const long = `${"agreement".repeat(10)}s`;
    expect(long.length).toBeGreaterThan(MAX_WORD_LENGTH);
    expect(stem(long)).toBe(long);
    expect(stem("agreements")).toBe(stem("agreement"));
  });

  it("are never spelling-corrected", () => {
    const corrector = createSpellingCorrector(new Map([["x".repeat(MAX_WORD_LENGTH + 1), 3]]));
    expect(corrector.correct("x".repeat(MAX_WORD_LENGTH + 2))).toBeNull();
  });

  it("a question that grows when folded is cut after folding", () => {
    const folded = foldQuestion("㌖".repeat(2000), 2000);
    expect(folded.length).toBeLessThanOrEqual(2000);
    expect(folded.startsWith("キロメートル")).toBe(true);
  });
});

describe("spelling correction", () => {
  const corrector = createSpellingCorrector(
    new Map([
      ["held", 40],
      ["self", 12],
      ["korea", 90],
      ["kupiecki", 5],
    ]),
  );

  it("leaves everyday English words alone", () => {
    expect(corrector.correct("help")).toBeNull();
    expect(corrector.correct("sell")).toBeNull();
  });

  it("still corrects misspellings", () => {
    expect(corrector.correct("koreaa")).toBe("korea");
    expect(corrector.correct("kupieki")).toBe("kupiecki");
  });

  it("corrects the letters of a word with digits, never its digits", () => {
    const withDigits = createSpellingCorrector(
      new Map([
        ["internet2", 7],
        ["covid19", 30],
        ["118", 4],
      ]),
    );
    expect(withDigits.correct("intrenet2")).toBe("internet2");
    expect(withDigits.correct("internet3")).toBeNull();
    expect(withDigits.correct("covid18")).toBeNull();
    expect(withDigits.correct("119")).toBeNull();
  });

  it('never reads a correct word as a library word one letter away ("help" is not "held")', () => {
    const articles = [article("held", "The meeting was held in Seoul with Korea and Poland.")];
    const library = buildLibrary(articles);
    const results = library.search("Did Poland help Korea?");
    // The passage answers by Poland and Korea, never by "held" standing in for "help".
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result.matchedWords).not.toContain("held");
  });
});

/** The scanner's two hashes of a word (polynomial 31 and FNV-1a over UTF-16 code units). */
function hashes(word: string): string {
  let first = 0;
  let second = 0x811c9dc5 | 0;
  for (let i = 0; i < word.length; i++) {
    first = (Math.imul(first, 31) + word.charCodeAt(i)) | 0;
    second = Math.imul(second ^ word.charCodeAt(i), 0x01000193);
  }
  return `${first},${second}`;
}

/**
 * Two different folded words sharing both hashes: "ба" and "ая" share the first hash, so
 * every string of 17 such blocks does; among 2^17 of them two share the second by chance.
 */
function collidingWords(): [string, string] {
  const seen = new Map<string, string>();
  for (let bits = 0; bits < 1 << 17; bits++) {
    let word = "";
    for (let block = 0; block < 17; block++) word += (bits >> block) & 1 ? "ба" : "ая";
    const key = hashes(word);
    const earlier = seen.get(key);
    if (earlier !== undefined) return [earlier, word];
    seen.set(key, word);
  }
  throw new Error("no collision among 2^17 words");
}

describe("crafted hash collisions", () => {
  it("never make two words one", () => {
    const [a, b] = collidingWords();
    expect(a).not.toBe(b);
    expect(hashes(a)).toBe(hashes(b));
    const table = new WordTable();
    const first = table.numberOf(a);
    const second = table.numberOf(b);
    expect(second).not.toBe(first);
    expect(table.numberOf(a)).toBe(first);
    expect(table.words[second]).toBe(b);
  });

  it("never hide an article's word", () => {
    const [a, b] = collidingWords();
    expect(splitWords(a)).toEqual([a]);
    const articles = [article("crafted", `Noise ${a} here.`), article("real", `Report on ${b}.`)];
    expect(quotesFor(articles, b)).toEqual(["real"]);
    expect(quotesFor(articles, a)).toEqual(["crafted"]);
  });
});
