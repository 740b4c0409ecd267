import { describe, expect, it } from "vitest";
import { ConfigError, clientIdFromToken, loadConfig } from "../src/app/config.ts";
import { dayOf } from "../src/discord/answer.ts";

const CLIENT_ID = "123456789012345678";
const TOKEN = `${Buffer.from(CLIENT_ID).toString("base64")}.GaBcDe.${"x".repeat(38)}`;

describe("loadConfig", () => {
  it("defaults to the offline console with sensible settings", () => {
    expect(loadConfig({})).toEqual({
      discordToken: null,
      discordClientId: null,
      discordGuildId: null,
      contentDir: "content",
      logLevel: "info",
      logFormat: "pretty",
      cooldownSeconds: 3,
      timeZone: "UTC",
      dataDir: "data",
      ranking: {},
      discordApiUrl: null,
      healthPort: null,
      healthHost: "127.0.0.1",
      shardCount: null,
      shardList: null,
      shardStartTimeoutSeconds: 60,
      feeds: {
        stateDir: "data",
        intervalMinutes: 15,
        pollerShard: 0,
        announceChannelId: null,
        allowLoopback: false,
      },
    });
  });

  it("reads the feed settings, and reports each bad one", () => {
    const config = loadConfig({
      DATA_DIR: "/var/lib/citebot",
      FEED_INTERVAL_MINUTES: "5",
      FEED_POLLER_SHARD: "none",
      FEED_ANNOUNCE_CHANNEL_ID: "423456789012345678",
      FETCH_ALLOW_LOOPBACK: "true",
    });
    expect(config.feeds).toEqual({
      stateDir: "/var/lib/citebot",
      intervalMinutes: 5,
      pollerShard: null,
      announceChannelId: "423456789012345678",
      allowLoopback: true,
    });
    expect(loadConfig({ FEED_POLLER_SHARD: "2" }).feeds.pollerShard).toBe(2);
    expect(() =>
      loadConfig({
        FEED_INTERVAL_MINUTES: "0",
        FEED_POLLER_SHARD: "first",
        FETCH_ALLOW_LOOPBACK: "yes",
      }),
    ).toThrow(/FEED_INTERVAL_MINUTES[\s\S]*FEED_POLLER_SHARD[\s\S]*FETCH_ALLOW_LOOPBACK/);
  });

  it("reads every variable", () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: "223456789012345678",
      DISCORD_GUILD_ID: "323456789012345678",
      CONTENT_DIR: "library.jsonl.gz",
      DATA_DIR: "/var/lib/citebot",
      LOG_LEVEL: "debug",
      LOG_FORMAT: "json",
      COOLDOWN_SECONDS: "0",
      DISCORD_API_URL: "http://127.0.0.1:9999/api",
      HEALTH_PORT: "8080",
      HEALTH_HOST: "0.0.0.0",
      SHARD_COUNT: "4",
      SHARD_LIST: "0, 2",
      SHARD_START_TIMEOUT_SECONDS: "300",
    });
    expect(config).toMatchObject({
      discordToken: TOKEN,
      discordClientId: "223456789012345678",
      discordGuildId: "323456789012345678",
      contentDir: "library.jsonl.gz",
      dataDir: "/var/lib/citebot",
      logLevel: "debug",
      logFormat: "json",
      cooldownSeconds: 0,
      discordApiUrl: "http://127.0.0.1:9999/api",
      healthPort: 8080,
      healthHost: "0.0.0.0",
      shardCount: 4,
      shardList: [0, 2],
      shardStartTimeoutSeconds: 300,
    });
    expect(() => loadConfig({ SHARD_START_TIMEOUT_SECONDS: "0" })).toThrow(
      "SHARD_START_TIMEOUT_SECONDS: must be a whole number from 1 to 3600",
    );
  });

  it("treats empty variables as unset", () => {
    const config = loadConfig({ DISCORD_TOKEN: "", DISCORD_GUILD_ID: " ", COOLDOWN_SECONDS: "" });
    expect(config.discordToken).toBeNull();
    expect(config.discordGuildId).toBeNull();
    expect(config.cooldownSeconds).toBe(3);
  });

  it("reads the day a question was asked in the bot's time zone", () => {
    // 01:30 UTC on 4 March is still the evening of 3 March in New York: "yesterday" asked
    // then means 2 March there.
    const moment = new Date("2026-03-04T01:30:00Z");
    expect(loadConfig({}).timeZone).toBe("UTC");
    expect(dayOf(moment, loadConfig({}).timeZone)).toBe("2026-03-04");
    const newYork = loadConfig({ TIME_ZONE: "America/New_York" }).timeZone;
    expect(dayOf(moment, newYork)).toBe("2026-03-03");
    expect(dayOf(new Date("2026-12-31T23:30:00Z"), "Asia/Tokyo")).toBe("2027-01-01");
  });

  it("derives the client id from the token when it is not given", () => {
    expect(clientIdFromToken(TOKEN)).toBe(CLIENT_ID);
    expect(loadConfig({ DISCORD_TOKEN: TOKEN }).discordClientId).toBe(CLIENT_ID);
    expect(loadConfig({ SHARD_COUNT: "auto" }).shardCount).toBe("auto");
  });

  it("reports every problem at once, one per line", () => {
    const env = {
      DISCORD_TOKEN: "not-a-real-token",
      DISCORD_GUILD_ID: "guild",
      LOG_LEVEL: "loud",
      LOG_FORMAT: "xml",
      COOLDOWN_SECONDS: "-1",
      DISCORD_API_URL: "ftp://example.com",
      HEALTH_PORT: "70000",
      SHARD_COUNT: "2",
      SHARD_LIST: "0,5",
      FEED_POLLER_SHARD: "5",
      TIME_ZONE: "Mars/Olympus_Mons",
      HEALTH_HOST: "my laptop",
    };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split("\n")[0]).toBe("Invalid configuration:");
    for (const key of [
      "DISCORD_CLIENT_ID: required when DISCORD_TOKEN is set",
      "DISCORD_GUILD_ID:",
      "LOG_LEVEL:",
      "LOG_FORMAT:",
      "COOLDOWN_SECONDS:",
      "DISCORD_API_URL:",
      "HEALTH_PORT:",
      "SHARD_LIST: shard ids must be below SHARD_COUNT",
      // With two shards, no shard 5 would ever check the feeds.
      "FEED_POLLER_SHARD: must be below SHARD_COUNT (2)",
      "TIME_ZONE: must be an IANA time zone",
      "HEALTH_HOST: must be an IP address or a host name",
    ]) {
      expect(message).toContain(`\n- ${key}`);
    }
    expect((error as ConfigError).problems).toHaveLength(11);
  });

  it("refuses shard numbers beyond what a bot can run, in the one configuration message", () => {
    expect(loadConfig({ SHARD_COUNT: "10000", SHARD_LIST: "9999" }).shardCount).toBe(10_000);
    let error: unknown;
    try {
      loadConfig({
        SHARD_COUNT: "4294967296",
        SHARD_LIST: "0,99999999999",
        FEED_POLLER_SHARD: "10000",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'SHARD_COUNT: must be a whole number from 1 to 10000, or "auto"',
      "SHARD_LIST: must be a comma-separated list of shard ids from 0 to 9999, like 0,1,2",
      'FEED_POLLER_SHARD: must be a shard id (a whole number from 0 to 9999) or "none"',
    ]);
  });

  it("refuses HEALTH_PORT=0, saying that empty turns the health endpoint off", () => {
    expect(() => loadConfig({ HEALTH_PORT: "0" })).toThrow(
      new ConfigError([
        "HEALTH_PORT: must be a port from 1 to 65535; leave it empty to turn the health endpoint off",
      ]),
    );
    expect(loadConfig({ HEALTH_PORT: "" }).healthPort).toBeNull();
    expect(loadConfig({ HEALTH_PORT: "1" }).healthPort).toBe(1);
  });

  it("takes HEALTH_HOST as an IP address or a host name, and refuses anything else", () => {
    for (const host of ["0.0.0.0", "::", "::1", "localhost", "metrics.internal", "my-host."]) {
      expect(loadConfig({ HEALTH_HOST: host }).healthHost).toBe(host);
    }
    expect(loadConfig({ HEALTH_HOST: " " }).healthHost).toBe("127.0.0.1");
    for (const host of ["my laptop", "300.1.1.1", "http://0.0.0.0", "0.0.0.0:8080", "-x"]) {
      expect(() => loadConfig({ HEALTH_HOST: host })).toThrow(
        new ConfigError([
          "HEALTH_HOST: must be an IP address or a host name, such as 127.0.0.1 or 0.0.0.0",
        ]),
      );
    }
  });

  it("never puts the token in the message", () => {
    const secret = "Bot sEcReT-token-value.with.parts";
    try {
      loadConfig({ DISCORD_TOKEN: secret, LOG_LEVEL: "nope" });
      expect.unreachable();
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain("DISCORD_TOKEN:");
      expect(message).not.toContain("sEcReT");
      expect(message).not.toContain(secret);
    }
  });
});
