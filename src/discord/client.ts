/**
 * The discord.js client as citebot needs it: no privileged intents (mentions and DMs carry
 * their text anyway), DM channels as partials, and no pings unless a reply asks for one.
 */
import { Client, GatewayIntentBits, Options, Partials } from "discord.js";
import type { ClientOptions } from "discord.js";
import type { Config } from "../app/config.ts";

export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
] as const;

/**
 * `managed`: this process is a shard started by the sharding manager. Otherwise SHARD_COUNT
 * (and SHARD_LIST) run those shards in this one process, and without them a single shard.
 */
export function clientOptions(
  config: Pick<Config, "discordApiUrl" | "shardCount" | "shardList">,
  managed = false,
): ClientOptions {
  const options: ClientOptions = {
    intents: [...INTENTS],
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
    // Every user who asks would otherwise stay cached (as a user and a guild member) for the
    // life of the process; answers need neither once the interaction is handled. The bot's
    // own user and member are kept.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: {
        maxSize: 0,
        keepOverLimit: (member) => member.id === member.client.user.id,
      },
    }),
  };
  if (config.discordApiUrl) options.rest = { api: config.discordApiUrl };
  // Under the sharding manager discord.js takes this process's shards from the manager
  // (its SHARDS and SHARD_COUNT variables), so nothing is forced here.
  if (managed) return options;
  if (config.shardCount === "auto") {
    options.shards = "auto";
    // discord.js reads SHARD_COUNT from the environment whenever shardCount is left at its
    // default of 1, and "auto" is not a number; with shards "auto" the count comes from
    // Discord at login and replaces this placeholder.
    options.shardCount = 2;
  } else if (config.shardCount !== null) {
    options.shardCount = config.shardCount;
    options.shards = config.shardList ?? [...Array(config.shardCount).keys()];
  }
  return options;
}

/** True in a shard process started by discord.js's ShardingManager (see `src/shard.ts`). */
export const isManagedShard = (env: NodeJS.ProcessEnv): boolean => Boolean(env.SHARDING_MANAGER);

export function createClient(
  config: Pick<Config, "discordApiUrl" | "shardCount" | "shardList">,
  managed = isManagedShard(process.env),
): Client {
  return new Client(clientOptions(config, managed));
}
