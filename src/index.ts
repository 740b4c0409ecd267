/**
 * The bot's entry (`npm start`), also the entry of each shard process under `src/shard.ts`.
 * The library's build worker is started first and reads the saved index the configuration
 * names, while this thread loads discord.js and the rest of the bot; then the start-up of
 * app/main.ts runs (which reports a configuration that cannot be used). A shard process of
 * `npm run start:sharded` reports its start's progress to its manager meanwhile
 * (app/shardProgress.ts).
 */
// Loaded first: a stop signal is heard from here on (it stops the process at once until
// the start-up has something to finish).
import "./app/stopSignals.ts";
import "dotenv/config";
import { DEFAULT_SHARD_START_TIMEOUT_SECONDS, loadConfig, type Config } from "./app/config.ts";
import { startShardStartReport } from "./app/shardProgress.ts";
import { indexSettings, startBuildThreadEarly } from "./content/buildThread.ts";

/** Reports why the bot could not start, in the log format of LOG_FORMAT, and exits 1. */
async function fail(err: unknown): Promise<never> {
  try {
    const { reportStartFailure } = await import("./app/startup.ts");
    reportStartFailure("citebot failed to start", err);
  } catch {
    // The logger itself cannot be loaded: plain text is all that is left, the token taken out.
    const token = process.env.DISCORD_TOKEN?.trim();
    const said = String(err);
    process.stderr.write(
      `citebot failed to start: ${token ? said.split(token).join("[token]") : said}\n`,
    );
  }
  process.exit(1);
}

function configOrNull(): Config | null {
  try {
    return loadConfig(process.env);
  } catch {
    return null;
  }
}

const config = configOrNull();
// A shard process tells its sharding manager from now on that its start is under way.
startShardStartReport(
  (config?.shardStartTimeoutSeconds ?? DEFAULT_SHARD_START_TIMEOUT_SECONDS) * 1000,
);
// The same source, data folder and settings as the library store of app/main.ts.
startBuildThreadEarly(
  config === null
    ? null
    : {
        source: config.contentDir,
        dataDir: config.dataDir,
        settings: indexSettings(config.ranking),
      },
);
import("./app/main.ts").then(({ main }) => main()).catch(fail);
