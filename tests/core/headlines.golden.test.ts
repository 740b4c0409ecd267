import { beforeAll, describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/core/library.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";
import type { Article, Library } from "../../src/core/types.ts";

/**
 * A day's stories as news sites save them: a byline, a dateline or the time of an update
 * before the story itself, on lines of their own.
 */
const FILES: Record<string, string> = {
  "senate.md": `---
title: Senate passes the transit bill
date: 2026-06-05
---
By Jane Doe

WASHINGTON –

The Senate passed the transit bill on Friday by a vote of 61 to 39.
`,
  "cooling.md": `---
title: Cooling centres open
date: 2026-06-04
---
June 3, 2026 Updated June 4, 2026, 6:34 p.m. ET

The city opened its first cooling centre on Thursday as temperatures passed 35 degrees.
`,
  "luggage.md": `---
title: Pack light this summer
date: 2026-06-03
---
Special to USA TODAY

It's time to downsize your luggage.

Airlines now charge for a second bag on most routes.
`,
  "scores.md": `---
title: Weekend scores
date: 2026-06-02
---
Harbour FC 2, Port Ellis 1

Lighthouse Rovers 0, Bridge Street 0
`,
};

function articles(): Article[] {
  return Object.entries(FILES).map(([file, text]) => {
    const { article } = parseArticle(text, file);
    if (article === null) throw new Error(`headline article ${file} does not parse`);
    return article;
  });
}

let library: Library;

beforeAll(() => {
  library = buildLibrary(articles());
});

/** The quotes of what is new this week, asked on Friday 5 June, by article. */
function openings(): Record<string, string> {
  const results = library.search("What's new this week?", { asOf: "2026-06-05", top: 10 });
  return Object.fromEntries(results.map((result) => [result.article.id, result.quote]));
}

describe("the opening a list of what is new quotes", () => {
  it("is the story's first sentence, past a byline and a dateline", () => {
    expect(openings()["senate"]).toBe(
      "The Senate passed the transit bill on Friday by a vote of 61 to 39.",
    );
  });

  it("is past the time of an update", () => {
    expect(openings()["cooling"]).toBe(
      "The city opened its first cooling centre on Thursday as temperatures passed 35 degrees.",
    );
  });

  it("does not reach back to the line before the story, even when its words refer back", () => {
    // "It's" opens the story; the line before it is who wrote it, not what "it" is.
    expect(openings()["luggage"]).toMatch(/^It's time to downsize your luggage\./);
  });

  it("is the first line when no line of the article ends as a sentence", () => {
    expect(openings()["scores"]).toMatch(/^Harbour FC 2, Port Ellis 1/);
  });

  it("is word for word as the article has it", () => {
    for (const [file, text] of Object.entries(FILES)) {
      const quote = openings()[file.replace(/\.md$/, "")];
      expect(quote).toBeDefined();
      for (const line of quote!.split("\n")) expect(text).toContain(line);
    }
  });
});
