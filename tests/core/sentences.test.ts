import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../src/core/sentences.ts";

function sentences(paragraph: string): string[] {
  return splitSentences(paragraph).map(({ start, end }) => paragraph.slice(start, end));
}

describe("splitSentences", () => {
  it("splits at full stops, question and exclamation marks", () => {
    expect(sentences("It rained. Was it cold? Yes! Then it stopped.")).toEqual([
      "It rained.",
      "Was it cold?",
      "Yes!",
      "Then it stopped.",
    ]);
  });

  it("keeps abbreviations, initials and decimal numbers inside the sentence", () => {
    expect(
      sentences("Mr. J. R. Smith paid $3.5 million to the U.S. Treasury on Jan. 4. He left."),
    ).toEqual(["Mr. J. R. Smith paid $3.5 million to the U.S. Treasury on Jan. 4.", "He left."]);
  });

  it("keeps closing quotes and brackets with their sentence", () => {
    expect(sentences("He said “We agreed.” Then he left. (It was late.) Done.")).toEqual([
      "He said “We agreed.”",
      "Then he left.",
      "(It was late.)",
      "Done.",
    ]);
  });

  it("ends a sentence at the word “no”, but not at the abbreviation “No.” before a number", () => {
    expect(
      sentences("Voters said no. The measure failed. He lives at No. 10 Downing Street."),
    ).toEqual(["Voters said no.", "The measure failed.", "He lives at No. 10 Downing Street."]);
  });

  it("ends a sentence at “U.S.”, “p.m.” or “Inc.” when the next word starts a sentence", () => {
    expect(
      sentences(
        "Talks opened in the U.S. The mood was calm. The U.S. Army came at 5 p.m. It rained.",
      ),
    ).toEqual([
      "Talks opened in the U.S.",
      "The mood was calm.",
      "The U.S. Army came at 5 p.m.",
      "It rained.",
    ]);
    expect(sentences("Shares rose at Acme Inc. They fell later at Smith Bros. Ltd.")).toEqual([
      "Shares rose at Acme Inc.",
      "They fell later at Smith Bros. Ltd.",
    ]);
  });

  it("keeps dotted initials with the name they stand before", () => {
    expect(sentences("J.R.R. Tolkien wrote it. He talked with the E.U. Its envoy agreed.")).toEqual(
      ["J.R.R. Tolkien wrote it.", "He talked with the E.U.", "Its envoy agreed."],
    );
  });

  it("does not split before a lower-case word", () => {
    expect(sentences("Prices rose by approx. five percent. e.g. bread.")).toEqual([
      "Prices rose by approx. five percent. e.g. bread.",
    ]);
  });

  it("covers every non-blank character exactly once, in order", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (paragraph) => {
        const spans = splitSentences(paragraph);
        let previousEnd = 0;
        for (const { start, end } of spans) {
          expect(start).toBeGreaterThanOrEqual(previousEnd);
          expect(end).toBeGreaterThan(start);
          expect(paragraph.slice(previousEnd, start).trim()).toBe("");
          previousEnd = end;
        }
        expect(paragraph.slice(previousEnd).trim()).toBe("");
      }),
    );
  });
});
