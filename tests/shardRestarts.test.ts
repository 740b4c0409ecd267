import { describe, expect, it } from "vitest";
import { ShardRestarts } from "../src/app/shardRestarts.ts";

const SETTINGS = { maxRestarts: 3, windowMs: 10 * 60_000, delayMs: 5_000 };
const MINUTE = 60_000;

describe("a shard process that ends", () => {
  it("stops every shard when it ends while the shards start, saying which and how", () => {
    const restarts = new ShardRestarts(SETTINGS);
    expect(restarts.afterExit({ shard: 2, code: 1, signal: null }, true, 0)).toEqual({
      action: "stop",
      message:
        "shard 2 exited with code 1 while starting; stopping every shard (the shard's own log lines say why)",
    });
  });

  it("is restarted after a pause a few times, then stops every shard", () => {
    const restarts = new ShardRestarts(SETTINGS);
    const exit = { shard: 1, code: null, signal: "SIGKILL" };
    expect(restarts.afterExit(exit, false, 0)).toEqual({
      action: "restart",
      delayMs: 5_000,
      message:
        "shard 1 was killed by SIGKILL; restarting it in 5 s (restart 1 of 3 within 10 minutes)",
    });
    expect(restarts.afterExit(exit, false, MINUTE)).toMatchObject({ action: "restart" });
    expect(restarts.afterExit(exit, false, 2 * MINUTE).action).toBe("restart");
    expect(restarts.afterExit(exit, false, 3 * MINUTE)).toEqual({
      action: "stop",
      message:
        "shard 1 was killed by SIGKILL again after 3 restarts within 10 minutes; stopping every shard",
    });
  });

  it("counts each shard's restarts on their own, and forgets those past the window", () => {
    const restarts = new ShardRestarts(SETTINGS);
    const exit = (shard: number) => ({ shard, code: 1, signal: null });
    for (const at of [0, 1, 2])
      expect(restarts.afterExit(exit(0), false, at * MINUTE).action).toBe("restart");
    // Another shard has restarts of its own.
    expect(restarts.afterExit(exit(1), false, 3 * MINUTE).action).toBe("restart");
    // Ten minutes after the first restart, shard 0 has had two within the window.
    expect(restarts.afterExit(exit(0), false, 10 * MINUTE)).toMatchObject({
      action: "restart",
      message: expect.stringContaining("restart 3 of 3") as unknown,
    });
    expect(restarts.afterExit(exit(0), false, 10 * MINUTE + 1).action).toBe("stop");
  });
});
