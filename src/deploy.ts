/**
 * `npm run deploy`: registers every command with Discord in one bulk overwrite — in
 * DISCORD_GUILD_ID when set (instant), otherwise globally.
 */
import "dotenv/config";
import { REST } from "discord.js";
import { commands } from "../commands/index.ts";
import { ConfigError, loadConfig } from "./app/config.ts";
import { deployCommands } from "./discord/deployCommands.ts";
import { redactText } from "./ops/logger.ts";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.discordToken || !config.discordClientId) {
    throw new ConfigError(["DISCORD_TOKEN: required to register commands"]);
  }
  const rest = new REST(config.discordApiUrl ? { api: config.discordApiUrl } : {}).setToken(
    config.discordToken,
  );
  const scope = config.discordGuildId ? `guild ${config.discordGuildId}` : "all servers (global)";
  const count = await deployCommands(
    rest,
    { clientId: config.discordClientId, guildId: config.discordGuildId },
    commands,
  );
  process.stdout.write(`Registered ${count} commands for ${scope}.\n`);
}

main().catch((err: unknown) => {
  const text = err instanceof Error ? err.message : String(err);
  process.stderr.write(`${redactText(text, process.env.DISCORD_TOKEN?.trim() || null)}\n`);
  process.exit(1);
});
