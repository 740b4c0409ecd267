import { DiscordAPIError, HTTPError, MessageFlags, RESTJSONErrorCodes } from "discord.js";
import type { Interaction, Message, RepliableInteraction } from "discord.js";
import type { Logger } from "../ops/logger.ts";
import { LIMITS, escapeText, truncateWords } from "./markdown.ts";
import { replyToMessage } from "./messageReplies.ts";

/** An error whose message is meant for the user (a refused permission, a stale button). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserError";
  }

  /**
   * A user error whose message holds outside text (a web address as typed, a server's
   * answer): escaped, so that it shows as written, and cut to fit a message.
   */
  static fromOutsideText(message: string): UserError {
    return new UserError(escapeText(truncateWords(message, OUTSIDE_TEXT_SHOWN)));
  }
}

/** Longest outside text shown in an error message, leaving room for its escapes. */
const OUTSIDE_TEXT_SHOWN = 1000;

export const GENERIC_ERROR =
  "Sorry, something went wrong while answering. Please try again in a moment.";
const NETWORK_ERROR = "Discord didn't accept the answer just now. Please try again in a moment.";

/** Socket and DNS failures: the request never got an answer from Discord. */
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}

/**
 * Whether Discord was down or unreachable: a 5xx (the REST client reports it as an
 * HTTPError once its own retries are spent), a timed-out request or a dropped connection.
 */
function isOutage(error: unknown): boolean {
  if (error instanceof HTTPError || error instanceof DiscordAPIError) return error.status >= 500;
  if (!(error instanceof Error)) return false;
  if (error.name === "AbortError") return true;
  const code = errorCode(error) ?? errorCode(error.cause);
  return typeof code === "string" && NETWORK_CODES.has(code);
}

/** The short message a user sees for an error; details stay in the log. */
export function userMessageFor(error: unknown): string {
  if (error instanceof UserError) return truncateWords(error.message, LIMITS.content);
  if (isOutage(error)) return NETWORK_ERROR;
  return GENERIC_ERROR;
}

/** Whether an error is worth a full stack in the log (user errors are expected). */
export function isUnexpected(error: unknown): boolean {
  return !(error instanceof UserError);
}

/**
 * Whether Discord refused to post for want of permissions where the bot tried (taken from it
 * after the bot last heard of them): any other post there would be refused the same way.
 */
export function isMissingPermissions(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.MissingPermissions ||
      error.code === RESTJSONErrorCodes.MissingAccess)
  );
}

/** Errors after which no reply is possible: the interaction expired or was already answered. */
function isUnanswerable(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction ||
      error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)
  );
}

/**
 * Tells the user, ephemerally, that their interaction failed: a reply when nothing was sent
 * yet, an edit of the deferred reply, or a follow-up when a reply already went out.
 * Never throws; a failure to tell the user is logged.
 */
export async function reportInteractionError(
  interaction: Interaction,
  error: unknown,
  logger: Logger,
): Promise<void> {
  if (!interaction.isRepliable() || isUnanswerable(error)) return;
  const content = userMessageFor(error);
  try {
    if (interaction.deferred && !interaction.replied) {
      await replaceDeferredReply(interaction, content);
    } else if (interaction.replied) {
      await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.reply({ content, flags: MessageFlags.Ephemeral });
    }
  } catch (err) {
    logger.warn("could not tell the user about an error", { err, interaction: interaction.id });
  }
}

/**
 * Puts an error notice where a deferred reply was: in it, when the reply is private; else
 * (or when it cannot be edited, as when the answer already deleted it to follow up) in a
 * private follow-up, so that the notice is seen by the asker only.
 */
async function replaceDeferredReply(
  interaction: RepliableInteraction,
  content: string,
): Promise<void> {
  if (interaction.ephemeral) {
    try {
      await interaction.editReply({ content, embeds: [], components: [] });
      return;
    } catch {
      // The reply is gone: the notice follows up instead.
    }
  } else {
    await interaction.deleteReply().catch(() => undefined);
  }
  await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
}

/** The same for a mention: a short reply to the message. Never throws. */
export async function reportMessageError(
  message: Message,
  error: unknown,
  logger: Logger,
): Promise<void> {
  try {
    await replyToMessage(message, { content: userMessageFor(error) });
  } catch (err) {
    logger.warn("could not tell the user about an error", { err, messageId: message.id });
  }
}
