/**
 * What the sharding manager of `npm run start:sharded` does when a shard's process ends on
 * its own. While the shards start, one that ends stops them all: what ends a process before
 * it is ready (a setting, a port taken, a library too large for its memory) ends it again,
 * and the shard's own log lines say what it was. Once the shards run, one that ends is
 * started again after a pause, a few times; one that keeps ending stops them all, so a
 * supervisor sees the bot fail instead of a shard restarted over and over.
 */

export const SHARD_RESTART_SETTINGS = {
  /** Restarts of one shard allowed within `windowMs`; the next exit stops every shard. */
  maxRestarts: 3,
  windowMs: 10 * 60_000,
  /** Pause before a shard is started again (about Discord's wait between two IDENTIFYs). */
  delayMs: 5_000,
};

export type ShardRestartSettings = typeof SHARD_RESTART_SETTINGS;

/** How a shard's process ended: its exit code, or the signal that ended it. */
export interface ShardExit {
  shard: number;
  code: number | null;
  signal: string | null;
}

export type AfterShardExit =
  { action: "restart"; delayMs: number; message: string } | { action: "stop"; message: string };

/** "exited with code 1", "was killed by SIGKILL". */
export function describeExit(exit: Pick<ShardExit, "code" | "signal">): string {
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return exit.signal !== null ? `was killed by ${exit.signal}` : "exited";
}

function minutes(ms: number): string {
  const count = Math.round(ms / 60_000);
  return `${count} minute${count === 1 ? "" : "s"}`;
}

/** Counts each shard's restarts and decides what follows an exit. */
export class ShardRestarts {
  /** When each shard was restarted, within the window. */
  private readonly restarts = new Map<number, number[]>();

  constructor(private readonly settings: ShardRestartSettings = SHARD_RESTART_SETTINGS) {}

  /**
   * What to do now that `exit.shard`'s process ended on its own: `starting` while the
   * manager still starts the shards; `now` in ms.
   */
  afterExit(exit: ShardExit, starting: boolean, now: number): AfterShardExit {
    const how = `shard ${exit.shard} ${describeExit(exit)}`;
    if (starting) {
      return {
        action: "stop",
        message: `${how} while starting; stopping every shard (the shard's own log lines say why)`,
      };
    }
    const { maxRestarts, windowMs, delayMs } = this.settings;
    const recent = (this.restarts.get(exit.shard) ?? []).filter((at) => now - at < windowMs);
    if (recent.length >= maxRestarts) {
      this.restarts.set(exit.shard, recent);
      return {
        action: "stop",
        message: `${how} again after ${maxRestarts} restarts within ${minutes(windowMs)}; stopping every shard`,
      };
    }
    recent.push(now);
    this.restarts.set(exit.shard, recent);
    return {
      action: "restart",
      delayMs,
      message: `${how}; restarting it in ${Math.round(delayMs / 1000)} s (restart ${recent.length} of ${maxRestarts} within ${minutes(windowMs)})`,
    };
  }
}
