/**
 * The start-up shared by the bot (`src/index.ts`) and the sharding manager (`src/shard.ts`):
 * the configuration from the environment, then the logger built from it; and, for the bot,
 * the word relations its libraries expand questions with.
 */
import { ConfigError, loadConfig } from "./config.ts";
import type { Config } from "./config.ts";
import { createLogger } from "../ops/logger.ts";
import type { Logger } from "../ops/logger.ts";
import { openLexicon, type LexiconOptions } from "../content/lexicon.ts";
import type { Lexicon, Library } from "../core/types.ts";
import { warmUpTimeReading } from "../core/time.ts";

/**
 * Reads the configuration from `process.env` and creates the logger. A configuration that
 * cannot be used is printed to stderr (as one JSON log line with LOG_FORMAT=json) and the
 * process exits with code 1. Without a Discord token the offline console runs, and the
 * logger writes to `consoleLog` when given (which keeps its lines clear of the prompt).
 */
export function loadConfigAndLogger(options: { consoleLog?: NodeJS.WritableStream } = {}): {
  config: Config;
  logger: Logger;
} {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    reportInvalidConfiguration(err, process.env);
    process.exit(1);
  }
  const stream = config.discordToken === null ? options.consoleLog : undefined;
  return { config, logger: createLogger(config, { stream }) };
}

/**
 * How to log before the configuration is known to be usable: in its LOG_FORMAT when that is
 * json, and with its token removed.
 */
function startLogger(env: NodeJS.ProcessEnv): Logger {
  const logger = createLogger({
    logLevel: "error",
    logFormat: env.LOG_FORMAT?.trim() === "json" ? "json" : "pretty",
    discordToken: env.DISCORD_TOKEN?.trim() || null,
  });
  // A shard process of `npm run start:sharded` names its shard, as its other lines do.
  const shard = env.SHARDING_MANAGER ? env.SHARD_LIST?.trim() : undefined;
  return shard !== undefined && /^\d+$/.test(shard)
    ? logger.child({ shard: Number(shard) })
    : logger;
}

/** The configuration's problems: a list for people, or one JSON log line for collectors. */
function reportInvalidConfiguration(err: unknown, env: NodeJS.ProcessEnv): void {
  const problems = err instanceof ConfigError ? err.problems : [String(err)];
  if (env.LOG_FORMAT?.trim() === "json") {
    startLogger(env).error("invalid configuration", { problems });
    return;
  }
  process.stderr.write(`${new ConfigError(problems).message}\n`);
}

/**
 * Says why the bot (`what`: "citebot failed to start") could not start, as a log line in
 * LOG_FORMAT with the error and its stack, the token removed.
 */
export function reportStartFailure(what: string, err: unknown, env = process.env): void {
  startLogger(env).error(what, { err });
}

/**
 * Loads the word relations once (from the cache made at first use). Without them the bot
 * still answers, matching only the question's own words, so a failure is logged, not fatal.
 */
export async function loadWordRelations(
  logger: Logger,
  options: LexiconOptions = {},
): Promise<Lexicon | undefined> {
  try {
    const loaded = await openLexicon(options);
    logger.info("word relations loaded", {
      from: loaded.from,
      words: loaded.words,
      irregularForms: loaded.exceptionsDir !== null,
      cacheFile: loaded.cacheFile,
      ms: Math.round(loaded.ms),
    });
    return loaded.lexicon;
  } catch (err) {
    logger.warn("word relations could not be loaded; questions match their own words only", {
      err,
    });
    return undefined;
  }
}

/** Compiles the time reading's patterns now, not inside an early question (see warmUpTimeReading). */
export function prepareTimeReading(logger: Logger): void {
  const started = performance.now();
  warmUpTimeReading();
  logger.debug("time reading prepared", { ms: Math.round(performance.now() - started) });
}

/** Questions of the shapes people ask: with and without time words, and with a typo. */
const WARM_UP_QUESTIONS = [
  "What did the two countries agree on security this week?",
  "Who led the delegation in January?",
  "latest news about the goverment budget",
];

/** Rounds of {@link WARM_UP_QUESTIONS}: enough for V8 to compile the search's hot paths. */
const WARM_UP_ROUNDS = 3;

/**
 * Asks the library a few questions before the bot answers anyone, so the search code is
 * compiled now: otherwise the first questions after a start each wait 50–250 ms for it, on
 * the thread that answers everyone.
 */
export function warmUpSearch(library: Pick<Library, "answer">, logger: Logger): void {
  const started = performance.now();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const question of WARM_UP_QUESTIONS) library.answer(question, { top: 4 });
  }
  logger.debug("search warmed up", { ms: Math.round(performance.now() - started) });
}
