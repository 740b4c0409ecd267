/**
 * Pathological library files: the shapes that once made loading stall or run out of
 * memory (a word of millions of letters, a run of full stops, underlined headings, deep
 * nesting, gzip bombs...). Each is written to a scratch folder, loaded with the real
 * loader and built into a library; the table shows how long each takes, so a shape that
 * turns quadratic again shows at once. The tests (tests/fuzz/pathological.fuzz.test.ts)
 * build the same files at a smaller scale.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { loadLibrary } from "../../src/content/loadLibrary.ts";
import { buildLibrary } from "../../src/core/library.ts";
import { formatMb, formatMs, rightAligned } from "../eval/table.ts";
import type { BenchSection } from "./section.ts";
import { count } from "./timing.ts";

/** One pathological file: its name (the extension decides how it is read) and content. */
export interface PathologicalFile {
  name: string;
  /** What makes it hard. */
  shape: string;
  /** The file's bytes at `scale` (1 is the size the bench measures). */
  build(scale: number): Buffer;
}

const FRONT = "---\ntitle: Shape\ndate: 2026-02-03\n---\n";

function text(value: string): Buffer {
  return Buffer.from(value, "utf8");
}

/** Bytes unpacked by one gzip member of {@link repeatedGzip}. */
const MEMBER_BYTES = 1024 * 1024;

/**
 * `total` bytes of `unit` repeated, gzipped as a run of identical 1 MB members (a valid
 * gzip file), so a 1 GB bomb is built without holding 1 GB.
 */
function repeatedGzip(unit: string, total: number): Buffer {
  const perMember = Math.max(1, Math.floor(MEMBER_BYTES / unit.length));
  const member = gzipSync(Buffer.from(unit.repeat(perMember)), { level: 9 });
  const members = Math.max(1, Math.round(total / (perMember * unit.length)));
  return Buffer.concat(Array.from({ length: members }, () => member));
}

export const PATHOLOGICAL_FILES: readonly PathologicalFile[] = [
  {
    name: "long-word.txt",
    shape: "one word of 3,000,000 letters",
    build: (scale) => text(`date 2026-01-01 ${"x".repeat(3_000_000 * scale)}\n`),
  },
  {
    name: "dots.txt",
    shape: "a run of 100,000 full stops",
    build: (scale) =>
      text(`date 2026-01-01\nGood aardvark article. ${".".repeat(100_000 * scale)} x end.\n`),
  },
  {
    name: "no-sentence-ends.txt",
    shape: "a 1 MB paragraph without a full stop",
    build: (scale) => text(`date 2026-01-01\n${"walrus colony ".repeat(75_000 * scale)}\n`),
  },
  {
    name: "cjk.txt",
    shape: "1 MB of Chinese split only by 。",
    build: (scale) =>
      text(`date 2026-01-01\n${"韩国和波兰举行安全会谈。".repeat(30_000 * scale)}\n`),
  },
  {
    name: "setext-faq.md",
    shape: "3,000 questions underlined with -----",
    build: (scale) =>
      text(
        FRONT +
          Array.from(
            { length: 3000 * scale },
            (_, i) =>
              `Question ${i}\n-----------\n\nAnswer ${i} mentions the walrus number ${i}.\n\n`,
          ).join(""),
      ),
  },
  {
    name: "deep-list.md",
    shape: "a list nested 2,000 deep",
    build: (scale) =>
      text(
        FRONT +
          Array.from({ length: 2000 * scale }, (_, i) => `${" ".repeat(2 * i)}- item ${i}\n`).join(
            "",
          ),
      ),
  },
  {
    name: "deep-quote.md",
    shape: "20,000 > on one line",
    build: (scale) => text(`${FRONT}${">".repeat(20_000 * scale)} quoted walrus\n`),
  },
  {
    name: "brackets.md",
    shape: "20,000 unmatched [ and *",
    build: (scale) =>
      text(`${FRONT}${"[".repeat(20_000 * scale)}walrus\n\n${"*a ".repeat(20_000 * scale)}\n`),
  },
  {
    name: "exclaim-lines.md",
    shape: "16,000 lines of ?! after a blank line",
    build: (scale) => text(`${FRONT}\n${"?!\n".repeat(16_000 * scale)}`),
  },
  {
    name: "exclaim-after-markup.md",
    shape: "a Markdown paragraph, then 16,000 lines of a?!",
    build: (scale) => text(`${FRONT}The *walrus* paragraph.\n\n${"a?!\n".repeat(16_000 * scale)}`),
  },
  {
    name: "marked-short-lines.md",
    shape: "16,000 lines of ?!&",
    build: (scale) => text(`${FRONT}${"?!&\n".repeat(16_000 * scale)}`),
  },
  {
    name: "big.md",
    shape: "4.9 MB of ordinary Markdown paragraphs",
    build: (scale) =>
      text(
        FRONT +
          "The talks between *Korea* and Poland covered security, trade and defence in Warsaw. "
            .repeat(6)
            .concat("\n\n")
            .repeat(9_500 * scale),
      ),
  },
  {
    name: "ones.jsonl.gz",
    shape: "45 million lines of `1`, gzipped",
    build: (scale) => repeatedGzip("1\n", 90_000_000 * scale),
  },
  {
    name: "one-line-bomb.jsonl.gz",
    shape: "one 1 GB line, gzipped",
    build: (scale) => repeatedGzip("a", 1024 * 1024 * 1024 * scale),
  },
  {
    name: "newlines.jsonl.gz",
    shape: "200 million newlines, gzipped",
    build: (scale) => repeatedGzip("\n", 200_000_000 * scale),
  },
  {
    name: "trailing-junk.jsonl.gz",
    shape: "200,000 articles, gzipped, then 4 KB of junk",
    build: (scale) => {
      const lines = Array.from({ length: 200_000 * scale }, (_, i) =>
        JSON.stringify({
          id: `n${i}`,
          title: `Walrus ${i}`,
          date: "2026-01-01",
          text: `Walrus ${i}.`,
        }),
      );
      return Buffer.concat([gzipSync(`${lines.join("\n")}\n`), Buffer.alloc(4096, "junk ")]);
    },
  },
  {
    name: "empty-members.jsonl.gz",
    shape: "one article, then a million empty gzip members",
    build: (scale) => {
      const article = JSON.stringify({ id: "a", title: "A", date: "2026-01-01", text: "Walrus." });
      const empty = gzipSync(Buffer.alloc(0));
      return Buffer.concat([
        gzipSync(`${article}\n`),
        ...Array.from({ length: 1_000_000 * scale }, () => empty),
      ]);
    },
  },
];

export const pathologicalSection: BenchSection = {
  name: "pathological files",
  async run(context) {
    const rows: string[][] = [];
    for (const file of PATHOLOGICAL_FILES) {
      context.progress(`pathological files: ${file.name}`);
      const where = path.join(context.tmpDir, file.name);
      const bytes = file.build(1);
      await writeFile(where, bytes);
      const started = performance.now();
      const loaded = await loadLibrary(where);
      const loadMs = performance.now() - started;
      const buildStarted = performance.now();
      buildLibrary(loaded.articles);
      const buildMs = performance.now() - buildStarted;
      rows.push([
        file.name,
        file.shape,
        formatMb(bytes.length),
        count(loaded.articles.length),
        count(loaded.problems.length),
        formatMs(loadMs),
        formatMs(buildMs),
      ]);
    }
    return [
      {
        title: "Pathological files",
        columns: [
          { title: "file" },
          { title: "shape" },
          ...rightAligned("size", "articles", "problems", "load", "build"),
        ],
        rows,
        notes: [
          "Each file loaded alone with the real loader, then built into a library.",
          "Library-file bombs stop with a problem naming the file (unpacked size, bad lines or gzip members).",
          "Bytes after the gzip data are ignored with one warning; every article before them loads.",
        ],
      },
    ];
  },
};
