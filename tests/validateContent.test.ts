import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateContent } from "../src/cli/validateContent.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "citebot-validate-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(relPath: string, content: string): Promise<void> {
  const file = path.join(dir, relPath);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

describe("validate-content", () => {
  it("passes a clean folder with a summary line", async () => {
    await put("a.txt", "date 2026-01-01\nA.");
    await put("b/c.md", "---\ntitle: C\n---\nC.");
    const result = await validateContent(["--content", dir]);
    expect(result).toEqual({ exitCode: 0, lines: ["2 articles, 0 errors, 0 warnings"] });
  });

  it("lists the files it does not read as articles as skipped, with the reason", async () => {
    await put("a.txt", "date 2026-01-01\nA.");
    await put("README.txt", "How to write articles for this folder.");
    await put("sub/README.md", "# Notes");
    await put("LICENSE", "All rights reserved.");
    await put("_draft.md", "---\ntitle: Draft\n---\nNot yet.");
    const result = await validateContent(["--content", dir]);
    expect(result).toEqual({
      exitCode: 0,
      lines: [
        `${path.join(dir, "LICENSE")}: warning: not an article file (.txt, .md, .markdown) or library file (.jsonl, .jsonl.gz); skipped`,
        `${path.join(dir, "README.txt")}: warning: a read-me file, not an article; skipped`,
        `${path.join(dir, "sub/README.md")}: warning: a read-me file, not an article; skipped`,
        "1 article, 0 errors, 3 warnings",
      ],
    });
  });

  it("exits 0 with warnings only, listing each as path:line: severity: message", async () => {
    await put("a.txt", "\ndate 2026-02-30\nA.");
    const result = await validateContent(["--content", dir]);
    expect(result.exitCode).toBe(0);
    expect(result.lines).toHaveLength(2);
    expect(result.lines[0]).toMatch(
      new RegExp(`^${escape(path.join(dir, "a.txt"))}:2: warning: .*2026-02-30`),
    );
    expect(result.lines[1]).toBe("1 article, 0 errors, 1 warning");
  });

  it("warns of an article dated after tomorrow, which no question asked today sees", async () => {
    await put("a.txt", "date 2026-01-01\nA.");
    await put("jays.md", "---\ntitle: Jays\ndate: 2099-01-01\n---\nThe jays nested.");
    const result = await validateContent(["--content", dir], {}, "2026-12-07");
    expect(result.exitCode).toBe(0);
    expect(result.lines).toEqual([
      `${path.join(dir, "jays.md")}: warning: dated 2099-01-01, after tomorrow (2026-12-08): questions asked before 2098-12-31 leave it out`,
      "2 articles, 0 errors, 1 warning",
    ]);
    // Tomorrow is within the day of slack a date written in another time zone may need.
    await rm(path.join(dir, "jays.md"));
    await put("b.txt", "date 2026-12-08\nB.");
    expect((await validateContent(["--content", dir], {}, "2026-12-07")).lines).toEqual([
      "2 articles, 0 errors, 0 warnings",
    ]);
  });

  it("warns when there are no articles at all", async () => {
    const result = await validateContent(["--content", dir]);
    expect(result).toEqual({
      exitCode: 0,
      lines: [`${dir}: warning: no articles found`, "0 articles, 0 errors, 1 warning"],
    });
  });

  it("exits 1 when an article is skipped", async () => {
    await put("a.txt", "date 2026-01-01\nA.");
    await put("empty.md", "");
    const result = await validateContent(["--content", dir]);
    expect(result.exitCode).toBe(1);
    expect(result.lines).toEqual([
      `${path.join(dir, "empty.md")}: error: the file is empty; skipped`,
      "1 article, 1 error, 0 warnings",
    ]);
  });

  it("reads CONTENT_DIR when no --content is given", async () => {
    await put("a.txt", "date 2026-01-01\nA.");
    const result = await validateContent([], { CONTENT_DIR: dir });
    expect(result.lines.at(-1)).toBe("1 article, 0 errors, 0 warnings");
  });

  it("names library file lines next to the library file", async () => {
    await put(
      "lib.jsonl",
      `${JSON.stringify({ id: "a", title: "A", date: "2026-01-01", text: "A." })}\nnope\n`,
    );
    const result = await validateContent(["--content", path.join(dir, "lib.jsonl")]);
    expect(result.exitCode).toBe(1);
    expect(result.lines[0]).toMatch(
      new RegExp(`^${escape(path.join(dir, "lib.jsonl"))}:2: error: `),
    );
  });

  it("exits 1 with a message when the content cannot be read", async () => {
    const result = await validateContent(["--content", path.join(dir, "missing")]);
    expect(result.exitCode).toBe(1);
    expect(result.lines[0]).toMatch(/^error: .*missing/);
  });

  it("says every article it skips is skipped, and what a missing id must be", async () => {
    await put("blank.txt", "  \n\n");
    await put("date-only.txt", "date 2026-01-01\n\n");
    await put("front-matter-only.md", "---\ntitle: T\n---\n\n");
    await put("lib.jsonl", `${JSON.stringify({ title: "No id", text: "Text." })}\n`);
    const result = await validateContent(["--content", dir]);
    expect(result.lines.slice(0, 4)).toEqual([
      `${path.join(dir, "blank.txt")}: error: the file has no text; skipped`,
      `${path.join(dir, "date-only.txt")}:1: error: no article text after the date; skipped`,
      `${path.join(dir, "front-matter-only.md")}: error: no article text; skipped`,
      `${path.join(dir, "lib.jsonl")}:1: error: missing "id" (a non-empty string); skipped`,
    ]);
  });

  it("names --content when its value is missing", async () => {
    const result = await validateContent(["--content"]);
    expect(result).toEqual({
      exitCode: 2,
      lines: ["--content needs a value", "usage: npm run validate-content -- [--content PATH]"],
    });
  });

  it("rejects an empty --content instead of checking the current folder", async () => {
    const result = await validateContent(["--content", " "]);
    expect(result.exitCode).toBe(2);
    expect(result.lines[0]).toBe("--content needs a path");
  });

  it("rejects unknown options with usage", async () => {
    const result = await validateContent(["--nope"]);
    expect(result.exitCode).toBe(2);
    expect(result.lines[0]).toBe("unknown option --nope");
    expect(result.lines.at(-1)).toMatch(/usage/);
  });

  it("runs as a command with the right exit code", async () => {
    await put("bad.txt", "\u0000binary");
    const run = promisify(execFile);
    const root = path.resolve(import.meta.dirname, "..");
    const error = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/validateContent.ts", "--content", dir],
      { cwd: root },
    ).then(
      () => null,
      (err: unknown) => err as { code: number; stdout: string },
    );
    expect(error?.code).toBe(1);
    expect(error?.stdout).toContain("0 articles, 1 error, 1 warning");
  });

  it("checks the CONTENT_DIR of a .env in the folder it runs in, as the bot does", async () => {
    await put("articles/a.txt", "date 2026-01-01\nA.");
    await put("articles/b.txt", "date 2026-01-02\nB.");
    await put(".env", "CONTENT_DIR=articles\n");
    const env = { ...process.env };
    delete env.CONTENT_DIR;
    const root = path.resolve(import.meta.dirname, "..");
    const tsx = createRequire(import.meta.url).resolve("tsx");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", pathToFileURL(tsx).href, path.join(root, "src/cli/validateContent.ts")],
      { cwd: dir, env },
    );
    expect(stdout).toBe("2 articles, 0 errors, 0 warnings\n");
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
