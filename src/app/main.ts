/**
 * The bot's start-up (run by `src/index.ts`): configuration → logger → metrics → word
 * relations → article library → feeds (the poller runs in the process of FEED_POLLER_SHARD)
 * → health endpoint (with HEALTH_PORT) → Discord (or, without a token, the offline console).
 * SIGINT/SIGTERM finish the answers in flight, stop polling, disconnect, close the watcher and
 * the health endpoint, and exit 0. SIGHUP reads the articles again, as /reload does (the
 * offline console ends on it: its terminal is gone).
 */
import "dotenv/config";
import { whenReloadSignalled, whenStopSignalled } from "./stopSignals.ts";
import { registry } from "../../commands/index.ts";
import { startConsole } from "../cli/console.ts";
import { ConsoleLog } from "../cli/consoleLog.ts";
import { exitWhenReaderStops, keepRunningWhenTerminalCloses } from "../cli/args.ts";
import { createContext } from "./context.ts";
import { openAnswerMemory } from "../discord/answerMemory.ts";
import { startBot } from "../discord/bot.ts";
import type { Bot } from "../discord/bot.ts";
import { startHealthServer } from "../ops/health.ts";
import { createLibraryStore, type LibraryStore } from "../content/libraryStore.ts";
import { createMetrics } from "../ops/metrics.ts";
import { watchEventLoopStalls } from "../ops/stallWatch.ts";
import {
  loadConfigAndLogger,
  loadWordRelations,
  prepareTimeReading,
  warmUpSearch,
} from "./startup.ts";
import { announceArticle } from "../discord/announce.ts";
import { startFeeds } from "../feeds/setup.ts";
import { isManagedShard } from "../discord/client.ts";
import type { Logger } from "../ops/logger.ts";
import type { Config } from "./config.ts";
import { noteShardProgress, reportShardStart, stopShardStartReport } from "./shardProgress.ts";

/** What the health endpoint counts while the articles are still being read. */
const NO_ARTICLES = { articles: [] };

export async function main(): Promise<void> {
  // Without a Discord token the log goes through the console, above its prompt.
  const consoleLog = new ConsoleLog(process.stderr);
  const loaded = loadConfigAndLogger({ consoleLog });
  const { config } = loaded;
  const logger = shardLogger(loaded.logger, config);
  // The console's answers and log may be piped to a reader that stops early (`npm start | head`).
  if (config.discordToken === null) exitWhenReaderStops();
  // A bot started from a terminal keeps answering once the terminal is closed.
  else keepRunningWhenTerminalCloses();
  // A stray rejection is a bug to fix, not a reason to stop answering everyone else.
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled promise rejection", { err: reason });
  });
  // Until the bot runs, a signal has nothing to finish: the start stops where it is. So does
  // a shard whose sharding manager went away meanwhile.
  const stopStarting = (signal: string): void => {
    logger.info("shutting down before the start was complete", { signal });
    process.exit(0);
  };
  whenStopSignalled(stopStarting);
  // The articles are being read as they are now; the watcher takes in what changes after.
  whenReloadSignalled(() =>
    logger.info("SIGHUP while starting: the articles are being read already"),
  );
  const stopStartingShard = (): void => stopStarting("disconnect");
  process.once("disconnect", stopStartingShard);
  const startingOver = (): void => {
    process.off("disconnect", stopStartingShard);
  };
  const metrics = createMetrics();
  let served: LibraryStore | null = null;
  let bot: Bot | null = null;
  // The health endpoint answers from the start ("unavailable" while the articles are read),
  // so a supervisor sees the bot starting rather than a port that refuses connections.
  const health =
    config.discordToken === null || config.healthPort === null
      ? null
      : await startHealthServer({
          host: config.healthHost,
          port: config.healthPort,
          registry: metrics.registry,
          library: {
            get current() {
              return served?.current ?? NO_ARTICLES;
            },
          },
          client: () => bot?.client ?? null,
          logger,
        });
  // A shard's manager hears that its library is loading, for as long as the load moves on.
  reportShardStart("loading");
  const lexicon = await loadWordRelations(logger);
  noteShardProgress();
  // While the build worker reads the library on its own thread.
  prepareTimeReading(logger);
  const library = await createLibraryStore({
    source: config.contentDir,
    sourceName: "CONTENT_DIR",
    logger,
    library: { lexicon, ranking: config.ranking },
    saveIndex: true,
    dataDir: config.dataDir,
    onReload: (result) => metrics.recordReload(result),
    onBuildProgress: noteShardProgress,
  });
  served = library;
  metrics.trackLibrary(library);
  warmUpSearch(library.current, logger);
  // From here on the thread answers questions (the warm-ups above hold it on purpose).
  const stalls = watchEventLoopStalls(logger);

  if (!config.discordToken) {
    stopShardStartReport();
    startingOver();
    // The console ends on Ctrl-D or `exit`; a signal stops it at once, as does the terminal
    // closing (SIGHUP).
    whenStopSignalled(() => process.exit(0));
    whenReloadSignalled(() => process.exit(0));
    const context = createContext({ library, config, logger, metrics });
    logger.info("no DISCORD_TOKEN set: starting the offline console");
    await startConsole(context, { log: consoleLog });
    await library.close();
    return;
  }

  void library.watch();
  const announceChannel = config.feeds.announceChannelId;
  const started = startFeeds(config, logger, {
    onArticle: (article) => {
      if (bot && announceChannel)
        void announceArticle(bot.client, announceChannel, article, logger);
    },
  });
  const feeds = "service" in started ? started : null;
  const feedsOff = "off" in started ? started.off : null;
  const answers = openAnswerMemory(config.dataDir, (err) =>
    logger.warn("answers for buttons could not be kept on disk; keeping them in memory", { err }),
  );
  const context = createContext({
    library,
    config,
    logger,
    metrics,
    answers,
    ...(feeds ? { feeds: feeds.service } : {}),
    ...(feedsOff ? { feedsOff } : {}),
  });
  warnOfIgnoredShardList(config, logger);
  // From here on a shard's manager waits for its connection to Discord, a limited time.
  reportShardStart("connecting");
  const abortStart = new AbortController();
  const starting = startBot(context, { registry, signal: abortStart.signal });

  let shuttingDown = false;
  const shutdown = (signal: string): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info("shutting down", { signal });
    // A start still waiting for Discord (its gateway out of reach) stops waiting; a bot
    // connected is stopped, finishing the answers in flight.
    abortStart.abort();
    const stopBot = starting.then(
      (started) => started.stop(),
      () => undefined,
    );
    stalls.stop();
    Promise.all([stopBot, feeds?.close(), library.close(), health?.close()])
      .then(() => {
        answers.close();
        logger.info("shut down");
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error("shutdown failed", { err });
        process.exit(1);
      });
  };
  // A repeated signal (a sharding manager and a terminal both sending one) changes nothing.
  startingOver();
  whenStopSignalled(shutdown);
  // SIGHUP (`kill -HUP`, `systemctl reload`, the terminal closed) reads the articles again,
  // as /reload does, and the bot runs on.
  whenReloadSignalled(() => {
    if (!shuttingDown) void reloadOnSignal(library, logger);
  });
  // A shard process whose sharding manager went away stops too, instead of running on alone.
  process.once("disconnect", () => shutdown("disconnect"));

  try {
    bot = await starting;
  } catch (err) {
    if (shuttingDown) return;
    throw err;
  }
}

/** Reads the articles again on SIGHUP and logs what came of it. */
async function reloadOnSignal(library: LibraryStore, logger: Logger): Promise<void> {
  try {
    const result = await library.reload();
    logger.info("library reloaded on SIGHUP", {
      ok: result.ok,
      unchanged: result.unchanged === true,
      articles: result.articleCount,
      problems: result.problems.length,
    });
  } catch (err) {
    logger.error("library reload on SIGHUP failed", { err });
  }
}

/**
 * The logger of a shard process of `npm run start:sharded`, whose lines go to one output with
 * the other shards': each names its shard (`"shard":1`). Any other process's logger as it is.
 */
function shardLogger(logger: Logger, config: Config): Logger {
  const shard = config.shardList?.length === 1 ? config.shardList[0] : undefined;
  return isManagedShard(process.env) && shard !== undefined ? logger.child({ shard }) : logger;
}

/**
 * One process picks its shards from SHARD_LIST only with a numeric SHARD_COUNT (the sharding
 * manager of `npm run start:sharded` also reads it with "auto"); otherwise it runs them all,
 * which would clash with another machine's, so it says so.
 */
function warnOfIgnoredShardList(config: Config, logger: Logger): void {
  if (config.shardList === null || typeof config.shardCount === "number") return;
  if (isManagedShard(process.env)) return;
  logger.warn(
    "SHARD_LIST is ignored without a numeric SHARD_COUNT: this process runs every shard (use npm run start:sharded, or set SHARD_COUNT)",
    { shardList: config.shardList, shardCount: config.shardCount },
  );
}
