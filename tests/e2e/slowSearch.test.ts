/**
 * While a search may be slow (here: a reload in progress), every way of asking defers its
 * reply first, so Discord's 3-second window is never missed, and the answer follows as an
 * edit of the deferred reply.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LibraryStore } from "../../src/content/libraryStore.ts";
import type { Harness } from "./harness.ts";
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
  slash,
  startHarness,
} from "./harness.ts";

const DEFERRED = 5;
const DEFERRED_UPDATE = 6;
const EPHEMERAL = 64;

let h: Harness;
let store: LibraryStore;

beforeAll(async () => {
  h = await startHarness({ fillers: 6 });
  store = h.context.library;
  // The library reports a reload in progress; everything else is the real store.
  h.context.library = new Proxy(store, {
    get: (target, key): unknown => (key === "reloading" ? true : Reflect.get(target, key)),
  });
});

afterAll(async () => {
  h.context.library = store;
  await h?.close();
});

describe("while a search may be slow", () => {
  it("/ask defers, then edits in the answer", async () => {
    const interaction = ask(h.fake, "What did Poland agree to?");
    const callback = await callbackOf(h.fake, interaction);
    expect(callback.type).toBe(DEFERRED);
    // Deferred in public: everyone sees the answer when it comes.
    expect(callback.data.flags ?? 0).toBe(0);
    expect(String(embedOf(await answerOf(h.fake, interaction)).description)).toContain("Poland");
  });

  it("Find in articles defers privately, then edits in the answer", async () => {
    const interaction = findInArticles(h.fake, "Why did the Harbor Bridge close for repairs?");
    const callback = await callbackOf(h.fake, interaction);
    expect(callback).toMatchObject({ type: DEFERRED, data: { flags: EPHEMERAL } });
    expect(String(embedOf(await answerOf(h.fake, interaction)).description)).toContain("Harbor");
  });

  it("More results defers privately, then edits in the next page", async () => {
    const first = await answerOf(h.fake, ask(h.fake, "security dialogue Korea Poland"));
    const more = customIds(first).find((id) => id.startsWith("more:"));
    expect(more).toBeDefined();
    const interaction = click(h.fake, more ?? "");
    const callback = await callbackOf(h.fake, interaction);
    expect(callback).toMatchObject({ type: DEFERRED, data: { flags: EPHEMERAL } });
    const page = await answerOf(h.fake, interaction);
    expect((embedOf(page).footer as { text: string }).text).toMatch(/results 4–/);
  });

  it("/articles about a topic defers, then edits in the list; its Next defers the page turn", async () => {
    const interaction = slash(h.fake, "articles", [{ name: "topic", type: 3, value: "choir" }]);
    const callback = await callbackOf(h.fake, interaction);
    expect(callback.type).toBe(DEFERRED);
    expect(callback.data.flags ?? 0).toBe(0);
    const list = await answerOf(h.fake, interaction);
    expect((embedOf(list).footer as { text: string }).text).toBe("Page 1 of 1 · 6 articles");
    const shown = h.fake.originalResponse(interaction.id);
    const turned = click(h.fake, "articles:next:1:::choir", { message: shown });
    expect((await callbackOf(h.fake, turned)).type).toBe(DEFERRED_UPDATE);
    const edit = await h.fake.waitForRequest(
      (r) =>
        r.method === "PATCH" &&
        decodeURIComponent(r.path) ===
          `/webhooks/${h.fake.applicationId}/${turned.token}/messages/@original`,
    );
    expect((embedOf(edit.body as Record<string, unknown>).footer as { text: string }).text).toBe(
      "Page 1 of 1 · 6 articles",
    );
  });
});

/** The user the one answer with `mention:` pings. */
const FRIEND = "800000000000000042";

it("/ask with mention: the answer is a new message, so the chosen user is pinged", async () => {
  const friend = FRIEND;
  const interaction = slash(h.fake, "ask", [], {
    data: {
      options: [
        { name: "question", type: 3, value: "What did Poland agree to?" },
        { name: "mention", type: 6, value: friend },
      ],
      resolved: { users: { [friend]: { id: friend, username: "friend", discriminator: "0" } } },
    },
  });
  expect((await callbackOf(h.fake, interaction)).type).toBe(DEFERRED);
  const webhook = `/webhooks/${h.fake.applicationId}/${interaction.token}`;
  const followUp = await h.fake.waitForRequest((r) => r.method === "POST" && r.path === webhook);
  const body = followUp.body as Record<string, unknown>;
  expect(body).toMatchObject({ content: `<@${friend}>`, allowed_mentions: { users: [friend] } });
  expect(body.flags ?? 0).toBe(0);
  expect(String(embedOf(body).description)).toContain("Poland");
  // The deferred "thinking…" reply was removed, not edited into the answer.
  expect(
    h.fake.requests.some(
      (r) =>
        r.method === "PATCH" &&
        decodeURIComponent(r.path).startsWith(`${webhook}/messages/@original`),
    ),
  ).toBe(false);
});

it("pings no one in any edit or message it sent above, but the user chosen with mention:", () => {
  const messages = messagesSent(h.fake);
  expect(messages.length).toBeGreaterThan(5);
  for (const message of messages) {
    expectPingsNoOneBut(message, message.content === `<@${FRIEND}>` ? FRIEND : undefined);
  }
});
