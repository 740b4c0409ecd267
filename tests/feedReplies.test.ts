import { describe, expect, it } from "vitest";
import { UserError, userMessageFor } from "../src/discord/errors.ts";
import { feedListText } from "../src/discord/feedReplies.ts";
import { LIMITS } from "../src/discord/markdown.ts";
import type { FeedRecord } from "../src/feeds/feedStore.ts";

function feed(id: number): FeedRecord {
  return {
    id,
    url: `https://www.example-news-site.com/world/europe/rss/feed-${id}.xml`,
    finalUrl: null,
    title: `Example News — World / Europe section feed ${id}`,
    folder: `feed-${id}`,
    etag: null,
    lastModified: null,
    addedAt: 0,
    lastCheckedAt: 1_700_000_000_000,
    lastNewAt: 1_700_000_000_000,
    lastError: id % 3 === 0 ? "Could not read the feed: the server answered 503" : null,
    failures: 0,
    nextCheckAt: 0,
  };
}

describe("/feed list", () => {
  it("shows whole entries and names the numbers of those it has no room for", () => {
    // `/feed remove` asks for a feed's number: a list cut off mid-entry would hide them.
    const feeds = Array.from({ length: 40 }, (_, i) => feed(i + 1));
    const text = feedListText(feeds);
    expect(text.length).toBeLessThanOrEqual(LIMITS.content);
    const shown = [...text.matchAll(/^\*\*(\d+)\.\*\*/gm)].map((match) => Number(match[1]));
    expect(shown.length).toBeGreaterThan(3);
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => i + 1));
    const hidden = feeds.slice(shown.length).map((record) => record.id);
    expect(text.endsWith(`\n…and ${hidden.length} more: ${hidden.join(", ")}`)).toBe(true);
    // Every shown entry ends with its status line, not cut inside a timestamp.
    expect(text).not.toMatch(/<t:\d*$/m);
  });

  it("lists every feed when they fit", () => {
    const text = feedListText([feed(1), feed(2)]);
    expect(text.startsWith("2 feeds:")).toBe(true);
    expect(text).toContain("**2.**");
    expect(text).not.toContain("more:");
  });
});

describe("error messages", () => {
  it("show outside text as written, escaped and cut to fit one message", () => {
    // A web address typed by a user (or a server's answer) can be longer than a message
    // and hold markdown: sent as is, the reply would be refused and stay "thinking…".
    const url = `https://example.org/${"a_b*".repeat(150)}`;
    const message = userMessageFor(UserError.fromOutsideText(`**already** subscribed to ${url}`));
    expect(message).toBe(`\\*\\*already\\*\\* subscribed to ${url}`);
    const huge = `already subscribed to ${url.repeat(5)} ${"word ".repeat(500)}`;
    expect(userMessageFor(UserError.fromOutsideText(huge)).length).toBeLessThanOrEqual(
      LIMITS.content,
    );
  });

  it("cut any user error to one message", () => {
    expect(userMessageFor(new UserError("x ".repeat(3000))).length).toBeLessThanOrEqual(
      LIMITS.content,
    );
  });
});
