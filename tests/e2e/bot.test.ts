import { writeFile } from "node:fs/promises";
import path from "node:path";
import { GatewayIntentBits, InteractionType, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_GUILD_ID, DEFAULT_USER } from "../fakeDiscord/index.ts";
import type { Command } from "../../src/discord/command.ts";
import { openAnswerMemory } from "../../src/discord/answerMemory.ts";
import { GENERIC_ERROR } from "../../src/discord/errors.ts";
import type { Harness, Option } from "./harness.ts";
import { isOneSpoiler, openQuotes, quoteLines, sourceLines } from "../spoilerMarks.ts";
import {
  answerOf,
  ask,
  callbackOf,
  click,
  customIds,
  embedOf,
  expectPingsNoOneBut,
  findInArticles,
  messagesSent,
  requestsSince,
  sleep,
  slash,
  startHarness,
  waitForLog,
} from "./harness.ts";

/** A command that always fails, to show one error does not stop the bot. */
const explode: Command = {
  data: { name: "explode", description: "Always fails" },
  execute() {
    return Promise.reject(new Error("kaboom"));
  },
};

/** Fails after deferring publicly: the error must reach the asker privately. */
const explodeLater: Command = {
  data: { name: "explode-later", description: "Defers, then fails" },
  async execute(interaction) {
    await interaction.deferReply();
    throw new Error("kaboom after deferring");
  },
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ fillers: 11, extraCommands: [explode, explodeLater] });
});

afterAll(async () => {
  await h?.close();
});

const EPHEMERAL = 64;
/** The user the one answer with `mention:` pings. */
const MENTIONED = "800000000000000077";
const POLAND_QUESTION = "What did South Korea and Poland agree on security?";

describe("login", () => {
  it("identifies without the MessageContent intent and registers every command in one PUT", async () => {
    const identify = h.fake.identifies[0];
    expect(identify).toBeDefined();
    const intents = identify?.intents ?? 0;
    expect(intents & GatewayIntentBits.Guilds).toBeTruthy();
    expect(intents & GatewayIntentBits.GuildMessages).toBeTruthy();
    expect(intents & GatewayIntentBits.DirectMessages).toBeTruthy();
    expect(intents & GatewayIntentBits.MessageContent).toBe(0);

    const put = await h.fake.waitForRequest(
      (r) => r.method === "PUT" && r.path === `/applications/${h.fake.applicationId}/commands`,
    );
    const names = (put.body as Array<{ name: string }>).map((command) => command.name).sort();
    expect(names).toEqual(
      [
        "Find in articles",
        "add",
        "article",
        "articles",
        "ask",
        "explode",
        "explode-later",
        "feed",
        "help",
        "reload",
      ].sort(),
    );
    const reload = (put.body as Array<{ name: string; default_member_permissions?: string }>).find(
      (command) => command.name === "reload",
    );
    expect(reload?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    // GUILD_CREATE arrived: the bot knows the fake's guild.
    expect(h.bot.client.guilds.cache.has(DEFAULT_GUILD_ID)).toBe(true);
  });
});

describe("/ask", () => {
  it("answers with quotes in block quotes, bold words, dates and no pings", async () => {
    const interaction = ask(h.fake, POLAND_QUESTION);
    const callback = await callbackOf(h.fake, interaction);
    expect(callback.type).toBe(4);
    const message = callback.data;
    expect(message.flags ?? 0).toBe(0);
    expect(message.allowed_mentions).toEqual({ parse: [] });
    const embed = embedOf(message);
    const description = String(embed.description);
    expect(description).toMatch(/^> /);
    expect(description).toMatch(/\*\*Poland\*\*/);
    // The date as written, and how long ago it was for whoever reads it.
    expect(description).toMatch(/2026-02-03 · <t:\d+:R>/);
    expect(description.length).toBeLessThanOrEqual(4096);
    expect((embed.footer as { text: string }).text).toBe("Searched 14 articles");
    expect(customIds(message).some((id) => id.startsWith("more:"))).toBe(true);

    const line = await waitForLog(
      h,
      (entry) => entry.message === "interaction" && entry.command === "ask",
    );
    expect(line).toMatchObject({ user: DEFAULT_USER.id, guild: DEFAULT_GUILD_ID, results: 3 });
    expect(typeof line?.latencyMs).toBe("number");
  });

  it("refuses a since or until it cannot read, or a period that ends before it starts", async () => {
    const unreadable = await callbackOf(
      h.fake,
      ask(h.fake, POLAND_QUESTION, [{ name: "until", type: 3, value: "when pigs fly" }]),
    );
    expect(unreadable.data.flags).toBe(EPHEMERAL);
    expect(String(unreadable.data.content)).toContain("`until`");
    const backwards = await callbackOf(
      h.fake,
      ask(h.fake, POLAND_QUESTION, [
        { name: "since", type: 3, value: "2026-02-01" },
        { name: "until", type: 3, value: "2026-01-01" },
      ]),
    );
    expect(backwards.data.flags).toBe(EPHEMERAL);
    expect(String(backwards.data.content)).toContain("`since` is after `until`");
  });

  it("hides the answer with hide:true", async () => {
    const interaction = ask(h.fake, "When did the Harbor Bridge reopen?", [
      { name: "hide", type: 5, value: true },
    ]);
    const message = await answerOf(h.fake, interaction);
    expect(message.flags).toBe(EPHEMERAL);
    const description = String(embedOf(message).description);
    expect(description).toMatch(/\*\*Harbor Bridge\b/);
    // Linked title, with the URL's parentheses encoded so the link holds.
    expect(description).toContain(
      "[Harbor Bridge reopens after \\[two-year\\] repairs (update)](https://news.example.com/harbor_bridge_%28reopening%29)",
    );
  });

  /** /ask about the reading room with `mention:` the user `target`, and any other options. */
  const askMentioning = (target: string, more: Option[] = []) =>
    slash(
      h.fake,
      "ask",
      [
        { name: "question", type: 3, value: "reading room for children" },
        ...more,
        { name: "mention", type: 6, value: target },
      ],
      {
        data: {
          resolved: {
            users: {
              [target]: { id: target, username: "friend", discriminator: "0", avatar: null },
            },
          },
        },
      },
    );

  it("pings only the chosen user with mention:", async () => {
    const target = MENTIONED;
    const message = await answerOf(h.fake, askMentioning(target));
    expect(message.content).toBe(`<@${target}>`);
    expect(message.allowed_mentions).toEqual({ users: [target] });
    // A public answer: the person mentioned sees it too.
    expect(message.flags ?? 0).toBe(0);
    // The article's "@everyone" is shown as text that cannot ping.
    expect(String(embedOf(message).description)).not.toMatch(/@everyone/);
  });

  it("says a hidden answer cannot mention anyone, instead of showing a mention that pings no one", async () => {
    const hide = { name: "hide", type: 5, value: true };
    const message = await answerOf(h.fake, askMentioning("800000000000000078", [hide]));
    expect(message.flags).toBe(EPHEMERAL);
    expect(message.content).toBe(
      "An answer only you see can't mention anyone: leave out `hide` to mention someone.",
    );
    expect(message.embeds ?? []).toEqual([]);
  });

  it("says so, ephemerally, when nothing answers", async () => {
    const interaction = ask(h.fake, "zebra xylophone quantum");
    const callback = await callbackOf(h.fake, interaction);
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(String(callback.data.content)).toMatch(/^Nothing in the articles answers that\./);
  });

  it("names the subject no article mentions", async () => {
    const callback = await callbackOf(h.fake, ask(h.fake, "What year did Tesla die?"));
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(String(callback.data.content)).toMatch(
      /^Nothing in the articles answers that\. No article mentions Tesla\./,
    );
  });
});

describe("answer buttons", () => {
  it("More results sends the next quotes; feedback is logged and acknowledged", async () => {
    const first = await answerOf(h.fake, ask(h.fake, "security dialogue Korea Poland"));
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toBeDefined();

    const page = await callbackOf(h.fake, click(h.fake, more ?? ""));
    expect(page.type).toBe(4);
    expect(page.data.flags).toBe(EPHEMERAL);
    expect((embedOf(page.data).footer as { text: string }).text).toMatch(/results 4–/);

    const up = customIds(first).find((id) => id.startsWith("fb:up:"));
    const thanks = await callbackOf(h.fake, click(h.fake, up ?? ""));
    expect(thanks.type).toBe(4);
    expect(thanks.data).toMatchObject({ content: "Thanks for the feedback!", flags: EPHEMERAL });
    const logged = await waitForLog(h, (entry) => entry.message === "feedback");
    expect(logged).toMatchObject({ vote: "up", question: "security dialogue Korea Poland" });
    expect((logged?.articles as string[]).length).toBeGreaterThan(0);
  });

  it("counts one vote per person and answer: the same press again is not logged, the other changes it", async () => {
    const first = await answerOf(h.fake, ask(h.fake, "Who led the Polish delegation?"));
    const up = customIds(first).find((id) => id.startsWith("fb:up:")) ?? "";
    const down = customIds(first).find((id) => id.startsWith("fb:down:")) ?? "";
    const voter = { user: { id: "800000000000000321", username: "voter" } };
    const votes = () =>
      h.logs.filter((entry) => entry.message === "feedback" && entry.user === voter.user.id);
    const press = async (id: string) => {
      const { data } = await callbackOf(h.fake, click(h.fake, id, { ...voter, message: first }));
      // Only the voter sees how their vote was taken.
      expect(data.flags).toBe(EPHEMERAL);
      return data.content;
    };
    expect(await press(up)).toBe("Thanks for the feedback!");
    expect(await press(up)).toBe("You already said so — thanks!");
    expect(await press(down)).toBe("Thanks — your feedback on this answer is changed.");
    await h.fake.waitUntil(() => votes().length === 2, 5000, "two feedback lines");
    expect(votes().map((entry) => [entry.vote, entry.changed ?? false])).toEqual([
      ["up", false],
      ["down", true],
    ]);
    // Someone else's vote on the same answer is theirs.
    const other = { user: { id: "800000000000000322", username: "other" }, message: first };
    const theirs = await callbackOf(h.fake, click(h.fake, up, other));
    expect(theirs.data.content).toBe("Thanks for the feedback!");
  });
});

describe("More results for a period", () => {
  it("carries the period's days in the button, so the next page keeps to them after a restart", async () => {
    // Eight concerts, 3 to 10 January, that answer equally well, in the library's order. The
    // period reaches three days past its end (reports follow events): 3 to 7 January.
    const period = [
      { name: "since", type: 3, value: "2024-01-03" },
      { name: "until", type: 3, value: "2024-01-04" },
    ];
    const first = await answerOf(h.fake, ask(h.fake, "choir concert", period));
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toBe("more:3:p:2024-01-03:2024-01-04:choir concert");
    // A bot that remembers no answer (as after a restart) reads the question and its period
    // from the button: the next page is the rest of the period (the whole library would give
    // the 6th to the 8th).
    const page = await callbackOf(h.fake, click(h.fake, more ?? ""));
    const description = String(embedOf(page.data).description);
    const dates = [...description.matchAll(/(\d{4}-\d{2}-\d{2}) · <t:/g)].map((match) => match[1]);
    expect(dates).toEqual(["2024-01-05", "2024-01-06", "2024-01-07"]);
  });
});

describe("long questions", () => {
  it("pages More results through a short key when the question does not fit a custom id", async () => {
    const question = `What did South Korea and Poland agree about security and information sharing on the Korean Peninsula during their talks?`;
    const first = await answerOf(h.fake, ask(h.fake, question));
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toMatch(/^more:3:k:/);
    expect(more?.length).toBeLessThanOrEqual(100);
    const page = await callbackOf(h.fake, click(h.fake, more ?? ""));
    expect(embedOf(page.data).title).toBe(question);
  });

  it("keeps a long question's answer on disk, so its next page keeps to its period after a restart", async () => {
    const question =
      "Which regional choir gave a winter concert in the old town hall, and who sang in that concert?";
    const period = [
      { name: "since", type: 3, value: "2024-01-03" },
      { name: "until", type: 3, value: "2024-01-04" },
    ];
    const first = await answerOf(h.fake, ask(h.fake, question, period));
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toMatch(/^more:3:k:/);
    // A restart: nothing of the answer is left in memory, only what DATA_DIR holds.
    const before = h.context.answers;
    before.close();
    h.context.answers = openAnswerMemory(h.dataDir, (err) => {
      throw err;
    });
    const page = await callbackOf(h.fake, click(h.fake, more ?? ""));
    expect(embedOf(page.data).title).toBe(question);
    // The rest of the period (3 to 7 January, with its days of slack), not of the library.
    const description = String(embedOf(page.data).description);
    const dates = [...description.matchAll(/(\d{4}-\d{2}-\d{2}) · <t:/g)].map((match) => match[1]);
    expect(dates).toEqual(["2024-01-05", "2024-01-06", "2024-01-07"]);
  });

  it("asks to ask again when a More results key is unknown", async () => {
    const page = await callbackOf(h.fake, click(h.fake, "more:3:k:unknown"));
    expect(page.data.flags).toBe(EPHEMERAL);
    expect(String(page.data.content)).toMatch(/ask the question again/);
  });
});

describe("a question its asker partly hid", () => {
  /** The quotes of an answer's embed are all there, each hidden; their sources are not. */
  function expectQuotesHidden(message: Record<string, unknown>): void {
    const description = String(embedOf(message).description);
    expect(quoteLines(description).length).toBeGreaterThan(0);
    expect(openQuotes(description)).toEqual([]);
    const sources = sourceLines(description);
    expect(sources).toHaveLength(quoteLines(description).length);
    for (const source of sources) {
      expect(source).not.toContain("||");
      expect(source).toMatch(/ · \d{4}-\d{2}-\d{2} · <t:\d+:R>$/);
    }
  }

  it("hides every quote of /ask's answer and of each More results page, also after a restart", async () => {
    const first = await answerOf(h.fake, ask(h.fake, "security dialogue ||Korea Poland||"));
    expect(embedOf(first).title).toBe("security dialogue ||Korea Poland||");
    expectQuotesHidden(first);
    // The button carries the question with its marks: a bot that remembers no answer (after a
    // restart, or for a button sent long ago) still knows what was hidden.
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toBe("more:3:q:security dialogue ||Korea Poland||");
    const page = await callbackOf(h.fake, click(h.fake, more ?? ""));
    expect((embedOf(page.data).footer as { text: string }).text).toMatch(/results 4–/);
    expectQuotesHidden(page.data);
  });

  it("hides the quotes of the next page of a long question kept on disk, after a restart", async () => {
    const question =
      "What did ||South Korea and Poland|| agree about security and information sharing on the Korean Peninsula?";
    const first = await answerOf(h.fake, ask(h.fake, question));
    expectQuotesHidden(first);
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toMatch(/^more:3:k:/);
    h.context.answers.close();
    h.context.answers = openAnswerMemory(h.dataDir, (err) => {
      throw err;
    });
    const page = await callbackOf(h.fake, click(h.fake, more ?? ""));
    expect(embedOf(page.data).title).toBe(question);
    expectQuotesHidden(page.data);
  });

  it("keeps a long question hidden to its end when it is cut to the length searched", async () => {
    const question = "When did the Harbor Bridge reopen after its repairs? ".repeat(12).trim();
    expect(question.length).toBeGreaterThan(600);
    const message = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> ||${question}||` });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === message.id,
    );
    const body = reply.body as Record<string, unknown>;
    expect(isOneSpoiler(String(embedOf(body).title))).toBe(true);
    expectQuotesHidden(body);
  });

  it("hides the quotes of an answer to a mention", async () => {
    const message = h.fake.sendMessage({
      content: `<@${h.fake.botUser.id}> who agreed on ||security dialogue||?`,
    });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === message.id,
    );
    expectQuotesHidden(reply.body as Record<string, unknown>);
  });
});

describe("commands and buttons the bot no longer has", () => {
  it("says so privately, for a command and for a button", async () => {
    const command = await callbackOf(h.fake, slash(h.fake, "retired"));
    expect(command.data).toMatchObject({
      content: "That command isn't available any more.",
      flags: EPHEMERAL,
    });
    const button = await callbackOf(h.fake, click(h.fake, "retired:1"));
    expect(button.data).toMatchObject({
      content: "That button doesn't work any more — please run the command again.",
      flags: EPHEMERAL,
    });
  });
});

describe("/article", () => {
  it("autocompletes titles (at most 25, callback type 8)", async () => {
    const interaction = h.fake.sendInteraction({
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        name: "article",
        options: [{ name: "title", type: 3, value: "harbor", focused: true }],
      },
    });
    const callback = await callbackOf(h.fake, interaction);
    expect(callback.type).toBe(8);
    const choices = callback.data.choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices[0]?.name).toMatch(/^Harbor Bridge/);

    const shown = await answerOf(
      h.fake,
      slash(h.fake, "article", [{ name: "title", type: 3, value: choices[0]?.value ?? "" }]),
    );
    expect(shown.flags ?? 0).toBe(0);
    const embed = embedOf(shown);
    expect(embed.title).toMatch(/^Harbor Bridge/);
    expect(JSON.stringify(embed.fields)).toContain("2025-11-10");
  });
});

describe("/articles", () => {
  it("lists 10 a page, newest first, and pages with Previous/Next (type 7 updates)", async () => {
    const first = await answerOf(h.fake, slash(h.fake, "articles"));
    expect(first.flags ?? 0).toBe(0);
    const embed = embedOf(first);
    const lines = String(embed.description).split("\n");
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain("2026-02-03");
    const buttons = (first.components as Array<{ components: Array<Record<string, unknown>> }>)[0]
      ?.components;
    expect(buttons?.[0]).toMatchObject({ label: "Previous", disabled: true });
    expect(buttons?.[1]).toMatchObject({ label: "Next", disabled: false });

    const next = await callbackOf(h.fake, click(h.fake, String(buttons?.[1]?.custom_id)));
    expect(next.type).toBe(7);
    expect((embedOf(next.data).footer as { text: string }).text).toMatch(/^Page 2 of 2/);
    const nextButtons = (
      next.data.components as Array<{ components: Array<Record<string, unknown>> }>
    )[0]?.components;
    expect(nextButtons?.[0]).toMatchObject({ label: "Previous", disabled: false });
    expect(nextButtons?.[1]).toMatchObject({ label: "Next", disabled: true });

    const back = await callbackOf(h.fake, click(h.fake, String(nextButtons?.[0]?.custom_id)));
    expect(back.type).toBe(7);
    expect((embedOf(back.data).footer as { text: string }).text).toMatch(/^Page 1 of 2/);
  });

  it("shows the last page for a page past the end, and says so", async () => {
    const reply = await answerOf(
      h.fake,
      slash(h.fake, "articles", [{ name: "page", type: 4, value: 999 }]),
    );
    expect(reply.content).toBe("There are only 2 pages: here is the last.");
    expect((embedOf(reply).footer as { text: string }).text).toMatch(/^Page 2 of 2/);
    const first = await answerOf(h.fake, slash(h.fake, "articles"));
    expect(first.content ?? "").toBe("");
  });

  it("drops the past-the-end note once Previous turns to another page", async () => {
    const asked = slash(h.fake, "articles", [{ name: "page", type: 4, value: 999 }]);
    await callbackOf(h.fake, asked);
    const shown = h.fake.originalResponse(asked.id);
    expect(shown?.content).toBe("There are only 2 pages: here is the last.");
    const previous = customIds(shown as never).find((id) => id.startsWith("articles:prev:"));
    const turned = click(h.fake, String(previous), { message: shown });
    expect((await callbackOf(h.fake, turned)).type).toBe(7);
    const page = h.fake.originalResponse(turned.id);
    expect((page?.embeds[0]?.footer as { text: string }).text).toMatch(/^Page 1 of 2/);
    expect(page?.content).toBe("");
  });

  const dateOfLine = (line: string): string => /— (\S+)$/.exec(line)?.[1] ?? "";

  it("lists what the library holds about a topic over a period, newest first", async () => {
    const message = await answerOf(
      h.fake,
      slash(h.fake, "articles", [
        { name: "topic", type: 3, value: "choir concert" },
        { name: "since", type: 3, value: "2024-01-03" },
        { name: "until", type: 3, value: "2024-01-10" },
      ]),
    );
    const embed = embedOf(message);
    expect(embed.title).toBe("Articles about “choir concert”, newest first");
    expect((embed.footer as { text: string }).text).toBe(
      "Page 1 of 1 · 8 articles · 2024-01-03 to 2024-01-10",
    );
    const dates = String(embed.description).split("\n").map(dateOfLine);
    expect(dates).toEqual(
      [10, 9, 8, 7, 6, 5, 4, 3].map((d) => `2024-01-${String(d).padStart(2, "0")}`),
    );
  });

  it("pages through a topic with the buttons, keeping to the topic", async () => {
    const first = await answerOf(
      h.fake,
      slash(h.fake, "articles", [{ name: "topic", type: 3, value: "choir" }]),
    );
    expect((embedOf(first).footer as { text: string }).text).toBe("Page 1 of 2 · 11 articles");
    const next = customIds(first).find((id) => id.startsWith("articles:next:"));
    const page = await callbackOf(h.fake, click(h.fake, String(next)));
    expect(page.type).toBe(7);
    // Only the oldest choir article is left: nothing about other things slipped in.
    expect(String(embedOf(page.data).description)).toBe(
      "11\\. **The regional choir number 1 gave a winter concert in the old town hall** — 2024-01-01",
    );
  });

  it("refuses a period it cannot read, saying how to write one", async () => {
    const refused = await callbackOf(
      h.fake,
      slash(h.fake, "articles", [{ name: "since", type: 3, value: "the day after never" }]),
    );
    expect(refused.data.flags).toBe(EPHEMERAL);
    expect(String(refused.data.content)).toContain("`since`");
  });
});

describe("/help", () => {
  it("explains how to ask, with examples from the library", async () => {
    const message = await answerOf(h.fake, slash(h.fake, "help"));
    expect(message.flags).toBe(EPHEMERAL);
    const description = String(embedOf(message).description);
    expect(description).toContain("/ask");
    expect(description).toContain(`<@${h.fake.botUser.id}>`);
    expect(description).toContain("What do the articles say about South Korea and Poland");
  });
});

describe("/reload", () => {
  it("refuses members without Manage Server, and reloads for those with it", async () => {
    const refused = await callbackOf(h.fake, slash(h.fake, "reload"));
    expect(refused.data.flags).toBe(EPHEMERAL);
    expect(String(refused.data.content)).toContain("Manage Server");

    const allowed = slash(h.fake, "reload", [], {
      member_permissions: (
        PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel
      ).toString(),
    });
    // Only the manager who asked sees the outcome: the reply is deferred privately.
    expect(await callbackOf(h.fake, allowed)).toMatchObject({
      type: 5,
      data: { flags: EPHEMERAL },
    });
    const message = await answerOf(h.fake, allowed);
    // Nothing changed since the articles were read at start: nothing is read again.
    expect(String(message.content)).toMatch(
      /^Nothing changed since the articles were last read: 14 articles in use\./,
    );
  });
});

describe("Find in articles (message menu)", () => {
  it("searches the chosen message's text", async () => {
    const interaction = findInArticles(h.fake, "Why did the Harbor Bridge close for repairs?");
    const callback = await callbackOf(h.fake, interaction);
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(String(embedOf(callback.data).description)).toContain("Harbor");
  });

  it("searches the text of a message that is only an embed, as a news bot posts", async () => {
    const posted = h.fake.sendMessage({ content: "" });
    const target = {
      ...posted,
      embeds: [
        {
          type: "rich",
          title: "Harbor Bridge open again",
          description: "Commuters are back on the bridge after the repairs.",
        },
      ],
    };
    const interaction = h.fake.sendInteraction({
      type: InteractionType.ApplicationCommand,
      data: {
        name: "Find in articles",
        type: 3,
        target_id: posted.id,
        resolved: { messages: { [posted.id]: target } },
      },
    });
    const callback = await callbackOf(h.fake, interaction);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(String(embedOf(callback.data).description)).toContain("**Harbor Bridge");
  });
});

describe("mentions", () => {
  const messagePosts = (since: number) =>
    requestsSince(
      h.fake,
      since,
      (r) => r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path),
    );

  it("answers @citebot <question> with a reply that pings nobody", async () => {
    const since = h.fake.requests.length;
    const message = h.fake.sendMessage({
      content: `<@${h.fake.botUser.id}> what did Poland and South Korea agree?`,
    });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === message.id,
    );
    const body = reply.body as Record<string, unknown>;
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(String(embedOf(body).description)).toContain("**Poland**");
    expect(messagePosts(since)).toHaveLength(1);
  });

  it("reads a question past the mentions of other people in it", async () => {
    const message = h.fake.sendMessage({
      content: `<@${h.fake.botUser.id}> hey <@123456789012345678>, where is Warsaw?`,
    });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === message.id,
    );
    // The other person's mention is no word of the question: the answer is about Warsaw.
    const embed = embedOf(reply.body as Record<string, unknown>);
    expect(embed.title).toBe("hey where is Warsaw?");
    expect(String(embed.description)).toContain("**Warsaw**");
  });

  it("reads a spoilered question and hides it again in the answer's heading", async () => {
    const message = h.fake.sendMessage({
      content: `<@${h.fake.botUser.id}> ||when did the Harbor Bridge reopen?||`,
    });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === message.id,
    );
    const embed = embedOf(reply.body as Record<string, unknown>);
    expect(embed.title).toBe("||when did the Harbor Bridge reopen?||");
    expect(String(embed.description)).toContain("**Harbor Bridge");
    // Nor does the note that nothing answers give away the word the asker hid.
    const unanswered = h.fake.sendMessage({
      content: `<@${h.fake.botUser.id}> what year did ||Tesla|| die?`,
    });
    const note = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === unanswered.id,
    );
    const content = String((note.body as { content?: string }).content);
    expect(content).toContain("||No article mentions Tesla.||");
    expect(content.replaceAll(/\|\|[^|]*\|\|/g, "")).not.toContain("Tesla");
  });

  it("answers a question sent in a DM, no mention needed", async () => {
    const message = h.fake.sendMessage({
      content: "When did the Harbor Bridge reopen?",
      guild_id: null,
    });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === message.id,
    );
    expect(String(embedOf(reply.body as Record<string, unknown>).description)).toContain(
      "**Harbor Bridge",
    );
  });

  it("gives short help for a bare mention and ignores bots and @everyone", async () => {
    const since = h.fake.requests.length;
    h.fake.sendMessage({ content: "@everyone what did Poland agree?", mention_everyone: true });
    h.fake.sendMessage({
      content: `<@${h.fake.botUser.id}> what did Poland agree?`,
      author: { id: "700000000000000001", username: "otherbot" },
      bot: true,
    });
    const bare = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}>` });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === bare.id,
    );
    expect(String((reply.body as { content: string }).content)).toContain("/ask");
    await sleep(300);
    expect(messagePosts(since)).toHaveLength(1);
  });

  it("answers help, a greeting or a lone question mark with help rather than a search", async () => {
    const bot = `<@${h.fake.botUser.id}>`;
    const sent = [
      h.fake.sendMessage({ content: `${bot} help` }),
      h.fake.sendMessage({ content: `Hello ${bot}!` }),
      h.fake.sendMessage({ content: `${bot} ?` }),
      h.fake.sendMessage({ content: "hi there 👋", guild_id: null }),
    ];
    for (const message of sent) {
      const reply = await h.fake.waitForRequest(
        (r) =>
          r.method === "POST" &&
          (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
            ?.message_id === message.id,
      );
      const content = String((reply.body as { content?: string }).content);
      expect(content).toMatch(/^Ask me a question about the news articles/);
      expect(content).toContain("/help");
    }
  });

  /** Asks by mentioning the bot and returns the bot's answer, as posted in the channel. */
  async function botAnswerTo(question: string) {
    const asked = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> ${question}` });
    const answer = () =>
      h.fake
        .channelMessages(asked.channel_id)
        .find((m) => m.message_reference?.message_id === asked.id);
    await h.fake.waitUntil(() => answer() !== undefined, 5000, "the bot's answer");
    return answer()!;
  }

  const replyTo = (messageId: string) => (r: { method: string; body: unknown }) =>
    r.method === "POST" &&
    (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
      ?.message_id === messageId;

  it("answers a reply to one of its answers that pings it, as a question", async () => {
    const answer = await botAnswerTo("what did Poland and South Korea agree?");
    const since = h.fake.requests.length;
    const followUp = h.fake.sendMessage({
      content: "and when did the Harbor Bridge reopen?",
      message_reference: { message_id: answer.id },
    });
    expect(followUp.content).not.toContain(`<@${h.fake.botUser.id}>`);
    const reply = await h.fake.waitForRequest(replyTo(followUp.id));
    const body = reply.body as Record<string, unknown>;
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(embedOf(body).title).toBe("and when did the Harbor Bridge reopen?");
    expect(String(embedOf(body).description)).toContain("**Harbor Bridge");
    // Its own answer, a reply to that reply, is never taken for a question: one post only.
    await sleep(300);
    expect(messagePosts(since)).toHaveLength(1);
  });

  it("leaves alone a reply with the ping off, and replies to other people's messages", async () => {
    const answer = await botAnswerTo("where is Warsaw?");
    const since = h.fake.requests.length;
    h.fake.sendMessage({
      content: "when did the Harbor Bridge reopen?",
      message_reference: { message_id: answer.id },
      mentions: [],
    });
    const someone = h.fake.sendMessage({
      content: "I think the bridge reopened in November",
      author: { id: "700000000000000002", username: "someone" },
    });
    h.fake.sendMessage({
      content: "when did the Harbor Bridge reopen?",
      message_reference: { message_id: someone.id },
    });
    // Nor does it answer its own messages, or another bot's, replying to it.
    h.fake.sendMessage({
      content: "when did the Harbor Bridge reopen?",
      author: h.fake.botUser,
      message_reference: { message_id: answer.id },
    });
    h.fake.sendMessage({
      content: "when did the Harbor Bridge reopen?",
      author: { id: "700000000000000001", username: "otherbot" },
      bot: true,
      message_reference: { message_id: answer.id },
    });
    await sleep(300);
    expect(messagePosts(since)).toHaveLength(0);
    // A question asked after them is answered, and its answer is the one post since: none
    // of the messages above was answered late either.
    await botAnswerTo("where is Warsaw?");
    expect(messagePosts(since)).toHaveLength(1);
  });

  it("says nothing to a thank-you, in a reply to its answer, a mention or a DM", async () => {
    const answer = await botAnswerTo("where is Warsaw?");
    const since = h.fake.requests.length;
    const thanked = () =>
      h.logs.filter((entry) => entry.message === "mention" && entry.outcome === "thanks");
    const before = thanked().length;
    for (const thanks of ["thanks!", "Thank you so much", "ty", "thx 🙏", "👍", "ok cool"]) {
      h.fake.sendMessage({ content: thanks, message_reference: { message_id: answer.id } });
    }
    h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> thanks a lot` });
    h.fake.sendMessage({ content: "thank you!", guild_id: null });
    // Each of the eight was read, and taken for thanks, before nothing is said to be sent.
    await h.fake.waitUntil(() => thanked().length - before === 8, 5000, "eight thank-yous read");
    await sleep(100);
    expect(messagePosts(since)).toHaveLength(0);
    // A question in a reply is still answered.
    const question = h.fake.sendMessage({
      content: "thanks, and where is Warsaw?",
      message_reference: { message_id: answer.id },
    });
    await h.fake.waitForRequest(replyTo(question.id));
    // And it is the one post since the thank-yous, however late a reply to them would come.
    expect(messagePosts(since)).toHaveLength(1);
  });

  it("tells someone greeting it in a DM to just type a question, no mention needed", async () => {
    const message = h.fake.sendMessage({ content: "hello", guild_id: null });
    const reply = await h.fake.waitForRequest(
      (r) =>
        r.method === "POST" &&
        (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
          ?.message_id === message.id,
    );
    const content = String((reply.body as { content?: string }).content);
    expect(content).toContain("Just type your question here");
    expect(content).not.toContain("Mention me");
  });
});

describe("errors", () => {
  it("tells the user ephemerally when a command throws, and keeps answering", async () => {
    const failed = await callbackOf(h.fake, slash(h.fake, "explode"));
    expect(failed.type).toBe(4);
    expect(failed.data).toMatchObject({ content: GENERIC_ERROR, flags: EPHEMERAL });
    const logged = await waitForLog(h, (entry) => entry.message === "interaction failed");
    expect(JSON.stringify(logged)).toContain("kaboom");

    const next = await callbackOf(h.fake, ask(h.fake, POLAND_QUESTION));
    expect(next.type).toBe(4);
    expect(embedOf(next.data)).toBeDefined();
  });

  it("recovers when Discord rejects an answer", async () => {
    h.fake.failNext((r) => r.method === "POST" && r.path.endsWith("/callback"), {
      status: 400,
      body: { code: 50035, message: "Invalid Form Body" },
    });
    const interaction = ask(h.fake, POLAND_QUESTION);
    await h.fake.waitUntil(
      () =>
        h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${interaction.id}/`))
          .length === 2,
      5000,
      "the error reply",
    );
    const [rejected, notice] = h.fake.requests.filter((r) =>
      r.path.startsWith(`/interactions/${interaction.id}/`),
    );
    expect(rejected?.status).toBe(400);
    expect(notice?.body).toMatchObject({
      type: 4,
      data: { content: GENERIC_ERROR, flags: EPHEMERAL },
    });

    const next = await callbackOf(h.fake, ask(h.fake, POLAND_QUESTION));
    expect(next.type).toBe(4);
  });

  it("replaces a public deferred reply with a private notice when a command fails after deferring", async () => {
    // "Thinking…" was shown to everyone; the error is for the asker only.
    const interaction = slash(h.fake, "explode-later");
    const notice = await h.fake.waitForRequest(
      (r) => r.method === "POST" && r.path.endsWith(`/${interaction.token}`),
    );
    expect(notice.body).toMatchObject({ content: GENERIC_ERROR, flags: EPHEMERAL });
    expect(
      h.fake.requests.some(
        (r) => r.method === "DELETE" && r.path.includes(`/${interaction.token}/messages/`),
      ),
    ).toBe(true);
  });
});

describe("content changes", () => {
  it("serves an article added while running", async () => {
    const before = h.logs.filter((entry) => entry.message === "library loaded").length;
    await writeFile(
      path.join(h.contentDir, "2026-03-01-lighthouse.txt"),
      "date 2026-03-01\nThe old lighthouse on Gull Island was restored by volunteers and lit again on Sunday.\n",
    );
    await h.fake.waitUntil(
      () => h.logs.filter((entry) => entry.message === "library loaded").length > before,
      8000,
      "the library to reload",
    );
    const message = await answerOf(
      h.fake,
      ask(h.fake, "Who restored the lighthouse on Gull Island?"),
    );
    const description = String(embedOf(message).description);
    expect(description).toContain("**lighthouse**");
    expect(description).toContain("2026-03-01");
  });
});

describe("every message the bot sent above", () => {
  it("pings no one, but the user an asker chose with mention:", () => {
    const messages = messagesSent(h.fake);
    // Replies, edits, follow-ups and posts of every kind above: slash commands, buttons,
    // the message menu, mentions, DMs, refusals and errors.
    expect(messages.length).toBeGreaterThan(60);
    for (const message of messages) {
      expectPingsNoOneBut(message, message.content === `<@${MENTIONED}>` ? MENTIONED : undefined);
    }
  });
});
