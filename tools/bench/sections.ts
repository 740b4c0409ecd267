/**
 * The benchmark's sections, run in this order. Add a new section here (for example a
 * Discord dispatch benchmark measuring `/ask` round trips against the fake Discord server).
 */
import { discordBenchSection } from "./discord.ts";
import { folderSection } from "./folder.ts";
import { fuseSection } from "./fuse.ts";
import { lexiconSection } from "./lexicon.ts";
import { pathologicalSection } from "./pathological.ts";
import { rebuildSection } from "./rebuild.ts";
import { scaleSection } from "./scale.ts";
import type { BenchSection } from "./section.ts";

export const BENCH_SECTIONS: readonly BenchSection[] = [
  scaleSection,
  fuseSection,
  rebuildSection,
  lexiconSection,
  folderSection,
  pathologicalSection,
  discordBenchSection,
];
