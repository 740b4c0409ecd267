/**
 * The small bundle of dependencies every command receives. Built once at start-up and passed
 * down explicitly (no globals), so tests can build one by hand.
 */
import type { Config } from "./config.ts";
import type { Logger } from "../ops/logger.ts";
import type { LibraryStore } from "../content/libraryStore.ts";
import { RecentAnswers, type AnswerMemory } from "../discord/answerMemory.ts";
import { Cooldowns } from "../discord/cooldown.ts";
import { FeedbackVotes } from "../discord/feedbackVotes.ts";
import type { FeedService } from "../feeds/feedService.ts";
import type { FeedsOff } from "../feeds/setup.ts";

/** Counters the bot reports, when metrics are enabled. */
export interface BotMetrics {
  /** One handled interaction or mention. */
  recordInteraction(entry: {
    kind: string;
    command: string;
    outcome: string;
    results: number | null;
    latencyMs: number;
  }): void;
}

export interface Context {
  library: LibraryStore;
  config: Config;
  logger: Logger;
  /** Per-user cooldown between questions. */
  cooldowns: Cooldowns;
  /** Per-user cooldown between pages of answers (More results), far shorter. */
  pages: Cooldowns;
  /** Answers remembered for their buttons (More results, feedback). */
  answers: AnswerMemory;
  /** Who gave which answer 👍 or 👎, so a vote counts once. */
  votes: FeedbackVotes;
  metrics?: BotMetrics;
  /** Feed subscriptions and adding pages by link; absent when articles cannot be saved. */
  feeds?: FeedService;
  /** Why there is no feed service, when that is known. */
  feedsOff?: FeedsOff;
}

/**
 * Seconds between two pages of answers one person may ask for: far quicker than anyone
 * reads a page, while a script pressing More results cannot keep the bot searching.
 */
export const PAGE_COOLDOWN_SECONDS = 1;

export function createContext(parts: {
  library: LibraryStore;
  config: Config;
  logger: Logger;
  metrics?: BotMetrics;
  feeds?: FeedService;
  feedsOff?: FeedsOff;
  /** Where answers are remembered for their buttons (default: in memory only). */
  answers?: AnswerMemory;
  now?: () => number;
}): Context {
  return {
    library: parts.library,
    config: parts.config,
    logger: parts.logger,
    cooldowns: new Cooldowns(parts.config.cooldownSeconds, parts.now),
    // COOLDOWN_SECONDS=0 turns both off.
    pages: new Cooldowns(parts.config.cooldownSeconds > 0 ? PAGE_COOLDOWN_SECONDS : 0, parts.now),
    answers: parts.answers ?? new RecentAnswers(),
    votes: new FeedbackVotes(),
    ...(parts.metrics ? { metrics: parts.metrics } : {}),
    ...(parts.feeds ? { feeds: parts.feeds } : {}),
    ...(parts.feedsOff ? { feedsOff: parts.feedsOff } : {}),
  };
}
