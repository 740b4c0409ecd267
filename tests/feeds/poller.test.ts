import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import { pollsFeeds } from "../../src/feeds/poller.ts";

const polls = (env: Record<string, string>) => pollsFeeds(loadConfig(env));

describe("which process polls the feeds", () => {
  it("is shard 0 by default, or the shard FEED_POLLER_SHARD names, exactly once", () => {
    expect(polls({})).toBe(true);
    // Under npm run start:sharded each process runs one shard.
    const shards = (extra: Record<string, string>) =>
      [0, 1, 2].filter((id) => polls({ SHARD_COUNT: "3", SHARD_LIST: String(id), ...extra }));
    expect(shards({})).toEqual([0]);
    expect(shards({ FEED_POLLER_SHARD: "2" })).toEqual([2]);
    // Two hosts sharing one content folder, each running some of the shards.
    expect(polls({ SHARD_COUNT: "4", SHARD_LIST: "0,1", FEED_POLLER_SHARD: "3" })).toBe(false);
    expect(polls({ SHARD_COUNT: "4", SHARD_LIST: "2,3", FEED_POLLER_SHARD: "3" })).toBe(true);
    expect(polls({ FEED_POLLER_SHARD: "none" })).toBe(false);
  });
});
