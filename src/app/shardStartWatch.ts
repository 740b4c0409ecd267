/**
 * How the sharding manager of `npm run start:sharded` waits for a shard it starts: as long as
 * the shard shows progress (app/shardProgress.ts: its library still loading, which a first
 * build of a large library on a busy machine makes minutes), and no longer than
 * SHARD_START_TIMEOUT_SECONDS without any (a process hung, its library build stuck), or from
 * its library loaded to its connection to Discord (a gateway out of reach).
 */
import type { Shard } from "discord.js";
import { describeShardStartStage, shardStartStageOf } from "./shardProgress.ts";
import type { ShardStartStage } from "./shardProgress.ts";

/** A shard that went the timeout without progress or connection while it started. */
export class ShardStartStalled extends Error {
  constructor(
    readonly shard: number,
    readonly stage: ShardStartStage,
    readonly timeoutMs: number,
  ) {
    const seconds = Math.round(timeoutMs / 1000);
    super(
      stage === "connecting"
        ? `shard ${shard} did not connect to Discord within ${seconds} s of loading its library`
        : `shard ${shard} showed no progress for ${seconds} s while ${describeShardStartStage(stage)}`,
    );
    this.name = "ShardStartStalled";
  }
}

/** A shard whose process ended before it was ready (its exit is logged where it is heard). */
export class ShardEndedWhileStarting extends Error {
  constructor(readonly shard: number) {
    super(`shard ${shard} ended before it was ready`);
    this.name = "ShardEndedWhileStarting";
  }
}

export interface ShardStartOptions {
  /** How long the shard may go without progress, or from its library loaded to its connection. */
  timeoutMs: number;
  /** Called once when the start has taken `timeoutMs` and the shard is still making progress. */
  onSlow: (stage: ShardStartStage) => void;
}

/**
 * Starts `shard`'s process and resolves once it is connected to Discord; rejects with a
 * {@link ShardStartStalled} when it goes `timeoutMs` without progress or connection (its
 * process is left to the caller), or a {@link ShardEndedWhileStarting} when its process ends.
 */
export function startShard(shard: Shard, options: ShardStartOptions): Promise<void> {
  const { timeoutMs, onSlow } = options;
  return new Promise<void>((resolve, reject) => {
    let stage: ShardStartStage = "starting";
    const stalled = setTimeout(() => {
      finish();
      reject(new ShardStartStalled(shard.id, stage, timeoutMs));
    }, timeoutMs);
    // Logged when the start has taken as long as a start without progress may.
    const slow = setTimeout(() => onSlow(stage), timeoutMs);
    const onMessage = (message: unknown): void => {
      const reported = shardStartStageOf(message);
      if (reported === null) return;
      stage = reported;
      stalled.refresh();
    };
    const onReady = (): void => {
      finish();
      resolve();
    };
    const onDeath = (): void => {
      finish();
      reject(new ShardEndedWhileStarting(shard.id));
    };
    const finish = (): void => {
      clearTimeout(stalled);
      clearTimeout(slow);
      shard.off("message", onMessage);
      shard.off("ready", onReady);
      shard.off("death", onDeath);
    };
    shard.on("message", onMessage);
    shard.once("ready", onReady);
    shard.once("death", onDeath);
    // No timeout of discord.js's own: the wait is the one above.
    shard.spawn(-1).catch((err: unknown) => {
      finish();
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
}
