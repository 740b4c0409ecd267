/**
 * Discord's REST API misbehaves: rate limits, server errors, dropped connections and
 * interactions that expired before the answer arrived. Each answer is delivered exactly
 * once or the user is told; the failure is logged; the bot keeps answering.
 */
import { HTTPError, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERIC_ERROR, userMessageFor } from "../../src/discord/errors.ts";
import { answerOf, ask, embedOf, slash } from "../e2e/harness.ts";
import type { BotUnderTest } from "./harness.ts";
import { interactionRequests, logLine, startBotUnderTest } from "./harness.ts";

let b: BotUnderTest;

const WINDOW_MS = 1500;

beforeAll(async () => {
  b = await startBotUnderTest({
    proxy: true,
    // A shorter answer window than Discord's 3 s keeps the expiry test quick.
    fake: { interactionResponseTimeoutMs: WINDOW_MS },
  });
});

afterAll(async () => {
  await b?.close();
});

const QUESTION = "What did South Korea and Poland agree on security?";
const EPHEMERAL = 64;
const NETWORK_NOTICE = "Discord didn't accept the answer just now. Please try again in a moment.";

const isCallback = (id: string) => (r: { method: string; path: string }) =>
  r.method === "POST" && r.path.startsWith(`/interactions/${id}/`) && r.path.endsWith("/callback");
/** Matches the callback of the next interaction the fake sends (ids grow). */
const anyCallback = (r: { method: string; path: string }) =>
  r.method === "POST" && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path);

/** A /reload from a member with Manage Server: it defers its reply, privately. */
function reloadAsManager() {
  return slash(b.fake, "reload", [], {
    member_permissions: (
      PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel
    ).toString(),
  });
}

async function answersNext(): Promise<void> {
  const message = await answerOf(b.fake, ask(b.fake, QUESTION));
  expect(String(embedOf(message).description)).toContain("**Poland**");
}

async function settle(ms = 200): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe("rate limits", () => {
  it("waits out a 429 on the reply and delivers the answer exactly once", async () => {
    b.fake.failNext(anyCallback, { status: 429, body: { retry_after: 0.2 } });
    const interaction = ask(b.fake, QUESTION);
    await b.fake.waitUntil(
      () => interactionRequests(b.fake, interaction).some((r) => r.status === 204),
      5000,
      "the answer after the rate limit",
    );
    await settle();
    const requests = interactionRequests(b.fake, interaction);
    expect(requests.map((r) => r.status)).toEqual([429, 204]);
    expect(requests[1]!.at - requests[0]!.at).toBeGreaterThanOrEqual(150);
    const original = b.fake.originalResponse(interaction.id);
    expect(String(original?.embeds[0]?.description)).toContain("**Poland**");
  });

  it("waits out a 429 on a mention reply and posts it once", async () => {
    b.fake.failNext((r) => r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path), {
      status: 429,
      body: { retry_after: 0.1 },
    });
    const since = b.fake.requests.length;
    const message = b.fake.sendMessage({ content: `<@${b.fake.botUser.id}> ${QUESTION}` });
    const replies = () =>
      b.fake.requests
        .slice(since)
        .filter(
          (r) =>
            r.method === "POST" &&
            (r.body as { message_reference?: { message_id?: string } } | undefined)
              ?.message_reference?.message_id === message.id,
        );
    await b.fake.waitUntil(() => replies().some((r) => r.status === 200), 5000, "the reply");
    await settle();
    expect(replies().map((r) => r.status)).toEqual([429, 200]);
  });
});

describe("server errors", () => {
  it("retries a single 500 on the reply and delivers the answer once", async () => {
    b.fake.failNext(anyCallback, { status: 500 });
    const interaction = ask(b.fake, QUESTION);
    await b.fake.waitUntil(
      () => interactionRequests(b.fake, interaction).some((r) => r.status === 204),
      5000,
      "the answer after the 500",
    );
    await settle();
    expect(interactionRequests(b.fake, interaction).map((r) => r.status)).toEqual([500, 204]);
  });

  it("when every attempt gets a 500: logs it, tells the user, keeps answering", async () => {
    // The REST client tries 4 times; all fail, the notice that follows gets through.
    b.fake.failNext(anyCallback, { status: 500 }, 4);
    const interaction = ask(b.fake, QUESTION);
    const notice = await b.fake.waitForRequest(
      (r) => isCallback(interaction.id)(r) && r.status === 204,
    );
    expect(notice.body).toMatchObject({
      type: 4,
      data: { content: NETWORK_NOTICE, flags: EPHEMERAL },
    });
    expect(interactionRequests(b.fake, interaction).map((r) => r.status)).toEqual([
      500, 500, 500, 500, 204,
    ]);
    const logged = await logLine(
      b,
      (entry) => entry.message === "interaction failed" && entry.command === "ask",
    );
    expect(JSON.stringify(logged.err)).toContain("500");
    await answersNext();
  });

  it("tells the user in the deferred reply when its edit keeps failing", async () => {
    b.fake.failNext(
      (r) => r.method === "PATCH" && /\/messages\/(?:@|%40)original$/.test(r.path),
      { status: 502 },
      4,
    );
    const interaction = reloadAsManager();
    await b.fake.waitUntil(
      () =>
        interactionRequests(b.fake, interaction).some(
          (r) => r.method === "PATCH" && r.status === 200,
        ),
      5000,
      "the error notice in the deferred reply",
    );
    const requests = interactionRequests(b.fake, interaction);
    expect(requests.map((r) => `${r.method} ${r.status}`)).toEqual([
      "POST 204",
      "PATCH 502",
      "PATCH 502",
      "PATCH 502",
      "PATCH 502",
      "PATCH 200",
    ]);
    expect(requests.at(-1)?.body).toMatchObject({ content: NETWORK_NOTICE });
    expect(b.fake.originalResponse(interaction.id)?.flags).toBe(EPHEMERAL);
    await answersNext();
  });

  it("follows up privately when the deferred reply cannot be edited any more", async () => {
    // The deferred reply is gone (Unknown Message): the notice comes as a private follow-up
    // instead of being lost.
    b.fake.failNext(
      (r) => r.method === "PATCH" && /\/messages\/(?:@|%40)original$/.test(r.path),
      { status: 404, body: { code: 10008, message: "Unknown Message" } },
      2,
    );
    const interaction = reloadAsManager();
    await b.fake.waitUntil(
      () =>
        interactionRequests(b.fake, interaction).some(
          (r) => r.method === "POST" && !r.path.endsWith("/callback") && r.status === 200,
        ),
      5000,
      "the error notice as a follow-up",
    );
    const followUp = interactionRequests(b.fake, interaction).at(-1);
    expect(followUp?.body).toMatchObject({ content: GENERIC_ERROR, flags: EPHEMERAL });
    await answersNext();
  });

  it("tells a mention's author with a reply when the answer cannot be posted", async () => {
    const posts = (r: { method: string; path: string }) =>
      r.method === "POST" && /^\/channels\/\d+\/messages$/.test(r.path);
    b.fake.failNext(posts, { status: 503 }, 4);
    const since = b.fake.requests.length;
    b.fake.sendMessage({ content: `<@${b.fake.botUser.id}> ${QUESTION}` });
    await b.fake.waitUntil(
      () => b.fake.requests.slice(since).some((r) => posts(r) && r.status === 200),
      5000,
      "the error reply",
    );
    const sent = b.fake.requests.slice(since).filter(posts);
    expect(sent.map((r) => r.status)).toEqual([503, 503, 503, 503, 200]);
    expect(sent.at(-1)?.body).toMatchObject({
      content: NETWORK_NOTICE,
      allowed_mentions: { parse: [], replied_user: false },
    });
    await logLine(b, (entry) => entry.message === "mention failed");
  });
});

describe("network errors", () => {
  it("retries a reply whose connection was reset and delivers it once", async () => {
    b.proxy!.cutNext(anyCallback);
    const cut = b.proxy!.cut;
    const interaction = ask(b.fake, QUESTION);
    const message = await answerOf(b.fake, interaction);
    expect(String(embedOf(message).description)).toContain("**Poland**");
    expect(b.proxy!.cut).toBe(cut + 1);
    await settle();
    expect(interactionRequests(b.fake, interaction).map((r) => r.status)).toEqual([204]);
  });

  it("when the connection keeps dropping: logs it, tells the user, keeps answering", async () => {
    b.proxy!.cutNext(anyCallback, 4);
    const interaction = ask(b.fake, QUESTION);
    const notice = await b.fake.waitForRequest(isCallback(interaction.id));
    expect(notice.body).toMatchObject({
      type: 4,
      data: { content: NETWORK_NOTICE, flags: EPHEMERAL },
    });
    const logged = await logLine(
      b,
      (entry) =>
        entry.message === "interaction failed" && JSON.stringify(entry.err).includes("ECONNRESET"),
    );
    expect(logged.command).toBe("ask");
    await answersNext();
  });
});

describe("expired interactions", () => {
  it("logs an answer that arrives after the interaction expired (10062), and nothing else breaks", async () => {
    // Hold the reply back past the window: Discord answers 10062 Unknown interaction.
    b.proxy!.delayNext(anyCallback, WINDOW_MS + 200);
    const interaction = ask(b.fake, QUESTION);
    const rejected = await b.fake.waitForRequest(isCallback(interaction.id), 5000);
    expect(rejected.status).toBe(404);
    const logged = await logLine(
      b,
      (entry) =>
        entry.message === "interaction failed" &&
        JSON.stringify(entry.err).includes("10062") &&
        entry.command === "ask",
    );
    expect(logged.outcome).toBe("error");
    await settle(300);
    // No notice is attempted: the interaction can no longer be answered.
    expect(interactionRequests(b.fake, interaction)).toHaveLength(1);
    await answersNext();
  });
});

describe("user messages for errors", () => {
  it("uses the try-again wording for Discord outages and dropped connections only", () => {
    const outage = new HTTPError(503, "Service Unavailable", "POST", "https://x/api", {
      body: undefined,
      files: undefined,
    });
    expect(userMessageFor(outage)).toBe(NETWORK_NOTICE);
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    expect(userMessageFor(reset)).toBe(NETWORK_NOTICE);
    expect(userMessageFor(new Error("kaboom"))).toBe(GENERIC_ERROR);
  });
});
