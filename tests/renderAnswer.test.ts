import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SearchResult } from "../src/core/types.ts";
import {
  cutKeepingSpoilers,
  escapeText,
  formatDate,
  neutraliseDiscordMarkup,
  renderTitle,
  safeLinkTarget,
  truncateWords,
} from "../src/discord/markdown.ts";
import {
  NOTHING_FOUND,
  renderAnswer,
  renderAnswerText,
  renderNothingFound,
  renderNothingInWindow,
  renderQuote,
  renderSource,
  windowInWords,
} from "../src/discord/renderAnswer.ts";
import { openQuotes, quoteLines, sourceLines } from "./spoilerMarks.ts";

function result(
  quote: string,
  matchedWords: string[],
  extra: Partial<SearchResult["article"]> = {},
): SearchResult {
  return {
    article: {
      id: "a",
      title: "South Korea and Poland hold security talks",
      date: "2026-02-03",
      path: "a.txt",
      url: null,
      ...extra,
    },
    quote,
    score: 0.9,
    paragraph: 0,
    sentence: 0,
    matchedWords,
  };
}

const QUOTE =
  "South Korea and Poland have agreed to strengthen dialogue and information sharing on security issues related to the Korean Peninsula.";

describe("renderQuote", () => {
  it("bolds the matched words, whole words only, whatever their case", () => {
    expect(renderQuote("Poland and Polanders met in poland.", ["poland"], 900)).toBe(
      "**Poland** and Polanders met in **poland**.",
    );
  });

  it("joins neighbouring bold words into one run", () => {
    expect(renderQuote(QUOTE, ["south", "korea"], 900)).toMatch(/^\*\*South Korea\*\* and/);
  });

  it("shortens around the first match with … and never cuts a word", () => {
    const long = `${"Opening words go on and on. ".repeat(40)}The Korean Peninsula matters. ${"Closing words go on. ".repeat(40)}`;
    const out = renderQuote(long, ["peninsula"], 200);
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).toContain("**Peninsula**");
    expect(out.startsWith("… ")).toBe(true);
    expect(out.endsWith(" …")).toBe(true);
    const words = new Set(long.split(/\s+/));
    for (const word of out.replace(/\*\*/g, "").split(" ")) {
      if (word !== "…") expect(words.has(word)).toBe(true);
    }
  });

  it("escapes markdown and line-start syntax in article text", () => {
    expect(renderQuote("# Not a heading", [], 900)).toBe("\\# Not a heading");
    expect(renderQuote("- not a list", [], 900)).toBe("\\- not a list");
    expect(renderQuote("> not a quote", [], 900)).toBe("\\> not a quote");
    expect(renderQuote("1. not numbered", [], 900)).toBe("1\\. not numbered");
    expect(renderQuote("*stars* _under_ ~~strike~~ ||spoiler|| `code`", [], 900)).toBe(
      "\\*stars\\* \\_under\\_ \\~\\~strike\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`",
    );
    expect(renderQuote("see [this](https://evil.example)", [], 900)).toBe(
      "see \\[this\\](https://evil.example)",
    );
  });

  it("neutralises @everyone, @here and user, role and channel mentions", () => {
    const out = renderQuote(
      "Hi @everyone and @here, <@123456789012345678> <@!123456789012345678> <@&223456789012345678> <#323456789012345678>",
      [],
      900,
    );
    expect(out).not.toMatch(/@everyone|@here|<@\d|<@!\d|<@&\d|<#\d/);
    expect(out.replace(/\u200b/g, "")).toBe(
      "Hi @everyone and @here, <@123456789012345678> <@!123456789012345678> <@&223456789012345678> <#323456789012345678>",
    );
  });

  it("always fits its budget (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 3000 }),
        fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 5 }),
        fc.integer({ min: 20, max: 1024 }),
        (text, words, max) => {
          expect(renderQuote(text, words, max).length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("renderAnswer", () => {
  it("renders one embed: block quotes, source line with date, footer", () => {
    const { embeds } = renderAnswer({
      question: "What did Poland agree?",
      results: [result(QUOTE, ["Poland"], { url: "https://news.example.com/a_(b)" })],
      articleCount: 12,
    });
    expect(embeds).toHaveLength(1);
    const embed = embeds[0];
    expect(embed?.title).toBe("What did Poland agree?");
    expect(embed?.description).toBe(
      `> South Korea and **Poland** have agreed to strengthen dialogue and information sharing on security issues related to the Korean Peninsula.\n` +
        `— [South Korea and Poland hold security talks](https://news.example.com/a_%28b%29) · 2026-02-03 · <t:1770076800:R>`,
    );
    expect(embed?.footer?.text).toBe("Searched 12 articles");
  });

  it("says date unknown and bolds the title when there is no date or link", () => {
    const { embeds } = renderAnswer({
      question: "q",
      results: [result("Text.", [], { date: null, title: "Title ] with ) brackets" })],
      articleCount: 1,
    });
    expect(embeds[0]?.description).toContain("— **Title \\] with ) brackets** · date unknown");
    expect(embeds[0]?.footer?.text).toBe("Searched 1 article");
  });

  it("stays within Discord's limits for huge quotes, titles and questions", () => {
    const huge = "word ".repeat(5000);
    const results = [1, 2, 3].map(() =>
      result(`${huge} Poland ${huge}`, ["poland"], {
        title: "T".repeat(1000),
        url: `https://x.example/${"p".repeat(3000)}`,
      }),
    );
    const { embeds } = renderAnswer({
      question: "q ".repeat(1000),
      results,
      articleCount: 3,
      offset: 3,
    });
    const embed = embeds[0];
    const title = embed?.title ?? "";
    const description = embed?.description ?? "";
    const footer = embed?.footer?.text ?? "";
    expect(title.length).toBeLessThanOrEqual(256);
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(title.length + description.length + footer.length).toBeLessThanOrEqual(6000);
    expect(description.match(/\*\*Poland\*\*/g)).toHaveLength(3);
    expect(footer).toBe("Searched 3 articles · results 4–6");
  });

  it("neutralises mentions in the question shown as the title", () => {
    const { embeds } = renderAnswer({
      question: "@everyone look",
      results: [result("x", [])],
      articleCount: 1,
    });
    expect(embeds[0]?.title).not.toContain("@everyone");
  });

  it("hides again, as a spoiler, what the asker hid in the question", () => {
    const heading = (question: string) =>
      renderAnswer({ question, results: [result("x", [])], articleCount: 1 }).embeds[0]?.title;
    expect(heading("||who won||")).toBe("||who won||");
    expect(heading("did ||Spain|| win the *final*?")).toBe("did ||Spain|| win the \\*final\\*?");
    // A mark without its pair is shown as written, as Discord shows it.
    expect(heading("is a || b true?")).toBe("is a \\|\\| b true?");
    expect(heading("||a|| and ||b|| || c")).toBe("||a|| and ||b|| \\|\\| c");
    expect(
      renderAnswerText({ question: "||who won||", results: [result("x", [])], articleCount: 1 }),
    ).toMatch(/^\*\*\|\|who won\|\|\*\*\n/);
  });

  it("keeps a long spoilered question hidden to its end when the heading is cut", () => {
    for (const inner of ["why ".repeat(200), "*".repeat(300), "a ||b|| ".repeat(80)]) {
      const title =
        renderAnswer({ question: `||${inner}||`, results: [result("x", [])], articleCount: 1 })
          .embeds[0]?.title ?? "";
      expect(title.length).toBeLessThanOrEqual(256);
      expect(title.startsWith("||")).toBe(true);
      expect(title.endsWith("||")).toBe(true);
      expect(title).not.toMatch(/(?<!\\)\\\|\|$/);
    }
  });
});

describe("an answer to a question its asker partly hid", () => {
  const linked = { url: "https://news.example.com/final" };
  const results = [
    result("Spain beat England 2-1 in the final.", ["final"], linked),
    result("The final ended in extra time.", ["final"], { ...linked, title: "Extra time" }),
  ];

  it("hides every quote as a spoiler, in the embed and as text, leaving titles, dates and links in sight", () => {
    for (const question of ["who won ||the final||", "||who won the final?||"]) {
      const view = { question, results, articleCount: 2 };
      for (const text of [
        renderAnswer(view).embeds[0]?.description ?? "",
        renderAnswerText(view),
      ]) {
        expect(quoteLines(text)).toHaveLength(2);
        expect(openQuotes(text)).toEqual([]);
        expect(text).toContain("> ||Spain beat England 2-1 in the **final**.||\n");
        expect(sourceLines(text)).toEqual([
          "— [South Korea and Poland hold security talks](https://news.example.com/final) · 2026-02-03 · <t:1770076800:R>",
          "— [Extra time](https://news.example.com/final) · 2026-02-03 · <t:1770076800:R>",
        ]);
      }
    }
    // A question with nothing hidden, or a lone mark Discord shows as written, is answered openly.
    for (const question of ["who won the final?", "who won || the final?"]) {
      const description = renderAnswer({ question, results, articleCount: 2 }).embeds[0]
        ?.description;
      expect(openQuotes(description ?? "")).toHaveLength(2);
    }
  });

  it("never lets a quote end the spoiler early, with its own marks or a link's", () => {
    const tricky = [
      "Score: ||2-1|| after extra time",
      "See https://example.com/a||b|| for the result",
      "A link at the end https://example.com/x|",
      "Ends in a backslash \\",
      "||",
    ];
    const view = {
      question: "||who won||",
      results: tricky.map((quote) => result(quote, ["result"])),
      articleCount: 5,
    };
    for (const text of [renderAnswer(view).embeds[0]?.description ?? "", renderAnswerText(view)]) {
      expect(quoteLines(text)).toHaveLength(5);
      expect(openQuotes(text)).toEqual([]);
    }
    // The link still leads where it says: `|` written as %7C is the same address.
    expect(renderAnswer(view).embeds[0]?.description).toContain(
      "https://example.com/a%7C%7Cb%7C%7C",
    );
  });

  it("stays within Discord's limits and keeps each shown quote hidden, however long (property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quote: fc.string({ maxLength: 3000 }),
            title: fc.string({ maxLength: 1200 }),
            long: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.string({ maxLength: 500 }),
        fc.integer({ min: 0, max: 2000 }),
        (picked, asked, max) => {
          const view = {
            question: `${asked} ||${asked}x||`,
            results: picked.map(({ quote, title, long }) =>
              result(`${quote} final ${quote}`, ["final"], {
                title,
                url: long ? `https://x.example/${"p".repeat(500)}` : "https://x.example/a",
              }),
            ),
            articleCount: 3,
          };
          const embed = renderAnswer(view).embeds[0];
          const description = embed?.description ?? "";
          expect(description.length).toBeLessThanOrEqual(4096);
          const total =
            (embed?.title ?? "").length + description.length + (embed?.footer?.text ?? "").length;
          expect(total).toBeLessThanOrEqual(6000);
          expect(quoteLines(description).length).toBeGreaterThan(0);
          expect(openQuotes(description)).toEqual([]);
          const text = renderAnswerText(view, max);
          expect(text.length).toBeLessThanOrEqual(max);
          expect(openQuotes(text)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("renderAnswerText", () => {
  it("gives the answer as a message's text: question, quotes with sources, footer", () => {
    const text = renderAnswerText({
      question: "What did *Korea* agree?",
      results: [result(QUOTE, ["korea"])],
      articleCount: 2,
    });
    expect(text.split("\n")).toEqual([
      "**What did \\*Korea\\* agree?**",
      expect.stringMatching(/^> South \*\*Korea\*\* and Poland have agreed/),
      "— **South Korea and Poland hold security talks** · 2026-02-03 · <t:1770076800:R>",
      "-# Searched 2 articles",
    ]);
  });

  it("fits the length it is given with whole quotes, however long the results", () => {
    const huge = "word ".repeat(5000);
    const results = [1, 2, 3].map(() =>
      result(`${huge} Poland ${huge}`, ["poland"], { title: "T".repeat(1000) }),
    );
    const text = renderAnswerText({ question: "q ".repeat(1000), results, articleCount: 3 }, 1968);
    expect(text.length).toBeLessThanOrEqual(1968);
    expect(text).toContain("**Poland**");
    expect(text.endsWith("-# Searched 3 articles")).toBe(true);
  });
});

describe("renderNothingFound", () => {
  it("says nothing answers and lists up to three closest titles", () => {
    const refs = [1, 2, 3, 4].map((n) => ({
      id: `${n}`,
      title: `Article *${n}*`,
      date: "2026-01-0" + n,
      path: "",
      url: null,
    }));
    const { content } = renderNothingFound(refs);
    expect(content.startsWith(NOTHING_FOUND)).toBe(true);
    expect(content).toContain("**Article \\*1\\***");
    expect(content).not.toContain("Article \\*4\\*");
    expect(renderNothingFound([]).content).toBe(NOTHING_FOUND);
  });
});

describe("markdown helpers", () => {
  it("leaves web addresses in quotes as written, so their links lead where they say", () => {
    // Escaped or bolded, "korea_poland_deal*2025" would become "korea\\_poland…" inside the
    // link Discord makes of it, and lead elsewhere; the words around it are still escaped.
    const quote = "See *details* at https://www.gov.kr/korea_poland_deal*2025 on the deal.";
    expect(renderQuote(quote, ["korea", "deal"], 900)).toBe(
      "See \\*details\\* at https://www.gov.kr/korea_poland_deal*2025 on the **deal**.",
    );
    expect(escapeText("Report: https://example.org/annual_report_2025.pdf (_draft_)")).toBe(
      "Report: https://example.org/annual_report_2025.pdf (\\_draft\\_)",
    );
  });

  it("cuts a long text without leaving what was hidden open", () => {
    expect(cutKeepingSpoilers("who won ||the final of the cup||?", 20)).toBe(
      "who won ||the fina||",
    );
    expect(cutKeepingSpoilers("||a|| b ||c||", 100)).toBe("||a|| b ||c||");
    // No room left for a hidden part but its marks: it is left out, not shown.
    expect(cutKeepingSpoilers("plain words ||hidden||", 14)).toBe("plain words ");
    expect(cutKeepingSpoilers("no marks at all here", 8)).toBe("no marks");
  });

  it("truncates at word boundaries", () => {
    expect(truncateWords("one two three four", 10)).toBe("one two…");
    expect(truncateWords("short", 10)).toBe("short");
    expect(truncateWords("abcdefghijklmnop", 5)).toBe("abcd…");
  });

  it("formats dates with a Discord timestamp, or says unknown", () => {
    // The date at noon UTC shows the same day nearly everywhere; the relative time counts
    // from the day's start, so an article of today never reads "in 4 hours".
    expect(formatDate("2026-02-03")).toBe("2026-02-03 · <t:1770120000:D>");
    expect(formatDate("2026-02-03", "R")).toBe("2026-02-03 · <t:1770076800:R>");
    // Before 1970 a Unix time is negative, which Discord does not document: the date alone.
    expect(formatDate("1969-07-20", "R")).toBe("1969-07-20");
    expect(formatDate("1969-12-31")).toBe("1969-12-31");
    expect(formatDate("1970-01-01", "R")).toBe("1970-01-01 · <t:0:R>");
    expect(
      renderSource({ id: "m", title: "Moon landing", date: "1969-07-20", path: "m", url: null }),
    ).toBe("— **Moon landing** · 1969-07-20");
    expect(formatDate(null)).toBe("date unknown");
    expect(formatDate("soon")).toBe("date unknown");
  });

  it("accepts only http(s) links and keeps masked links intact", () => {
    expect(safeLinkTarget("javascript:alert(1)")).toBeNull();
    expect(safeLinkTarget("https://a.example/x y(z)")).toBe("https://a.example/x%20y%28z%29");
    expect(renderTitle("A [b]", "https://a.example")).toBe("[A \\[b\\]](https://a.example/)");
  });

  it("shows Discord markup in article text, quotes and titles as written, never live", () => {
    const ZWSP = "\u200b";
    const markup = [
      "<t:1700000000:R>",
      "<t:1700000000>",
      "</vote:123456789012345678>",
      "</feed add:123456789012345678>",
      "<:party:123456789012345678>",
      "<a:dance:123456789012345678>",
      "<@&123456789012345678>",
      "<@123456789012345678>",
      "<#123456789012345678>",
      "<id:guide>",
    ];
    const text = `The vote closes ${markup.join(" and ")} today.`;
    // Discord reads `<` followed by one of these as markup; a zero-width space breaks it.
    const live = /<(?=[@#/:]|[at]:|id:)/;
    const whole = [
      renderQuote(text, ["vote", "dance"], 900),
      escapeText(text),
      renderTitle(text, "https://news.example.com/a", 600),
    ];
    const heading =
      renderAnswer({ question: text, results: [result("x", [])], articleCount: 1 }).embeds[0]
        ?.title ?? "";
    for (const out of [...whole, heading]) expect(out).not.toMatch(live);
    for (const out of whole) {
      // Word for word: only the invisible spaces and escapes were added.
      const read = out.replaceAll(ZWSP, "").replaceAll("**", "").replaceAll(/\\(.)/g, "$1");
      for (const piece of markup) expect(read).toContain(piece);
    }
  });

  it("escapes multi-line text line by line", () => {
    expect(escapeText("# one\n- two\nthree *")).toBe("\\# one\n\\- two\nthree \\*");
    expect(neutraliseDiscordMarkup("@here")).toBe("@\u200bhere");
  });
});

describe("periods in words", () => {
  it.each([
    ["last week", { from: "2026-03-23", to: "2026-03-29" }, "from last week (23–29 March)"],
    ["in January", { from: "2026-01-01", to: "2026-01-31" }, "in January (1–31 January)"],
    ["since March", { from: "2026-03-01", to: null }, "since March (1–30 March)"],
    [null, { from: "2025-06-01", to: "2025-06-30" }, "from 1–30 June 2025"],
    [null, { from: null, to: "2026-01-31" }, "until 31 January"],
  ])("names %s, asked on 30 March 2026, as the period it stands for", (phrase, window, words) => {
    expect(windowInWords({ ...window, phrase }, "2026-03-30")).toBe(words);
  });
});

describe("a question about a period", () => {
  const lastWeek = { from: "2026-03-23", to: "2026-03-29", phrase: "last week" };

  it("names the period in the footer of the answer", () => {
    const { embeds } = renderAnswer({
      question: "What did Poland agree last week?",
      results: [result(QUOTE, ["Poland"])],
      articleCount: 12,
      window: lastWeek,
      asOf: "2026-03-30",
    });
    expect(embeds[0]?.footer?.text).toBe("Searched 12 articles · from last week (23–29 March)");
  });

  it("says nothing in it answers, and offers the closest earlier articles as such", () => {
    const earlier = [
      result(QUOTE, ["Poland"], { id: "x", title: "Talks begin", date: "2026-02-03" }),
      result(QUOTE, ["Poland"], { id: "x", title: "Talks begin", date: "2026-02-03" }),
      result(QUOTE, ["Poland"], { id: "y", title: "Talks *end*", date: "2026-02-10" }),
    ];
    expect(renderNothingInWindow(lastWeek, earlier, "2026-03-30").content).toBe(
      "Nothing from last week (23–29 March) answers that. The closest earlier articles:\n" +
        "- **Talks begin** (2026-02-03)\n" +
        "- **Talks \\*end\\*** (2026-02-10)",
    );
    expect(renderNothingInWindow(lastWeek, [], "2026-03-30").content).toBe(
      "Nothing from last week (23–29 March) answers that.",
    );
  });

  it("says why nothing answers, and does not call later articles earlier", () => {
    // Asked in June about March: an article of May is outside the period, but not before it.
    const march = { from: "2026-03-01", to: "2026-03-31", phrase: "in March" };
    const later = [result(QUOTE, ["union"], { id: "z", title: "Union talks", date: "2026-05-25" })];
    expect(
      renderNothingInWindow(march, later, "2026-06-10", ["No article mentions Tesla."]).content,
    ).toBe(
      "Nothing in March (1–31 March) answers that. No article mentions Tesla. " +
        "The closest articles from outside that period:\n- **Union talks** (2026-05-25)",
    );
  });

  it("keeps time words inert: no pings, no markup", () => {
    const content = renderNothingInWindow(
      { from: "2026-03-23", to: "2026-03-29", phrase: "@everyone **week**" },
      [],
      "2026-03-30",
    ).content;
    expect(content).not.toContain("@everyone");
    expect(content).toContain("\\*\\*week\\*\\*");
  });
});
