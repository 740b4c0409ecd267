/**
 * Registers the commands with Discord in one bulk overwrite: in one guild when a guild id is
 * configured (instant, for development), otherwise globally.
 */
import { Routes } from "discord.js";
import type { REST } from "discord.js";
import type { AnyCommand } from "./command.ts";

export interface DeployTarget {
  clientId: string;
  guildId: string | null;
}

/** Overwrites the registered commands with `commands`; returns how many Discord now has. */
export async function deployCommands(
  rest: REST,
  target: DeployTarget,
  commands: readonly AnyCommand[],
): Promise<number> {
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.clientId, target.guildId)
    : Routes.applicationCommands(target.clientId);
  const registered = await rest.put(route, { body: commands.map((command) => command.data) });
  return Array.isArray(registered) ? registered.length : 0;
}
