/**
 * The gateway connection drops (abnormal close, a 4000 "unknown error", heartbeats no longer
 * acknowledged, an outage): the bot resumes its session and answers the next question,
 * including one asked while it was disconnected, and logs an outage once, not per attempt.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerOf, ask, embedOf } from "../e2e/harness.ts";
import type { BotUnderTest } from "./harness.ts";
import { logLine, startBotUnderTest } from "./harness.ts";

let b: BotUnderTest;

beforeAll(async () => {
  // Short heartbeats so a missing ACK is noticed in well under a second.
  b = await startBotUnderTest({ fake: { heartbeatInterval: 250 } });
});

afterAll(async () => {
  await b?.close();
});

/** Long enough for several reconnect attempts (discord.js retries about twice a second). */
const OUTAGE_MS = 1500;

const QUESTION = "What did South Korea and Poland agree on security?";

async function resumedAfter(count: number): Promise<void> {
  await b.fake.waitUntil(
    () => b.fake.resumes.filter((r) => r.resumed).length > count && b.fake.connections() === 1,
    5000,
    "the bot to resume its session",
  );
}

describe("gateway faults", () => {
  it.each([
    ["an abnormal close (1006)", 1006],
    ["close code 4000 (unknown error)", 4000],
  ])("resumes after %s and answers a question asked while it was away", async (_name, code) => {
    const resumed = b.fake.resumes.filter((r) => r.resumed).length;
    b.fake.closeGateway(code);
    // Dispatched while disconnected: Discord replays it on RESUME.
    const interaction = ask(b.fake, QUESTION);
    await resumedAfter(resumed);
    const message = await answerOf(b.fake, interaction);
    expect(String(embedOf(message).description)).toContain("**Poland**");
    // Same session: resumed, not a fresh IDENTIFY.
    expect(b.fake.identifies).toHaveLength(1);
    await logLine(
      b,
      (entry) => entry.message === "gateway connection back" && entry.how === "resumed",
    );

    const next = await answerOf(b.fake, ask(b.fake, QUESTION));
    expect(String(embedOf(next).description)).toContain("**Poland**");
  });

  it("reconnects when heartbeats stop being acknowledged, then answers", async () => {
    const resumed = b.fake.resumes.filter((r) => r.resumed).length;
    b.fake.stopHeartbeatAcks();
    await resumedAfter(resumed);
    const message = await answerOf(b.fake, ask(b.fake, QUESTION));
    expect(String(embedOf(message).description)).toContain("**Poland**");
    expect(b.fake.identifies).toHaveLength(1);
  });

  it("logs an outage once when it starts and once, with its length, when it ends", async () => {
    const from = b.logs.length;
    const end = b.fake.gatewayOutage();
    // Every reconnect attempt fails while the gateway is down.
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    end();
    // After a failed attempt discord.js starts a new session, which waits for its identify
    // slot (5 s after the last one).
    const back = await logLine(
      b,
      (entry) => entry.message === "gateway connection back",
      10_000,
      from,
    );
    // What an operator sees at the usual level (info): the attempts are at debug level.
    const lines = b.logs
      .slice(from)
      .filter((entry) => entry.level !== "debug" && JSON.stringify(entry).includes("shard"));
    expect(lines.map((entry) => [entry.level, entry.message])).toEqual([
      ["warn", "gateway connection lost, reconnecting"],
      ["info", "gateway connection back"],
    ]);
    expect(back).toMatchObject({ shard: 0 });
    expect(Number(back.outageMs)).toBeGreaterThanOrEqual(OUTAGE_MS);
    // The outage did take several attempts: each was kept out of the log.
    expect(Number(back.attempts)).toBeGreaterThan(1);
    const message = await answerOf(b.fake, ask(b.fake, QUESTION));
    expect(String(embedOf(message).description)).toContain("**Poland**");
  });
});

describe("stopping the bot", () => {
  it("closes the gateway without reporting it as lost", async () => {
    const stopped = await startBotUnderTest();
    const from = stopped.logs.length;
    await stopped.bot.stop();
    const lines = stopped.logs.slice(from).filter((entry) => entry.level !== "debug");
    await stopped.close();
    expect(lines.map((entry) => [entry.level, entry.message])).toEqual([
      ["info", "disconnected from Discord"],
    ]);
  });
});
