import { mkdir, mkdtemp, rm, symlink, writeFile, chmod } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  loadArticleFile,
  loadLibrary,
  MAX_ARTICLE_FILE_BYTES,
} from "../src/content/loadLibrary.ts";

const SEED_FOLDER = path.resolve(import.meta.dirname, "../content");
const XQUAD_FOLDER = path.resolve(import.meta.dirname, "../../shared/eval/xquad/content");

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-content-"));
});

afterEach(async () => {
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function put(relPath: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir, relPath);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

describe("content folders", () => {
  it("loads the seed content folder without problems", async () => {
    const { articles, problems, source } = await loadLibrary(SEED_FOLDER);
    expect(problems).toEqual([]);
    expect(source).toBe(SEED_FOLDER);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      id: "2026-02-03-korea-poland-security-talks",
      date: "2026-02-03",
    });
    expect(articles[0]?.paragraphs).toHaveLength(9);
  });

  // The evaluation data lives next to the project and is not part of it.
  it.runIf(existsSync(XQUAD_FOLDER))(
    "loads the Wikipedia evaluation articles without problems",
    async () => {
      const loaded = await loadLibrary(XQUAD_FOLDER);
      expect(loaded.problems).toEqual([]);
      expect(loaded.articles).toHaveLength(48);
      expect(loaded.articles.reduce((n, a) => n + a.paragraphs.length, 0)).toBe(240);
    },
  );

  it("walks subfolders, sorts by path and skips read-me, draft, hidden and other files", async () => {
    await put("b.txt", "date 2026-01-02\nB body.");
    await put("a.md", "---\ntitle: A\n---\nA body.");
    await put("sub/deeper/c.txt", "date 2026-01-03\nC body.");
    await put("README.md", "# How to write articles\n\nNot an article.");
    await put("sub/readme.MD", "Not an article either.");
    await put("_draft.md", "Draft.");
    await put(".hidden.md", "Hidden.");
    await put("_drafts/d.txt", "date 2026-01-04\nDraft.");
    await put(".git/e.txt", "date 2026-01-04\nHidden.");
    await put("notes.json", "{}");
    await put("photo.jpg", "not text");
    await put("LICENSE", "All rights reserved.");
    const { articles, problems } = await loadLibrary(dir);
    // Drafts and hidden files are left out on purpose; anything else not read is said.
    const notRead = (file: string, why: string) => ({
      file,
      line: null,
      severity: "warning",
      message: `${why}; skipped`,
    });
    const otherKind =
      "not an article file (.txt, .md, .markdown) or library file (.jsonl, .jsonl.gz)";
    expect(problems).toEqual([
      notRead("LICENSE", otherKind),
      notRead("README.md", "a read-me file, not an article"),
      notRead("notes.json", otherKind),
      notRead("photo.jpg", otherKind),
      notRead("sub/readme.MD", "a read-me file, not an article"),
    ]);
    expect(articles.map((a) => a.path)).toEqual(["a.md", "b.txt", "sub/deeper/c.txt"]);
    expect(articles.map((a) => a.id)).toEqual(["a", "b", "sub/deeper/c"]);
  });

  it("skips empty, binary, non-UTF-8 and oversized files with errors and loads the rest", async () => {
    await put("good.txt", "date 2026-01-01\nGood.");
    await put("empty.txt", "");
    await put("blank.md", "  \n\n");
    await put("binary.txt", Buffer.from([0x64, 0x61, 0x74, 0x65, 0x00, 0x01, 0x02]));
    await put("latin1.txt", Buffer.from("date 2026-01-01\nCaf\xe9 au lait.", "latin1"));
    await put("big.txt", `date 2026-01-01\n${"x".repeat(2000)}`);
    const { articles, problems } = await loadLibrary(dir, { maxFileBytes: 1000 });
    expect(articles.map((a) => a.path)).toEqual(["good.txt"]);
    const errors = Object.fromEntries(problems.map((p) => [p.file, p]));
    expect(Object.keys(errors).sort()).toEqual([
      "big.txt",
      "binary.txt",
      "blank.md",
      "empty.txt",
      "latin1.txt",
    ]);
    expect(problems.every((p) => p.severity === "error")).toBe(true);
    expect(errors["binary.txt"]?.message).toMatch(/binary/);
    expect(errors["latin1.txt"]?.message).toMatch(/UTF-8/);
    expect(errors["latin1.txt"]?.line).toBe(2);
    expect(errors["big.txt"]?.message).toMatch(/too large/);
    expect(errors["empty.txt"]?.message).toMatch(/empty/);
  });

  it('reads articles saved as UTF-16 (Windows "Unicode"), with or without a byte order mark', async () => {
    const text = "date 2026-01-01\r\nCafé “talks” résumé.\r\n";
    const utf16be = Buffer.from(text, "utf16le").swap16();
    await put("le.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    await put("be.md", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]));
    await put("nobom.txt", Buffer.from(text, "utf16le"));
    const { articles, problems } = await loadLibrary(dir);
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(articles.map((a) => [a.path, a.date, a.paragraphs])).toEqual([
      ["be.md", null, ["date 2026-01-01 Café “talks” résumé."]],
      ["le.txt", "2026-01-01", ["Café “talks” résumé."]],
      ["nobom.txt", "2026-01-01", ["Café “talks” résumé."]],
    ]);
  });

  it("skips an article file over 5 MB and loads one of exactly 5 MB, naming the limit", async () => {
    expect(MAX_ARTICLE_FILE_BYTES).toBe(5 * 1024 * 1024);
    const header = "date 2026-01-01\n";
    const body = (bytes: number) => `${header}${"x".repeat(bytes - header.length)}`;
    await put("at-limit.txt", body(MAX_ARTICLE_FILE_BYTES));
    await put("over-limit.txt", body(MAX_ARTICLE_FILE_BYTES + 1));
    const { articles, problems } = await loadLibrary(dir);
    expect(articles.map((a) => a.path)).toEqual(["at-limit.txt"]);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "over-limit.txt",
        severity: "error",
        message: expect.stringMatching(/too large .*the limit is 5(\.0)? MB/) as unknown,
      }),
    ]);
  });

  it("reports warnings with file and line but still loads the article", async () => {
    await put("news/x.txt", "\ndate 2026-02-30\nBody.");
    const { articles, problems } = await loadLibrary(dir);
    expect(articles).toHaveLength(1);
    expect(articles[0]?.date).toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({ file: "news/x.txt", line: 2, severity: "warning" }),
    ]);
  });

  it("ignores symbolic links that point outside the folder, with a warning", async () => {
    const outside = await mkdtemp(path.join(tmpdir(), "citebot-outside-"));
    try {
      await writeFile(path.join(outside, "secret.txt"), "date 2026-01-01\nSecret.");
      await put("inside.txt", "date 2026-01-01\nInside.");
      await symlink(path.join(outside, "secret.txt"), path.join(dir, "link.txt"));
      await symlink(outside, path.join(dir, "linked-folder"));
      await mkdir(path.join(dir, "sub"));
      await symlink(path.join(dir, "inside.txt"), path.join(dir, "sub", "again.txt"));
      await symlink(dir, path.join(dir, "sub", "loop"));
      const { articles, problems } = await loadLibrary(dir);
      expect(articles.map((a) => a.path)).toEqual(["inside.txt"]);
      const warnings = problems.filter((p) => /outside/.test(p.message)).map((p) => p.file);
      expect(warnings.sort()).toEqual(["link.txt", "linked-folder"]);
      expect(problems.every((p) => p.severity === "warning")).toBe(true);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("says a symbolic link loop is a loop, not a broken link, and loads the rest", async () => {
    await put("a.txt", "date 2026-01-01\nA.");
    await symlink("loop-b", path.join(dir, "loop-a.txt"));
    await symlink("loop-a.txt", path.join(dir, "loop-b"));
    const { articles, problems } = await loadLibrary(dir);
    expect(articles.map((a) => a.path)).toEqual(["a.txt"]);
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      ["loop-a.txt", "symbolic link loop (the links lead back to each other); ignored"],
      ["loop-b", "symbolic link loop (the links lead back to each other); ignored"],
    ]);
  });

  it("follows symbolic links inside the folder", async () => {
    await put("real/a.txt", "date 2026-01-01\nA.");
    await symlink(path.join(dir, "real"), path.join(dir, "alias"));
    const { articles } = await loadLibrary(dir);
    expect(articles.map((a) => a.path)).toEqual(["alias/a.txt"]);
  });

  it("keeps the first of two articles with the same id", async () => {
    await put("same.md", "---\ntitle: M\n---\nMarkdown.");
    await put("same.txt", "date 2026-01-01\nText.");
    const { articles, problems } = await loadLibrary(dir);
    expect(articles.map((a) => a.path)).toEqual(["same.md"]);
    expect(problems).toEqual([expect.objectContaining({ file: "same.txt", severity: "error" })]);
  });

  it("throws a clear error for a folder that does not exist", async () => {
    await expect(loadLibrary(path.join(dir, "missing"))).rejects.toThrow(/missing/);
  });

  it.skipIf(process.getuid?.() === 0)("throws for an unreadable folder", async () => {
    await chmod(dir, 0o000);
    await expect(loadLibrary(dir)).rejects.toThrow(/Cannot read/);
  });

  it("loads a single article file", async () => {
    const file = await put("one.md", "# One\n\nBody.");
    const { articles } = await loadLibrary(file);
    expect(articles.map((a) => [a.id, a.title])).toEqual([["one", "One"]]);
    const result = await loadArticleFile(file, "x/one.md");
    expect(result.article?.path).toBe("x/one.md");
  });
});

describe("library files", () => {
  const lines = [
    JSON.stringify({
      id: "a",
      title: "A",
      date: "2026-01-01",
      url: "https://x/a",
      text: "A1.\n\nA2.",
    }),
    "{not json",
    "",
    JSON.stringify({ id: "b", title: "B", text: "B1." }),
    JSON.stringify({ id: "c", title: "C", date: "2026-01-03" }),
    JSON.stringify({ id: "a", title: "A again", date: "2026-01-01", text: "Dup." }),
    JSON.stringify({ id: "d", title: "D", date: "2026-01-04", text: "D1 “quoted” — dash." }),
  ];

  for (const name of ["library.jsonl", "library.jsonl.gz"]) {
    it(`reads ${name}, reporting bad lines by number`, async () => {
      const text = `${lines.join("\n")}\n`;
      const file = await put(name, name.endsWith(".gz") ? gzipSync(text) : text);
      const { articles, problems } = await loadLibrary(file);
      expect(articles.map((a) => [a.id, a.path])).toEqual([
        ["a", `${name}#1`],
        ["b", `${name}#4`],
        ["d", `${name}#7`],
      ]);
      expect(articles[0]).toMatchObject({ title: "A", date: "2026-01-01", url: "https://x/a" });
      expect(articles[0]?.paragraphs).toEqual(["A1.", "A2."]);
      expect(articles[2]?.paragraphs).toEqual(["D1 “quoted” — dash."]);
      expect(problems.map((p) => [p.file, p.line, p.severity])).toEqual([
        [name, 2, "error"],
        [name, 4, "warning"],
        [name, 5, "error"],
        [name, 6, "error"],
      ]);
    });
  }

  for (const name of ["utf16.jsonl", "utf16.jsonl.gz"]) {
    it(`reads ${name} saved as UTF-16 with a byte order mark`, async () => {
      const records = Array.from({ length: 2000 }, (_, i) =>
        JSON.stringify({ id: `n${i}`, title: "Café", date: "2026-01-01", text: `Text “${i}”.` }),
      );
      const bytes = Buffer.from(`\ufeff${records.join("\r\n")}\r\n`, "utf16le");
      const file = await put(name, name.endsWith(".gz") ? gzipSync(bytes) : bytes);
      const { articles, problems } = await loadLibrary(file);
      expect(problems).toEqual([]);
      expect(articles).toHaveLength(2000);
      expect(articles[1999]).toMatchObject({ title: "Café", paragraphs: ["Text “1999”."] });
    });
  }

  it("reports a damaged gzip file after the lines it could read", async () => {
    const records = Array.from({ length: 3000 }, (_, i) =>
      JSON.stringify({ id: `n${i}`, title: `N${i}`, date: "2026-01-01", text: `Text ${i}.` }),
    );
    const whole = gzipSync(`${records.join("\n")}\n`);
    const file = await put("broken.jsonl.gz", whole.subarray(0, Math.floor(whole.length / 2)));
    const { articles, problems } = await loadLibrary(file);
    expect(articles.length).toBeGreaterThan(100);
    expect(articles.length).toBeLessThan(3000);
    expect(problems).toEqual([
      expect.objectContaining({
        file: "broken.jsonl.gz",
        line: articles.length,
        severity: "error",
        message: expect.stringMatching(/stopped.*gzip/) as unknown,
      }),
    ]);
  });

  it("says a gzip library cut short ends early, in words", async () => {
    const whole = gzipSync(`${JSON.stringify({ id: "a", title: "A", text: "A." })}\n`);
    await put("lib/cut.jsonl.gz", whole.subarray(0, 15));
    const { problems } = await loadLibrary(path.join(dir, "lib"));
    expect(problems.map((p) => p.message)).toEqual([
      "the gzip data ends early: the file is cut short, or was still being written; skipped",
    ]);
  });

  it("throws for a file that is not gzip at all", async () => {
    const file = await put("garbage.jsonl.gz", "plain text, not compressed");
    await expect(loadLibrary(file)).rejects.toThrow(/gzip/);
  });

  it("throws for a library file that does not exist", async () => {
    await expect(loadLibrary(path.join(dir, "none.jsonl.gz"))).rejects.toThrow(/none\.jsonl\.gz/);
  });
});

describe("gzip data followed by other bytes", () => {
  /** `count` records whose texts barely compress, so the gzip data spans many reads. */
  function records(count: number, prefix = "r"): string {
    let seed = 20261202;
    const word = (): string => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed.toString(36);
    };
    const lines = Array.from({ length: count }, (_, i) => {
      const text = Array.from({ length: 20 }, word).join(" ");
      return JSON.stringify({ id: `${prefix}${i}`, title: `T${i}`, date: "2026-01-01", text });
    });
    return `${lines.join("\n")}\n`;
  }
  const JUNK = Buffer.from("trailing junk, not gzip\n");
  /** What `gzip` writes as a header, with nothing after it that unpacks. */
  const FAKE_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x67, 0x61]);

  function trailingWarning(file: string, bytes: number): unknown {
    return expect.objectContaining({
      file,
      line: null,
      severity: "warning",
      message: expect.stringContaining(
        `${bytes.toLocaleString("en-US")} bytes of trailing data`,
      ) as unknown,
    });
  }

  it("keeps a small library and warns once about the bytes after it", async () => {
    const file = await put("small.jsonl.gz", Buffer.concat([gzipSync(records(3)), JUNK]));
    const { articles, problems } = await loadLibrary(file);
    expect(articles.map((a) => a.id)).toEqual(["r0", "r1", "r2"]);
    expect(problems).toEqual([trailingWarning("small.jsonl.gz", JUNK.length)]);
  });

  it("keeps every article of a library spanning many reads", async () => {
    const packed = gzipSync(records(12_000));
    expect(packed.length).toBeGreaterThan(1024 * 1024);
    const file = await put("large.jsonl.gz", Buffer.concat([packed, JUNK]));
    const { articles, problems } = await loadLibrary(file);
    expect(articles).toHaveLength(12_000);
    expect(articles.at(-1)?.id).toBe("r11999");
    expect(problems).toEqual([trailingWarning("large.jsonl.gz", JUNK.length)]);
  });

  it("reads every member of concatenated gzip data, then ignores what follows", async () => {
    const members = [gzipSync(records(1500, "a")), gzipSync(records(1500, "b"))];
    const file = await put("two.jsonl.gz", Buffer.concat([...members, JUNK]));
    const { articles, problems } = await loadLibrary(file);
    expect(articles).toHaveLength(3000);
    expect(articles.map((a) => a.id)).toContain("a1499");
    expect(articles.at(-1)?.id).toBe("b1499");
    expect(problems).toEqual([trailingWarning("two.jsonl.gz", JUNK.length)]);
  });

  it("reads concatenated members without a warning when nothing follows", async () => {
    const file = await put(
      "members.jsonl.gz",
      Buffer.concat([gzipSync(records(2, "a")), gzipSync(records(2, "b"))]),
    );
    const { articles, problems } = await loadLibrary(file);
    expect(articles.map((a) => a.id)).toEqual(["a0", "a1", "b0", "b1"]);
    expect(problems).toEqual([]);
  });

  it("ignores bytes that start like a gzip header but unpack to nothing", async () => {
    const file = await put("fake.jsonl.gz", Buffer.concat([gzipSync(records(3000)), FAKE_HEADER]));
    const { articles, problems } = await loadLibrary(file);
    expect(articles).toHaveLength(3000);
    expect(problems).toEqual([trailingWarning("fake.jsonl.gz", FAKE_HEADER.length)]);
  });

  it("reports a member that fails its checksum, after its lines", async () => {
    const packed = Buffer.from(gzipSync(records(3)));
    packed.writeUInt32LE((packed.readUInt32LE(packed.length - 8) ^ 1) >>> 0, packed.length - 8);
    const file = await put("crc.jsonl.gz", packed);
    const { articles, problems } = await loadLibrary(file);
    expect(articles).toHaveLength(3);
    expect(problems).toEqual([
      expect.objectContaining({
        severity: "error",
        message: expect.stringMatching(/checksum/) as unknown,
      }),
    ]);
  });
});
