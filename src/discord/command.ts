/**
 * The shape of a command module (`commands/<name>.ts`): its registration data, what it does,
 * and optionally its autocomplete and the buttons it owns; and the registry that indexes
 * commands and buttons for dispatch.
 */
import { ApplicationCommandType } from "discord.js";
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  RESTPostAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { Context } from "../app/context.ts";

/** What a handler reports for the interaction's log line. */
export interface Outcome {
  /** How many results the answer showed, when it searched. */
  results?: number;
}

/** A button family: every button whose custom id starts with `<prefix>:` goes to `execute`. */
export interface ButtonHandler {
  prefix: string;
  /** Whether the per-user question cooldown applies (buttons that ask a new question). */
  cooldown?: boolean;
  /** `rest` is the custom id after `<prefix>:`. */
  execute(
    interaction: ButtonInteraction,
    context: Context,
    rest: string,
  ): Promise<Outcome | undefined>;
}

interface CommandBase<I> {
  data: RESTPostAPIApplicationCommandsJSONBody;
  /** Whether the per-user question cooldown applies. */
  cooldown?: boolean;
  execute(interaction: I, context: Context): Promise<Outcome | undefined>;
  autocomplete?(interaction: AutocompleteInteraction, context: Context): Promise<void>;
  buttons?: readonly ButtonHandler[];
}

/** A slash command. */
export type Command = CommandBase<ChatInputCommandInteraction>;
/** A message context-menu command ("Apps" menu on a message). */
export type MessageCommand = CommandBase<MessageContextMenuCommandInteraction>;
export type AnyCommand = Command | MessageCommand;

/** Everything the bot answers to: commands by name, buttons by custom-id prefix. */
export interface CommandRegistry {
  /** Every command, in the order they are registered with Discord. */
  commands: readonly AnyCommand[];
  slash: Map<string, Command>;
  message: Map<string, MessageCommand>;
  buttons: Map<string, ButtonHandler>;
}

function isMessageCommand(command: AnyCommand): command is MessageCommand {
  return "type" in command.data && command.data.type === ApplicationCommandType.Message;
}

/**
 * Indexes `commands`, the buttons they own, and `buttons` that belong to no one command (the
 * buttons under every answer). Duplicate names or prefixes are programming errors.
 */
export function createRegistry(
  commands: readonly AnyCommand[],
  buttons: readonly ButtonHandler[] = [],
): CommandRegistry {
  const registry: CommandRegistry = {
    commands,
    slash: new Map(),
    message: new Map(),
    buttons: new Map(),
  };
  for (const command of commands) {
    const name = command.data.name;
    if (isMessageCommand(command)) {
      if (registry.message.has(name)) throw new Error(`Two message commands are named "${name}"`);
      registry.message.set(name, command);
    } else {
      if (registry.slash.has(name)) throw new Error(`Two commands are named "${name}"`);
      registry.slash.set(name, command);
    }
  }
  for (const button of [...buttons, ...commands.flatMap((command) => command.buttons ?? [])]) {
    if (registry.buttons.has(button.prefix)) {
      throw new Error(`Two button handlers use the prefix "${button.prefix}"`);
    }
    registry.buttons.set(button.prefix, button);
  }
  return registry;
}
