/**
 * The discord.js client as citebot needs it: no privileged intents (mentions and DMs carry
 * their text anyway), DM channels as partials, and no pings unless a reply asks for one.
 */
import { Client, GatewayIntentBits, Partials } from "discord.js";
import type { ClientOptions } from "discord.js";
import type { Config } from "../config.ts";

export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
] as const;

export function clientOptions(
  config: Pick<Config, "discordApiUrl" | "shardCount" | "shardList">,
): ClientOptions {
  const options: ClientOptions = {
    intents: [...INTENTS],
    partials: [Partials.Channel],
    allowedMentions: { parse: [] },
  };
  if (config.discordApiUrl) options.rest = { api: config.discordApiUrl };
  return options;
}

export function createClient(
  config: Pick<Config, "discordApiUrl" | "shardCount" | "shardList">,
): Client {
  return new Client(clientOptions(config));
}
