/**
 * Start-up: configuration → logger → article library → Discord (or, without a token, the
 * offline console). SIGINT/SIGTERM finish the answers in flight, disconnect and exit 0.
 */
import "dotenv/config";
import { commands } from "../commands/index.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { startConsole } from "./console.ts";
import { createContext } from "./context.ts";
import { startBot } from "./discord/bot.ts";
import { createLibraryStore } from "./libraryStore.ts";
import { createLogger } from "./logger.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  const logger = createLogger(config);
  // A stray rejection is a bug to fix, not a reason to stop answering everyone else.
  process.on("unhandledRejection", (reason) => {
    logger.error("unhandled promise rejection", { err: reason });
  });
  const library = await createLibraryStore({ source: config.contentDir, logger });
  const context = createContext({ library, config, logger });

  if (!config.discordToken) {
    logger.info("no DISCORD_TOKEN set: starting the offline console");
    await startConsole(context);
    await library.close();
    return;
  }

  library.watch();
  const bot = await startBot(context, { commands });

  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info("shutting down", { signal });
    Promise.all([bot.stop(), library.close()])
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error("shutdown failed", { err });
        process.exit(1);
      });
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `citebot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
