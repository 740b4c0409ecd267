import { describe, expect, it } from "vitest";
import { watchEventLoopStalls } from "../src/ops/stallWatch.ts";

/** Keeps this thread busy for `ms`, as a long synchronous step would. */
function holdEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

const settings = { resolutionMs: 10, checkEveryMs: 400, warnAboveMs: 100 };

describe("event loop watch", () => {
  it("warns once, with how long, when the event loop was held up", async () => {
    const warnings: { message: string; meta: unknown }[] = [];
    const watch = watchEventLoopStalls(
      { warn: ((message: string, meta: unknown) => warnings.push({ message, meta })) as never },
      settings,
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      holdEventLoop(300);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      watch.stop();
    }
    // One warning for the hold (a busy machine may add others, shorter ones).
    expect(warnings.map((warning) => warning.message)).toContain("event loop held up");
    const longest = Math.max(...warnings.map((warning) => (warning.meta as { ms: number }).ms));
    expect(longest).toBeGreaterThanOrEqual(250);
    expect(longest).toBeLessThan(1_000);
  });

  it("says nothing while the event loop keeps up", async () => {
    const warnings: unknown[] = [];
    // Steps of 20 ms, against a threshold a busy test machine cannot reach by itself.
    const watch = watchEventLoopStalls(
      { warn: ((m: string) => warnings.push(m)) as never },
      { ...settings, warnAboveMs: 500 },
    );
    try {
      for (let i = 0; i < 10; i++) {
        holdEventLoop(20);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      watch.stop();
    }
    expect(warnings).toEqual([]);
  });
});
