import { beforeAll, describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/core/library.ts";
import type { Library } from "../../src/core/types.ts";
import { fixtureArticle } from "./fixtureArticle.ts";
import { goldenArticles } from "./goldenLibrary.ts";

let library: Library;

beforeAll(() => {
  library = buildLibrary(goldenArticles());
});

function firstQuotes(question: string, top = 3): string[] {
  return library.search(question, { top }).map((result) => result.quote);
}

describe("golden ranking", () => {
  it("puts the sentence with the rare name first", () => {
    // "Kupiecki" occurs once in the library; "harbour" occurs in four articles, so the
    // name decides, and the quote takes the next sentence along because it starts "She".
    const [first] = library.search("What did Kupiecki say about the harbour?");
    expect(first?.article.id).toBe("harbour-reopens");
    expect(first?.quote).toBe(
      "Harbour master Ana Kupiecki said the new breakwater cost 12 million euros. She said ferries would return to the full timetable in April.",
    );
  });

  it("orders lighthouse passages by how much of the question they hold", () => {
    // Both lighthouse sentences mention the harbour; the one that also holds "built"
    // (and a year, which a "when" question asks for) ranks first. The council sentence is a
    // paragraph of its own and would take "built" from the sentence after it; that one is
    // quoted already, so it is quoted alone.
    const results = library.search("When was the lighthouse built?", { top: 3 });
    expect(results.map((r) => r.article.id)).toEqual(["lighthouse", "lighthouse"]);
    expect(results[0]?.quote).toMatch(/^The lighthouse was built in 1874/);
    expect(results[1]?.quote).toBe(
      "The town council voted to turn the old lighthouse above the harbour into a maritime museum.",
    );
    // Quoted alone, it shows only "lighthouse" of the question, and its score says so.
    expect(results[1]?.score).toBeLessThan(0.5);
  });

  it("ranks articles with the question's words in the title above passing mentions", () => {
    // "ferry" is in the strike article's title and body; the harbour article mentions
    // ferries once in passing and comes second.
    const ids = library.search("ferry strike wages").map((r) => r.article.id);
    expect(ids[0]).toBe("ferry-strike");
    expect(firstQuotes("ferry strike wages")[0]).toMatch(
      /^Ferry crews called off a planned strike/,
    );
    // There, the strike article's body alone (which also holds "strike" and "wages") would
    // put it first. Here only a title tells the two apart: the diary's sentence holds the
    // question's words more densely, and would come first were a title's words worth no more
    // than the body's; the article whose title names the talks comes first, the diary's
    // passing mention second.
    const titled = buildLibrary([
      fixtureArticle(
        "strike",
        [
          "The crews and the operator met again on Sunday.",
          "Talks on the ferry strike went on late into the night.",
        ],
        { title: "Ferry strike talks", date: "2026-01-20" },
      ),
      fixtureArticle(
        "diary",
        [
          "The ferry strike talks resumed on Monday.",
          "The harbour cafe reopened after the winter.",
        ],
        { title: "Harbour diary", date: "2026-01-20" },
      ),
    ]);
    const results = titled.search("What happened in the ferry strike talks?");
    expect(results.map((result) => result.article.id)).toEqual(["strike", "diary"]);
  });

  it("matches word forms through stemming", () => {
    // "reopening" and "reopened" both meet "reopen". Both sentences hold both words; the
    // shorter one ranks first, as BM25 favours the denser match.
    expect(firstQuotes("harbour reopen", 2)).toEqual([
      "Fishermen welcomed the reopening of the harbour.",
      "The harbour at Port Ellis reopened on Monday after three months of storm repairs.",
    ]);
  });

  it("finds a misspelled name", () => {
    // "Kupieki" is not in the library; spelling correction maps it to "Kupiecki".
    const [first] = library.search("who is Kupieki");
    expect(first?.quote).toContain("Ana Kupiecki");
  });

  it("finds a place typed without its Danish letters", () => {
    // "Ærø" is typed "Aero": too short for spelling correction, so only folding æ and ø
    // to the letters people type finds it, and the Aarhus ferry must not answer instead.
    const ferries = buildLibrary([
      fixtureArticle("aero", ["The ferry to Ærø was cancelled by the storm on Monday."], {
        title: "Island ferries",
        date: "2026-03-02",
      }),
      fixtureArticle("aarhus", ["The ferry to Aarhus was cancelled for repairs."], {
        title: "Harbour news",
        date: "2026-03-03",
      }),
    ]);
    const [first] = ferries.search("Why was the Aero ferry cancelled?");
    expect(first?.article.id).toBe("aero");
    expect(first?.matchedWords).toContain("Ærø");
  });

  it("never quotes the question back: a printed quiz question is not its answer", () => {
    // A weekly quiz article prints the question word for word, and it matches every word
    // of it; but it says nothing the asker does not know. The heading "Ferry strike"
    // holds only the question's words too. The report that names the union comes first.
    const story = (id: string, paragraphs: string[]) =>
      fixtureArticle(id, paragraphs, { title: id, date: "2026-03-06" });
    const library = buildLibrary([
      story("quiz", [
        "Which union called the ferry strike this week?",
        "Test yourself on the week's news with our quiz.",
      ]),
      story("report", [
        "Ferry strike",
        "The seafarers' union Nautilus called the strike after pay talks failed.",
      ]),
    ]);
    const quotes = library.search("Which union called the ferry strike this week?", {
      asOf: "2026-03-06",
    });
    expect(quotes[0]?.quote).toContain("Nautilus");
    expect(quotes.map((result) => result.quote)).not.toContain(
      "Which union called the ferry strike this week?",
    );
    expect(quotes.map((result) => result.quote)).not.toContain("Ferry strike");
    // A question that asks nothing it does not say is answered by its own words: the
    // heading, with the paragraph it heads.
    expect(library.search("Was there a ferry strike?")[0]?.quote).toBe(
      "Ferry strike\nThe seafarers' union Nautilus called the strike after pay talks failed.",
    );
  });

  it("quotes a passage that two articles carry word for word once", () => {
    // A wire report republished by a second outlet: the copy adds nothing to a reply, so
    // the second place goes to the next passage that answers, not to the same text again.
    const wire = "The ferry to Ærø was cancelled by the storm on Monday, the operator said.";
    const story = (id: string, date: string, paragraphs: string[]) =>
      fixtureArticle(id, paragraphs, { title: `Ferries (${id})`, date });
    const library = buildLibrary([
      story("wire", "2026-03-02", [wire]),
      story("copy", "2026-03-02", [wire]),
      story("local", "2026-03-03", ["The storm also cancelled the Ærø ferry on Tuesday morning."]),
    ]);
    const quotes = library.search("Why was the ferry to Ærø cancelled?").map((r) => r.quote);
    expect(quotes.filter((quote) => quote === wire)).toHaveLength(1);
    expect(quotes).toContain("The storm also cancelled the Ærø ferry on Tuesday morning.");
  });

  it("quotes a sentence of a story saved twice once, with or without its dateline", () => {
    // One report under two links, one copy opening "(CNN)": the copies' sentences are
    // quoted once however each copy's quote is widened, and the places go to other passages.
    const paragraphs = [
      "Meal kit service Daily Harvest is facing a backlash over the recall of one of its products, after people who ate it became ill.",
      "The company said it had received about 470 reports of illness and was working with the Food and Drug Administration.",
      "Daily Harvest said customers who bought the lentil crumbles would get a refund.",
    ];
    const copy = (id: string, opening: string) =>
      fixtureArticle(id, [opening + paragraphs[0], ...paragraphs.slice(1)], {
        title: "Daily Harvest recall",
        date: "2022-06-27",
      });
    const library = buildLibrary([
      copy("recall", "(CNN) "),
      copy("recall-index", ""),
      fixtureArticle(
        "lawsuit",
        ["Two customers sued Daily Harvest after the recall, saying they became ill."],
        { title: "Daily Harvest sued", date: "2022-07-01" },
      ),
    ]);
    const quotes = library
      .search("Which meal kit service had reports of illness after a recall?", { top: 5 })
      .map((result) => result.quote);
    const sentences = quotes.flatMap((quote) =>
      quote.split(/(?<=\.)\s+/).map((sentence) => sentence.replace(/^\(CNN\) /, "")),
    );
    expect(quotes.length).toBeGreaterThan(1);
    expect(sentences).toEqual([...new Set(sentences)]);
  });

  it("finds a misspelled common word", () => {
    const [first] = library.search("lighthosue museum");
    expect(first?.article.id).toBe("lighthouse");
  });

  it("matches accents, case and curly quotes loosely", () => {
    expect(firstQuotes("JAZZ FESTIVÂL line‐up")[0]).toMatch(/^The summer jazz festival/);
  });

  it("gives a quote with its article, date, url and place", () => {
    const [first] = library.search("breakwater cost");
    expect(first).toMatchObject({
      article: {
        id: "harbour-reopens",
        title: "Harbour reopens after storm repairs",
        date: "2026-03-02",
        url: "https://news.example/harbour-reopens",
        path: "harbour-reopens.md",
      },
      paragraph: 1,
      sentence: 0,
    });
    expect(first?.score).toBeGreaterThan(0);
    expect(first?.score).toBeLessThanOrEqual(1);
    expect(first?.matchedWords).toEqual(expect.arrayContaining(["breakwater", "cost"]));
  });

  it("pages through results without repeating a quote", () => {
    const all = firstQuotes("harbour", 6);
    const firstPage = firstQuotes("harbour", 3);
    const secondPage = library.search("harbour", { top: 3, offset: 3 }).map((r) => r.quote);
    expect([...firstPage, ...secondPage]).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  it("counts results in whole numbers, whatever top and offset it is given", () => {
    const all = firstQuotes("harbour", 6);
    expect(library.search("harbour", { top: 1.5 }).map((r) => r.quote)).toEqual(all.slice(0, 1));
    expect(library.search("harbour", { top: 2, offset: 0.5 }).map((r) => r.quote)).toEqual(
      all.slice(0, 2),
    );
    expect(library.search("harbour", { top: -1 })).toEqual([]);
  });

  it("puts the passage naming a country first for a 'which country' question", () => {
    // Both sentences hold every matched word of the question; the first only repeats it,
    // the second names a country the question does not, which is what "which country" asks.
    const heat = buildLibrary([
      fixtureArticle(
        "heat",
        [
          "The heatwave tested the limits of human survivability, a climate expert said on Monday.",
          "Across India, the heatwave tested the limits of human survivability for millions of farm workers.",
        ],
        { title: "A record heatwave" },
      ),
      fixtureArticle("rain", ["Heavy rain flooded the valley and farm workers moved cattle."]),
      fixtureArticle("market", ["The market rose on Monday as experts said inflation eased."]),
    ]);
    const quotes = heat
      .search("Which country saw a heatwave that tested the limits of human survivability?")
      .map(({ quote }) => quote);
    expect(quotes[0]).toMatch(/^Across India/);
    expect(quotes[1]).toMatch(/^The heatwave tested/);
  });

  it("finds a figure written with its unit", () => {
    // The index and the question must cut "2.5bn" the same way ("2.5", "bn").
    const deal = buildLibrary([
      {
        id: "deal",
        title: "Port sale agreed",
        date: "2026-04-01",
        url: null,
        path: "deal.txt",
        source: null,
        author: null,
        tags: [],
        paragraphs: ["The port was sold for $2.5bn on Friday. Unions welcomed the sale."],
      },
    ]);
    const [first] = deal.search("Which deal was worth 2.5bn?");
    expect(first?.quote).toMatch(/^The port was sold for \$2\.5bn on Friday\./);
    expect(first?.matchedWords).toEqual(["2.5", "bn"]);
  });
});

describe("words the library lacks", () => {
  it("answers when only everyday phrasing is missing", () => {
    // In a one-article library "take" and "place" are unknown and as rare as words get,
    // but they are everyday English, so the question is still about the strike.
    const small = buildLibrary([
      {
        id: "strike",
        title: "Ferry strike",
        date: "2026-01-20",
        url: null,
        path: "strike.txt",
        source: null,
        author: null,
        tags: [],
        paragraphs: [
          "Ferry crews held a one-day strike on Monday. Sailings resumed on Tuesday morning.",
        ],
      },
    ]);
    expect(small.search("When did the ferry strike take place?")[0]?.quote).toMatch(
      /^Ferry crews held a one-day strike on Monday\./,
    );
  });

  it("does not answer when the missing words name the subject", () => {
    // Only "festival" matches; "Glastonbury" and "headliner" are rare words the library lacks.
    expect(library.search("Who was the Glastonbury festival headliner?")).toEqual([]);
  });
});

describe("questions nothing answers", () => {
  it.each([
    ["empty", ""],
    ["white space", "   \n\t "],
    ["stop words only", "what is the and of it"],
    ["punctuation only", "?!?... ---"],
    ["an unknown subject", "What is the capital of Australia?"],
    ["unknown words", "quantum chromodynamics lattice"],
  ])("returns nothing for %s", (_label, question) => {
    expect(library.search(question)).toEqual([]);
  });

  it("holds a question of as many word groups as it keeps to the whole of it", () => {
    // Thirty common words and a company name make the most groups a question keeps. The
    // company's article says nothing of them; the fair's article names them all but not the
    // company. Neither answers, at any length up to the limit.
    const library32 = buildLibrary([
      fixtureArticle(
        "zorblat",
        [
          "The company opened a new factory in the north last spring. Workers said the canteen served soup every day.",
          "The board met on Tuesday to discuss the budget for the coming season. Analysts expect modest growth.",
        ],
        { title: "Zorblat Corporation", date: "2025-01-10" },
      ),
      fixtureArticle(
        "fair",
        [
          "People came from far away, and the time, the year, the way, the day, the thing, the man, the world, the life, the hand, the part, the child, the eye, the woman, the place, the work, the week, the case, the point, the number, the group, the problem, the fact, the house, the money, the story, the water, the night, the game, the room, the area, the book, the family, the country were all discussed.",
        ],
        { title: "Village fair", date: "2025-01-11" },
      ),
    ]);
    const words =
      "time year way day thing man world life hand part child eye woman place work week case point number group problem fact house money story water night game room area book family country".split(
        " ",
      );
    for (const count of [3, 29, 30, 31, 32]) {
      const question = `What did Zorblat say about ${words.slice(0, count).join(" ")}?`;
      expect(library32.search(question, { asOf: "2026-01-01" })).toEqual([]);
    }
  });

  it("returns nothing rather than a weak match for an off-topic question", () => {
    // Only "summer" matches (a festival article word); the question is about weather.
    expect(library.search("Will the summer be hotter than usual in Spain?")).toEqual([]);
  });
});

describe("title matching", () => {
  it("matches partial and misspelled titles", () => {
    expect(library.matchTitles("lighthous", 3)[0]?.id).toBe("lighthouse");
    expect(library.matchTitles("jaz festivl", 3)[0]?.id).toBe("festival");
  });

  it("lists no articles, rather than failing, for a limit below one", () => {
    expect(library.closestArticles("ferry timetable", -1)).toEqual([]);
    expect(library.matchTitles("", -1)).toEqual([]);
    expect(library.matchTitles("lighthous", -1)).toEqual([]);
  });

  it("lists articles nearest to a question", () => {
    expect(library.closestArticles("ferry timetable", 3).map((a) => a.id)).toContain(
      "ferry-strike",
    );
  });
});

describe("nationalities and countries", () => {
  it("finds a country from its nationality word when the library lacks the latter", () => {
    const korea = buildLibrary([
      {
        id: "talks",
        title: "Security talks",
        date: "2026-02-03",
        url: null,
        path: "talks.txt",
        source: null,
        author: null,
        tags: [],
        paragraphs: ["Poland and Korea held their first security talks in Warsaw."],
      },
    ]);
    // Neither "Polish" nor "Korean" occurs; they stand for "Poland" and "Korea".
    expect(korea.search("Polish Korean security talks")[0]?.article.id).toBe("talks");
  });
});

describe("golden ranking within an article", () => {
  const obituary = fixtureArticle(
    "obituary",
    [
      'Marisa Delacroix, who played Nurse Hale on the hospital drama "Ward Nine", has died at 81, her family said on Monday.',
      'Delacroix starred in "Ward Nine" for eleven seasons, and Nurse Hale became the role Delacroix was known for.',
      'Before television, Delacroix had a career in cinema, appearing in the films "The Long Harbour" and "Salt Roads".',
      "Delacroix is survived by her husband, the playwright Tomas Reyes, and two daughters.",
      'Fans of "Ward Nine" left flowers outside the studio where Delacroix worked for eleven years.',
    ],
    { title: "Marisa Delacroix, star of Ward Nine, dies at 81", date: "2026-03-02" },
  );
  const films = [
    "Two films about the war won prizes.",
    "The films of the year are on a list.",
    "Cinemas will show films again.",
    "Films made in the city will appear on television.",
  ].map((text, i) => fixtureArticle(`films-${i}`, [text], { title: "Films", date: "2026-02-20" }));
  const question =
    'Marisa Delacroix, who played Nurse Hale on "Ward Nine", has died. In which films did she appear?';

  it("lets the words an article does not repeat choose its sentence", () => {
    // Every sentence of the obituary names Delacroix and most name "Ward Nine", so within it
    // those words tell the sentences apart least; "films" and "appear" are common in the
    // library but occur once in the obituary, and pick the sentence that names her films
    // over the one about the fans, which only repeats the show's name.
    const quotes = buildLibrary([obituary, ...films])
      .search(question, { top: 3 })
      .map((result) => result.quote);
    expect(quotes[0]).toMatch(/^Marisa Delacroix, who played Nurse Hale/);
    expect(quotes.slice(1)).toEqual([
      'Before television, Delacroix had a career in cinema, appearing in the films "The Long Harbour" and "Salt Roads".',
      'Fans of "Ward Nine" left flowers outside the studio where Delacroix worked for eleven years.',
    ]);
  });

  it("ranks by library-wide rarity alone when the discount is off", () => {
    // The same question without the discount: the fans sentence holds more of the question's
    // library-rare words and comes before the films, which is what the discount corrects.
    const quotes = buildLibrary([obituary, ...films], { ranking: { articleSpreadDiscount: 0 } })
      .search(question, { top: 3 })
      .map((result) => result.quote);
    expect(quotes[1]).toMatch(/^Fans of "Ward Nine"/);
  });

  it("keeps the article's best sentence as strong against other articles", () => {
    // The discount only reorders the obituary's own sentences: its top sentence is scaled
    // back to what its best scored with library-wide weights, so the answer's score (and the
    // article's standing against the film articles) is the same with the discount or without.
    const score = (discount: number): number | undefined =>
      buildLibrary([obituary, ...films], { ranking: { articleSpreadDiscount: discount } }).search(
        question,
        { top: 1 },
      )[0]?.score;
    expect(score(1)).toBeGreaterThan(0);
    expect(score(1)).toBeCloseTo(score(0) ?? 0, 9);
  });
});
