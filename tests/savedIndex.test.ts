import {
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from "node:fs/promises";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLibrary, libraryFromIndex } from "../src/core/library.ts";
import { buildPassageIndex, type PassageIndex } from "../src/core/passageIndex.ts";
import { packIndex, transferable, unpackIndex } from "../src/content/indexCodec.ts";
import { createLibraryStore, type LibraryStore } from "../src/content/libraryStore.ts";
import type { LibraryStoreOptions } from "../src/content/libraryStore.ts";
import { loadLibrary } from "../src/content/loadLibrary.ts";
import { captureLogs, nextLogLine } from "./logCapture.ts";

let dir: string;
let content: string;
let logs: Array<Record<string, unknown>>;
const stores: LibraryStore[] = [];

function testLogger() {
  const captured = captureLogs();
  logs = captured.lines;
  return captured.logger;
}

const article = (date: string, text: string) => `date ${date}\n${text}\n`;

/** Starts a store on `source` that saves its index, as the bot does. */
async function start(
  source = content,
  extra: Partial<LibraryStoreOptions> = {},
): Promise<LibraryStore> {
  const store = await createLibraryStore({
    source,
    logger: testLogger(),
    saveIndex: true,
    ...extra,
  });
  stores.push(store);
  return store;
}

const messages = () => logs.map((entry) => String(entry.message));
const logged = (text: string) => logs.find((entry) => String(entry.message).includes(text));
const savedFile = () => path.join(content, ".citebot-index", "library.index");

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-saved-"));
  content = path.join(dir, "content");
  await mkdir(content);
  await writeFile(
    path.join(content, "bridge.txt"),
    article("2025-11-10", "The Harbor Bridge reopened on Monday after repairs."),
  );
  await writeFile(
    path.join(content, "library.txt"),
    article("2025-12-01", "The city library opened a reading room for students."),
  );
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await rm(dir, { recursive: true, force: true });
});

describe("packed index", () => {
  it("comes back field for field, and a library over it answers as a fresh one", async () => {
    const { articles } = await loadLibrary("content");
    const index = buildPassageIndex(articles);
    const packed = packIndex(index);
    // Every typed array travels as a buffer of its own (transferable), maps as a few arrays.
    expect(packed.buffers.every((buffer) => buffer instanceof ArrayBuffer)).toBe(true);
    const back = await unpackIndex<PassageIndex>(
      structuredClone(packed, { transfer: transferable(packed) }),
      () => Promise.resolve(),
    );
    // The buffers were moved, not copied: the original arrays are now empty.
    expect(index.tokens.length).toBe(0);
    // The vocabulary comes back as maps over the packed arrays: the same entries in order.
    const fresh = buildPassageIndex(articles);
    expect({ ...back, words: new Map(back.words), stems: new Map(back.stems) }).toEqual(fresh);
    for (const [word, entry] of fresh.words) expect(back.words.get(word)).toEqual(entry);
    expect(back.words.get("no-such-word")).toBeUndefined();
    const question = "What did South Korea and Poland agree on?";
    expect(libraryFromIndex(articles, back).search(question)).toEqual(
      buildLibrary(articles).search(question),
    );
  });
});

describe("saved index", { timeout: 60_000 }, () => {
  it("is written beside a content folder and read back on the next start", async () => {
    const first = await start();
    expect(logged("no saved index yet")).toBeDefined();
    const answer = first.current.search("Harbor Bridge reopened");
    // The library answers before its index is saved; closing the store waits for the save.
    await first.close();
    expect(logged("saved the search index")?.file).toBe(savedFile());

    const second = await start();
    expect(logged("read the saved index")).toBeDefined();
    expect(logged("saved the search index")).toBeUndefined();
    // The saved index's own folder is hidden: it is neither content nor a change to it.
    expect(second.current.articles).toHaveLength(2);
    expect(second.current.search("Harbor Bridge reopened")).toEqual(answer);
  });

  it("is left whole when two processes on the same content (two shards) save it at once", async () => {
    // Both find no saved index, build the library and save it as they close, together.
    const starting = start();
    const firstLogs = logs;
    const [first, second] = await Promise.all([starting, start()]);
    const secondLogs = logs;
    const answer = first.current.search("Harbor Bridge reopened");
    await Promise.all([first.close(), second.close()]);
    for (const lines of [firstLogs, secondLogs]) {
      expect(lines.filter((line) => line.message === "saved the search index")).toHaveLength(1);
    }

    const third = await start();
    expect(logged("read the saved index")).toBeDefined();
    expect(third.current.search("Harbor Bridge reopened")).toEqual(answer);
    // Each save wrote a temporary file of its own, renamed into place: none is left.
    expect(await readdir(path.dirname(savedFile()))).toEqual([path.basename(savedFile())]);
  });

  it("clears what a save stopped midway left behind, and only that", async () => {
    const folder = path.dirname(savedFile());
    await mkdir(folder, { recursive: true });
    const leftover = `${savedFile()}.0f0e8d7c-1b2a-4c3d-9e8f-7a6b5c4d3e2f.tmp`;
    const running = `${savedFile()}.11111111-2222-4333-8444-555555555555.tmp`;
    const unrelated = path.join(folder, "notes.tmp");
    for (const file of [leftover, running, unrelated]) await writeFile(file, "partial");
    // Left by a process stopped two hours ago; `running` is as new as a save in progress.
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(leftover, twoHoursAgo, twoHoursAgo);
    await utimes(unrelated, twoHoursAgo, twoHoursAgo);

    const store = await start();
    await store.close();
    expect(logged("saved the search index")?.file).toBe(savedFile());
    const exists = (file: string) =>
      stat(file).then(
        () => true,
        () => false,
      );
    expect(await exists(leftover)).toBe(false);
    expect(await exists(running)).toBe(true);
    expect(await exists(unrelated)).toBe(true);
  });

  it("is built afresh, saying so, when a file changed within the same second", async () => {
    await (await start()).close();
    const file = path.join(content, "bridge.txt");
    const before = await stat(file);
    // Same size, same modification time: only the change time and the bytes differ.
    await writeFile(
      file,
      article("2025-11-10", "The Harbor Bridge collapsed on Monday after repairs."),
    );
    await utimes(file, before.atime, before.mtime);

    const store = await start();
    expect(logged("the content changed since the index was saved")?.reason).toContain("bridge.txt");
    expect(store.current.search("Harbor Bridge collapsed")[0]?.article.id).toBe("bridge");
  });

  it("is built afresh when a file is added or removed", async () => {
    await (await start()).close();
    await writeFile(
      path.join(content, "ferry.txt"),
      article("2026-01-20", "Ferry crews went on strike."),
    );
    const store = await start();
    expect(logged("the content changed")?.reason).toMatch(/1 file added \(ferry\.txt\)/);
    expect(store.current.search("ferry strike")[0]?.article.id).toBe("ferry");
    await store.close();

    await rm(path.join(content, "library.txt"));
    const after = await start();
    expect(logged("the content changed")?.reason).toMatch(/1 file removed \(library\.txt\)/);
    expect(after.current.articles.map((a) => a.id)).toEqual(["bridge", "ferry"]);
  });

  it("is built afresh when the index settings differ from the saved ones", async () => {
    await (await start()).close();
    await start(content, { library: { ranking: { titleWeight: 3 } } });
    expect(logged("the content changed")?.reason).toBe("the index settings changed");
  });

  it(
    "is never used when damaged, cut short or of another version",
    { timeout: 180_000 },
    async () => {
      await (await start()).close();
      const good = await readFile(savedFile());
      const question = "Which reading room did the city library open?";
      const expected = buildLibrary((await loadLibrary(content)).articles).search(question);

      const damaged = Buffer.from(good);
      // A bit of the index's last section, just before the checksum, flipped.
      damaged[damaged.length - 40]! ^= 0x01;
      const header = good.toString("latin1", 0, 400);
      const otherVersion = Buffer.from(good);
      otherVersion.write('"indexFormat":9', header.indexOf('"indexFormat":'), "latin1");
      const withoutField = Buffer.from(good);
      const field = good.indexOf('"name":"articleDay"');
      withoutField.write('"name":"articleDax"', field, "latin1");
      const body = withoutField.subarray(0, withoutField.length - 32);
      createHash("sha256").update(body).digest().copy(withoutField, body.length);

      const badStamp = Buffer.from(good);
      badStamp.write('"mtimeNx"', good.indexOf('"mtimeNs"'), "latin1");
      const badSection = Buffer.from(good);
      badSection.write('"sections":[-', good.indexOf('"sections":['), "latin1");

      const cases: Array<[string, () => Promise<void>, RegExp]> = [
        ["damaged", () => writeFile(savedFile(), damaged), /checksum does not match/],
        ["a stamp malformed", () => writeFile(savedFile(), badStamp), /header is malformed/],
        ["a length negative", () => writeFile(savedFile(), badSection), /header is malformed/],
        ["cut short", () => truncate(savedFile(), Math.floor(good.length / 2)), /cut short/],
        ["empty", () => writeFile(savedFile(), ""), /cut short/],
        ["not an index", () => writeFile(savedFile(), "x".repeat(100)), /not a saved index/],
        ["another version", () => writeFile(savedFile(), otherVersion), /index format 9/],
        // Intact and checksummed, but written by code whose index lacked a field.
        [
          "a field missing",
          () => writeFile(savedFile(), withoutField),
          /no Int32Array "articleDay"/,
        ],
      ];
      for (const [name, spoil, reason] of cases) {
        await spoil();
        const store = await start();
        const line = logs.find((entry) =>
          /saved index (cannot be used|is from another)/.test(String(entry.message)),
        );
        expect(line?.reason, name).toMatch(reason);
        expect(store.current.search(question), name).toEqual(expected);
        await store.close();
        // The fresh build replaced the spoilt copy with a good one.
        await start();
        expect(logged("read the saved index"), name).toBeDefined();
      }
    },
  );

  it("sits beside a library file, and under DATA_DIR when it cannot sit beside the content", async () => {
    const libraryFile = path.join(dir, "news.jsonl");
    await writeFile(
      libraryFile,
      `${JSON.stringify({ id: "a", title: "Dock strike", date: "2026-02-01", text: "Dock workers began a strike." })}\n`,
    );
    await (await start(libraryFile)).close();
    expect(logged("saved the search index")?.file).toBe(
      path.join(dir, ".news.jsonl.citebot-index"),
    );
    await start(libraryFile);
    expect(logged("read the saved index")).toBeDefined();

    // A file where the index folder would go stands in for a folder the bot cannot write to.
    await writeFile(path.join(content, ".citebot-index"), "in the way");
    const dataDir = path.join(dir, "data");
    await (await start(content, { dataDir })).close();
    const saved = String(logged("saved the search index")?.file);
    expect(path.dirname(saved)).toBe(dataDir);
    const again = await start(content, { dataDir });
    expect(logged("read the saved index")?.file).toBe(saved);
    expect(again.current.search("Harbor Bridge")[0]?.article.id).toBe("bridge");
  });

  it("reads a current copy under DATA_DIR when the one beside the content is out of date", async () => {
    // A copy beside the content, from before an article was added.
    await (await start()).close();
    const stale = await readFile(savedFile());
    await writeFile(
      path.join(content, "lighthouse.txt"),
      article("2026-03-01", "The lighthouse was lit again."),
    );
    // The current copy went under DATA_DIR while the content folder could not be written.
    await rm(path.join(content, ".citebot-index"), { recursive: true });
    await writeFile(path.join(content, ".citebot-index"), "in the way");
    const dataDir = path.join(dir, "data");
    await (await start(content, { dataDir })).close();
    const current = String(logged("saved the search index")?.file);
    expect(path.dirname(current)).toBe(dataDir);
    // The stale copy is back beside the content.
    await rm(path.join(content, ".citebot-index"));
    await mkdir(path.join(content, ".citebot-index"));
    await writeFile(savedFile(), stale);

    const store = await start(content, { dataDir });
    expect(logged("read the saved index")?.file).toBe(current);
    expect(logged("building afresh")).toBeUndefined();
    expect(store.current.search("lighthouse lit")[0]?.article.id).toBe("lighthouse");
  });

  it("keeps answering with the content when nothing can be saved", async () => {
    await writeFile(path.join(content, ".citebot-index"), "in the way");
    const store = await start();
    expect(store.current.search("Harbor Bridge")[0]?.article.id).toBe("bridge");
    expect(messages()).toContain("library loaded");
    expect((await nextLogLine(logs, "could not be saved")).message).toContain("DATA_DIR");
  });
});
