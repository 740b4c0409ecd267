/**
 * The site's lines on a news page (labels, sign-ups, bylines…) are left out of its article;
 * the story's own lines, even those that use the same words, are kept.
 */
import { describe, expect, it } from "vitest";
import { withoutBoilerplate } from "../../src/feeds/boilerplate.ts";
import type { TextBlock } from "../../src/feeds/extractArticle.ts";

const STORY = "The harbour authority approved a new ferry terminal on Tuesday, officials said.";

const paragraphs = (...texts: string[]): TextBlock[] =>
  texts.map((text) => ({ kind: "paragraph", text }));

/** What is kept of `lines` around a paragraph of the story. */
function kept(lines: string[], author: string | null = null): string[] {
  return withoutBoilerplate(paragraphs(STORY, ...lines), author)
    .map((block) => block.text)
    .filter((text) => text !== STORY);
}

describe("boilerplate", () => {
  it("is left out wherever it is: labels, sign-ups, notices, teasers, credits", () => {
    expect(
      kept([
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Sign up for CNN’s Wonder Theory science newsletter. Explore the universe with news on fascinating discoveries.",
        "Get '5 Things' in your inbox",
        "We use cookies to improve your experience on our site.",
        "By continuing to use this site you agree to the use of cookies.",
        "Read more: Harbour dredging to start next year",
        "RELATED:Looking back at the rise of the drive-in",
        "Related stories",
        "© 2026 Harbour News. All rights reserved.",
        "Reporting by Tim Reid; Additional reporting by Jonathan Landay; Editing by Ross Colvin",
        "Updated 10:30 a.m. Monday, April 24.",
        "Published 3 February 2026, 10:00 GMT",
        "5 min read",
        "The post Ferry terminal approved appeared first on Harbour News.",
      ]),
    ).toEqual([]);
  });

  it("keeps the story's lines that use the same words", () => {
    const story = [
      "The regulator said websites that use cookies must ask for consent first.",
      "Sign-ups for the newsletter doubled, the council said.",
      "Produced by Aaron Dessner of the National, the album was written on tour.",
      "(C) that the worker is engaged in an independently established trade",
      "Published in 1998, the book sold a million copies.",
      "Updated figures are due in May.",
      "Reporting by The Washington Post found the contracts were never signed.",
      "Tuesday, July 21, 2020",
      "May 2022: 8.6%",
      "39 minutes",
      "BY THE NUMBERS",
    ];
    expect(kept(story)).toEqual(story);
  });

  it("leaves out a byline at the top, one naming the author and one repeated, but not a book's author", () => {
    const blocks = paragraphs(
      "By Jane Smith and Ann Lee, Reuters",
      STORY,
      "Books about the harbour are selling well:",
      "By Kate Atkinson",
      "Jane Smith",
      "By JANE SMITH AND ANN LEE, REUTERS",
    );
    expect(withoutBoilerplate(blocks, "Jane Smith").map((block) => block.text)).toEqual([
      STORY,
      "Books about the harbour are selling well:",
      "By Kate Atkinson",
    ]);
  });

  it("looks into no block longer than a notice, so a long paragraph costs nothing more", () => {
    const long = `We use cookies ${"and more words ".repeat(100_000)}`;
    const started = performance.now();
    expect(kept([long])).toEqual([long]);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
