/**
 * `npm run start:sharded`: runs the bot as several shard processes under discord.js's
 * ShardingManager. Each process is the normal bot (`src/index.ts`) with its own library, and
 * connects only the shard the manager gives it. The number of shards is SHARD_COUNT, or
 * Discord's recommendation; SHARD_LIST picks the shards this machine runs, so several
 * machines can share one bot. SIGINT/SIGTERM stop every shard gracefully and exit 0; SIGHUP
 * has every shard read its articles again. A shard that ends while the shards start stops
 * them all (exit 1); one that ends later is restarted a few times (app/shardRestarts.ts).
 * Each shard is waited for while it shows progress (its library loading), and taken as
 * stuck after SHARD_START_TIMEOUT_SECONDS without (app/shardStartWatch.ts).
 */
import "dotenv/config";
import { once } from "node:events";
import path from "node:path";
import { ShardingManager } from "discord.js";
import type { Shard } from "discord.js";
import { fetchGatewayInfo, planShards } from "./app/shardPlan.ts";
import { ShardRestarts } from "./app/shardRestarts.ts";
import type { GatewayInfo } from "./app/shardPlan.ts";
import { loadConfigAndLogger, reportStartFailure } from "./app/startup.ts";
import { describeShardStartStage } from "./app/shardProgress.ts";
import { ShardEndedWhileStarting, ShardStartStalled, startShard } from "./app/shardStartWatch.ts";
import { keepRunningWhenTerminalCloses } from "./cli/args.ts";

/** How long a shard may take to finish its answers and disconnect before it is killed. */
const STOP_TIMEOUT_MS = 20_000;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function stopShard(shard: Shard): Promise<number | null> {
  const child = shard.process;
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
  const [code] = await exited;
  clearTimeout(timer);
  return code;
}

async function main(): Promise<void> {
  // SIGHUP is heard from the start: until the shards run there is nothing to pass it on to.
  let onHangup = (): void => undefined;
  process.on("SIGHUP", () => onHangup());
  const { config, logger } = loadConfigAndLogger();
  if (!config.discordToken) {
    logger.error("start:sharded needs DISCORD_TOKEN");
    process.exit(1);
  }

  let gateway: GatewayInfo | null = null;
  try {
    gateway = await fetchGatewayInfo(config);
  } catch (err) {
    // With SHARD_COUNT set the recommendation is only used to pace the shards.
    if (typeof config.shardCount !== "number") throw err;
    logger.warn("could not fetch the gateway information; using SHARD_COUNT", { err });
  }
  const plan = planShards(config, gateway);
  logger.info("starting shards", {
    total: plan.total,
    shards: plan.ids,
    recommended: gateway?.shards ?? null,
  });
  const startTimeoutMs = config.shardStartTimeoutSeconds * 1000;
  /** Starts `shard`'s process and waits for its connection while it makes progress. */
  const startAndWatch = (shard: Shard): Promise<void> =>
    startShard(shard, {
      timeoutMs: startTimeoutMs,
      onSlow: (stage) =>
        logger.info(
          `shard ${shard.id} is still ${describeShardStartStage(stage)} after ${config.shardStartTimeoutSeconds} s; waiting for it while it makes progress`,
          { shard: shard.id },
        ),
    });

  // Shards run as this process does: compiled (`.js`) as they are, or from source through tsx.
  const compiled = !import.meta.filename.endsWith(".ts");
  const manager = new ShardingManager(
    path.join(import.meta.dirname, compiled ? "index.js" : "index.ts"),
    {
      totalShards: plan.total,
      shardList: plan.ids,
      token: config.discordToken,
      mode: "process",
      // Restarts are decided here (see the shard's "death" below), not by the manager.
      respawn: false,
      execArgv: compiled ? [] : ["--import", import.meta.resolve("tsx")],
    },
  );

  manager.on("shardCreate", (shard) => {
    const env = shard.env as NodeJS.ProcessEnv;
    // Each shard process runs exactly its own shard, and its own health port next to the others.
    env.SHARD_LIST = String(shard.id);
    if (config.healthPort !== null) {
      env.HEALTH_PORT = String(config.healthPort + shard.id);
    }
    logger.info("shard starting", { shard: shard.id });
    shard.on("ready", () => logger.info("shard ready", { shard: shard.id }));
    shard.on("death", (child) => {
      if (stopping) return;
      const exit = {
        shard: shard.id,
        code: "exitCode" in child ? child.exitCode : null,
        signal: "signalCode" in child ? child.signalCode : null,
      };
      const next = restarts.afterExit(exit, starting, Date.now());
      if (next.action === "stop") {
        logger.error(next.message, exit);
        void stop("a shard failed", true);
        return;
      }
      logger.warn(next.message, exit);
      setTimeout(() => {
        if (stopping) return;
        // A shard that ends again before it is ready is decided on above, at its exit.
        startAndWatch(shard).catch((err: unknown) => {
          if (stopping || err instanceof ShardEndedWhileStarting) return;
          if (err instanceof ShardStartStalled) {
            logger.warn(`${err.message}; it keeps trying`, { shard: shard.id });
          } else {
            logger.warn("a restarted shard could not be started", { shard: shard.id, err });
          }
        });
      }, next.delayMs);
    });
    shard.on("error", (err) => logger.error("shard error", { shard: shard.id, err }));
  });

  const restarts = new ShardRestarts();
  /** While the manager starts the shards (a shard ending then stops them all). */
  let starting = true;
  let stopping: Promise<void> | null = null;
  const stop = (signal: string, failed = false): Promise<void> => {
    stopping ??= (async () => {
      logger.info("stopping shards", { signal });
      manager.respawn = false;
      const codes = await Promise.all([...manager.shards.values()].map(stopShard));
      logger.info("shards stopped", { codes });
      process.exit(failed || codes.some((code) => code !== 0 && code !== null) ? 1 : 0);
    })();
    return stopping;
  };
  process.on("SIGINT", (signal) => void stop(signal));
  process.on("SIGTERM", (signal) => void stop(signal));
  // SIGHUP (`kill -HUP`, `systemctl reload`, the terminal closed) is passed on: each shard
  // reads its articles again and runs on.
  onHangup = () => {
    if (stopping) return;
    logger.info("SIGHUP: every shard reads its articles again");
    for (const shard of manager.shards.values()) shard.process?.kill("SIGHUP");
  };
  keepRunningWhenTerminalCloses();

  try {
    // One after another, each once the one before is connected (as discord.js's own spawn
    // does), waiting between them as Discord's max_concurrency requires.
    for (const [position, id] of plan.ids.entries()) {
      if (stopping) return;
      const last = position === plan.ids.length - 1;
      const shard = manager.createShard(id);
      await Promise.all([startAndWatch(shard), last ? undefined : pause(plan.delayMs)]);
    }
    starting = false;
    logger.info("all shards ready", { shards: plan.ids });
  } catch (err) {
    // A shard that ended has said so, as has a signal.
    if (stopping) return;
    if (err instanceof ShardStartStalled) {
      logger.error(`${err.message}; stopping every shard`, { shard: err.shard });
    } else {
      logger.error("starting the shards failed; stopping every shard", { err });
    }
    await stop("start failed", true);
  }
}

main().catch((err: unknown) => {
  reportStartFailure("citebot failed to start its shards", err);
  process.exit(1);
});
