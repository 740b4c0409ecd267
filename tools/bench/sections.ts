/**
 * The benchmark's sections, run in this order. Add a new section here (for example a
 * Discord dispatch benchmark measuring `/ask` round trips against the fake Discord server).
 */
import { discordBenchSection } from "./discord.ts";
import { feedsSection } from "./feeds.ts";
import { folderSection } from "./folder.ts";
import { fuseSection } from "./fuse.ts";
import { lexiconSection } from "./lexicon.ts";
import { pathologicalSection } from "./pathological.ts";
import { rebuildSection } from "./rebuild.ts";
import { restartSection } from "./restart.ts";
import { scaleSection } from "./scale.ts";
import { titlesSection } from "./titles.ts";
import type { BenchSection } from "./section.ts";
import { updateSection } from "./update.ts";

export const BENCH_SECTIONS: readonly BenchSection[] = [
  scaleSection,
  titlesSection,
  fuseSection,
  rebuildSection,
  updateSection,
  lexiconSection,
  folderSection,
  pathologicalSection,
  discordBenchSection,
  restartSection,
  feedsSection,
];
