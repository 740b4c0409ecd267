/**
 * No reply ever pings anyone it should not. The library holds an article whose text and
 * title try `@everyone`, `@here`, user and role mentions, a masked link, markdown and the rest
 * of Discord's markup (timestamps, command mentions, custom emoji, guide links); every
 * kind of reply the bot sends is triggered, and each request that carries a message is
 * checked on the wire: `allowed_mentions` present and empty (or naming only the user the
 * asker chose), mentions in article text made inert, markup escaped.
 */
import { InteractionType, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../src/discord/command.ts";
import {
  answerOf,
  callbackOf,
  click,
  customIds,
  embedOf,
  expectPingsNoOneBut,
  findInArticles,
  messageOf,
  slash,
} from "../e2e/harness.ts";
import type { BotUnderTest } from "../faults/harness.ts";
import { HOSTILE_ARTICLE, PLAIN_ARTICLES, startBotUnderTest } from "../faults/harness.ts";

const explode: Command = {
  data: { name: "explode", description: "Always fails" },
  execute() {
    return Promise.reject(new Error("kaboom <@123> @everyone"));
  },
};

let b: BotUnderTest;
let nextUser = 800_000_000_000_100_000n;
/** A fresh asker for each question, so the cooldown only shows where a test wants it. */
const freshUser = () => ({ id: String(nextUser++), username: "asker" });

beforeAll(async () => {
  b = await startBotUnderTest({
    articles: {
      ...PLAIN_ARTICLES,
      "2026-01-15-council.md": HOSTILE_ARTICLE,
      // More hearings, so an answer has a "More results" page.
      ...Object.fromEntries(
        [1, 2, 3, 4].map((n) => [
          `2026-01-0${n}-hearing.txt`,
          `date 2026-01-0${n}\nFerry timetable hearing number ${n} took place, and @here the agenda was posted for <@&456>.\n`,
        ]),
      ),
    },
    cooldownSeconds: 30,
    extraCommands: [explode],
  });
});

afterAll(async () => {
  await b?.close();
});

const HOSTILE_QUESTION = "What did the harbour council say about the hearing agenda?";
const TARGET = "800000000000000077";
const EPHEMERAL = 64;
const MANAGER = (PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel).toString();

function ask(question: string, options: Array<Record<string, unknown>> = [], extra = {}) {
  return b.fake.sendInteraction({
    type: InteractionType.ApplicationCommand,
    user: freshUser(),
    data: { name: "ask", options: [{ name: "question", type: 3, value: question }, ...options] },
    ...extra,
  });
}

/** Every piece of text a message shows. */
function textsOf(message: Record<string, unknown>): string[] {
  const texts = [(message.content as string | undefined) ?? ""];
  for (const embed of (message.embeds ?? []) as Array<Record<string, string | undefined>>) {
    texts.push(embed.title ?? "", embed.description ?? "");
    texts.push(String((embed.footer as { text?: string } | undefined)?.text ?? ""));
    for (const field of (embed.fields ?? []) as Array<{ name: string; value: string }>) {
      texts.push(field.name, field.value);
    }
  }
  return texts;
}

/** Checks one outgoing message; `allowedUser` is the one person the asker chose to ping. */
function expectHarmless(message: Record<string, unknown>, allowedUser?: string): void {
  expectPingsNoOneBut(message, allowedUser);
  for (const text of textsOf(message)) {
    expect(text).not.toMatch(/@(everyone|here)/i);
    // Only the chosen user and the bot itself (in help text) appear as real mentions.
    for (const [, id] of text.matchAll(/<@[!&]?(\d+)>/g)) {
      expect([allowedUser, b.fake.botUser.id]).toContain(id);
    }
    expect(text).not.toMatch(/<#\d+>/);
    // A masked link from article text stays visible as text, never a working link.
    expect(text).not.toMatch(/(?<!\\)\]\(https:\/\/evil\.example/);
    // Timestamps, command mentions, custom emoji and guide links from article text are text.
    expect(text).not.toMatch(/<(?:t:1234567890|\/vote:|\/feed add:|a?:party:|a:dance:|id:guide)/);
  }
}

/** Runs `trigger` and checks every message the bot sent because of it. */
async function sentDuring(
  trigger: () => Promise<unknown>,
  allowedUser?: string,
): Promise<Array<Record<string, unknown>>> {
  const since = b.fake.requests.length;
  await trigger();
  await new Promise((resolve) => setTimeout(resolve, 100));
  const messages = b.fake.requests
    .slice(since)
    .map(messageOf)
    .filter((m): m is Record<string, unknown> => m !== null);
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) expectHarmless(message, allowedUser);
  return messages;
}

describe("every reply is harmless", () => {
  it("slash reply: quotes show @everyone, mentions and the masked link as inert text", async () => {
    // Asks for both paragraphs of the hostile article: the invitation and the organisers' pings.
    const question =
      "Who was invited to the harbour council hearing, and whom did organisers ask residents to ping?";
    const [message] = await sentDuring(() => answerOf(b.fake, ask(question)));
    const description = String(embedOf(message!).description);
    expect(description).toContain("@\u200beveryone");
    expect(description).toContain("\\[click\\](https://evil.example)");
    expect(description).toMatch(/<\u200b@&456>/);
    // The article's own title is escaped too.
    expect(description).toContain("\\*\\*vote\\*\\*");
    expect(description).toContain("<\u200bt:1234567890:R> <\u200b:party:2222>");
  });

  it("slash reply: timestamps, command mentions, custom emoji and guide links stay text", async () => {
    const [message] = await sentDuring(() =>
      answerOf(
        b.fake,
        ask("When does the harbour council vote close, and how do residents run it?"),
      ),
    );
    const description = String(embedOf(message!).description);
    // (The Markdown article's body drops `<id:guide>` as an HTML tag; its title keeps it.)
    for (const markup of [
      "t:1234567890:R>",
      "/",
      "/feed add:1112>",
      ":party:2222>",
      "a:dance:3333>",
    ]) {
      expect(description).toContain(`<\u200b${markup}`);
    }
    expect(description).toContain("<\u200bid:guide>");
  });

  it("hidden reply", async () => {
    const [message] = await sentDuring(() =>
      answerOf(b.fake, ask(HOSTILE_QUESTION, [{ name: "hide", type: 5, value: true }])),
    );
    expect(message!.flags).toBe(EPHEMERAL);
  });

  it("mention: pings only the chosen user, never anyone named in the quotes", async () => {
    const [message] = await sentDuring(
      () =>
        answerOf(
          b.fake,
          ask(HOSTILE_QUESTION, [{ name: "mention", type: 6, value: TARGET }], {
            data: {
              name: "ask",
              options: [
                { name: "question", type: 3, value: HOSTILE_QUESTION },
                { name: "mention", type: 6, value: TARGET },
              ],
              resolved: {
                users: { [TARGET]: { id: TARGET, username: "friend", discriminator: "0" } },
              },
            },
          }),
        ),
      TARGET,
    );
    expect(message!.content).toBe(`<@${TARGET}>`);
  });

  it("context menu (Find in articles)", async () => {
    const question = `@everyone ${HOSTILE_QUESTION} <@&456>`;
    await sentDuring(() =>
      callbackOf(b.fake, findInArticles(b.fake, question, { user: freshUser() })),
    );
  });

  it("More results and feedback buttons", async () => {
    const first = await answerOf(b.fake, ask("ferry timetable hearing agenda @everyone"));
    const ids = customIds(first);
    const more = ids.find((id) => id.startsWith("more:"));
    expect(more).toBeDefined();
    await sentDuring(() => callbackOf(b.fake, click(b.fake, more!, { user: freshUser() })));
    const up = ids.find((id) => id.startsWith("fb:up:"));
    await sentDuring(() => callbackOf(b.fake, click(b.fake, up!, { user: freshUser() })));
  });

  it("nothing found, which names the closest (hostile) titles", async () => {
    const [message] = await sentDuring(() =>
      answerOf(b.fake, ask("council vote zebra xylophone quantum")),
    );
    expect(String(message!.content)).toMatch(/^Nothing in the articles answers that\./);
  });

  it("error message", async () => {
    const [message] = await sentDuring(() =>
      callbackOf(b.fake, slash(b.fake, "explode", [], { user: freshUser() })),
    );
    expect(message!.flags).toBe(EPHEMERAL);
  });

  it("cooldown notice, for a command and for a mention", async () => {
    const user = freshUser();
    const again = () =>
      b.fake.sendInteraction({
        type: InteractionType.ApplicationCommand,
        user,
        data: { name: "ask", options: [{ name: "question", type: 3, value: HOSTILE_QUESTION }] },
      });
    await answerOf(b.fake, again());
    const [notice] = await sentDuring(() => callbackOf(b.fake, again()));
    expect(String(notice!.content)).toMatch(/please wait/);

    const author = freshUser();
    const mention = () =>
      b.fake.sendMessage({ content: `<@${b.fake.botUser.id}> ${HOSTILE_QUESTION}`, author });
    const replyTo = (id: string) =>
      b.fake.waitForRequest(
        (r) =>
          r.method === "POST" &&
          (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
            ?.message_id === id,
      );
    const answered = await sentDuring(() => replyTo(mention().id));
    expect(String(embedOf(answered[0]!).description)).toContain("@\u200beveryone");
    const [cooling] = await sentDuring(() => replyTo(mention().id));
    expect(String(cooling!.content)).toMatch(/please wait/);
    // A bare mention gets help, which names the bot without pinging it.
    await sentDuring(() =>
      replyTo(b.fake.sendMessage({ content: `<@${b.fake.botUser.id}>`, author: freshUser() }).id),
    );
  });

  it("/article, /articles with its page buttons, /help", async () => {
    const [card] = await sentDuring(() =>
      answerOf(
        b.fake,
        slash(b.fake, "article", [{ name: "title", type: 3, value: "2026-01-15-council" }]),
      ),
    );
    expect(String(embedOf(card!).title)).toContain("\\[click\\](https://evil.example)");
    expect(String(embedOf(card!).title)).toContain("<\u200bt:1234567890:R>");
    const [list] = await sentDuring(() => answerOf(b.fake, slash(b.fake, "articles")));
    await sentDuring(() =>
      callbackOf(b.fake, click(b.fake, customIds(list!)[1] ?? "articles:next:1")),
    );
    await sentDuring(() => answerOf(b.fake, slash(b.fake, "help")));
  });

  it("/reload, refused and allowed", async () => {
    await sentDuring(() => callbackOf(b.fake, slash(b.fake, "reload")));
    await sentDuring(() =>
      answerOf(b.fake, slash(b.fake, "reload", [], { member_permissions: MANAGER })),
    );
  });

  it("no message the bot sent in this file could ping anyone but the chosen user", () => {
    const messages = b.fake.requests.map(messageOf).filter((m) => m !== null);
    expect(messages.length).toBeGreaterThan(15);
    for (const message of messages) {
      const users = (message.allowed_mentions as { users?: string[] } | undefined)?.users;
      expectHarmless(message, users?.length ? TARGET : undefined);
    }
  });
});

describe("/reload needs Manage Server", () => {
  it.each([
    ["a member without it", "0"],
    [
      "a member with every other permission",
      (
        ~PermissionFlagsBits.ManageGuild &
        ((1n << 50n) - 1n) &
        ~PermissionFlagsBits.Administrator
      ).toString(),
    ],
  ])("refuses %s privately and reloads nothing", async (_name, permissions) => {
    const logsBefore = b.logs.length;
    const callback = await callbackOf(
      b.fake,
      slash(b.fake, "reload", [], { member_permissions: permissions }),
    );
    expect(callback.type).toBe(4);
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(String(callback.data.content)).toContain("Manage Server");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const since = b.logs.slice(logsBefore).map((entry) => entry.message);
    expect(since).not.toContain("library loaded");
    expect(since).not.toContain("library reloaded on request");
    expect(since).toContain("interaction refused");
    expect(b.context.library.reloading).toBe(false);
  });

  it("refuses in a DM, where there are no server permissions", async () => {
    const loadsBefore = b.logs.filter((entry) => entry.message === "library loaded").length;
    const callback = await callbackOf(b.fake, slash(b.fake, "reload", [], { guild_id: null }));
    expect(callback.data.flags).toBe(EPHEMERAL);
    expect(String(callback.data.content)).toContain("Manage Server");
    expect(b.logs.filter((entry) => entry.message === "library loaded")).toHaveLength(loadsBefore);
  });
});
