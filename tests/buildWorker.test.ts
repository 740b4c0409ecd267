import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Worker } from "node:worker_threads";
import { BuildWorker } from "../src/content/buildClient.ts";
import { withDeadline } from "../src/content/buildThread.ts";
import { packIndex } from "../src/content/indexCodec.ts";
import { createLibraryStore, type LibraryStore } from "../src/content/libraryStore.ts";
import { loadLibrary } from "../src/content/loadLibrary.ts";
import { readSavedLibrary, writeSavedLibrary } from "../src/content/savedIndex.ts";
import { buildPassageIndex } from "../src/core/passageIndex.ts";
import { captureLogs } from "./logCapture.ts";
import { ownTimeMs } from "./threadTime.ts";

let dir: string;
let store: LibraryStore | undefined;
let logs: Array<Record<string, unknown>>;

function testLogger() {
  const captured = captureLogs("info");
  logs = captured.lines;
  return captured.logger;
}

/** A deterministic word list: syllables combined, so the vocabulary stays a few thousand words. */
const SYLLABLES = ["ka", "lo", "mi", "ra", "tu", "ve", "no", "si", "de", "pa", "gu", "re", "ho"];
const WORDS = SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.map((c) => a + b + c)));

/**
 * A library file of `count` generated articles of about 4 KB each, described as news sites
 * describe theirs (a long path for an id, a link, an author, tags), and one known article.
 */
async function writeLibrary(file: string, count: number): Promise<void> {
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % below;
  };
  const word = () => WORDS[random(WORDS.length)]!;
  const sentence = () => `${Array.from({ length: 12 }, word).join(" ")}.`;
  // Names: words of five syllables, most of them rare, so the vocabulary grows with the
  // library to hundreds of thousands of words, as a news library's does.
  const name = () => Array.from({ length: 5 }, () => SYLLABLES[random(SYLLABLES.length)]!).join("");
  const names = () => `${Array.from({ length: 20 }, name).join(" ")}.`;
  const lines = [
    JSON.stringify({
      id: "harbour",
      title: "Harbour reopens",
      date: "2026-01-05",
      text: "The harbour reopened after the storm.",
    }),
  ];
  for (let i = 0; i < count; i++) {
    const paragraphs = Array.from({ length: 6 }, () =>
      Array.from({ length: 5 }, sentence).join(" "),
    );
    paragraphs.push(names());
    const id = `news.example/story/world/2026/01/01/${Array.from({ length: 8 }, word).join("-")}/${i}`;
    lines.push(
      JSON.stringify({
        id,
        url: `https://${id}`,
        title: sentence(),
        source: "News Example",
        author: `${name()} ${name()}`,
        tags: Array.from({ length: 8 }, word),
        date: "2026-01-01",
        text: paragraphs.join("\n\n"),
      }),
    );
  }
  await writeFile(file, `${lines.join("\n")}\n`);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-worker-"));
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** How often questions are asked while a library is rebuilt, in ms. */
const ASK_EVERY_MS = 5;

/** How long questions go on being asked once the new library is served, in ms. */
const WATCH_AFTER_SWAP_MS = 500;

/**
 * Longest the thread may be held between two questions while a library is swapped in, in
 * ms of its own time (see ownTimeMs): generous beside a slice of the work (SLICE_MS in
 * buildClient.ts, 8 ms) and a garbage collection; taking the 15,000 articles' heads over
 * 5,000 at a time held it for 40 ms and more of its own, which a busy machine's other
 * processes stretched to 100–300 ms.
 */
const MAX_HELD_MS = 25;

describe("library builds in a worker thread", { timeout: 120_000 }, () => {
  it("answers questions while a large library is rebuilt and swapped in, never held up for long", async () => {
    const file = path.join(dir, "news.jsonl");
    await writeLibrary(file, 10);
    store = await createLibraryStore({ source: file, logger: testLogger() });
    await writeLibrary(file, 15_000);

    // Questions asked every few milliseconds while the library is rebuilt and swapped in, and
    // for a moment after (while the new library finishes its preparation). Between two
    // questions, how long other work held the thread beyond the wait asked for.
    const held: number[] = [];
    let answeredFromOld = 0;
    let swappedAt: number | null = null;
    const reload = store.reload().finally(() => (swappedAt = performance.now()));
    let last = ownTimeMs();
    while (swappedAt === null || performance.now() - swappedAt < WATCH_AFTER_SWAP_MS) {
      await new Promise((resolve) => setTimeout(resolve, ASK_EVERY_MS));
      held.push(ownTimeMs() - last - ASK_EVERY_MS);
      const library = store.current;
      expect(library.search("harbour reopened")[0]?.article.id).toBe("harbour");
      if (library.articles.length === 11) answeredFromOld++;
      last = ownTimeMs();
    }
    const result = await reload;

    expect(result).toMatchObject({ ok: true, articleCount: 15_001 });
    // The library served before kept answering while the new one was built (a build on
    // this thread would have let no question through until it was done)...
    expect(answeredFromOld).toBeGreaterThan(5);
    // ...and taking the new one over never held the thread for long: its articles and index
    // are taken over in short slices between questions.
    expect(Math.max(...held)).toBeLessThan(MAX_HELD_MS);
    expect(store.current.search("harbour reopened")[0]?.article.id).toBe("harbour");
  });

  it("indexes a large first library on two threads into the index one thread builds", async () => {
    const file = path.join(dir, "news.jsonl");
    // Over PARALLEL_BUILD_SETTINGS.minChars of text.
    await writeLibrary(file, 4_000);
    const captured = captureLogs("debug");
    store = await createLibraryStore({ source: file, logger: captured.logger, saveIndex: true });
    expect(store.current.search("harbour reopened")[0]?.article.id).toBe("harbour");
    await store.close();
    const built = captured.lines.find((line) => line.message === "search index built");
    expect(built?.threads).toBe(availableParallelism() >= 2 ? 2 : 1);

    // The index saved is the one built, field for field and byte for byte.
    const read = await readSavedLibrary(path.join(dir, ".news.jsonl.citebot-index"), () =>
      Promise.resolve(null),
    );
    if (read.status !== "found") throw new Error(`no saved index (${read.status})`);
    const { articles } = await loadLibrary(file);
    const expected = packIndex(buildPassageIndex(articles), { exact: true });
    expect(read.saved.index.layout).toEqual(expected.layout);
    const same = (at: number) =>
      Buffer.from(read.saved.index.buffers[at]!).equals(Buffer.from(expected.buffers[at]!));
    expect(read.saved.index.buffers.length).toBe(expected.buffers.length);
    expect(expected.buffers.every((_, at) => same(at))).toBe(true);
  });

  it("builds afresh over a saved index whose articles cannot be read back", async () => {
    const file = path.join(dir, "news.jsonl");
    await writeLibrary(file, 10);
    store = await createLibraryStore({ source: file, logger: testLogger(), saveIndex: true });
    await store.close();
    // A saved copy that checks out (shape, checksum, content unchanged) but whose first
    // article no longer parses, as a copy written by another version might.
    const savedFile = path.join(dir, ".news.jsonl.citebot-index");
    const read = await readSavedLibrary(savedFile, () => Promise.resolve(null));
    if (read.status !== "found") throw new Error(`no saved index (${read.status})`);
    new Uint8Array(read.saved.articleLines)[0] = "!".charCodeAt(0);
    await writeSavedLibrary(savedFile, read.saved);

    store = await createLibraryStore({ source: file, logger: testLogger(), saveIndex: true });
    expect(store.current.articles).toHaveLength(11);
    expect(store.current.search("harbour reopened")[0]?.article.id).toBe("harbour");
    expect(
      logs.some((line) => line.message === "the saved index cannot be used; building afresh"),
    ).toBe(true);
    await store.close();
    // The copy built afresh was saved over the one that could not be used.
    store = await createLibraryStore({ source: file, logger: testLogger(), saveIndex: true });
    expect(store.current.articles).toHaveLength(11);
    expect(
      logs.some((line) => line.message === "the saved index cannot be used; building afresh"),
    ).toBe(false);
  });

  it("keeps the last good library when the build worker dies", async () => {
    const file = path.join(dir, "news.jsonl");
    await writeLibrary(file, 10);
    // A heap too small for the larger library: the worker runs out of memory and stops.
    store = await createLibraryStore({ source: file, logger: testLogger(), buildMemoryMb: 24 });
    const before = store.current;
    expect(before.articles).toHaveLength(11);

    await writeLibrary(file, 20_000);
    const result = await store.reload();
    expect(result.ok).toBe(false);
    expect(store.current).toBe(before);
    expect(store.current.search("harbour reopened")[0]?.article.id).toBe("harbour");
    expect(
      logs.some(
        (entry) => entry.level === "error" && String(entry.message).includes("still serving"),
      ),
    ).toBe(true);

    // A new worker serves the next build.
    await writeLibrary(file, 20);
    expect(await store.reload()).toMatchObject({ ok: true, articleCount: 21 });
  });
});

describe("a build worker that stops between builds", () => {
  it("is let go, and the next build starts another", async () => {
    // A worker may stop while it is idle (out of memory while saving, say): a build posted
    // to it would wait for ever, and the library would never change again.
    const builder = new BuildWorker({ logger: testLogger() });
    const request = { source: dir, settings: {}, saveIndex: false, dataDir: null, basis: null };
    await writeFile(path.join(dir, "a.txt"), "date 2026-01-01\nThe harbour reopened on Monday.\n");
    try {
      expect((await builder.build(request, { articles: [], index: null })).status).toBe("built");
      await (builder as unknown as { worker: Worker }).worker.terminate();
      expect((await builder.build(request, { articles: [], index: null })).status).toBe("built");
    } finally {
      await builder.close();
    }
  });
});

describe("waiting on a helper thread", () => {
  // A build's helper that hangs is given up on, and its part indexed by the build itself:
  // the first answers must not wait on it for ever.
  it("gives up on an answer that does not come in time", async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withDeadline(never, 20, "the helper did not answer in time")).rejects.toThrow(
      "the helper did not answer in time",
    );
  });

  it("passes on an answer that comes in time, and its failure", async () => {
    await expect(withDeadline(Promise.resolve("part"), 1_000, "late")).resolves.toBe("part");
    await expect(
      withDeadline(Promise.reject(new Error("out of memory")), 1_000, "late"),
    ).rejects.toThrow("out of memory");
  });
});
