import { afterAll, beforeAll, expect, it } from "vitest";
import type { Harness } from "./harness.ts";
import {
  answerOf,
  ask,
  callbackOf,
  click,
  customIds,
  embedOf,
  expectPingsNoOneBut,
  messagesSent,
  requestsSince,
  startHarness,
  waitForLog,
} from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ cooldownSeconds: 30 });
});

afterAll(async () => {
  await h?.close();
});

it("asks a user who repeats a question too fast to wait, politely and privately", async () => {
  const first = await callbackOf(h.fake, ask(h.fake, "What did Poland agree to?"));
  expect(embedOf(first.data)).toBeDefined();

  const second = await callbackOf(h.fake, ask(h.fake, "When did the Harbor Bridge reopen?"));
  expect(second.type).toBe(4);
  expect(second.data.flags).toBe(64);
  expect(String(second.data.content)).toMatch(/please wait \d+ seconds/);

  // The cooldown is per user: someone else is answered at once.
  const other = await callbackOf(
    h.fake,
    h.fake.sendInteraction({
      type: 2,
      user: { id: "800000000000000099", username: "other" },
      data: {
        name: "ask",
        options: [{ name: "question", type: 3, value: "Harbor Bridge repairs" }],
      },
    }),
  );
  expect(embedOf(other.data)).toBeDefined();
});

it("applies to mentions too", async () => {
  const since = h.fake.requests.length;
  const message = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what about Poland?` });
  const reply = await h.fake.waitForRequest(
    (r) =>
      r.method === "POST" &&
      (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference
        ?.message_id === message.id,
  );
  expect(String((reply.body as { content?: string }).content)).toMatch(/please wait/);
  expect(requestsSince(h.fake, since, (r) => r.method === "POST")).toHaveLength(1);
});

it("tells a mentioning user about the cooldown once, not once per mention", async () => {
  const author = { id: "800000000000000077", username: "eager" };
  const mention = () =>
    h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what about Poland?`, author });
  const cooling = () =>
    h.logs.filter(
      (entry) =>
        entry.message === "mention" && entry.user === author.id && entry.outcome === "cooldown",
    ).length;
  mention();
  await waitForLog(
    h,
    (entry) => entry.message === "mention" && entry.user === author.id && entry.outcome === "ok",
  );
  const since = h.fake.requests.length;
  mention();
  await h.fake.waitUntil(() => cooling() === 1, 5000, "the first cooldown");
  mention();
  mention();
  await h.fake.waitUntil(() => cooling() === 3, 5000, "three cooldowns");
  const replies = requestsSince(h.fake, since, (r) => r.method === "POST");
  expect(replies).toHaveLength(1);
  expect(String((replies[0]?.body as { content?: string }).content)).toMatch(/please wait/);
});

it("counts a bare mention (answered with help) like a question", async () => {
  const author = { id: "800000000000000078", username: "curious" };
  const since = h.fake.requests.length;
  for (let i = 0; i < 3; i++) h.fake.sendMessage({ content: `<@${h.fake.botUser.id}>`, author });
  await h.fake.waitUntil(
    () =>
      h.logs.filter((entry) => entry.message === "mention" && entry.user === author.id).length ===
      3,
    5000,
    "three mentions handled",
  );
  const replies = requestsSince(h.fake, since, (r) => r.method === "POST");
  expect(replies.map((r) => String((r.body as { content?: string }).content))).toEqual([
    expect.stringContaining("Mention me with your question"),
    expect.stringMatching(/please wait/),
  ]);
});

it("does not count a question refused for an unreadable option", async () => {
  // Corrected and sent straight away, the question is answered: nothing was searched the
  // first time, so there was nothing to cool down from.
  const user = { id: "800000000000000066", username: "typist" };
  const asked = (options: Array<{ name: string; type: number; value: string }>) =>
    callbackOf(
      h.fake,
      h.fake.sendInteraction({
        type: 2,
        user,
        data: {
          name: "ask",
          options: [{ name: "question", type: 3, value: "What did Poland agree to?" }, ...options],
        },
      }),
    );
  const refused = await asked([{ name: "until", type: 3, value: "when pigs fly" }]);
  expect(refused.data.flags).toBe(64);
  expect(String(refused.data.content)).toContain("`until`");
  const answered = await asked([]);
  expect(embedOf(answered.data)).toBeDefined();
  expect(answered.data.content).toBeUndefined();
});

it("lets the asker page through an answer at once: More results is no new question", async () => {
  // The next page is private to whoever clicks and asks no new question, so the cooldown
  // between questions does not hold it back.
  const user = { id: "800000000000000055", username: "reader" };
  const first = await answerOf(
    h.fake,
    h.fake.sendInteraction({
      type: 2,
      user,
      data: {
        name: "ask",
        options: [{ name: "question", type: 3, value: "security dialogue Korea Poland" }],
      },
    }),
  );
  const more = customIds(first).find((id) => id.startsWith("more:"));
  expect(more).toBeDefined();
  const page = await callbackOf(h.fake, click(h.fake, more ?? "", { user }));
  expect(page.data.content).toBeUndefined();
  expect(embedOf(page.data)?.description).toBeDefined();
  // Pages come at most one a second: a script pressing away cannot keep the bot searching.
  const pressedAgain = await callbackOf(h.fake, click(h.fake, more ?? "", { user }));
  expect(pressedAgain.data.flags).toBe(64);
  expect(String(pressedAgain.data.content)).toMatch(/please wait/);
  // A new question is still held back.
  const again = await callbackOf(
    h.fake,
    h.fake.sendInteraction({
      type: 2,
      user,
      data: { name: "ask", options: [{ name: "question", type: 3, value: "Harbor Bridge" }] },
    }),
  );
  expect(again.data.flags).toBe(64);
  expect(String(again.data.content)).toMatch(/please wait/);
});

it("pings no one in any notice, answer or reply above, cooling down or not", () => {
  const messages = messagesSent(h.fake);
  expect(messages.length).toBeGreaterThan(10);
  for (const message of messages) expectPingsNoOneBut(message);
});
