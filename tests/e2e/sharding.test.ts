/**
 * `npm run start:sharded` against the fake Discord: the sharding manager starts one process
 * per shard, each identifies with its own shard and answers in the guilds it owns.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createServer, type AddressInfo, type Server } from "node:net";
import { afterEach, beforeAll, afterAll, describe, expect, it } from "vitest";
import type { FakeDiscord } from "../fakeDiscord/index.ts";
import { startFakeDiscord } from "../fakeDiscord/index.ts";
import { clientOptions } from "../../src/discord/client.ts";
import { planShards } from "../../src/app/shardPlan.ts";
import { answerOf, embedOf } from "./harness.ts";
import { botEnv, seededContentDir, startScript } from "./processes.ts";
import type { ScriptProcess } from "./processes.ts";
import { InteractionType } from "discord.js";

/** A guild id whose shard, of two, is `shard`: `(id >> 22) % 2`. */
const guildOnShard = (shard: number) => String((100_000_000_000n + BigInt(shard)) << 22n);
const GUILD_0 = guildOnShard(0);
const GUILD_1 = guildOnShard(1);
const GUILD_NAMES = new Map([
  [GUILD_0, "Shard zero"],
  [GUILD_1, "Shard one"],
]);

/** A fake Discord of `shardCount` shards holding the given guilds (of GUILD_0 and GUILD_1). */
function shardedGuilds(shardCount: number, guilds: readonly string[]) {
  return { shardCount, guilds: guilds.map((id) => ({ id, name: GUILD_NAMES.get(id) ?? id })) };
}

let contentDir: string;
let fake: FakeDiscord | undefined;
let child: ScriptProcess["child"] | undefined;

beforeAll(async () => {
  contentDir = await seededContentDir("sharding");
});

afterAll(async () => {
  await rm(contentDir, { recursive: true, force: true });
});

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    // Stop the whole group: the manager and its shard processes.
    child.kill("SIGKILL");
  }
  child = undefined;
  await fake?.close();
  fake = undefined;
});

function startSharded(discord: FakeDiscord, env: Record<string, string> = {}) {
  const started = startScript("src/shard.ts", {
    ...botEnv(discord, contentDir),
    ...env,
  });
  child = started.child;
  return started;
}

function askIn(discord: FakeDiscord, guildId: string, question = "What did Poland agree to?") {
  return discord.sendInteraction({
    type: InteractionType.ApplicationCommand,
    guild_id: guildId,
    data: {
      name: "ask",
      options: [{ name: "question", type: 3, value: question }],
    },
  });
}

describe("planShards", () => {
  it("takes Discord's recommendation unless SHARD_COUNT is set", () => {
    const gateway = { shards: 3, maxConcurrency: 1 };
    expect(planShards({ shardCount: null, shardList: null }, gateway)).toEqual({
      total: 3,
      ids: [0, 1, 2],
      delayMs: 5500,
    });
    expect(planShards({ shardCount: "auto", shardList: [2, 0] }, gateway).ids).toEqual([0, 2]);
    expect(planShards({ shardCount: 4, shardList: null }, null)).toMatchObject({
      total: 4,
      delayMs: 5500,
    });
    // Enough concurrency for every shard: no wait between them.
    expect(
      planShards({ shardCount: 2, shardList: null }, { shards: 1, maxConcurrency: 16 }),
    ).toMatchObject({ total: 2, delayMs: 0 });
    expect(() => planShards({ shardCount: "auto", shardList: [5] }, gateway)).toThrow(/5/);
    // Each shard's health endpoint takes HEALTH_PORT plus its id: the last must be a port.
    expect(() =>
      planShards({ shardCount: 2, shardList: null, healthPort: 65_535 }, gateway),
    ).toThrow(/HEALTH_PORT 65535 leaves no port for shard 1/);
    expect(planShards({ shardCount: 2, shardList: null, healthPort: 65_534 }, gateway).ids).toEqual(
      [0, 1],
    );
  });
});

describe("clientOptions", () => {
  const base = { discordApiUrl: null, shardList: null };
  it("leaves a managed shard's ids to the sharding manager", () => {
    const options = clientOptions({ ...base, shardCount: 2, shardList: [0, 1] }, true);
    expect(options.shards).toBeUndefined();
    expect(options.shardCount).toBeUndefined();
  });

  it("runs SHARD_COUNT / SHARD_LIST in one process, or one shard without them", () => {
    expect(clientOptions({ ...base, shardCount: 3 })).toMatchObject({
      shards: [0, 1, 2],
      shardCount: 3,
    });
    expect(clientOptions({ ...base, shardCount: 4, shardList: [2, 3] })).toMatchObject({
      shards: [2, 3],
      shardCount: 4,
    });
    expect(clientOptions({ ...base, shardCount: "auto" }).shards).toBe("auto");
    expect(clientOptions({ ...base, shardCount: null }).shards).toBeUndefined();
  });
});

describe("npm run start:sharded", () => {
  it("runs one process per shard, each answering in its own guilds, and stops cleanly", async () => {
    fake = await startFakeDiscord(shardedGuilds(2, [GUILD_0, GUILD_1]));
    const discord = fake;
    const run = startSharded(discord);
    try {
      await discord.waitForReady(0, 40_000);
      await discord.waitForReady(1, 40_000);
      expect(discord.identifies.map((identify) => identify.shard).sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);

      // Each guild's question reaches only the shard that owns it, and is answered.
      for (const guildId of [GUILD_0, GUILD_1]) {
        const message = await answerOf(discord, askIn(discord, guildId));
        expect(String(embedOf(message).description)).toContain("**Poland**");
      }
      await discord.waitUntil(
        () => run.output().split('"message":"interaction"').length - 1 >= 2,
        5000,
        "both shards' log lines",
      );
      const linesOf = (message: string) =>
        run
          .output()
          .split("\n")
          .filter((line) => line.includes(`"message":"${message}"`))
          .map((line) => JSON.parse(line) as { guild?: string; shard?: number });
      // Each shard's lines name it: a question's line the shard of its guild.
      const interactionLines = linesOf("interaction");
      expect(interactionLines.map((line) => [line.guild, line.shard]).sort()).toEqual(
        [
          [GUILD_0, 0],
          [GUILD_1, 1],
        ].sort(),
      );
      expect(new Set(linesOf("library loaded").map((line) => line.shard))).toEqual(new Set([0, 1]));

      // Only shard 0 registers the commands.
      await discord.waitForRequest((r) => r.method === "PUT", 10_000);
      expect(discord.requests.filter((r) => r.method === "PUT")).toHaveLength(1);

      child?.kill("SIGTERM");
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('"message":"shards stopped"');
      expect(discord.connections()).toBe(0);
      expect(run.output()).not.toContain(discord.token);
    } catch (err) {
      process.stderr.write(run.output());
      throw err;
    }
  }, 60_000);

  it("runs only the shards in SHARD_LIST", async () => {
    fake = await startFakeDiscord(shardedGuilds(1, [GUILD_0, GUILD_1]));
    const discord = fake;
    const run = startSharded(discord, { SHARD_COUNT: "2", SHARD_LIST: "1" });
    try {
      await discord.waitForReady(1, 40_000);
      expect(discord.identifies.map((identify) => identify.shard)).toEqual([[1, 2]]);
      const message = await answerOf(discord, askIn(discord, GUILD_1));
      expect(String(embedOf(message).description)).toContain("**Poland**");
      // Shard 0 runs elsewhere, and registers the commands there.
      expect(discord.requests.filter((r) => r.method === "PUT")).toHaveLength(0);
      // SIGHUP to the manager has the shard read its articles again; both run on.
      child?.kill("SIGHUP");
      await discord.waitUntil(
        () => run.output().includes('"message":"library reloaded on SIGHUP"'),
        10_000,
        "the shard's reload",
      );
      expect(child?.exitCode).toBeNull();
      child?.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    } catch (err) {
      process.stderr.write(run.output());
      throw err;
    }
  }, 60_000);

  it.skipIf(childrenOf(process.pid) === null)(
    "starts a shard that ended once it ran again, and says so",
    async () => {
      fake = await startFakeDiscord(shardedGuilds(1, [GUILD_0]));
      const discord = fake;
      const run = startSharded(discord, { SHARD_COUNT: "1" });
      try {
        await discord.waitUntil(
          () => run.output().includes('"message":"all shards ready"'),
          40_000,
          "the shards started",
        );
        const [shard] = childrenOf(run.child.pid!) ?? [];
        expect(shard).toBeDefined();
        process.kill(shard!, "SIGKILL");
        await discord.waitUntil(() => discord.identifies.length === 2, 40_000, "a second IDENTIFY");
        await discord.waitUntil(
          () => run.output().split('"message":"shard ready"').length - 1 === 2,
          20_000,
          "the shard ready again",
        );
        expect(run.output()).toContain(
          '"message":"shard 0 was killed by SIGKILL; restarting it in 5 s (restart 1 of 3 within 10 minutes)"',
        );
        const message = await answerOf(discord, askIn(discord, GUILD_0));
        expect(String(embedOf(message).description)).toContain("**Poland**");
        child?.kill("SIGTERM");
        expect(await run.exited).toBe(0);
      } catch (err) {
        process.stderr.write(run.output());
        throw err;
      }
    },
    60_000,
  );

  it("stops every shard, saying which one failed and why, when a shard ends while starting", async () => {
    fake = await startFakeDiscord(shardedGuilds(2, [GUILD_0, GUILD_1]));
    const discord = fake;
    // Shard 1's health port (HEALTH_PORT + 1) is taken: its process ends as it starts.
    const { taken, port } = await takenPortAfterFreeOne();
    try {
      const run = startSharded(discord, { SHARD_COUNT: "2", HEALTH_PORT: String(port) });
      try {
        expect(await run.exited).toBe(1);
        const lines = run
          .output()
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as { level: string; message: string; shard?: number });
        // Shard 0 was ready; shard 1 said why it could not start.
        expect(lines.some((line) => line.message === "shard ready" && line.shard === 0)).toBe(true);
        const own = lines.find((line) => line.message === "citebot failed to start");
        expect(own?.shard).toBe(1);
        expect(JSON.stringify(own)).toContain("EADDRINUSE");
        // Then one line from the manager says which shard ended and what follows; nothing
        // says it is restarted, and nothing is.
        const errors = lines.filter((line) => line.level === "error");
        expect(errors.map((line) => [line.message, line.shard])).toEqual([
          ["citebot failed to start", 1],
          [
            "shard 1 exited with code 1 while starting; stopping every shard (the shard's own log lines say why)",
            1,
          ],
        ]);
        expect(run.output()).not.toContain("restarting");
        expect(lines.filter((line) => line.message === "shard starting")).toHaveLength(2);
        expect(discord.connections()).toBe(0);
      } catch (err) {
        process.stderr.write(run.output());
        throw err;
      }
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);
});

describe("npm run start:sharded with a slow start", () => {
  /** The manager's lines (they carry no shard) and the shards', parsed. */
  const jsonLines = (output: string) =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: string; message: string; shard?: number });

  it("waits for a shard whose first library build outlasts SHARD_START_TIMEOUT_SECONDS while it makes progress", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "citebot-slow-shard-"));
    try {
      // No saved index yet: the shard builds the whole library first, which takes longer
      // than the 3 s a shard may go without progress.
      const library = path.join(folder, "news.jsonl");
      await writeGeneratedLibrary(library, 20_000);
      fake = await startFakeDiscord(shardedGuilds(1, [GUILD_0]));
      const discord = fake;
      const run = startSharded(discord, {
        SHARD_COUNT: "1",
        SHARD_START_TIMEOUT_SECONDS: "3",
        CONTENT_DIR: library,
        DATA_DIR: path.join(folder, "data"),
      });
      try {
        await discord.waitUntil(
          () => run.output().includes('"message":"all shards ready"'),
          100_000,
          "the shards started",
        );
        const lines = jsonLines(run.output());
        const messages = lines.map((line) => line.message);
        // The manager said once that the shard was still loading, and waited for it.
        expect(messages.filter((message) => message.startsWith("shard 0 is still"))).toEqual([
          "shard 0 is still loading its library after 3 s; waiting for it while it makes progress",
        ]);
        const built = lines.find((line) => line.message === "library loaded") as
          { how?: string; ms?: number } | undefined;
        expect(built?.how).toBe("built");
        expect(lines.filter((line) => line.level === "error")).toEqual([]);
        const message = await answerOf(
          discord,
          askIn(discord, GUILD_0, "When did the harbour reopen?"),
        );
        expect(String(embedOf(message).description)).toContain("harbour");
        child?.kill("SIGTERM");
        expect(await run.exited).toBe(0);
      } catch (err) {
        process.stderr.write(run.output());
        throw err;
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);

  it("stops every shard when one's library build is stuck for SHARD_START_TIMEOUT_SECONDS", async () => {
    fake = await startFakeDiscord(shardedGuilds(1, [GUILD_0]));
    const discord = fake;
    // The shard's build thread hangs once asked for the library; its main thread runs on.
    const hang = fileURLToPath(new URL("./stuckBuildThread.mjs", import.meta.url));
    const run = startSharded(discord, {
      SHARD_COUNT: "1",
      SHARD_START_TIMEOUT_SECONDS: "3",
      NODE_OPTIONS: `--import=${pathToFileURL(hang).href}`,
    });
    try {
      expect(await run.exited).toBe(1);
      const lines = jsonLines(run.output());
      expect(lines.some((line) => line.message === "library loaded")).toBe(false);
      expect(lines.filter((line) => line.level === "error").map((line) => line.message)).toEqual([
        "shard 0 showed no progress for 3 s while loading its library; stopping every shard",
      ]);
      expect(discord.connections()).toBe(0);
    } catch (err) {
      process.stderr.write(run.output());
      throw err;
    }
  }, 40_000);

  it("stops every shard when one has loaded its library and does not connect within SHARD_START_TIMEOUT_SECONDS", async () => {
    fake = await startFakeDiscord(shardedGuilds(1, [GUILD_0]));
    const discord = fake;
    // Discord's gateway is out of reach: the shard loads its library and cannot connect.
    discord.gatewayOutage();
    const run = startSharded(discord, { SHARD_COUNT: "1", SHARD_START_TIMEOUT_SECONDS: "3" });
    try {
      expect(await run.exited).toBe(1);
      const lines = jsonLines(run.output());
      expect(lines.some((line) => line.message === "library loaded")).toBe(true);
      expect(lines.filter((line) => line.level === "error").map((line) => line.message)).toEqual([
        "shard 0 did not connect to Discord within 3 s of loading its library; stopping every shard",
      ]);
      expect(run.output()).not.toContain("all shards ready");
    } catch (err) {
      process.stderr.write(run.output());
      throw err;
    }
  }, 40_000);
});

/**
 * A library file of `count` generated articles of about 2 KB each, and one known article. The
 * words are made of syllables, so the vocabulary stays a few thousand words.
 */
async function writeGeneratedLibrary(file: string, count: number): Promise<void> {
  const syllables = ["ka", "lo", "mi", "ra", "tu", "ve", "no", "si", "de", "pa", "gu", "re", "ho"];
  const words = syllables.flatMap((a) => syllables.flatMap((b) => syllables.map((c) => a + b + c)));
  let seed = 7;
  const word = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return words[seed % words.length]!;
  };
  const sentence = () => `${Array.from({ length: 12 }, word).join(" ")}.`;
  const lines = [
    JSON.stringify({
      id: "harbour",
      title: "Harbour reopens",
      date: "2026-01-05",
      text: "The harbour reopened on Monday after the storm.",
    }),
  ];
  for (let i = 0; i < count; i++) {
    const paragraphs = Array.from({ length: 6 }, () =>
      Array.from({ length: 5 }, sentence).join(" "),
    );
    lines.push(
      JSON.stringify({
        id: `a${i}`,
        title: sentence(),
        date: "2026-01-01",
        text: paragraphs.join("\n\n"),
      }),
    );
  }
  await writeFile(file, `${lines.join("\n")}\n`);
}

/** The process ids of `pid`'s children, as Linux lists them (null elsewhere). */
function childrenOf(pid: number): number[] | null {
  try {
    const listed = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return listed === "" ? [] : listed.split(/\s+/).map(Number);
  } catch {
    return null;
  }
}

/**
 * A port free now (for shard 0's health endpoint) whose next one is taken, by the server
 * returned (for shard 1's).
 */
async function takenPortAfterFreeOne(): Promise<{ taken: Server; port: number }> {
  const listen = (port: number): Promise<Server | null> =>
    new Promise((resolve) => {
      const server = createServer();
      server.once("error", () => resolve(null));
      server.listen(port, "127.0.0.1", () => resolve(server));
    });
  for (let attempt = 0; attempt < 20; attempt++) {
    const taken = await listen(0);
    if (taken === null) continue;
    const next = (taken.address() as AddressInfo).port;
    const free = next > 1024 ? await listen(next - 1) : null;
    if (free !== null) {
      await new Promise((resolve) => free.close(resolve));
      return { taken, port: next - 1 };
    }
    await new Promise((resolve) => taken.close(resolve));
  }
  throw new Error("no two neighbouring ports could be found");
}
