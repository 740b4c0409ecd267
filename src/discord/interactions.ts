/**
 * The one place interactions arrive: slash and context-menu commands by name, autocomplete
 * (answered at once, never deferred), and buttons by custom-id prefix. Every interaction
 * gets one log line; every failure gets one short ephemeral message for the user.
 */
import { ApplicationCommandType, MessageFlags } from "discord.js";
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  MessageContextMenuCommandInteraction,
} from "discord.js";
import type { Context } from "../app/context.ts";
import type { AnyCommand, ButtonHandler, Command, MessageCommand, Outcome } from "./command.ts";
import { cooldownNotice } from "./cooldown.ts";
import { isUnexpected, reportInteractionError } from "./errors.ts";

export const UNKNOWN_COMMAND = "That command isn't available any more.";
export const UNKNOWN_BUTTON = "That button doesn't work any more — please run the command again.";

export interface CommandRegistry {
  slash: Map<string, Command>;
  message: Map<string, MessageCommand>;
  buttons: Map<string, ButtonHandler>;
}

function isMessageCommand(command: AnyCommand): command is MessageCommand {
  return "type" in command.data && command.data.type === ApplicationCommandType.Message;
}

/** Indexes commands and their buttons; duplicate names or prefixes are programming errors. */
export function createRegistry(commands: readonly AnyCommand[]): CommandRegistry {
  const registry: CommandRegistry = { slash: new Map(), message: new Map(), buttons: new Map() };
  for (const command of commands) {
    const name = command.data.name;
    if (isMessageCommand(command)) {
      if (registry.message.has(name)) throw new Error(`Two message commands are named "${name}"`);
      registry.message.set(name, command);
    } else {
      if (registry.slash.has(name)) throw new Error(`Two commands are named "${name}"`);
      registry.slash.set(name, command);
    }
    for (const button of command.buttons ?? []) {
      if (registry.buttons.has(button.prefix)) {
        throw new Error(`Two button handlers use the prefix "${button.prefix}"`);
      }
      registry.buttons.set(button.prefix, button);
    }
  }
  return registry;
}

interface LogFields {
  kind: string;
  command: string;
  outcome: string;
  results: number | null;
}

function logInteraction(
  context: Context,
  interaction: Interaction,
  started: number,
  fields: LogFields,
  error?: unknown,
): void {
  const latencyMs = Math.round(performance.now() - started);
  const entry = {
    ...fields,
    user: interaction.user.id,
    guild: interaction.guildId ?? "dm",
    latencyMs,
  };
  context.metrics?.recordInteraction({ ...fields, latencyMs });
  if (error !== undefined) {
    if (isUnexpected(error)) context.logger.error("interaction failed", { ...entry, err: error });
    else {
      context.logger.info("interaction refused", {
        ...entry,
        outcome: "refused",
        reason: (error as Error).message,
      });
    }
  } else if (fields.kind === "autocomplete") {
    // Autocomplete fires on every keystroke: keep it out of the normal log.
    context.logger.debug("interaction", entry);
  } else {
    context.logger.info("interaction", entry);
  }
}

type RunnableInteraction =
  ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/**
 * Runs `execute` with the cooldown (when `cooldown`), error reporting and the log line around
 * it. Without `execute` the command or button is unknown (left from an older version), and
 * the user is told so.
 */
async function run(
  context: Context,
  interaction: RunnableInteraction,
  kind: string,
  name: string,
  cooldown: boolean | undefined,
  execute: (() => Promise<Outcome | undefined>) | undefined,
): Promise<void> {
  const started = performance.now();
  const log = (outcome: string, results: number | null, error?: unknown): void =>
    logInteraction(context, interaction, started, { kind, command: name, outcome, results }, error);
  try {
    const waitMs = cooldown ? context.cooldowns.take(interaction.user.id) : 0;
    if (waitMs > 0) {
      await interaction.reply({ content: cooldownNotice(waitMs), flags: MessageFlags.Ephemeral });
      log("cooldown", null);
      return;
    }
    if (!execute) {
      const content = kind === "button" ? UNKNOWN_BUTTON : UNKNOWN_COMMAND;
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
      log("ok", null);
      return;
    }
    const outcome = await execute();
    log("ok", outcome?.results ?? null);
  } catch (err) {
    log("error", null, err);
    await reportInteractionError(interaction, err, context.logger);
  }
}

async function runAutocomplete(
  context: Context,
  interaction: AutocompleteInteraction,
  command: Command | undefined,
): Promise<void> {
  const started = performance.now();
  const fields = { kind: "autocomplete", command: interaction.commandName, results: null };
  try {
    if (command?.autocomplete) await command.autocomplete(interaction, context);
    else await interaction.respond([]);
    logInteraction(context, interaction, started, { ...fields, outcome: "ok" });
  } catch (err) {
    // Nothing to tell the user: autocomplete has no message. The log has it.
    logInteraction(context, interaction, started, { ...fields, outcome: "error" }, err);
  }
}

/** `<prefix>:<rest>` → [prefix, rest]; an id without ":" is all prefix. */
function splitCustomId(customId: string): [string, string] {
  const separator = customId.indexOf(":");
  return separator === -1
    ? [customId, ""]
    : [customId.slice(0, separator), customId.slice(separator + 1)];
}

/** Builds the `interactionCreate` listener. It never rejects. */
export function createInteractionHandler(
  commands: readonly AnyCommand[],
  context: Context,
): (interaction: Interaction) => Promise<void> {
  const registry = createRegistry(commands);
  return async (interaction) => {
    if (interaction.isAutocomplete()) {
      await runAutocomplete(context, interaction, registry.slash.get(interaction.commandName));
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = registry.slash.get(interaction.commandName);
      const execute = command && (() => command.execute(interaction, context));
      await run(
        context,
        interaction,
        "command",
        interaction.commandName,
        command?.cooldown,
        execute,
      );
      return;
    }
    if (interaction.isMessageContextMenuCommand()) {
      const command = registry.message.get(interaction.commandName);
      const execute = command && (() => command.execute(interaction, context));
      await run(context, interaction, "menu", interaction.commandName, command?.cooldown, execute);
      return;
    }
    if (interaction.isButton()) {
      const [prefix, rest] = splitCustomId(interaction.customId);
      const button = registry.buttons.get(prefix);
      const execute = button && (() => button.execute(interaction, context, rest));
      await run(context, interaction, "button", prefix, button?.cooldown, execute);
      return;
    }
    context.logger.debug("ignored interaction", { type: interaction.type, id: interaction.id });
  };
}
