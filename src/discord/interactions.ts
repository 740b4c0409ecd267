/**
 * The one place interactions arrive: slash and context-menu commands by name, autocomplete
 * (answered at once, never deferred), and buttons by custom-id prefix. Every interaction
 * gets one outcome (its log line and metrics); every failure gets one short ephemeral message
 * for the user.
 */
import { MessageFlags } from "discord.js";
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Interaction,
  MessageContextMenuCommandInteraction,
} from "discord.js";
import type { Context } from "../app/context.ts";
import type { Command, CommandRegistry, Outcome } from "./command.ts";
import { cooldownNotice } from "./cooldown.ts";
import { UserError, reportInteractionError } from "./errors.ts";
import { startOutcome } from "./outcome.ts";
import type { Handled } from "./outcome.ts";

export const UNKNOWN_COMMAND = "That command isn't available any more.";
export const UNKNOWN_BUTTON = "That button doesn't work any more — please run the command again.";

type RunnableInteraction =
  ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction;

/**
 * Runs `execute` with the cooldown (when `cooldown`), error reporting and the outcome around
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
  const outcome = startOutcome(context, handledBy(interaction, kind, name));
  try {
    const waitMs = cooldown ? context.cooldowns.take(interaction.user.id) : 0;
    if (waitMs > 0) {
      await interaction.reply({ content: cooldownNotice(waitMs), flags: MessageFlags.Ephemeral });
      outcome.done("cooldown");
      return;
    }
    if (!execute) {
      const content = kind === "button" ? UNKNOWN_BUTTON : UNKNOWN_COMMAND;
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
      outcome.done("ok");
      return;
    }
    const result = await execute();
    outcome.done("ok", result?.results ?? null);
  } catch (err) {
    outcome.failed(err);
    if (cooldown && err instanceof UserError) context.cooldowns.giveBack(interaction.user.id);
    await reportInteractionError(interaction, err, context.logger);
  }
}

async function runAutocomplete(
  context: Context,
  interaction: AutocompleteInteraction,
  command: Command | undefined,
): Promise<void> {
  const outcome = startOutcome(
    context,
    handledBy(interaction, "autocomplete", interaction.commandName),
  );
  try {
    if (command?.autocomplete) await command.autocomplete(interaction, context);
    else await interaction.respond([]);
    outcome.done("ok");
  } catch (err) {
    // Nothing to tell the user: autocomplete has no message. The log has it.
    outcome.failed(err);
  }
}

function handledBy(interaction: Interaction, kind: string, command: string): Handled {
  return { kind, command, user: interaction.user.id, guild: interaction.guildId };
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
  registry: CommandRegistry,
  context: Context,
): (interaction: Interaction) => Promise<void> {
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
