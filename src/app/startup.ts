/**
 * The start-up shared by the bot (`src/index.ts`) and the sharding manager (`src/shard.ts`):
 * the configuration from the environment, then the logger built from it.
 */
import { ConfigError, loadConfig } from "./config.ts";
import type { Config } from "./config.ts";
import { createLogger } from "../ops/logger.ts";
import type { Logger } from "../ops/logger.ts";

/**
 * Reads the configuration from `process.env` and creates the logger. A configuration that
 * cannot be used is printed to stderr and the process exits with code 1.
 */
export function loadConfigAndLogger(): { config: Config; logger: Logger } {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(1);
  }
  return { config, logger: createLogger(config) };
}
