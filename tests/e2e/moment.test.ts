/**
 * Every question is answered as of its moment: the creation time Discord gives the
 * interaction (its snowflake id). The same question about a story that changed gets the
 * answer that was true then: before the postponement was announced, the plan; after it,
 * the postponement.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotUnderTest } from "../faults/harness.ts";
import { startBotUnderTest } from "../faults/harness.ts";
import {
  answerOf,
  callbackOf,
  click,
  customIds,
  embedOf,
  expectPingsNoOneBut,
  messagesSent,
} from "./harness.ts";
import type { FakeDiscord } from "../fakeDiscord/index.ts";
import { InteractionType } from "discord.js";
import { NO_NEWS } from "../../src/core/nothingFound.ts";

const STORY = {
  "2026-01-10-tram-plan.txt":
    "date 2026-01-10\nThe new tram line across the river will open in March, the transport authority said.\n",
  "2026-02-20-tram-delay.txt":
    "date 2026-02-20\nThe opening of the new tram line across the river has been postponed to June, the transport authority said.\n",
};

const QUESTION = "When will the new tram line open?";

let b: BotUnderTest;

beforeAll(async () => {
  b = await startBotUnderTest({ articles: STORY, debounceMs: null });
});

afterAll(async () => {
  await b?.close();
});

/** /ask sent as if created at `moment`: its id is a snowflake holding that time. */
function askAt(
  fake: FakeDiscord,
  question: string,
  moment: string,
  options: Array<{ name: string; type: number; value: string }> = [],
) {
  return fake.sendInteraction({
    type: InteractionType.ApplicationCommand,
    data: { name: "ask", options: [{ name: "question", type: 3, value: question }, ...options] },
    createdAt: Date.parse(moment),
  });
}

const EPHEMERAL = 64;

describe("the moment of a question", () => {
  it("answers as the library stood then: the plan, before the postponement was reported", async () => {
    const message = await answerOf(b.fake, askAt(b.fake, QUESTION, "2026-01-15T09:00:00Z"));
    const description = String(embedOf(message).description);
    // On 15 January only the plan had been published; the postponement came five weeks later.
    expect(description).toContain("will open in March");
    expect(description).not.toContain("postponed");
  });

  it("answers with the postponement once it has been reported", async () => {
    const message = await answerOf(b.fake, askAt(b.fake, QUESTION, "2026-03-01T09:00:00Z"));
    expect(String(embedOf(message).description)).toContain("postponed to June");
  });

  it("limits the answer to since/until, read relative to the moment", async () => {
    // Asked on 1 March: "last month" is February, when only the postponement was reported.
    const since = await answerOf(
      b.fake,
      askAt(b.fake, QUESTION, "2026-03-01T09:00:00Z", [
        { name: "since", type: 3, value: "last month" },
      ]),
    );
    expect(String(embedOf(since).description)).toContain("postponed to June");
    expect(String(embedOf(since).description)).not.toContain("will open in March");
    const until = await answerOf(
      b.fake,
      askAt(b.fake, QUESTION, "2026-03-01T09:00:00Z", [
        { name: "until", type: 3, value: "2026-01-31" },
      ]),
    );
    expect(String(embedOf(until).description)).toContain("will open in March");
    expect(String(embedOf(until).description)).not.toContain("postponed");
  });

  it("says so when nothing in the period answers, naming the period and what came before", async () => {
    const reply = await answerOf(
      b.fake,
      askAt(b.fake, QUESTION, "2026-03-20T09:00:00Z", [
        { name: "since", type: 3, value: "2026-03-01" },
      ]),
    );
    expect(reply.flags).toBe(EPHEMERAL);
    expect(String(reply.content)).toMatch(/^Nothing from 1–20 March answers that\./);
    expect(String(reply.content)).toContain("The closest earlier articles:");
  });

  it("says which subject no article mentions when the question names a period", async () => {
    const reply = await answerOf(
      b.fake,
      askAt(b.fake, "What did Tesla say about the tram line in February?", "2026-03-20T09:00:00Z"),
    );
    expect(reply.flags).toBe(EPHEMERAL);
    expect(String(reply.content)).toMatch(
      /^Nothing (from|in) February \(1–28 February\) answers that\. No article mentions Tesla\./,
    );
  });
});

describe("asking what is new", () => {
  it("lists the stories of the week the question is asked in, newest first", async () => {
    // Asked on Saturday 21 February: this week (16–21 February) holds only the postponement.
    const later = await answerOf(
      b.fake,
      askAt(b.fake, "What happened this week?", "2026-02-21T09:00:00Z"),
    );
    const embed = embedOf(later);
    expect(String(embed.description)).toContain("postponed to June");
    expect(String(embed.description)).not.toContain("will open in March");
    expect((embed.footer as { text: string }).text).toBe(
      "Newest stories first · from this week (16–21 February)",
    );
    expect(later.allowed_mentions).toEqual({ parse: [] });
    // Asked on Saturday 10 January, the plan, published that day, was the news of the week.
    const earlier = await answerOf(
      b.fake,
      askAt(b.fake, "Any news this week?", "2026-01-10T18:00:00Z"),
    );
    expect(String(embedOf(earlier).description)).toContain("will open in March");
  });

  it("says the period has no story, and names the newest before it", async () => {
    // Asked on Wednesday 25 February: nothing was published the day before.
    const reply = await answerOf(
      b.fake,
      askAt(b.fake, "Any news yesterday?", "2026-02-25T09:00:00Z"),
    );
    expect(reply.flags).toBe(EPHEMERAL);
    const content = String(reply.content);
    expect(content).toMatch(
      /^No articles from yesterday \(24 February\)\. The newest earlier articles:\n- /,
    );
    expect(content.indexOf("2026-02-20")).toBeLessThan(content.indexOf("2026-01-10"));
  });

  it("says there is no news before any article is dated, naming no article as close", async () => {
    const reply = await answerOf(b.fake, askAt(b.fake, "What's new?", "2025-12-01T09:00:00Z"));
    expect(reply.flags).toBe(EPHEMERAL);
    expect(reply.content).toBe(NO_NEWS);
  });

  it("bolds none of the question's words in the stories it lists", async () => {
    // "new" was not looked for: the plan is listed for being the week's story.
    const message = await answerOf(
      b.fake,
      askAt(b.fake, "What's new this week?", "2026-01-10T18:00:00Z"),
    );
    expect(String(embedOf(message).description)).toContain(
      "> The new tram line across the river will open in March, the transport authority said.",
    );
  });
});

/**
 * One day's stories (2 March), listed newest first: the later in the library first. Two open
 * with the same line, a newsletter's, which a list quotes once.
 */
const DAY = {
  "2026-03-02-a-ferry.txt":
    "date 2026-03-02\nThe island ferry will sail four times a day from Monday.\n",
  "2026-03-02-b-museum.txt":
    "date 2026-03-02\nThe city museum will stay open until nine on Fridays.\n",
  "2026-03-02-c-storm.txt":
    "date 2026-03-02\nSign up for the Harbour Times newsletter.\n\nA storm tore planks from the pier overnight.\n",
  "2026-03-02-d-lamp.txt":
    "date 2026-03-02\nSign up for the Harbour Times newsletter.\n\nAn LED lamp was fitted to the lighthouse on Sunday.\n",
  "2026-03-02-e-bridge.txt":
    "date 2026-03-02\nThe bridge on the ring road reopened to traffic after repairs.\n",
};

describe("paging through what is new", () => {
  let day: BotUnderTest;

  beforeAll(async () => {
    day = await startBotUnderTest({ articles: DAY, debounceMs: null });
  });

  afterAll(async () => {
    await day?.close();
  });

  it("offers More results while stories are left, past an opening two stories share", async () => {
    const first = await answerOf(day.fake, askAt(day.fake, "latest news", "2026-03-02T12:00:00Z"));
    const description = String(embedOf(first).description);
    expect(description).toContain("The bridge on the ring road reopened");
    expect(description).toContain("Sign up for the Harbour Times newsletter.");
    expect(description).toContain("The city museum will stay open");
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toBeDefined();
    const page = await callbackOf(day.fake, click(day.fake, more ?? ""));
    expect(String(embedOf(page.data).description)).toContain("The island ferry will sail");
  });
});

describe("the moment of other ways of asking", () => {
  it("answers Find in articles as of when the message was posted, not when it is clicked", async () => {
    // Posted on 15 January, before the postponement was reported: the plan answers it.
    const message = b.fake.sendMessage({
      content: QUESTION,
      createdAt: Date.parse("2026-01-15T09:00:00Z"),
    });
    const reply = await answerOf(
      b.fake,
      b.fake.sendInteraction({
        type: InteractionType.ApplicationCommand,
        data: { name: "Find in articles", type: 3, target_id: message.id },
      }),
    );
    expect(String(embedOf(reply).description)).toContain("will open in March");
    expect(String(embedOf(reply).description)).not.toContain("postponed");
  });

  it("reads the time words of an /articles topic on the day it is asked", async () => {
    // Asked on 25 March, "last month" is February: the postponement, not the plan.
    const reply = await answerOf(
      b.fake,
      b.fake.sendInteraction({
        type: InteractionType.ApplicationCommand,
        data: {
          name: "articles",
          options: [{ name: "topic", type: 3, value: "tram line last month" }],
        },
        createdAt: Date.parse("2026-03-25T09:00:00Z"),
      }),
    );
    const description = String(embedOf(reply).description);
    expect(description).toContain("2026-02-20");
    expect(description).not.toContain("2026-01-10");
  });

  it("refuses a since after the day asked, saying so", async () => {
    const reply = await answerOf(
      b.fake,
      askAt(b.fake, QUESTION, "2026-03-20T09:00:00Z", [
        { name: "since", type: 3, value: "2026-04-01" },
      ]),
    );
    expect(reply.flags).toBe(EPHEMERAL);
    expect(String(reply.content)).toBe(
      "`since` is after today (2026-03-20): no article can be from then.",
    );
  });
});

describe("every message the bot sent above", () => {
  it("pings no one", () => {
    const messages = messagesSent(b.fake);
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) expectPingsNoOneBut(message);
  });
});
