import { parseArticle } from "../../src/core/parseArticle.ts";
import type { Article } from "../../src/core/types.ts";

/**
 * A small library whose articles share words on purpose, so that ranking decisions are
 * visible: "harbour" is everywhere, "Kupiecki" and "lighthouse" are rare.
 */
const FILES: Record<string, string> = {
  "harbour-reopens.md": `---
title: Harbour reopens after storm repairs
date: 2026-03-02
url: https://news.example/harbour-reopens
---
The harbour at Port Ellis reopened on Monday after three months of storm repairs.

Harbour master Ana Kupiecki said the new breakwater cost 12 million euros. She said ferries would return to the full timetable in April.

Fishermen welcomed the reopening of the harbour.
`,
  "lighthouse.md": `---
title: Old lighthouse to become a museum
date: 2026-02-11
---
The town council voted to turn the old lighthouse above the harbour into a maritime museum.

The lighthouse was built in 1874 and guided ships into the harbour for more than a century. It was switched off in 1991.

Volunteers will restore the lamp room before the museum opens next summer.
`,
  "ferry-strike.md": `---
title: Ferry crews call off strike
date: 2026-01-20
---
Ferry crews called off a planned strike after the operator agreed to raise wages by 4.5 percent.

The union said the deal covers all 340 crew members. Sailings from the harbour will run as normal.
`,
  "budget.txt": `date 2026-02-27
The regional parliament approved a budget of 2.1 billion euros for the coming year.

Most of the money goes to schools and hospitals. Roads and the harbour railway get 180 million euros.
`,
  "festival.md": `---
title: Jazz festival announces line-up
date: 2026-03-15
---
The summer jazz festival announced its line-up, with forty concerts over five days in the old town.

Tickets go on sale in May.
`,
};

export function goldenArticles(): Article[] {
  return Object.entries(FILES).map(([path, text]) => {
    const { article } = parseArticle(text, path);
    if (article === null) throw new Error(`golden article ${path} does not parse`);
    return article;
  });
}
