import { describe, expect, it } from "vitest";
import {
  ARTICLE_LINE_SETTINGS,
  ArticleLinesError,
  decodeArticleLines,
  encodeArticleLines,
  storedArticles,
} from "../src/content/articleLines.ts";
import { loadLibrary } from "../src/content/loadLibrary.ts";
import { PackedMap } from "../src/content/packedMap.ts";
import { packIndex, unpackIndex } from "../src/content/indexCodec.ts";
import type { Article } from "../src/core/types.ts";

const noPause = (): Promise<void> => Promise.resolve();

function article(id: string, paragraphs: string[]): Article {
  return {
    id,
    title: `Title of ${id}`,
    date: "2026-01-02",
    url: null,
    path: `${id}.txt`,
    source: null,
    author: null,
    tags: ["a\tb"],
    paragraphs,
  };
}

describe("articles as lines", () => {
  it("read back with only their heads parsed, they give the same articles, text included", async () => {
    const { articles } = await loadLibrary("content");
    const tricky = article("tricky", ["A tab\there, a line\nbreak, \u2028 and \ud83d\ude00.", ""]);
    const all = [...articles, tricky];
    const lines = encodeArticleLines(all);
    const stored = await storedArticles(lines, noPause);
    expect(stored).toEqual(all);
    expect(stored.map((a) => JSON.stringify(a))).toEqual(all.map((a) => JSON.stringify(a)));
    // They copy and cross threads whole, as the worker's kept articles do.
    expect(structuredClone(stored)).toEqual(all);
    expect({ ...stored.at(-1) }).toEqual(tricky);
    expect(await decodeArticleLines(lines, noPause)).toEqual(all);
  });

  it("parse a text again once it has dropped out of the cache, and keep a text set on them", async () => {
    const many = Array.from({ length: ARTICLE_LINE_SETTINGS.cachedTexts + 10 }, (_, n) =>
      article(`a${n}`, [`Paragraph of article ${n}.`]),
    );
    const stored = await storedArticles(encodeArticleLines(many), noPause);
    const first = stored[0]!.paragraphs;
    for (const item of stored) expect(item.paragraphs).toHaveLength(1);
    expect(stored[0]!.paragraphs).toEqual(first);
    stored[1]!.paragraphs = ["Replaced."];
    expect(stored[1]!.paragraphs).toEqual(["Replaced."]);
  });

  it("refuse a line that is not an article, and a damaged text when it is read", async () => {
    const bad = (text: string) => storedArticles(new TextEncoder().encode(text).buffer, noPause);
    await expect(bad('{"id":"a","title":"t","path":"p"}\n')).rejects.toThrow(ArticleLinesError);
    await expect(bad('{"id":"a"}\t[]\n')).rejects.toThrow(/malformed/);
    await expect(bad('{"id":"a","title":"t","path":"p"\t[]\n')).rejects.toThrow(/not JSON/);
    const [damaged] = await bad('{"id":"a","title":"t","path":"p"}\t["x",1]\n');
    expect(() => damaged!.paragraphs).toThrow(/text of article 1 is malformed/);
  });
});

describe("vocabulary maps read back over their packed arrays", () => {
  it("find every word, miss the others, and list their entries in order", async () => {
    const words = new Map<string, { term: number; count: number }>();
    const keys = ["", "a", "ab", "ba", "naïve", "\ud83d\ude00", "\ud800", "x".repeat(300)];
    for (let n = 0; n < 5_000; n++) keys.push(`word${n}`);
    keys.forEach((key, n) => words.set(key, { term: n, count: n * 2 }));
    const stems = new Map(keys.map((key, n) => [key, n] as const));
    const back = await unpackIndex<{
      words: ReadonlyMap<string, unknown>;
      stems: ReadonlyMap<string, number>;
    }>(packIndex({ words, stems }), noPause);
    expect(back.words).toBeInstanceOf(PackedMap);
    expect(back.words.size).toBe(words.size);
    for (const [key, value] of words) {
      expect(back.words.get(key)).toEqual(value);
      expect(back.stems.get(key)).toBe(value.term);
    }
    for (const missing of ["abc", "b", "word5000", "naive", "\ud83d", "x".repeat(299)]) {
      expect(back.words.has(missing)).toBe(false);
      expect(back.stems.get(missing)).toBeUndefined();
    }
    expect([...back.words]).toEqual([...words]);
    expect([...back.stems.keys()]).toEqual(keys);
  });
});
