import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildLibrary } from "../src/core/library.ts";
import type { LibraryStore } from "../src/content/libraryStore.ts";
import { createLibraryStore } from "../src/content/libraryStore.ts";
import { UPDATE_SETTINGS } from "../src/content/libraryState.ts";
import { createMetrics } from "../src/ops/metrics.ts";
import { captureLogs, nextLogLine } from "./logCapture.ts";

let dir: string;
let store: LibraryStore | undefined;
let logs: Array<Record<string, unknown>>;

function testLogger() {
  const captured = captureLogs();
  logs = captured.lines;
  return captured.logger;
}

const article = (date: string, text: string) => `date ${date}\n${text}\n`;

async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-store-"));
  await writeFile(
    path.join(dir, "bridge.txt"),
    article("2025-11-10", "The Harbor Bridge reopened on Monday."),
  );
  await writeFile(
    path.join(dir, "library.txt"),
    article("2025-12-01", "The city library opened a reading room."),
  );
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("watching", () => {
  it("takes in what changed between reading the library and starting to watch", async () => {
    // No watcher heard these changes: the bot would serve the old text until the next one.
    store = await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true });
    await writeFile(path.join(dir, "tram.txt"), article("2026-03-02", "The tram line opened."));
    await writeFile(
      path.join(dir, "bridge.txt"),
      article("2025-11-10", "The Harbor Bridge closed again for repairs."),
    );
    await store.watch();
    expect(store.current.getArticle("tram")).toBeDefined();
    expect(store.current.search("Harbor Bridge")[0]?.quote).toContain("closed again");
  });

  const loads = () => logs.filter((entry) => entry.message === "library loaded");
  const saves = () => logs.filter((entry) => entry.message === "saved the search index");
  const savedFile = () => path.join(dir, ".citebot-index", "library.index");
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** A store as the bot runs it: saving its index, its reloads counted in the metrics. */
  async function startCounted() {
    const metrics = createMetrics({ processMetrics: false });
    store = await createLibraryStore({
      source: dir,
      logger: testLogger(),
      saveIndex: true,
      debounceMs: 50,
      onReload: (result) => metrics.recordReload(result),
    });
    const reloadsCounted = async (): Promise<number> => {
      const text = await metrics.registry.metrics();
      const series = 'citebot_library_reloads_total{result="ok"} ';
      const line = text.split("\n").find((l) => l.startsWith(series));
      return line === undefined ? 0 : Number(line.slice(series.length));
    };
    return { store, reloadsCounted };
  }

  it(
    "loads, counts and saves a library served from the saved index once when nothing changed",
    { timeout: 40_000 },
    async () => {
      await (
        await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true })
      ).close();
      const savedAt = (await stat(savedFile())).mtimeMs;
      const started = await startCounted();
      await started.store.watch();
      expect(loads().map((line) => line.how)).toEqual(["saved"]);
      expect(await started.reloadsCounted()).toBe(1);
      // The content behind the saved index is read a few seconds after the start, not at once.
      expect(logs.some((line) => line.message === "remembered the saved library for updates")).toBe(
        false,
      );
      await nextLogLine(logs, "remembered the saved library for updates");
      // Past the time an update's index would have been saved again.
      await sleep(UPDATE_SETTINGS.saveAfterUpdateMs + 1_000);
      expect(saves()).toHaveLength(0);
      expect((await stat(savedFile())).mtimeMs).toBe(savedAt);
      expect(loads()).toHaveLength(1);
      expect(await started.reloadsCounted()).toBe(1);
    },
  );

  it(
    "loads, counts and saves a library built afresh once when nothing changed",
    { timeout: 40_000 },
    async () => {
      const started = await startCounted();
      await started.store.watch();
      expect(loads().map((line) => line.how)).toEqual(["built"]);
      expect(await started.reloadsCounted()).toBe(1);
      // The index is saved a few seconds after the library answers, not at once.
      expect(saves()).toHaveLength(0);
      await nextLogLine(logs, "saved the search index");
      const savedAt = (await stat(savedFile())).mtimeMs;
      await sleep(UPDATE_SETTINGS.saveAfterUpdateMs + 1_000);
      expect(saves()).toHaveLength(1);
      expect((await stat(savedFile())).mtimeMs).toBe(savedAt);
      expect(loads()).toHaveLength(1);
      expect(await started.reloadsCounted()).toBe(1);
    },
  );

  it(
    "a reload asked for when nothing changed says so, and neither loads nor saves the library again",
    { timeout: 40_000 },
    async () => {
      const started = await startCounted();
      await nextLogLine(logs, "saved the search index");
      const savedAt = (await stat(savedFile())).mtimeMs;
      expect(await started.store.reload()).toEqual({
        articleCount: 2,
        problems: [],
        ok: true,
        unchanged: true,
      });
      // Past the time an update's index would have been saved again.
      await sleep(UPDATE_SETTINGS.saveAfterUpdateMs + 1_000);
      expect(saves()).toHaveLength(1);
      expect((await stat(savedFile())).mtimeMs).toBe(savedAt);
      expect(loads()).toHaveLength(1);
      expect(await started.reloadsCounted()).toBe(1);
      // A change is still read by the next reload.
      await writeFile(path.join(dir, "tram.txt"), article("2026-03-02", "The tram line opened."));
      expect(await started.store.reload()).toMatchObject({ articleCount: 3, ok: true });
      expect(loads()).toHaveLength(2);
    },
  );

  it("takes in files added right after a start from the saved index", async () => {
    await (
      await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true })
    ).close();
    const started = await startCounted();
    await writeFile(path.join(dir, "tram.txt"), article("2026-03-02", "The tram line opened."));
    await started.store.watch();
    expect(started.store.current.getArticle("tram")).toBeDefined();
    await writeFile(
      path.join(dir, "ferry.txt"),
      article("2026-01-20", "Ferry crews went on strike."),
    );
    await until(() => started.store.current.getArticle("ferry") !== undefined);
    expect(started.store.current.search("ferry strike")[0]?.article.id).toBe("ferry");
    expect(await started.reloadsCounted()).toBe(loads().length);
  });
});

describe("odd entries in the content folder", () => {
  it("reloads past a named pipe, which it never reads", async () => {
    // Read like a file to stamp the content for the saved index, a pipe held every later
    // reload (and the shutdown) until someone wrote to it.
    store = await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true });
    execFileSync("mkfifo", [path.join(dir, "notes.pipe")]);
    await writeFile(path.join(dir, "tram.txt"), article("2026-03-02", "The tram line opened."));
    const result = await Promise.race([
      store.reload(),
      new Promise((resolve) => setTimeout(() => resolve("still reloading"), 4000)),
    ]);
    expect(result).toMatchObject({ ok: true, articleCount: 3 });
  });

  it("counts a read-me or other file it does not read as skipped, at start and on reload", async () => {
    await writeFile(path.join(dir, "README.txt"), "How to write articles for this folder.\n");
    store = await createLibraryStore({ source: dir, logger: testLogger() });
    const readme = "warning: README.txt: a read-me file, not an article; skipped";
    const loaded = () => logs.filter((entry) => entry.message === "library loaded");
    expect(loaded()[0]).toMatchObject({ articles: 2, problems: [readme] });
    expect(store.problems).toEqual([
      expect.objectContaining({ file: "README.txt", severity: "warning" }),
    ]);

    await writeFile(path.join(dir, "LICENSE"), "All rights reserved.\n");
    const result = await store.reload();
    expect(result.problems.map((problem) => problem.file)).toEqual(["LICENSE", "README.txt"]);
    expect(loaded()[1]).toMatchObject({
      articles: 2,
      problems: [
        "warning: LICENSE: not an article file (.txt, .md, .markdown) or library file (.jsonl, .jsonl.gz); skipped",
        readme,
      ],
    });
  });

  it("watches a folder with links in a loop, and closes without failing", async () => {
    // Followed, "self -> ." and "sub/up -> .." were walked over and over, and the watcher
    // reported the loop after it was closed, which ended the process.
    await mkdir(path.join(dir, "sub"));
    await symlink(".", path.join(dir, "self"));
    await symlink("..", path.join(dir, "sub", "up"));
    store = await createLibraryStore({ source: dir, logger: testLogger() });
    await store.watch();
    await writeFile(path.join(dir, "tram.txt"), article("2026-03-02", "The tram line opened."));
    await until(() => store?.current.getArticle("tram") !== undefined);
    expect(store.current.articles).toHaveLength(3);
    await store.close();
    store = undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
  });
});

describe("library store", () => {
  it("loads the content and reloads on request", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger() });
    expect(store.current.articles).toHaveLength(2);
    expect(store.current.search("Harbor Bridge")[0]?.article.id).toBe("bridge");

    await writeFile(
      path.join(dir, "lighthouse.txt"),
      article("2026-03-01", "The lighthouse was lit again."),
    );
    const result = await store.reload();
    expect(result).toMatchObject({ articleCount: 3, ok: true, problems: [] });
    expect(store.current.search("lighthouse")[0]?.article.id).toBe("lighthouse");
  });

  it("keeps the last good library when the folder cannot be read", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger() });
    const before = store.current;
    await rm(dir, { recursive: true, force: true });
    const result = await store.reload();
    expect(result.ok).toBe(false);
    expect(result.articleCount).toBe(2);
    expect(result.problems[0]?.severity).toBe("error");
    expect(store.current).toBe(before);
    const failed = logs.find(
      (entry) => entry.level === "error" && String(entry.message).includes("reload failed"),
    );
    expect(failed?.reason).toMatch(/^Cannot read the article library at .* \(ENOENT\)$/);
    expect(failed).not.toHaveProperty("err");
  });

  it("keeps an article's last good version while its file is broken", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger() });
    await writeFile(path.join(dir, "bridge.txt"), "");
    const result = await store.reload();
    expect(result.ok).toBe(true);
    expect(
      result.problems.some(
        (problem) => problem.file === "bridge.txt" && problem.severity === "error",
      ),
    ).toBe(true);
    expect(store.current.articles).toHaveLength(2);
    expect(store.current.search("Harbor Bridge")[0]?.article.id).toBe("bridge");
  });

  it("keeps the old library when building the index fails", async () => {
    let fail = false;
    store = await createLibraryStore({
      source: dir,
      logger: testLogger(),
      build: (articles) => {
        if (fail) throw new Error("index exploded");
        return buildLibrary(articles);
      },
    });
    const before = store.current;
    fail = true;
    const result = await store.reload();
    expect(result.ok).toBe(false);
    expect(store.current).toBe(before);
  });

  it("starts empty when the source is missing, and serves it once it appears", async () => {
    const missing = path.join(dir, "not-yet");
    store = await createLibraryStore({
      source: missing,
      sourceName: "CONTENT_DIR",
      logger: testLogger(),
    });
    expect(store.current.articles).toHaveLength(0);
    // Feeds and /add create the folder: one warning that says so, no error and no stack.
    const said = logs.filter((entry) => entry.level !== "info" && entry.level !== "debug");
    expect(said).toEqual([
      expect.objectContaining({
        level: "warn",
        message: `CONTENT_DIR "${missing}" does not exist yet: starting with an empty library`,
      }),
    ]);
    expect(said[0]).not.toHaveProperty("err");
    await mkdir(missing);
    await writeFile(path.join(missing, "new.txt"), article("2026-01-01", "A new article arrived."));
    expect(await store.reload()).toMatchObject({ ok: true, articleCount: 1 });
  });

  it("says in one line, without a stack, that a source which is no library cannot be used", async () => {
    const notALibrary = path.join(dir, "passwd");
    await writeFile(notALibrary, "root:x:0:0:root:/root:/bin/bash\n");
    store = await createLibraryStore({
      source: notALibrary,
      sourceName: "CONTENT_DIR",
      logger: testLogger(),
    });
    expect(store.current.articles).toHaveLength(0);
    const said = logs.filter((entry) => entry.level !== "info" && entry.level !== "debug");
    expect(said).toEqual([
      expect.objectContaining({
        level: "error",
        message: `CONTENT_DIR cannot be used: Cannot read the article library at "${notALibrary}": expected a folder, a .txt or .md article, or a .jsonl(.gz) library file; starting with an empty library`,
      }),
    ]);
    expect(said[0]).not.toHaveProperty("err");
  });

  it("does not take a path through a file for a folder still to come", async () => {
    // "…/passwd/articles" can never be created: that is an error, not a folder to wait for.
    const file = path.join(dir, "passwd");
    await writeFile(file, "root:x:0:0:root:/root:/bin/bash\n");
    store = await createLibraryStore({
      source: path.join(file, "articles"),
      sourceName: "CONTENT_DIR",
      logger: testLogger(),
    });
    const said = logs.filter((entry) => entry.level !== "info" && entry.level !== "debug");
    expect(said.map((entry) => entry.level)).toEqual(["error"]);
    expect(String(said[0]?.message)).toMatch(/^CONTENT_DIR cannot be used: .*ENOTDIR/);
  });

  it("picks up added, changed and removed files while watching, and stops on close", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger(), debounceMs: 50 });
    await store.watch();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const current = () => store?.current.articles.length ?? 0;

    await writeFile(
      path.join(dir, "lighthouse.txt"),
      article("2026-03-01", "The lighthouse was lit again."),
    );
    await until(() => current() === 3);

    await writeFile(
      path.join(dir, "lighthouse.txt"),
      article("2026-03-01", "The lighthouse keeper retired."),
    );
    await until(() => store?.current.search("keeper retired")[0]?.article.id === "lighthouse");

    await rm(path.join(dir, "library.txt"));
    await until(() => current() === 2);

    await store.close();
    const loadsBefore = logs.filter((entry) => entry.message === "library loaded").length;
    await writeFile(path.join(dir, "late.txt"), article("2026-04-01", "Too late to be seen."));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logs.filter((entry) => entry.message === "library loaded").length).toBe(loadsBefore);
    store = undefined;
  });

  /**
   * Watches the content folder, has `replace` make it anew, then checks that the articles of
   * the new folder are read, those written at once and those written later.
   */
  async function expectNewFolderWatched(replace: () => Promise<void>): Promise<void> {
    store = await createLibraryStore({
      source: dir,
      logger: testLogger(),
      debounceMs: 50,
      folderCheckMs: 100,
    });
    await store.watch();
    await new Promise((resolve) => setTimeout(resolve, 200));

    await replace();
    await writeFile(
      path.join(dir, "ferry.txt"),
      article("2026-01-20", "Ferry crews called off a strike."),
    );
    await until(() => store?.current.articles.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Files written later are seen too: the new folder is the one watched.
    await writeFile(path.join(dir, "harbour.txt"), article("2026-03-02", "The harbour reopened."));
    await until(() => store?.current.articles.length === 2);
    expect(store.current.search("harbour reopened")[0]?.article.id).toBe("harbour");
  }

  it("keeps watching when the content folder is replaced by a new one", async () => {
    // A deploy swaps in a new folder: the old one is moved aside, a new one takes its name.
    await expectNewFolderWatched(async () => {
      await rename(dir, `${dir}.old`);
      await mkdir(dir);
    });
    await rm(`${dir}.old`, { recursive: true, force: true });
  });

  it("keeps watching a content folder deleted and made again at once", async () => {
    // "rm -rf content && mkdir content": the new folder often gets the old one's inode number.
    await expectNewFolderWatched(async () => {
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir);
    });
  });

  it("coalesces reloads requested while one is running", async () => {
    let loads = 0;
    store = await createLibraryStore({
      source: dir,
      logger: testLogger(),
      load: async () => {
        loads++;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { articles: [], problems: [] };
      },
    });
    loads = 0;
    await Promise.all([store.reload(), store.reload(), store.reload()]);
    // One running reload plus one more to cover changes made while it ran.
    expect(loads).toBe(2);
  });
});
