/**
 * `npm run feeds -- add URL | list | remove ID|URL | check [ID|URL]`: manages the feed
 * subscriptions from the command line, with the same settings as the bot (CONTENT_DIR,
 * DATA_DIR). `check` polls now (every feed, or one) and lists what it saved. Exit codes: 0
 * done, 1 a feed could not be read, 2 bad arguments or configuration.
 */
import "dotenv/config";
import { Writable } from "node:stream";
import { ConfigError, loadConfig } from "../app/config.ts";
import type { Config } from "../app/config.ts";
import type { CheckReport, FeedService } from "../feeds/feedService.ts";
import { FeedUserError } from "../feeds/feedErrors.ts";
import type { FeedRecord } from "../feeds/feedStore.ts";
import { openFeedService } from "../feeds/setup.ts";
import { createLogger } from "../ops/logger.ts";
import {
  UsageError,
  exitWhenReaderStops,
  isMainModule,
  printable,
  refuseOptions,
  writeText,
} from "./args.ts";
import type { TextOutput } from "./args.ts";

export const FEEDS_USAGE = `usage: npm run feeds -- <command>

  add URL          subscribe to an RSS, Atom or JSON feed
  list             show each feed: title, last check, last new article, last error
  remove ID|URL    unsubscribe (saved articles stay in content/feeds/)
  check [ID|URL]   check every feed (or one) now and save new articles

Articles are saved under $CONTENT_DIR/feeds/<feed>/; subscriptions live in $DATA_DIR.`;

export interface CliIo {
  stdout: TextOutput;
  stderr: TextOutput;
  env?: NodeJS.ProcessEnv;
}

function when(ms: number | null): string {
  return ms === null ? "never" : new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}

function describeFeed(feed: FeedRecord): string {
  const lines = [
    `${feed.id}. ${printable(feed.title ?? "(untitled)")}  ${printable(feed.url)}`,
    `   folder feeds/${feed.folder}/ · checked ${when(feed.lastCheckedAt)} · last new article ${when(feed.lastNewAt)}`,
  ];
  if (feed.lastError) {
    lines.push(`   last error: ${printable(feed.lastError)} (${feed.failures} in a row)`);
  }
  return lines.join("\n");
}

function describeCheck(report: CheckReport): string {
  // Titles, addresses and errors come from the feed's server: shown as text, never as
  // terminal commands.
  const name = printable(report.feed.title ?? report.feed.url);
  if (report.error) return `${name}: failed: ${printable(report.error)}`;
  if (report.notModified) return `${name}: not modified`;
  const lines = [
    `${name}: ${report.saved.length} new article${report.saved.length === 1 ? "" : "s"}` +
      (report.deferred > 0 ? ` (${report.deferred} more at the next check)` : ""),
    ...report.saved.map(
      (a) => `   ${a.date ?? "no date  "}  ${printable(a.title)}  → ${printable(a.file)}`,
    ),
  ];
  return lines.join("\n");
}

/**
 * A setting that stops a command (an invalid variable, a content folder that cannot take
 * articles): exit code 2 like bad arguments, but the usage would not help, so it is not shown.
 */
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingError";
  }
}

/** Loads the configuration for a command-line tool: problems are a {@link SettingError}. */
export function cliConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new SettingError(err.message);
    throw err;
  }
}

/** The feed service with the bot's settings, logging warnings to `stderr`. */
export function cliFeedService(config: Config, stderr: TextOutput): FeedService {
  const logger = createLogger(
    { logLevel: "warn", logFormat: "pretty", discordToken: config.discordToken },
    {
      stream: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          stderr.write(chunk.toString("utf8"));
          callback();
        },
      }),
    },
  );
  const opened = openFeedService(config, logger);
  if ("off" in opened) throw new SettingError(opened.off);
  return opened.service;
}

async function runCommand(service: FeedService, args: string[], io: CliIo): Promise<number> {
  const [command, target, ...extra] = args;
  const unexpected = command === "list" ? target : extra[0];
  if (unexpected !== undefined) {
    throw new UsageError(`unexpected argument "${printable(unexpected)}"`);
  }
  switch (command) {
    case "add": {
      if (!target) throw new UsageError("add needs the feed's URL");
      const { feed, items } = await service.subscribe(target);
      await writeText(
        io.stdout,
        `Subscribed: ${describeFeed(feed)}\n   ${items} items listed now\n`,
      );
      return 0;
    }
    case "list": {
      const feeds = service.listFeeds();
      await writeText(
        io.stdout,
        feeds.length === 0 ? "No feeds.\n" : `${feeds.map(describeFeed).join("\n")}\n`,
      );
      return 0;
    }
    case "remove": {
      if (!target) throw new UsageError("remove needs the feed's number or URL");
      const removed = service.unsubscribe(target);
      if (!removed) {
        throw new FeedUserError(`no feed "${printable(target)}" (see npm run feeds -- list)`);
      }
      await writeText(
        io.stdout,
        `Removed ${printable(removed.title ?? removed.url)}; its articles stay in feeds/${removed.folder}/\n`,
      );
      return 0;
    }
    case "check": {
      let reports: CheckReport[];
      if (target) {
        const feed = service.findFeed(target);
        if (!feed) {
          throw new FeedUserError(`no feed "${printable(target)}" (see npm run feeds -- list)`);
        }
        reports = [await service.checkFeed(feed)];
      } else {
        reports = await service.checkAll();
      }
      await writeText(
        io.stdout,
        reports.length === 0 ? "No feeds.\n" : `${reports.map(describeCheck).join("\n")}\n`,
      );
      return reports.some((report) => report.error) ? 1 : 0;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : "a command is needed");
  }
}

export async function runFeeds(args: string[], io: CliIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    await writeText(io.stdout, `${FEEDS_USAGE}\n`);
    return 0;
  }
  let service: FeedService | null = null;
  try {
    refuseOptions(args);
    service = cliFeedService(cliConfig(io.env ?? process.env), io.stderr);
    return await runCommand(service, args, io);
  } catch (err) {
    return await exitCodeOfFailure(err, FEEDS_USAGE, io.stderr);
  } finally {
    await service?.close();
  }
}

/**
 * The exit code of a feed command that failed, after saying why: 2 for bad arguments (with
 * the usage) or settings, 1 for a refusal the user can act on (a bad URL, an unknown feed).
 * Anything else is a bug and is thrown on.
 */
export async function exitCodeOfFailure(
  err: unknown,
  usage: string,
  stderr: TextOutput,
): Promise<number> {
  if (err instanceof UsageError) {
    await writeText(stderr, `${err.message}\n\n${usage}\n`);
    return 2;
  }
  if (err instanceof SettingError) {
    await writeText(stderr, `${err.message}\n`);
    return 2;
  }
  if (err instanceof FeedUserError) {
    await writeText(stderr, `${err.message}\n`);
    return 1;
  }
  throw err;
}

if (isMainModule(import.meta.url)) {
  exitWhenReaderStops();
  process.exitCode = await runFeeds(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
