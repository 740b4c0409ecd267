/**
 * The schedule: every {@link POLL_TICK_MS} the poller checks the feeds that are due (each
 * feed's next check is set after every check: the interval with jitter, longer after
 * failures). Exactly one process polls: the one running the shard FEED_POLLER_SHARD names
 * (shard 0 by default); other processes pick the saved files up like any other content change.
 */
import type { Config } from "../app/config.ts";
import type { Logger } from "../ops/logger.ts";
import type { FeedService } from "./feedService.ts";

/** How often due feeds are looked for; a feed's own interval is FEED_INTERVAL_MINUTES. */
export const POLL_TICK_MS = 60_000;
/** Wait before the first look after start-up, so the bot logs in first. */
export const FIRST_TICK_MS = 5_000;

/** The shard ids this process runs: SHARD_LIST, else all of SHARD_COUNT, else shard 0. */
function shardsOfThisProcess(config: Pick<Config, "shardList" | "shardCount">): number[] {
  if (config.shardList) return config.shardList;
  if (typeof config.shardCount === "number") return [...Array(config.shardCount).keys()];
  return [0];
}

/** Whether this process is the one that polls the feeds. */
export function pollsFeeds(config: Pick<Config, "shardList" | "shardCount" | "feeds">): boolean {
  const shard = config.feeds.pollerShard;
  return shard !== null && shardsOfThisProcess(config).includes(shard);
}

export interface FeedPoller {
  /** Stops the schedule and waits for a check in progress to finish. */
  stop(): Promise<void>;
}

export function startFeedPoller(options: {
  service: FeedService;
  logger: Logger;
  tickMs?: number;
  firstTickMs?: number;
}): FeedPoller {
  const tickMs = options.tickMs ?? POLL_TICK_MS;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const schedule = (delay: number): void => {
    if (stopped) return;
    timer = setTimeout(tick, delay);
    timer.unref();
  };
  const tick = (): void => {
    running = options.service
      .checkDue()
      .then(() => undefined)
      .catch((err: unknown) => {
        options.logger.error("feed poll failed", { err });
      })
      .finally(() => schedule(tickMs));
  };
  schedule(options.firstTickMs ?? FIRST_TICK_MS);
  options.logger.info("feed poller started", { tickSeconds: tickMs / 1000 });
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
