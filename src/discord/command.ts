/**
 * The shape of a command module (`commands/<name>.ts`): its registration data, what it does,
 * and optionally its autocomplete and the buttons it owns.
 */
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
  /** Whether the per-user question cooldown applies (buttons that search). */
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
