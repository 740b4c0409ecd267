import { beforeAll, describe, expect, it } from "vitest";
import { updatePassageIndex } from "../../src/core/indexUpdate.ts";
import { buildLibrary, updateLibrary } from "../../src/core/library.ts";
import { buildPassageIndex } from "../../src/core/passageIndex.ts";
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

/**
 * A day's stories with repeats: one saved twice under two addresses (its dateline written
 * two ways), and two that open with the same line, a newsletter's.
 */
const REPEATS: Record<string, string> = {
  "ferry.md": `---
title: Ferry timetable changes
date: 2026-06-05
---
The island ferry will sail four times a day from Monday.
`,
  "newsletter-storm.md": `---
title: Storm damages the pier
date: 2026-06-05
---
Sign up for the Harbour Times newsletter.

A storm tore planks from the pier at Port Ellis overnight.
`,
  "newsletter-lighthouse.md": `---
title: Lighthouse gets a new lamp
date: 2026-06-05
---
Sign up for the Harbour Times newsletter.

An LED lamp was fitted to the lighthouse on the point on Friday.
`,
  "tram-index.md": `---
title: Tram strike ends
date: 2026-06-05
---
PORT ELLIS (Harbour Times) — The tram drivers' strike ended on Friday.
`,
  "tram.md": `---
title: Tram strike ends
date: 2026-06-05
---
PORT ELLIS — The tram drivers' strike ended on Friday.
`,
};

describe("a list of what is new with repeats", () => {
  let repeats: Library;
  beforeAll(() => {
    repeats = buildLibrary(
      Object.entries(REPEATS).map(([file, text]) => {
        const { article } = parseArticle(text, file);
        if (article === null) throw new Error(`headline article ${file} does not parse`);
        return article;
      }),
    );
  });

  /** The ids of the stories listed for "What's new today?" on Friday 5 June. */
  function listed(top: number, offset = 0): string[] {
    return repeats
      .search("What's new today?", { asOf: "2026-06-05", top, offset })
      .map((result) => result.article.id);
  }

  it("lists a story saved twice under two addresses once", () => {
    // Of the same day's two articles with one title, the later in the library is listed.
    expect(listed(10)).toEqual(["tram", "newsletter-lighthouse", "ferry"]);
  });

  it("fills a page past a quote that repeats one listed already", () => {
    // The two newsletter stories open with the same line: it is quoted once, and the
    // ferry, next on the list, takes the second's place on a page of two.
    expect(listed(2)).toEqual(["tram", "newsletter-lighthouse"]);
    expect(listed(3)).toEqual(["tram", "newsletter-lighthouse", "ferry"]);
    expect(listed(1, 2)).toEqual(["ferry"]);
  });
});

describe("a list of what is new after the library changes", () => {
  it("lists a story added since, and no longer one taken out", () => {
    const [ferry, museum, bridge] = [
      "date 2026-06-03\nThe island ferry will sail four times a day from Monday.\n",
      "date 2026-06-04\nThe city museum will stay open until nine on Fridays.\n",
      "date 2026-06-05\nThe bridge on the ring road reopened to traffic after repairs.\n",
    ].map((text, at) => {
      const { article } = parseArticle(text, `story-${at}.txt`);
      if (article === null) throw new Error("story does not parse");
      return article;
    });
    const before = [ferry!, museum!];
    const library = buildLibrary(before);
    const latest = (of: Library): string[] =>
      of.search("latest news", { asOf: "2026-06-05" }).map((result) => result.article.id);
    expect(latest(library)).toEqual(["story-1", "story-0"]);
    // The museum's article is taken out and the bridge's put in its place.
    const update = updatePassageIndex(buildPassageIndex(before), {
      removed: [{ at: 1, article: museum! }],
      inserted: [{ at: 1, article: bridge! }],
    });
    const after = updateLibrary(library, [ferry!, bridge!], update.index, update.vocabulary);
    expect(latest(after)).toEqual(["story-2", "story-0"]);
    expect(latest(library)).toEqual(["story-1", "story-0"]);
  });
});

describe("a list of what is new over many stories that open alike", () => {
  /**
   * `count` stories of one week, every one opening with a newsletter's line and then its own
   * news, as a site that sets the line above every story has them saved.
   */
  function sameOpenings(count: number): Library {
    return buildLibrary(
      Array.from({ length: count }, (_, n) => {
        const text = `---\ntitle: Council story ${n}\ndate: 2026-06-0${1 + (n % 5)}\n---\nSign up for our newsletter.\n\nThe council met on day ${n} to discuss item ${n}.\n`;
        const { article } = parseArticle(text, `story-${n}.md`);
        if (article === null) throw new Error(`story ${n} does not parse`);
        return article;
      }),
    );
  }

  /** The best of three times, in milliseconds, to list what is new this week. */
  function listingTime(library: Library): number {
    let best = Infinity;
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      const results = library.search("What's new this week?", { asOf: "2026-06-05", top: 4 });
      best = Math.min(best, performance.now() - started);
      // The line is quoted once, and no story has an opening of its own to fill the page.
      expect(results.map((result) => result.quote)).toEqual(["Sign up for our newsletter."]);
    }
    return best;
  }

  it("takes time in proportion to the stories, not to their square", () => {
    const small = listingTime(sameOpenings(4_000));
    const large = listingTime(sameOpenings(16_000));
    // Four times the stories: about four times as long, not sixteen (with room for noise).
    expect(large, `${small.toFixed(0)} ms, then ${large.toFixed(0)} ms`).toBeLessThan(
      10 * small + 100,
    );
  });
});
