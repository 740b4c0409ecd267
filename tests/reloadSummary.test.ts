import { describe, expect, it } from "vitest";
import { reloadSummary } from "../commands/reload.ts";
import type { ContentProblem } from "../src/core/types.ts";
import { LIMITS } from "../src/discord/markdown.ts";

describe("/reload", () => {
  it("lists an article that could not be read before the files it leaves unread, however many", () => {
    // Photos kept beside the articles are each a file not read; the broken article's name
    // comes after theirs, but it is the one to fix.
    const photos: ContentProblem[] = Array.from({ length: 80 }, (_, n) => ({
      file: `photos/harbour-${n}.jpg`,
      line: null,
      severity: "warning",
      message:
        "not an article file (.txt, .md, .markdown) or library file (.jsonl, .jsonl.gz); skipped",
    }));
    const broken: ContentProblem = {
      file: "tram-strike.md",
      line: 3,
      severity: "error",
      message: "the front matter is not valid YAML; skipped",
    };
    const text = reloadSummary(12, [...photos, broken], true);
    expect(text.length).toBeLessThanOrEqual(LIMITS.content);
    expect(text.split("\n").slice(0, 3)).toEqual([
      "Reloaded: 12 articles. 81 problems:",
      "- ❌ tram-strike.md:3 — the front matter is not valid YAML; skipped",
      "- ⚠️ photos/harbour-0.jpg — not an article file (.txt, .md, .markdown) or library file (.jsonl, .jsonl.gz); skipped",
    ]);
  });

  it("says when nothing changed since the articles were last read", () => {
    expect(reloadSummary(12, [], true, true)).toBe(
      "Nothing changed since the articles were last read: 12 articles in use. No problems found.",
    );
    expect(reloadSummary(1, [], true)).toBe("Reloaded: 1 article. No problems found.");
  });
});
