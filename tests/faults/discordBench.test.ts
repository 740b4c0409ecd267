/**
 * The Discord benchmark section runs end to end at a tiny size: the bot process starts,
 * answers every interaction of each run, reports its memory and stops. Figures are printed by
 * `npm run bench`, never asserted.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { DEFAULT_DISCORD_BENCH, discordSection } from "../../tools/bench/discord.ts";
import type { BenchContext } from "../../tools/bench/section.ts";

it("runs every part of the Discord benchmark and answers every interaction", async () => {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), "citebot-bench-"));
  try {
    const section = discordSection({
      ...DEFAULT_DISCORD_BENCH,
      sequential: 5,
      burst: 10,
      burstWindowMs: 100,
      soak: 40,
      soakInFlight: 10,
      generatedArticles: 3,
    });
    const tables = await section.run({ tmpDir, progress: () => {} } as unknown as BenchContext);
    const [trips, memory] = tables;
    expect(trips?.rows.map((row) => [row[0], row[1]])).toEqual([
      ["sequential", "5"],
      ["burst", "10"],
      ["long run", "40"],
      ["hostile questions", expect.stringMatching(/^\d/)],
    ]);
    expect(trips?.rows[1]?.[6]).toMatch(/^10 of 10 answered within 3 s/);
    expect(trips?.rows[2]?.[6]).toMatch(/0 not answered$/);
    expect(memory?.rows[0]?.[0]).toBe("before");
    expect(memory?.rows.at(-1)?.[0]).toBe("after 40");
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}, 60_000);
