/**
 * The library store updates its library when a few files change, through the real build
 * worker: only the changed files are read, the index is updated rather than built, and the
 * library answers exactly as one built afresh from the same folder.
 */
import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLibraryStore, type LibraryStore } from "../src/content/libraryStore.ts";
import { loadLibrary } from "../src/content/loadLibrary.ts";
import { buildLibrary } from "../src/core/library.ts";
import type { Library } from "../src/core/types.ts";
import { captureLogs, nextLogLine } from "./logCapture.ts";

let dir: string;
let store: LibraryStore | undefined;
let logs: Array<Record<string, unknown>>;

function testLogger() {
  const captured = captureLogs();
  logs = captured.lines;
  return captured.logger;
}

const txt = (date: string, text: string) => `date ${date}\n${text}\n`;
const md = (title: string, date: string, text: string) =>
  `---\ntitle: ${title}\ndate: ${date}\n---\n${text}\n`;

const QUESTIONS = [
  "When did the Harbor Bridge reopen?",
  "reading room at the city library",
  "Who is Ana Kupiecki?",
  "lighthouse museum",
  "ferry strike wages",
  "harbr bridge",
  "What did the council vote on in 2026?",
];

function answersOf(library: Library): unknown {
  return QUESTIONS.map((question) => [
    library.search(question, { top: 5, asOf: "2026-12-31" }),
    library.closestArticles(question, 3),
    library.matchTitles(question, 3),
  ]);
}

/** What a library built afresh from the folder as it is now answers. */
async function freshAnswers(): Promise<unknown> {
  const { articles } = await loadLibrary(dir);
  return answersOf(buildLibrary(articles));
}

/** The `library loaded` lines logged so far. */
function loadedLines(): Array<Record<string, unknown>> {
  return logs.filter((line) => line.message === "library loaded");
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-update-"));
  await writeFile(
    path.join(dir, "bridge.txt"),
    txt("2025-11-10", "The Harbor Bridge reopened on Monday."),
  );
  await writeFile(
    path.join(dir, "library.txt"),
    txt("2025-12-01", "The city library opened a reading room."),
  );
  await mkdir(path.join(dir, "news"));
  await writeFile(
    path.join(dir, "news", "ferry.md"),
    md(
      "Ferry crews call off strike",
      "2026-01-20",
      "Ferry crews called off a strike after wages rose.",
    ),
  );
  await writeFile(
    path.join(dir, "news.jsonl"),
    [
      JSON.stringify({
        id: "j1",
        title: "Council votes",
        date: "2026-02-11",
        text: "The council voted on the budget.",
      }),
      JSON.stringify({
        id: "j2",
        title: "Storm repairs",
        date: "2026-03-02",
        text: "Storm repairs at the harbour ended.",
      }),
    ].join("\n"),
  );
});

afterEach(async () => {
  await store?.close();
  store = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("library updates", () => {
  it("updates the library for added, changed and removed files, answering as a fresh build", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger() });
    expect(loadedLines().at(-1)?.how).toBe("built");
    expect(answersOf(store.current)).toEqual(await freshAnswers());

    const steps: Array<[string, () => Promise<void>, { added: number; removed: number }]> = [
      [
        "a new file sorting in the middle",
        () =>
          writeFile(
            path.join(dir, "harbour.md"),
            md("Harbour master named", "2026-03-05", "Ana Kupiecki was named harbour master."),
          ),
        { added: 1, removed: 0 },
      ],
      [
        "a changed file",
        () =>
          writeFile(
            path.join(dir, "library.txt"),
            txt("2026-04-01", "The lighthouse will become a museum."),
          ),
        { added: 1, removed: 1 },
      ],
      ["a removed file", () => unlink(path.join(dir, "bridge.txt")), { added: 0, removed: 1 }],
      [
        "a duplicate id, which the earlier path wins",
        () =>
          writeFile(path.join(dir, "harbour.txt"), txt("2026-03-06", "A second harbour story.")),
        { added: 0, removed: 0 },
      ],
      [
        "a changed library file, read as one unit",
        () =>
          writeFile(
            path.join(dir, "news.jsonl"),
            JSON.stringify({
              id: "j1",
              title: "Council votes again",
              date: "2026-02-12",
              text: "The council voted.",
            }),
          ),
        { added: 1, removed: 2 },
      ],
    ];
    for (const [what, change, counts] of steps) {
      await change();
      const result = await store.reload();
      expect(result.ok, what).toBe(true);
      const line = loadedLines().at(-1)!;
      expect([what, line.how, line.added, line.removed]).toEqual([
        what,
        "updated",
        counts.added,
        counts.removed,
      ]);
      expect(answersOf(store.current), what).toEqual(await freshAnswers());
      expect(store.current.articles.map((a) => a.path)).toEqual(
        (await loadLibrary(dir)).articles.map((a) => a.path),
      );
    }
    expect(logs.filter((line) => line.message === "search index built")).toHaveLength(1);
  });

  it("makes a new file searchable while watching, without building the index again", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger(), debounceMs: 50 });
    await store.watch();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await writeFile(
      path.join(dir, "news", "kupiecki.md"),
      md(
        "Kupiecki visits Seoul",
        "2026-03-09",
        "Robert Kupiecki visited Seoul for security talks.",
      ),
    );
    const deadline = Date.now() + 10_000;
    while (!store.current.articles.some((a) => a.id === "news/kupiecki") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(store.current.search("Kupiecki security talks in Seoul")[0]?.article.id).toBe(
      "news/kupiecki",
    );
    expect(loadedLines().at(-1)?.how).toBe("updated");
    expect(logs.filter((line) => line.message === "search index built")).toHaveLength(1);
    expect(answersOf(store.current)).toEqual(await freshAnswers());
  });

  it("keeps a broken file's article, and puts the fixed one back in its place", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger() });
    await writeFile(path.join(dir, "news", "ferry.md"), Buffer.from([0x66, 0x00, 0x67]));
    await store.reload();
    expect(store.current.articles.some((a) => a.id === "news/ferry")).toBe(true);
    expect(loadedLines().at(-1)?.how).toBe("updated");
    await writeFile(
      path.join(dir, "news", "ferry.md"),
      md("Ferry back", "2026-05-01", "Ferries run again."),
    );
    await store.reload();
    expect(loadedLines().at(-1)?.how).toBe("updated");
    expect(answersOf(store.current)).toEqual(await freshAnswers());
  });

  it("updates a library served from the saved index, once it has read the content behind it", async () => {
    store = await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true });
    await store.close();
    store = await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true });
    expect(loadedLines().at(-1)?.how).toBe("saved");
    // The worker reads the content behind the saved library in the background.
    const deadline = Date.now() + 10_000;
    while (!logs.some((line) => line.message === "remembered the saved library for updates")) {
      if (Date.now() > deadline) throw new Error("the saved library was never remembered");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await writeFile(
      path.join(dir, "harbour.md"),
      md("Harbour master named", "2026-03-05", "Ana Kupiecki was named harbour master."),
    );
    await store.reload();
    expect(loadedLines().at(-1)?.how).toBe("updated");
    expect(answersOf(store.current)).toEqual(await freshAnswers());
  });

  it(
    "saves the updated library again, so the next start reads it instead of building it",
    { timeout: 60_000 },
    async () => {
      store = await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true });
      const saves = () => logs.filter((line) => line.message === "saved the search index").length;
      // Saved after the library was handed over, while it already answers.
      await nextLogLine(logs, "saved the search index");
      expect(saves()).toBe(1);
      await writeFile(
        path.join(dir, "harbour.md"),
        md("Harbour master named", "2026-03-05", "Ana Kupiecki was named harbour master."),
      );
      await unlink(path.join(dir, "library.txt"));
      await store.reload();
      expect(loadedLines().at(-1)?.how).toBe("updated");
      // Written once the updates have been quiet for a few seconds.
      const deadline = Date.now() + 30_000;
      while (saves() < 2) {
        if (Date.now() > deadline) throw new Error("the updated library was never saved");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await store.close();

      store = await createLibraryStore({ source: dir, logger: testLogger(), saveIndex: true });
      expect(loadedLines().at(-1)?.how).toBe("saved");
      expect(answersOf(store.current)).toEqual(await freshAnswers());
    },
  );
});
