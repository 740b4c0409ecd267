import { beforeAll, describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/core/library.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";
import type { Article, Library } from "../../src/core/types.ts";

/**
 * A tram line whose story changes over three months (planned, postponed, opened, then a
 * strike that begins and ends), plus unrelated articles that share its everyday words.
 * The same questions, asked at different moments, must be answered from what was known
 * at that moment, newest state first.
 */
const FILES: Record<string, string> = {
  "tram-plan.md": `---
title: Tram line to open in March
date: 2026-01-05
---
The new tram line from the station to the university will open on 14 March, the transport authority said.

Construction of the tram line began in June 2024, when the first rails were laid on Bridge Street.
`,
  "tram-postponed.md": `---
title: Tram opening postponed
date: 2026-02-16
---
The opening of the tram line has been postponed to 9 May after signalling tests failed, the transport authority said.

Passengers will keep using replacement buses until the tram line opens in May.
`,
  "tram-strike-begins.md": `---
title: Tram drivers strike
date: 2026-05-25
---
Tram drivers began a strike on Monday over pay, two weeks after the tram line opened.

The union said the strike would go on until the transport authority improved its offer.
`,
  "tram-strike-ends.md": `---
title: Tram strike ends
date: 2026-06-05
---
The tram drivers' strike ended on Friday after the transport authority offered a 5 percent pay rise.

Trams will run to the normal timetable from Saturday.
`,
  "harbour.md": `---
title: Harbour reopens after repairs
date: 2026-05-11
---
The harbour at Port Ellis reopened on Monday after three months of storm repairs.
`,
  "budget.txt": `date 2026-06-02
The regional parliament approved a budget of 2.1 billion euros for the coming year.

The budget sets aside money for new buses and for repairs to the harbour wall this week.
`,
  "museum.md": `---
title: Museum of the city
---
The city museum tells the story of the first horse tram, which opened on Bridge Street in 1885.
`,
};

function goldenStory(): Article[] {
  return Object.entries(FILES).map(([file, text]) => {
    const { article } = parseArticle(text, file);
    if (article === null) throw new Error(`story article ${file} does not parse`);
    return article;
  });
}

let library: Library;

beforeAll(() => {
  library = buildLibrary(goldenStory());
});

function firstAnswer(question: string, asOf: string): { id: string; quote: string } | null {
  const [first] = library.search(question, { asOf, top: 3 });
  return first === undefined ? null : { id: first.article.id, quote: first.quote };
}

describe("a story that changes, asked at different moments", () => {
  it("quotes the plan when asked before the postponement was reported", () => {
    // On 10 January only the plan exists: the postponement of 16 February is left out,
    // since an answer "as of" a day uses the library as it stood that day.
    const answer = firstAnswer("When will the tram line open?", "2026-01-10");
    expect(answer?.id).toBe("tram-plan");
    expect(answer?.quote).toContain("14 March");
  });

  it("quotes the postponement, not the outdated plan, once it is known", () => {
    // Both articles answer "when will it open"; with no time words the date prior
    // favours the newer report, which is the current state of the story.
    const answer = firstAnswer("When will the tram line open?", "2026-02-20");
    expect(answer?.id).toBe("tram-postponed");
    expect(answer?.quote).toMatch(/May/);
    expect(answer?.quote).not.toMatch(/March/);
  });

  it("still finds how the story began when that is what is asked", () => {
    // Only the first article says when construction began: relevance beats recency,
    // even asked months later when newer tram articles exist.
    const answer = firstAnswer("When did construction of the tram line begin?", "2026-06-10");
    expect(answer?.id).toBe("tram-plan");
    expect(answer?.quote).toContain("June 2024");
  });

  it("puts the newest state first for 'latest'", () => {
    // Both strike articles answer; "latest" asks for the current state: the strike ended.
    const answer = firstAnswer("What is the latest on the tram strike?", "2026-06-10");
    expect(answer?.id).toBe("tram-strike-ends");
  });

  it("reads 'last week', 'in May' and 'in January' against the moment asked", () => {
    // Asked on Wednesday 10 June, both strike articles are known. "Last week" is 1–7 June:
    // the strike ended on the 5th. "In May" is the month the strike began; the end, on
    // 5 June, is past May's few days of slack. "In January" holds only the plan.
    const lastWeek = library.answer("What did the tram drivers do last week?", {
      asOf: "2026-06-10",
    });
    expect(lastWeek.window).toMatchObject({ phrase: "last week", from: "2026-06-01" });
    expect(lastWeek.results[0]?.article.id).toBe("tram-strike-ends");

    const inMay = library.answer("What did the tram drivers do in May?", { asOf: "2026-06-10" });
    expect(inMay.results[0]?.article.id).toBe("tram-strike-begins");

    const inJanuary = library.answer("What did the transport authority say in January?", {
      asOf: "2026-06-10",
    });
    expect(inJanuary.window).toMatchObject({ from: "2026-01-01", to: "2026-01-31" });
    expect(inJanuary.results.map((result) => result.article.id)).toEqual(["tram-plan"]);
  });

  it("reads a month still to come, asked about the future, as no period", () => {
    // Asked on 20 February, "Will the tram line open in May?" is about the coming May,
    // which no article is dated in yet: the month is a word to match, and the report of
    // the postponement ("until the tram line opens in May") answers. Read as last May it
    // would search May 2025 and find nothing. In the past tense, "in May" stays last
    // year's May.
    const coming = library.answer("Will the tram line open in May?", { asOf: "2026-02-20" });
    expect(coming.window).toBeNull();
    expect(coming.results[0]?.article.id).toBe("tram-postponed");
    expect(coming.results[0]?.quote).toMatch(/opens in May|9 May/);

    const past = library.answer("What did the tram drivers do in May?", { asOf: "2026-02-20" });
    expect(past.window).toMatchObject({ from: "2025-05-01", to: "2025-05-31" });
  });

  it("reads 'yesterday' as the day before the moment asked", () => {
    // Asked on Saturday 6 June, "yesterday" is Friday 5 June: the strike ended then, and
    // the report of its start (25 May) is outside that day's slack.
    const yesterday = library.answer("What did the tram drivers do yesterday?", {
      asOf: "2026-06-06",
    });
    expect(yesterday.window).toMatchObject({ phrase: "yesterday", from: "2026-06-05" });
    expect(new Set(yesterday.results.map((result) => result.article.id))).toEqual(
      new Set(["tram-strike-ends"]),
    );
  });

  it("says so when nothing in the named period answers, and offers earlier articles", () => {
    // The harbour reopened on 11 May; asked on 10 June about "this week", nothing from
    // 8–14 June is about the harbour reopening, so there is no answer inside the window,
    // and the reopening is offered as the closest earlier article instead.
    const answer = library.answer("Why did the harbour reopen this week?", { asOf: "2026-06-10" });
    expect(answer.results).toEqual([]);
    expect(answer.window).toMatchObject({ phrase: "this week" });
    expect(answer.outsideWindow[0]?.article.id).toBe("harbour");
  });

  it("names the closest articles as the library stood at the moment, in its period", () => {
    // Asked on 20 February, "last week" is 9–15 February (16 February with the days of
    // slack): the postponement of the 16th is the closest. Read from the library's newest
    // day instead, "last week" was the end of May, and the strike came first.
    const question = "What did the transport authority say last week?";
    const closest = library.closestArticles(question, 1, { asOf: "2026-02-20" });
    expect(closest.map((article) => article.id)).toEqual(["tram-postponed"]);
  });

  it("lets undated articles take part at every moment", () => {
    // The museum article has no date, so it is neither left out nor favoured.
    const answer = firstAnswer("When did the first horse tram open?", "2026-01-10");
    expect(answer?.id).toBe("museum");
  });
});

describe("the newest answer first, among those that answer well", () => {
  const detentions = buildLibrary(
    Object.entries({
      "star-detained.md": `---
title: Basketball player held at Moscow airport
date: 2026-03-01
---
The sports star Nadia Kovac was detained in Russia on drug charges at a Moscow airport, customs officials said.

Her team said it was in close contact with her lawyers.
`,
      "protests.md": `---
title: Russia has detained thousands of protesters
date: 2026-03-11
---
Russia has currently detained thousands of protesters, rights groups said.

Many of those detained in Russia were held for days without a lawyer.
`,
    }).map(([file, text]) => {
      const { article } = parseArticle(text, file);
      if (article === null) throw new Error(`fixture ${file} does not parse`);
      return article;
    }),
  );

  it("does not put a fresh article first that answers less well than an older one", () => {
    // "currently" asks for the current state, so answers come newest first, but only the
    // answers close to the best one. The fresh protests article ranks first on its title
    // and its date, yet it names no sports star; the report of the star's detention
    // answers far better, so the protests article is no answer to sort by date.
    const [first] = detentions.search("Which sports star is currently detained in Russia?", {
      asOf: "2026-03-11",
    });
    expect(first?.article.id).toBe("star-detained");
  });
});

describe("questions that ask what is new", () => {
  /** The ids of the articles a question's results come from, in order. */
  function listed(question: string, asOf: string, top = 5): string[] {
    return library.search(question, { asOf, top }).map((result) => result.article.id);
  }

  it("lists the week's articles, newest first, each quoted by its opening", () => {
    // Asked on Friday 5 June: this week holds the budget (2 June) and the end of the strike
    // (5 June). Matching "new" and "week" would quote the budget's "new buses … this week".
    const results = library.search("What's new this week?", { asOf: "2026-06-05", top: 5 });
    expect(results.map((result) => result.article.id)).toEqual(["tram-strike-ends", "budget"]);
    expect(results[0]?.quote).toBe(
      "The tram drivers' strike ended on Friday after the transport authority offered a 5 percent pay rise.",
    );
  });

  it("shows none of the question's words as matched in the stories it lists", () => {
    // The plan's opening says "new", which the question was not looking for.
    const [plan] = library.search("What's new?", { asOf: "2026-01-10" });
    expect(plan?.quote).toMatch(/^The new tram line/);
    expect(plan?.matchedWords).toEqual([]);
  });

  it("keeps to the period's own days, not the days after it that a search allows", () => {
    // Asked on Monday 1 June, last week is 25–31 May: the strike began then. The budget of
    // 2 June is within a day of the moment, and within the slack a search gives reports
    // that follow an event, but it is this week's news, not last week's.
    expect(listed("What happened last week?", "2026-06-01")).toEqual(["tram-strike-begins"]);
  });

  it("reads the news 'from' a period as that period's, not everything since", () => {
    // Asked on Friday 5 June, last week is 25–31 May: the strike began then. The end of the
    // strike and the budget are this week's news.
    expect(listed("news from last week", "2026-06-05")).toEqual(["tram-strike-begins"]);
    expect(listed("Any stories from yesterday?", "2026-06-03")).toEqual(["budget"]);
  });

  it("gives the newest stories known at the moment for 'latest news'", () => {
    // On 20 May the strike and the budget were still to come; the museum article, which has
    // no date, is never news.
    expect(listed("latest news", "2026-05-20", 3)).toEqual([
      "harbour",
      "tram-postponed",
      "tram-plan",
    ]);
  });

  it("says the period has nothing, and offers the newest stories before it", () => {
    const answer = library.answer("Any news yesterday?", { asOf: "2026-05-20" });
    expect(answer.results).toEqual([]);
    expect(answer.window).toEqual({ from: "2026-05-19", to: "2026-05-19", phrase: "yesterday" });
    expect(answer.outsideWindow.map((result) => result.article.id)).toEqual([
      "harbour",
      "tram-postponed",
      "tram-plan",
    ]);
  });

  it("pages through the list as through any answer", () => {
    const second = library.search("What's new this week?", {
      asOf: "2026-06-05",
      top: 1,
      offset: 1,
    });
    expect(second.map((result) => result.article.id)).toEqual(["budget"]);
  });

  it("searches as usual once the question names what it is about", () => {
    // "the tram line" is a subject: the answer is about the tram, not the newest story.
    const [first] = library.search("What's new on the tram line?", { asOf: "2026-06-05" });
    expect(first?.article.id).toMatch(/^tram-/);
  });
});

describe("the ways people ask what is new", () => {
  /** The ids of the articles a question's results come from, in order. */
  function listed(question: string, top = 2): string[] {
    // Asked on Friday 5 June: the newest stories are the end of the strike that day, then
    // the budget of 2 June.
    return library.search(question, { asOf: "2026-06-05", top }).map((result) => result.article.id);
  }
  const NEWEST = ["tram-strike-ends", "budget"];

  it.each([
    "anything new?",
    "Anything new this week?",
    "give me the news",
    "Tell me the news",
    "show me the headlines",
    "what did I miss?",
    "What did I miss this week?",
    "catch me up",
    "What's going on?",
    "What's up?",
    "whats up",
    "Did anything happen this week?",
  ])("lists the newest stories for %j", (question) => {
    expect(listed(question)).toEqual(NEWEST);
  });

  it.each([
    "anything?",
    "tell me something",
    "show me",
    "Did the tram drivers miss a day's pay?",
    "Is there anything new on the harbour?",
    "Tell me about the budget",
    // Short questions about someone or something, not about the news.
    "What's the catch?",
    "Who is new?",
    "Who is top?",
    "Where is it going?",
    "How is it going?",
    "What's up with the tram line?",
  ])("searches %j as any other question", (question) => {
    expect(listed(question)).not.toEqual(NEWEST);
  });
});
