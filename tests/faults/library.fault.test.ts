/**
 * Hostile library sources: gzip bombs, files of millions of bad lines, lines of many
 * megabytes, special files, files swapped for links while loading, names that are not
 * UTF-8, text that is not UTF-8. Each is refused or cut short quickly, with a problem
 * naming the file, and every good article still loads.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateContent } from "../../src/cli/validateContent.ts";
import {
  loadArticleFile,
  loadLibrary,
  MAX_PROBLEMS_PER_FILE,
} from "../../src/content/loadLibrary.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-hostile-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relPath: string | Buffer, content: string | Uint8Array): Promise<string> {
  const file = Buffer.isBuffer(relPath)
    ? Buffer.concat([Buffer.from(`${dir}/`), relPath])
    : path.join(dir, relPath);
  if (!Buffer.isBuffer(file)) await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file.toString();
}

function record(id: string, text = `Text of ${id} about walruses.`): string {
  return JSON.stringify({ id, title: `Title ${id}`, date: "2026-01-01", text });
}

/** `total` bytes of `unit` repeated, gzipped as identical 1 MB members. */
function repeatedGzip(unit: string, total: number): Buffer {
  const perMember = Math.floor((1024 * 1024) / unit.length);
  const member = gzipSync(Buffer.from(unit.repeat(perMember)), { level: 9 });
  return Buffer.concat(
    Array.from({ length: Math.ceil(total / (perMember * unit.length)) }, () => member),
  );
}

describe("gzip bombs and floods of bad lines", () => {
  it("stops a file of millions of bad lines early, listing a bounded number of problems", async () => {
    const file = await put("ones.jsonl.gz", repeatedGzip("1\n", 20_000_000));
    const { articles, problems } = await loadLibrary(file);
    expect(articles).toEqual([]);
    expect(problems.length).toBeLessThanOrEqual(MAX_PROBLEMS_PER_FILE + 2);
    expect(problems.at(-1)?.message).toMatch(/not a library file/);
    expect(problems.every((p) => p.file === "ones.jsonl.gz")).toBe(true);
  });

  it("stops reading a file that unpacks to far more than its size", async () => {
    const file = await put("newlines.jsonl.gz", repeatedGzip("\n", 200 * 1024 * 1024));
    const { problems } = await loadLibrary(file);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "newlines.jsonl.gz",
        severity: "error",
        message: expect.stringMatching(/unpacks to more than.*zip bomb/) as unknown,
      }),
    ]);
  });

  it("stops a file of a million empty gzip members within seconds, keeping the articles before", async () => {
    const empty = gzipSync(Buffer.alloc(0));
    const file = await put(
      "empties.jsonl.gz",
      Buffer.concat([
        gzipSync(`${record("first")}\n`),
        ...Array.from({ length: 1_000_000 }, () => empty),
      ]),
    );
    const started = performance.now();
    const { articles, problems } = await loadLibrary(file);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(articles.map((a) => a.id)).toEqual(["first"]);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "empties.jsonl.gz",
        severity: "error",
        message: expect.stringMatching(/gzip members.*zip bomb/) as unknown,
      }),
    ]);
  });

  it("keeps all 200,000 articles of a library followed by junk, with one warning", async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => record(`n${i}`, `Walrus ${i}.`));
    const junk = Buffer.alloc(4096, "junk ");
    const file = await put(
      "junk.jsonl.gz",
      Buffer.concat([gzipSync(`${lines.join("\n")}\n`), junk]),
    );
    const { articles, problems } = await loadLibrary(file);
    expect(articles).toHaveLength(200_000);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "junk.jsonl.gz",
        severity: "warning",
        message: expect.stringMatching(/^4,096 bytes of trailing data/) as unknown,
      }),
    ]);
  });

  it("reports a line over the limit without keeping it, and loads the lines around it", async () => {
    const huge = "a".repeat(3 * 1024 * 1024);
    const text = `${record("before")}\n${huge}\n${record("after")}\n`;
    const file = await put("lines.jsonl.gz", gzipSync(text));
    const { articles, problems } = await loadLibrary(file, { maxFileBytes: 1024 * 1024 });
    expect(articles.map((a) => a.id)).toEqual(["before", "after"]);
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/too large/) as unknown }),
    ]);
  });

  it("lists the first problems of a file and counts the rest", async () => {
    const lines = [record("good"), ...Array.from({ length: 500 }, () => "{bad")];
    const file = await put("many.jsonl", `${lines.join("\n")}\n`);
    const { articles, problems } = await loadLibrary(file);
    expect(articles.map((a) => a.id)).toEqual(["good"]);
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE + 1);
    expect(problems.some((p) => /and 480 more problems/.test(p.message))).toBe(true);
  });

  it("rejects lines that are not UTF-8 (Windows-1252) with an error instead of mangling them", async () => {
    const cp1252 = Buffer.from(
      `${JSON.stringify({ id: "x", title: "Caf\u00e9", text: "Caf\u00e9 text." })}\n`,
      "latin1",
    );
    const file = await put(
      "cp1252.jsonl",
      Buffer.concat([Buffer.from(`${record("ok")}\n`), cp1252]),
    );
    const { articles, problems } = await loadLibrary(file);
    expect(articles.map((a) => a.id)).toEqual(["ok"]);
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringMatching(/not UTF-8/) as unknown }),
    ]);
  });
});

describe("special files and swapped files", () => {
  it("refuses a link to a device as the library, at once", async () => {
    const link = path.join(dir, "zero.jsonl");
    await symlink("/dev/zero", link);
    await expect(loadLibrary(link)).rejects.toThrow(/device/);
  });

  it("refuses a FIFO as the library instead of waiting for a writer", async () => {
    const fifo = path.join(dir, "pipe.jsonl");
    execFileSync("mkfifo", [fifo]);
    await expect(loadLibrary(fifo)).rejects.toThrow(/FIFO/);
  });

  it("warns about a FIFO named like an article in a folder and loads the rest", async () => {
    await put("good.txt", "date 2026-01-01\nGood walrus text.");
    execFileSync("mkfifo", [path.join(dir, "pipe.txt")]);
    const { articles, problems } = await loadLibrary(dir);
    expect(articles.map((a) => a.id)).toEqual(["good"]);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "pipe.txt",
        message: expect.stringMatching(/FIFO/) as unknown,
      }),
    ]);
  });

  it("refuses a file replaced by a link after the folder walk", async () => {
    const outside = path.join(dir, "outside-secret.txt");
    await writeFile(outside, "date 2026-01-01\nSecret text that must never be quoted.");
    const file = await put("content/a.txt", "date 2026-01-01\nThe article as the walk saw it.");
    const seen = await stat(file);
    const swap = path.join(dir, "content/a.tmp");
    await symlink(outside, swap);
    await rename(swap, file);
    const result = await loadArticleFile(file, "a.txt", {}, { dev: seen.dev, ino: seen.ino });
    expect(result.article).toBeNull();
    expect(result.problems[0]?.message).toMatch(/replaced/);
  });

  it("refuses a file replaced by another file after the folder walk", async () => {
    const file = await put("a.txt", "date 2026-01-01\nOriginal.");
    const seen = await stat(file);
    await put("b.txt", "date 2026-01-01\nReplacement.");
    await rename(path.join(dir, "b.txt"), file);
    const result = await loadArticleFile(file, "a.txt", {}, { dev: seen.dev, ino: seen.ino });
    expect(result.article).toBeNull();
    expect(result.problems[0]?.message).toMatch(/replaced/);
  });
});

describe("content folders", () => {
  it("names a file whose name is not UTF-8 instead of failing to find it", async () => {
    await put("good.txt", "date 2026-01-01\nGood.");
    await put(Buffer.from("caf\xe9.txt", "latin1"), "date 2026-01-01\nLatin-1 name.");
    const { articles, problems } = await loadLibrary(dir);
    expect(articles.map((a) => a.id)).toEqual(["good"]);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: "error",
        message: expect.stringMatching(/not valid UTF-8/) as unknown,
      }),
    ]);
  });

  it("loads library files inside a content folder, in line order", async () => {
    await put("a.txt", "date 2026-01-01\nArticle file.");
    const lines = Array.from({ length: 12 }, (_, i) => record(`r${i}`));
    await put("feeds/lib.jsonl", `${lines.join("\n")}\n`);
    const { articles, problems } = await loadLibrary(dir);
    expect(problems).toEqual([]);
    expect(articles.map((a) => a.path)).toEqual([
      "a.txt",
      ...lines.map((_, i) => `feeds/lib.jsonl#${i + 1}`),
    ]);
  });
});

describe("validate-content", () => {
  it("shows control characters in file names escaped, so no line can be forged", async () => {
    await put("ok.txt", "date 2026-01-01\nGood.");
    await put("bad\n\u001b[32mok.txt: fine\u001b[0m.txt", "");
    const result = await validateContent(["--content", dir], {});
    const bad = result.lines.filter((line) => line.includes("bad"));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain("bad\\n\\x1b[32mok.txt");
    expect(result.lines.join("\n")).not.toContain("\u001b");
  });
});
