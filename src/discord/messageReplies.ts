/**
 * Replies to messages addressed to the bot (mentions and DMs), whatever the channel lets it
 * do. A reply in a server's channel needs Read Message History: without it, the answer is
 * sent to the channel as a message of its own, headed by the asker's name (which pings no
 * one). Embeds need Embed Links: without it, an answer is sent as text (see `canShowEmbeds`).
 * Without Send Messages nothing can be said there at all.
 */
import {
  DiscordAPIError,
  PermissionFlagsBits,
  RESTJSONErrorCodes,
  userMention,
  type BaseMessageOptions,
  type Message,
} from "discord.js";
import { LIMITS, truncateWords } from "./markdown.ts";

/** A reply to a message pings nobody, not even the person who asked. */
export const NO_REPLY_PINGS = { parse: [], repliedUser: false } as const;

/** Room kept for the asker's name ahead of a message sent instead of a reply. */
const ADDRESS_ROOM = 32;

/** The longest text an answer to a message may have, with room for the asker's name. */
export const MAX_ADDRESSED_TEXT = LIMITS.content - ADDRESS_ROOM;

/** What is sent in reply: text, embeds, buttons. Mentions never ping. */
export type MessageReply = Pick<BaseMessageOptions, "content" | "embeds" | "components">;

/** The bot's permissions where `message` was written, or null where none apply (a DM). */
function permissionsAt(message: Message): Readonly<{ has(bit: bigint): boolean }> | null {
  if (!message.inGuild()) return null;
  return message.channel.permissionsFor(message.client.user);
}

/** Whether the bot may send messages where `message` was written (unknown: it tries). */
export function canSendTo(message: Message): boolean {
  const permissions = permissionsAt(message);
  if (permissions === null) return true;
  const send = message.channel.isThread()
    ? PermissionFlagsBits.SendMessagesInThreads
    : PermissionFlagsBits.SendMessages;
  return permissions.has(PermissionFlagsBits.ViewChannel) && permissions.has(send);
}

/** Whether embeds the bot sends show where `message` was written. */
export function canShowEmbeds(message: Message): boolean {
  return permissionsAt(message)?.has(PermissionFlagsBits.EmbedLinks) ?? true;
}

function canReplyTo(message: Message): boolean {
  return permissionsAt(message)?.has(PermissionFlagsBits.ReadMessageHistory) ?? true;
}

function isRefusedReply(err: unknown): boolean {
  return (
    err instanceof DiscordAPIError &&
    err.code === RESTJSONErrorCodes.CannotReplyWithoutPermissionToReadMessageHistory
  );
}

/**
 * Replies to `message` with `reply`, pinging nobody; where the bot may not reply (or Discord
 * refuses the reply for want of Read Message History), sends it to the channel addressed to
 * the asker instead.
 */
export async function replyToMessage(message: Message, reply: MessageReply): Promise<void> {
  if (canReplyTo(message)) {
    try {
      await message.reply({ ...reply, allowedMentions: NO_REPLY_PINGS });
      return;
    } catch (err) {
      if (!isRefusedReply(err)) throw err;
    }
  }
  await sendAddressed(message, reply);
}

/** Sends `reply` to the message's channel, headed by the asker's name, pinging nobody. */
async function sendAddressed(message: Message, reply: MessageReply): Promise<void> {
  const { channel } = message;
  if (!channel.isSendable()) throw new Error("the message's channel takes no messages");
  const address = userMention(message.author.id);
  const content = truncateWords(
    reply.content ? `${address} ${reply.content}` : address,
    LIMITS.content,
  );
  await channel.send({ ...reply, content, allowedMentions: { parse: [] } });
}
