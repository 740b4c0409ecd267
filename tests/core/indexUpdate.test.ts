/**
 * Updating an index in place gives what a fresh build of the same articles gives: the same
 * index (up to how terms are numbered) and the same answers, after any sequence of articles
 * added, changed and removed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  changedArticles,
  compactIndex,
  INDEX_UPDATE_SETTINGS,
  isCompact,
  updatePassageIndex,
  type ArticleChanges,
  type IndexUpdateSettings,
} from "../../src/core/indexUpdate.ts";
import { buildLibrary, updateLibrary } from "../../src/core/library.ts";
import { buildPassageIndex, STOP, type PassageIndex } from "../../src/core/passageIndex.ts";
import type { Article, Library } from "../../src/core/types.ts";
import { paragraphOf } from "./paragraphArbitrary.ts";

/** Words chosen to share stems, hold case-kept stop words, names, numbers and accents. */
const WORDS = [
  "harbour",
  "harbours",
  "Harbour",
  "agree",
  "agreed",
  "agreement",
  "the",
  "of",
  "US",
  "us",
  "May",
  "may",
  "WHO",
  "who",
  "Kupiecki",
  "Kupiecky",
  "lighthouse",
  "lighthouses",
  "museum",
  "ferry",
  "ferries",
  "strike",
  "2026",
  "3.5",
  "café",
  "Café",
  "naïve",
  "Poland",
  "Polish",
  "security",
  "secure",
  "talks",
  "talk",
  "budget",
  "parliament",
  "storm",
  "repairs",
  "will",
  "Will",
  "ship",
  "shipping",
  "A",
  "I",
  "elections",
  "Jeong",
  "東京",
  "Zürich",
];

const paragraph = paragraphOf(WORDS);
const date = fc.option(
  fc
    .date({ min: new Date("2020-01-01"), max: new Date("2026-12-31"), noInvalidDate: true })
    .map((day) => day.toISOString().slice(0, 10)),
);

let serial = 0;
const article = fc
  .record({
    title: fc
      .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 })
      .map((w) => w.join(" ")),
    paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 4 }),
    date,
  })
  .map(({ title, paragraphs, date: day }): Article => {
    const id = `article-${serial++}`;
    return { id, title, date: day, url: null, path: `${id}.md`, paragraphs } as unknown as Article;
  });

type Step =
  | { kind: "add"; where: number; article: Article }
  | { kind: "change"; where: number; article: Article }
  | { kind: "remove"; where: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), where: fc.nat(), article }),
  fc.record({ kind: fc.constant("change" as const), where: fc.nat(), article }),
  fc.record({ kind: fc.constant("remove" as const), where: fc.nat() }),
);

/** The articles after a batch of steps, and the changes that batch is. */
function applySteps(
  articles: readonly Article[],
  steps: readonly Step[],
): { after: Article[]; changes: ArticleChanges } {
  // Each entry: the article and, for one of the old list, its old position.
  let list: { article: Article; old: number | null }[] = articles.map((a, old) => ({
    article: a,
    old,
  }));
  for (const s of steps) {
    if (s.kind === "add") {
      list.splice(s.where % (list.length + 1), 0, { article: s.article, old: null });
    } else if (list.length > 0) {
      const at = s.where % list.length;
      if (s.kind === "remove") list.splice(at, 1);
      else list[at] = { article: s.article, old: null };
    }
  }
  const kept = new Set(list.flatMap((entry) => (entry.old === null ? [] : [entry.old])));
  const removed = articles.flatMap((a, at) => (kept.has(at) ? [] : [{ at, article: a }]));
  const inserted = list.flatMap((entry, at) =>
    entry.old === null ? [{ at, article: entry.article }] : [],
  );
  list = list.slice();
  return { after: list.map((entry) => entry.article), changes: { removed, inserted } };
}

/**
 * What an index says, with its term ids replaced by stems (so two numberings compare
 * equal) and read through its layout: each article's stored sentences and tokens, each
 * term's postings from both segments by article, articles taken out left unread.
 */
function canonical(index: PassageIndex): unknown {
  const stemOf = new Map<number, string>();
  for (const [stem, term] of index.stems) stemOf.set(term, stem);
  const name = (term: number): string => stemOf.get(term) ?? `dead term ${term}`;
  const byTerm = new Map<number, number[][]>();
  const segments = [
    [index.postingStart, index.postingDocs, index.postingFrequencies],
    [index.tailPostingStart, index.tailPostingDocs, index.tailPostingFrequencies],
  ] as const;
  for (const [starts, docs, tfs] of segments) {
    for (let term = 0; term + 1 < starts.length; term++) {
      for (let p = starts[term]!; p < starts[term + 1]!; p++) {
        const article = index.slotArticle[docs[p]!]!;
        if (article < 0) continue;
        const list = byTerm.get(term) ?? [];
        list.push([article, tfs[p]!]);
        byTerm.set(term, list);
      }
    }
  }
  const postings: Record<string, number[][]> = {};
  const frequencies: Record<string, number[]> = {};
  for (let term = 0; term < index.termCount; term++) {
    const list = (byTerm.get(term) ?? []).sort((a, b) => a[0]! - b[0]!);
    const sentences = index.sentenceFrequency[term]!;
    const paragraphs = index.paragraphFrequency[term]!;
    const articles = index.termArticleCount[term]!;
    expect(articles).toBe(list.length);
    if (!stemOf.has(term)) {
      // A term no article holds: nothing may point at it.
      expect([list.length, sentences, paragraphs]).toEqual([0, 0, 0]);
      continue;
    }
    postings[name(term)] = list;
    frequencies[name(term)] = [sentences, paragraphs];
  }
  const words = [...index.words]
    .map(([word, entry]) => [word, entry.term === STOP ? null : name(entry.term), entry.count])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const articles = Array.from({ length: index.articleCount }, (_, article) => {
    const sentences = [];
    for (
      let s = index.articleSentenceStart[article]!;
      s < index.articleSentenceEnd[article]!;
      s++
    ) {
      const tokens = index.tokens.subarray(
        index.sentenceTokenStart[s],
        index.sentenceTokenStart[s + 1],
      );
      sentences.push([
        [...tokens].map(name),
        index.sentenceParagraph[s],
        index.sentenceCharStart[s],
        index.sentenceCharEnd[s],
      ]);
    }
    return [sentences, index.articleLength[article], index.articleDay[article]];
  });
  return {
    counts: [index.articleCount, index.sentenceCount, index.paragraphCount, index.tokenCount],
    averages: [
      index.averageSentenceLength,
      index.averageParagraphLength,
      index.averageArticleLength,
    ],
    words,
    stems: [...index.stems.keys()].sort(),
    articles,
    postings,
    frequencies,
  };
}

const QUESTIONS = [
  "what did the harbour agree",
  "Who is Kupiecki?",
  "Kupiekci lighthouse",
  "the US and Poland security talks",
  "Polish elections in May",
  "museum ferries 2026",
  "harbor strike",
  "café Zürich 東京",
  "what will the parliament budget be",
  // Lists of what is new read the newest-first order of the updated index.
  "what's new?",
  "news from last month",
];

/** Update layouts: as the product has it, always folded, and never folded nor grown in place. */
const LAYOUTS: IndexUpdateSettings[] = [
  INDEX_UPDATE_SETTINGS,
  { ...INDEX_UPDATE_SETTINGS, maxTailArticles: 0 },
  { maxTailArticles: Infinity, maxDeadShare: 1, growthShare: 0, minGrowth: 0 },
];

function answers(library: Library): unknown {
  return QUESTIONS.map((question) => [
    library.search(question, { top: 5, asOf: "2026-12-31" }),
    library.closestArticles(question, 3),
  ]);
}

describe("updatePassageIndex", () => {
  it("equals a fresh build after random adds, changes and removals", () => {
    fc.assert(
      fc.property(
        fc.array(article, { maxLength: 8 }),
        fc.array(fc.array(step, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...LAYOUTS),
        (start, batches, layout) => {
          let articles = start;
          let index = buildPassageIndex(articles);
          let library = buildLibrary(articles);
          for (const batch of batches) {
            const { after, changes } = applySteps(articles, batch);
            expect(changedArticles(articles, changes)).toEqual(after);
            const update = updatePassageIndex(index, changes, undefined, undefined, layout);
            const fresh = buildPassageIndex(after);
            expect(canonical(update.index)).toEqual(canonical(fresh));
            library = updateLibrary(library, after, update.index, update.vocabulary);
            expect(answers(library)).toEqual(answers(buildLibrary(after)));
            articles = after;
            index = update.index;
          }
        },
      ),
      { numRuns: 150, seed: 20261201 },
    );
    // 150 random libraries, each built afresh after every batch: about 15 s alone, more
    // when the whole suite shares the machine.
  }, 90_000);

  it("keeps the library it was updated from answering as before", () => {
    const [first, second] = fc.sample(fc.array(article, { minLength: 3, maxLength: 6 }), {
      numRuns: 2,
      seed: 7,
    });
    const before = buildLibrary(first!);
    const expected = answers(before);
    const index = buildPassageIndex(first!);
    const changes: ArticleChanges = {
      removed: first!.map((a, at) => ({ at, article: a })),
      inserted: second!.map((a, at) => ({ at, article: a })),
    };
    const update = updatePassageIndex(index, changes);
    const after = updateLibrary(before, second!, update.index, update.vocabulary);
    expect(answers(after)).toEqual(answers(buildLibrary(second!)));
    expect(answers(before)).toEqual(expected);
  });

  it("folds an updated index into the layout a build gives", () => {
    const [first, second] = fc.sample(fc.array(article, { minLength: 4, maxLength: 6 }), {
      numRuns: 2,
      seed: 11,
    });
    const index = buildPassageIndex(first!);
    const changes: ArticleChanges = {
      removed: [{ at: 1, article: first![1]! }],
      inserted: [{ at: 0, article: second![0]! }],
    };
    const update = updatePassageIndex(index, changes);
    expect(isCompact(update.index)).toBe(false);
    const after = changedArticles(first!, changes);
    const compact = compactIndex(update.index);
    expect(isCompact(compact)).toBe(true);
    const fresh = buildPassageIndex(after);
    expect(canonical(compact)).toEqual(canonical(fresh));
    // Laid out as a build: the same stored sentences, tokens and article order of postings.
    expect([...compact.sentenceParagraph]).toEqual([...fresh.sentenceParagraph]);
    expect([...compact.articleSentenceStart]).toEqual([...fresh.articleSentenceStart]);
    expect(compact.postingDocs.length).toBe(fresh.postingDocs.length);
  });

  it("lets two updates of one index grow it without spoiling each other", () => {
    const [first, second] = fc.sample(fc.array(article, { minLength: 3, maxLength: 5 }), {
      numRuns: 2,
      seed: 5,
    });
    const index = buildPassageIndex(first!);
    const one = { removed: [], inserted: [{ at: 0, article: second![0]! }] };
    const two = { removed: [], inserted: [{ at: 1, article: second![1]! }] };
    const a = updatePassageIndex(index, one);
    const b = updatePassageIndex(index, two);
    const a2 = updatePassageIndex(a.index, two);
    expect(canonical(a.index)).toEqual(canonical(buildPassageIndex(changedArticles(first!, one))));
    expect(canonical(b.index)).toEqual(canonical(buildPassageIndex(changedArticles(first!, two))));
    const both = changedArticles(changedArticles(first!, one), two);
    expect(canonical(a2.index)).toEqual(canonical(buildPassageIndex(both)));
    expect(canonical(index)).toEqual(canonical(buildPassageIndex(first!)));
  });

  it("breaks ties between equal articles by their place in the library, as a build does", () => {
    const twin = (id: string): Article =>
      ({
        id,
        title: `Harbour report ${id}`,
        date: "2026-03-01",
        url: null,
        path: `${id}.md`,
        // Equal in every score, but not word for word: a repeated sentence is quoted once.
        paragraphs: [`The lighthouse museum opened in Zürich by pier ${id}. Ferries will follow.`],
      }) as unknown as Article;
    const before = [twin("b"), twin("c")];
    const library = buildLibrary(before);
    const changes: ArticleChanges = { removed: [], inserted: [{ at: 0, article: twin("a") }] };
    const update = updatePassageIndex(buildPassageIndex(before), changes);
    const after = changedArticles(before, changes);
    const updated = updateLibrary(library, after, update.index, update.vocabulary);
    const question = "lighthouse museum Zürich";
    const ids = (found: Library): string[] =>
      found.search(question, { top: 3 }).map((result) => result.article.id);
    expect(ids(buildLibrary(after))).toEqual(["a", "b", "c"]);
    expect(ids(updated)).toEqual(["a", "b", "c"]);
  });

  it("refuses articles taken out that are not the indexed ones", () => {
    const [articles] = fc.sample(fc.array(article, { minLength: 2, maxLength: 4 }), {
      numRuns: 1,
      seed: 3,
    });
    const index = buildPassageIndex(articles!);
    const other: Article = { ...articles![0]!, title: "Zanzibar quokka", paragraphs: ["Quokka."] };
    expect(() =>
      updatePassageIndex(index, { removed: [{ at: 0, article: other }], inserted: [] }),
    ).toThrow();
  });
});
