import { beforeAll, describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/core/library.ts";
import type { Library } from "../../src/core/types.ts";
import { fixtureArticle } from "./fixtureArticle.ts";

/**
 * News style: a paragraph a sentence. The sentence that matches a question often names its
 * subject only by a reference back ("The 18-year-old singer", "Varga", "It"), and the name
 * the question asks for sits in the paragraph before.
 */
const ARTICLES = [
  fixtureArticle("awards-night", [
    "Teenage singer Mara Quill took home the top prizes at the Harbour Music Awards on Sunday.",
    "The 18-year-old singer swept all four major categories, winning album, record and song of the year.",
    "Organisers said ticket sales for next year's show had doubled.",
  ]),
  fixtureArticle("council-vote", [
    "Councillor Ines Varga lost her seat in Tuesday's election after twelve years.",
    "Varga had been the loudest critic of the bypass plan since it was first proposed.",
    "Turnout was the highest the town has seen in a local election.",
  ]),
  fixtureArticle("ferry-timetable", [
    "Ferry operator Nordlink cancelled its winter timetable on Monday.",
    "It blamed rising fuel costs and a shortage of crew.",
    "Passengers will be offered refunds or places on the spring sailings.",
  ]),
  fixtureArticle("festival-weather", [
    "Organisers said the crowds had been growing since Sunday.",
    "The weather on the island stayed dry for the whole festival.",
  ]),
  fixtureArticle("reading-room", [
    "The mayor opened the new library on Friday.",
    "Okafor had campaigned for a reading room since her first term.",
  ]),
  fixtureArticle("rent-bill", [
    "Representative Maria Ocasio-Cortez introduced the housing bill on Tuesday.",
    "Ocasio-Cortez had argued for rent limits since 2019.",
  ]),
  fixtureArticle("squad-final", [
    "Coach Lena Brandt named her squad for the cup final on Thursday.",
    "Brandt left out the veteran striker Tomas Reyes.",
    "She said the decision had been the hardest of her career.",
  ]),
  fixtureArticle("long-lead", [
    `${"The orchestra toured widely and played to full halls, ".repeat(10)}under composer Ada Lindqvist.`,
    "The composer conducted the premiere of her violin concerto herself, on the last night of the season, in the old harbour hall by the sea wall near the ferry pier.",
  ]),
  fixtureArticle("ferry-strike", [
    "Ferry crews walked out on Monday over pay.",
    "Ferry strike timetable for the islands",
    "Sailings to Arran and Bute will run twice a day until the strike ends.",
    "Why are the ferry crews on the islands striking?",
    "The union says pay has fallen behind prices for three years. It wants a rise of nine percent.",
  ]),
  fixtureArticle("harbour-fees", [
    "Harbour fees rose by 4 percent this year for every vessel that moors in Port Ellis.",
    "Fishing boats pay the lower rate agreed with the cooperative.",
  ]),
];

let library: Library;

beforeAll(() => {
  library = buildLibrary(ARTICLES);
});

function firstQuote(question: string): string | undefined {
  return library.search(question, { top: 1 })[0]?.quote;
}

describe("quotes that refer back across a paragraph break", () => {
  it("takes the paragraph before a definite description, which names the singer", () => {
    // "swept all four major categories" is in the second paragraph only; it says "The
    // 18-year-old singer", so the quote starts where she is named.
    expect(firstQuote("Which singer swept all four major categories?")).toBe(
      `${ARTICLES[0]!.paragraphs[0]}\n${ARTICLES[0]!.paragraphs[1]}`,
    );
  });

  it("takes the paragraph before a surname that it gives in full", () => {
    // "Varga had been…" refers back to "Councillor Ines Varga" in the paragraph before.
    expect(firstQuote("Who was the loudest critic of the bypass plan?")).toBe(
      `${ARTICLES[1]!.paragraphs[0]}\n${ARTICLES[1]!.paragraphs[1]}`,
    );
  });

  it("takes the paragraph after when it goes on about the same thing", () => {
    // "It blamed rising fuel costs" continues the cancellation, so it comes along.
    expect(firstQuote("Which operator cancelled its winter timetable?")).toBe(
      `${ARTICLES[2]!.paragraphs[0]}\n${ARTICLES[2]!.paragraphs[1]}`,
    );
  });

  it("takes every paragraph of a run that refers back, and says where the quote starts", () => {
    // "Brandt left out…" names the coach by surname and "She said…" goes on about it: the
    // quote runs over all three paragraphs and starts at the first.
    const [first] = library.search("Who left out the veteran striker?", { top: 1 });
    expect(first?.quote).toBe(ARTICLES[6]!.paragraphs.join("\n"));
    expect(first).toMatchObject({ paragraph: 0, sentence: 0 });
  });

  it("takes a hyphenated surname back to the name in full", () => {
    expect(firstQuote("Who argued for rent limits?")).toBe(ARTICLES[5]!.paragraphs.join("\n"));
  });

  it("leaves a description alone when the sentence before names nothing", () => {
    // "Sunday" is a day, not a name: "The weather…" refers to nothing it could name.
    expect(firstQuote("How was the weather on the island during the festival?")).toBe(
      ARTICLES[3]!.paragraphs[1],
    );
  });

  it("leaves a surname alone when the sentence before does not give it", () => {
    expect(firstQuote("Who campaigned for a reading room?")).toBe(ARTICLES[4]!.paragraphs[1]);
  });

  it("does not take a sentence before that would make the quote too long", () => {
    // The lead, one sentence that names the composer, is 569 characters: with it the quote
    // would pass 700.
    expect(firstQuote("Who conducted the premiere of the violin concerto?")).toBe(
      ARTICLES[7]!.paragraphs[1],
    );
  });

  it("takes the paragraph after a heading or a question standing alone", () => {
    // "Ferry strike timetable for the islands" heads the paragraph after it and says
    // nothing of its own; "Why are the ferry crews on the islands striking?" asks what the
    // paragraph after it answers. Each is a paragraph of its own, so the quote goes on to
    // the next paragraph, whole.
    const strike = ARTICLES[8]!.paragraphs;
    expect(firstQuote("Is there a ferry strike timetable?")).toBe(`${strike[1]}\n${strike[2]}`);
    expect(firstQuote("Why are the ferry crews striking?")).toBe(`${strike[3]}\n${strike[4]}`);
  });

  it("leaves a paragraph that stands on its own alone", () => {
    // "Fishing boats pay…" does not refer back, so the fees paragraph stays out.
    expect(firstQuote("What rate do fishing boats pay?")).toBe(ARTICLES[9]!.paragraphs[1]);
  });
});
