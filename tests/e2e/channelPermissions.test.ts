/**
 * Mentions in channels where an admin has taken permissions from the bot, as Discord
 * enforces them: a reply needs Read Message History, embeds show only with Embed Links, and
 * nothing can be sent without Send Messages. The asker still gets the answer wherever the
 * bot may speak at all.
 */
import { PermissionFlagsBits as P } from "discord.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RecordedRequest } from "../fakeDiscord/index.ts";
import type { Harness } from "./harness.ts";
import { requestsSince, sleep, startHarness, waitForLog } from "./harness.ts";
import { openQuotes, quoteLines, sourceLines } from "../spoilerMarks.ts";

const QUESTION = "What did South Korea and Poland agree on security?";
const ASKER = { id: "800000000000000501", username: "asker" };

/** One guild per case, its @everyone and the bot's role holding the same permissions. */
function guild(id: string, channel: string, permissions: bigint) {
  const held = permissions.toString();
  return {
    id,
    name: `guild ${id.slice(-1)}`,
    channels: [{ id: channel, name: "general" }],
    everyonePermissions: held,
    appPermissions: held,
  };
}

const NO_EMBEDS = { guild: "1000000000000000011", channel: "2000000000000000011" };
const NO_HISTORY = { guild: "1000000000000000012", channel: "2000000000000000012" };
const READ_ONLY = { guild: "1000000000000000013", channel: "2000000000000000013" };

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    cooldownSeconds: 0,
    fake: {
      guilds: [
        guild(
          NO_EMBEDS.guild,
          NO_EMBEDS.channel,
          P.ViewChannel | P.SendMessages | P.ReadMessageHistory,
        ),
        guild(NO_HISTORY.guild, NO_HISTORY.channel, P.ViewChannel | P.SendMessages | P.EmbedLinks),
        guild(READ_ONLY.guild, READ_ONLY.channel, P.ViewChannel | P.ReadMessageHistory),
      ],
    },
  });
});

afterAll(async () => {
  await h?.close();
});

type Sent = {
  content?: string;
  embeds?: unknown[];
  message_reference?: unknown;
  allowed_mentions?: unknown;
};

/** Mentions the bot in a guild's channel; resolves with what the bot then posted there. */
async function mentionIn(
  where: { guild: string; channel: string },
  text: string,
): Promise<RecordedRequest> {
  const since = h.fake.requests.length;
  h.fake.sendMessage({
    guild_id: where.guild,
    channel_id: where.channel,
    author: ASKER,
    content: `<@${h.fake.botUser.id}> ${text}`,
  });
  return h.fake.waitForRequest(
    (r) =>
      h.fake.requests.indexOf(r) >= since &&
      r.method === "POST" &&
      r.path === `/channels/${where.channel}/messages` &&
      r.status === 200,
  );
}

it("answers in text where the bot may not show embeds", async () => {
  const sent = (await mentionIn(NO_EMBEDS, QUESTION)).body as Sent;
  // Discord would hide embeds here: the quotes, their article and date are the text itself.
  expect(sent.embeds ?? []).toEqual([]);
  expect(sent.content).toMatch(/^\*\*What did South Korea and Poland agree on security\?\*\*\n> /);
  expect(sent.content).toContain("South Korea and Poland have agreed");
  expect(sent.content).toMatch(/<t:\d+:R>/);
  expect(sent.content?.length).toBeLessThanOrEqual(2000);
  // Still a reply that pings no one.
  expect(sent.message_reference).toBeDefined();
  expect(sent.allowed_mentions).toEqual({ parse: [], replied_user: false });
});

it("hides the quotes of a text answer when the asker hid part of the question", async () => {
  const sent = (await mentionIn(NO_EMBEDS, "What did ||South Korea|| and Poland agree?"))
    .body as Sent;
  const text = sent.content ?? "";
  expect(text).toMatch(/^\*\*What did \|\|South Korea\|\| and Poland agree\?\*\*\n> \|\|/);
  expect(quoteLines(text).length).toBeGreaterThan(0);
  expect(openQuotes(text)).toEqual([]);
  // Each quote's article and date stay in sight.
  expect(sourceLines(text)).toHaveLength(quoteLines(text).length);
  for (const source of sourceLines(text)) expect(source).not.toContain("||");
  expect(text.length).toBeLessThanOrEqual(2000);
});

it("answers the asker by name where the bot may not reply, pinging no one", async () => {
  const sent = (await mentionIn(NO_HISTORY, QUESTION)).body as Sent;
  // A reply needs Read Message History: the answer is a message of its own, naming the asker.
  expect(sent.message_reference).toBeUndefined();
  expect(sent.content).toBe(`<@${ASKER.id}>`);
  expect(sent.embeds).toHaveLength(1);
  expect(sent.allowed_mentions).toEqual({ parse: [] });
});

it("tells the asker about a problem by name where the bot may not reply", async () => {
  const sent = (await mentionIn(NO_HISTORY, "")).body as Sent;
  expect(sent.message_reference).toBeUndefined();
  expect(sent.content).toMatch(new RegExp(`^<@${ASKER.id}> Ask me a question`));
  expect(sent.allowed_mentions).toEqual({ parse: [] });
});

it("sends nothing where it may not send messages, and logs why", async () => {
  const since = h.fake.requests.length;
  h.fake.sendMessage({
    guild_id: READ_ONLY.guild,
    channel_id: READ_ONLY.channel,
    author: ASKER,
    content: `<@${h.fake.botUser.id}> ${QUESTION}`,
  });
  const entry = await waitForLog(
    h,
    (line) => line.message === "mention refused" && line.guild === READ_ONLY.guild,
  );
  expect(entry.reason).toMatch(/may not send messages/);
  expect(requestsSince(h.fake, since, (r) => r.method === "POST")).toEqual([]);
});

it("falls back to a message of its own when Discord refuses a reply it expected to send", async () => {
  // The bot's view of its permissions can lag behind an admin's change.
  h.fake.failNext(
    (r) => r.method === "POST" && r.path === `/channels/${NO_EMBEDS.channel}/messages`,
    {
      status: 403,
      body: { code: 160002, message: "Cannot reply without permission to read message history" },
    },
  );
  const sent = (await mentionIn(NO_EMBEDS, QUESTION)).body as Sent;
  expect(sent.message_reference).toBeUndefined();
  expect(sent.content).toMatch(new RegExp(`^<@${ASKER.id}> \\*\\*What did`));
});

it("logs the refusal and tries nothing more when Discord refuses a reply for want of permissions", async () => {
  // An admin took Send Messages away after the bot last heard of its permissions.
  const since = h.fake.requests.length;
  h.fake.failNext(
    (r) => r.method === "POST" && r.path === `/channels/${NO_EMBEDS.channel}/messages`,
    { status: 403, body: { code: 50013, message: "Missing Permissions" } },
  );
  h.fake.sendMessage({
    guild_id: NO_EMBEDS.guild,
    channel_id: NO_EMBEDS.channel,
    author: ASKER,
    content: `<@${h.fake.botUser.id}> ${QUESTION}`,
  });
  const entry = await waitForLog(
    h,
    (line) => line.message === "mention refused" && line.guild === NO_EMBEDS.guild,
  );
  expect(entry.reason).toMatch(/may not send messages/);
  await sleep(300);
  expect(requestsSince(h.fake, since, (r) => r.method === "POST")).toHaveLength(1);
  expect(h.logs.some((line) => line.message === "mention failed")).toBe(false);
});

it("logs which message it could not tell about an error, under its own field", async () => {
  h.fake.failNext(
    (r) => r.method === "POST" && r.path === `/channels/${NO_EMBEDS.channel}/messages`,
    { status: 400, body: { code: 50035, message: "Invalid Form Body" } },
    2,
  );
  const message = h.fake.sendMessage({
    guild_id: NO_EMBEDS.guild,
    channel_id: NO_EMBEDS.channel,
    author: ASKER,
    content: `<@${h.fake.botUser.id}> ${QUESTION}`,
  });
  const entry = await waitForLog(h, (line) => line.messageId === message.id);
  expect(entry.message).toBe("could not tell the user about an error");
});
