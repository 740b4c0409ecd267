/**
 * Questions asked by mentioning the bot (`@citebot what did Poland agree to?`) in a channel,
 * thread or DM, or by replying to one of its messages with the reply's ping on. Discord
 * delivers the text of messages that mention the bot (a reply that pings it counts) and of
 * DMs without the privileged MessageContent intent. The answer is a reply that pings nobody.
 */
import type { Message } from "discord.js";
import type { Context } from "../app/context.ts";
import { deliverAnswer, normaliseQuestion } from "./answer.ts";
import { cooldownNotice } from "./cooldown.ts";
import { UserError, isMissingPermissions, reportMessageError } from "./errors.ts";
import { canSendTo, replyToMessage } from "./messageReplies.ts";
import { startOutcome } from "./outcome.ts";

/** How to ask, for a bare mention or a greeting: in a DM no mention is needed. */
export function mentionHelp(botId: string, inDm = false): string {
  const example = "what did South Korea and Poland agree on?";
  return [
    "Ask me a question about the news articles and I'll quote the passages that answer it.",
    inDm
      ? `Just type your question here, like: ${example}`
      : `Mention me with your question, like <@${botId}> ${example}`,
    "Or use `/ask` — and `/help` for more.",
  ].join("\n");
}

/**
 * What people say to the bot when they want to know how to use it, or only greet it: a
 * search for these words would answer "Nothing in the articles answers that".
 */
const ASKS_FOR_HELP = new Set([
  "help",
  "help me",
  "hi",
  "hii",
  "hello",
  "hey",
  "hiya",
  "howdy",
  "yo",
  "hi there",
  "hello there",
  "hey there",
  "good morning",
  "good afternoon",
  "good evening",
  "what can you do",
  "what do you do",
  "how do i use you",
  "how do i use this",
  "how does this work",
  "how do you work",
  "commands",
]);

/**
 * Whether a message to the bot asks how to use it rather than asks the articles: help, a
 * greeting, or no word at all ("?", an emoji).
 */
export function asksForHelp(question: string): boolean {
  const words = wordsOf(question);
  return words === "" || ASKS_FOR_HELP.has(words);
}

/** The words of a message, lower case, without apostrophes, punctuation or emoji. */
function wordsOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Longer than this, a message is more than a thank-you. */
const MAX_THANKS_LENGTH = 60;

/**
 * A thank-you or an "ok", with the little words people add ("thanks a lot", "ok thank you
 * so much", "thx bot"). Only whole messages of these words match.
 */
const THANKS =
  /^(?:(?:ok|okay|oh|ah|great|cool|nice|perfect|awesome|got it)\s)*(?:thanks?|thank you|thank u|thanx|thnx|thx|ty|tysm|tyvm|cheers|much appreciated|appreciated|ok|okay|great|cool|nice|perfect|awesome|got it)(?:\s(?:so much|very much|a lot|a bunch|a ton|again|anyway|man|mate|buddy|bot|citebot))*$/;

/** Nothing but emoji (👍, 🙏, ❤️, a flag), or nothing at all (a custom emoji, taken out). */
const ONLY_EMOJI =
  /^(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\s]|\u{FE0F}|\u{200D}|\u{20E3})*$/u;

/**
 * Whether a message to the bot only thanks it or acknowledges its answer ("thanks", "ty",
 * "ok cool"; in a reply to the bot, also a lone emoji): nothing to search for, and nothing
 * that needs an answer.
 */
export function onlyThanks(question: string, inReplyToBot: boolean): boolean {
  if (question.length > MAX_THANKS_LENGTH) return false;
  const words = wordsOf(question);
  if (words === "") return inReplyToBot && ONLY_EMOJI.test(question);
  return THANKS.test(words);
}

/**
 * Whether a message replies to one of the bot's own messages with the reply's ping on.
 * Discord lists the author of the message replied to among the mentions only when the reply
 * pings them, so a reply with the ping off is not addressed to the bot.
 */
export function pingsBotByReplying(message: Message, botId: string): boolean {
  if (message.reference === null) return false;
  const replied = message.mentions.repliedUser;
  // `repliedUser` is unknown when the message replied to has since been deleted.
  return (replied === null || replied.id === botId) && message.mentions.users.has(botId);
}

/**
 * The question in a message addressed to the bot, or null when the message is not for it.
 * Addressed means: a direct mention of the bot (or of its own role), a reply to one of the
 * bot's messages that pings it, or any message in a DM. `@everyone`/`@here` alone never
 * counts, and neither does a message from a bot (the bot's own included).
 */
export function questionFor(message: Message, botId: string): string | null {
  if (message.author.bot || message.author.id === botId) return null;
  const roleIds = message.mentions.roles
    .filter((role) => role.tags?.botId === botId)
    .map((role) => role.id);
  const direct = new RegExp(`<@!?${botId}>`).test(message.content);
  const viaRole = roleIds.some((id) => message.content.includes(`<@&${id}>`));
  const addressed = direct || viaRole || pingsBotByReplying(message, botId);
  if (!addressed && message.inGuild()) return null;
  let text = message.content.replace(new RegExp(`<@!?${botId}>`, "g"), " ");
  for (const id of roleIds) text = text.split(`<@&${id}>`).join(" ");
  return normaliseQuestion(text);
}

/** Why a mention went unanswered where the bot may not send messages. */
export const CANNOT_SEND = "the bot may not send messages in that channel";

/** Builds the `messageCreate` listener. It never rejects. */
export function createMentionHandler(context: Context): (message: Message) => Promise<void> {
  return async (message) => {
    const botId = message.client.user.id;
    const question = questionFor(message, botId);
    if (question === null) return;
    // A thank-you needs no answer: a reply would only add a message to the channel.
    if (onlyThanks(question, message.mentions.repliedUser?.id === botId)) {
      context.logger.debug("mention", { outcome: "thanks", user: message.author.id });
      return;
    }
    const outcome = startOutcome(context, {
      kind: "mention",
      command: "mention",
      user: message.author.id,
      guild: message.guildId,
    });
    if (!canSendTo(message)) {
      // Nothing can be said there, not even why: the log tells the server's admins.
      outcome.failed(new UserError(CANNOT_SEND));
      return;
    }
    try {
      // A bare mention or a greeting (answered with help) counts like a question: every reply
      // is public.
      const waitMs = context.cooldowns.take(message.author.id);
      if (waitMs > 0) {
        // Told once per cooldown: repeated mentions must not turn into repeated notices.
        if (context.cooldowns.firstNotice(message.author.id)) {
          await replyToMessage(message, { content: cooldownNotice(waitMs) });
        }
        outcome.done("cooldown");
        return;
      }
      if (asksForHelp(question)) {
        await replyToMessage(message, { content: mentionHelp(botId, !message.inGuild()) });
        outcome.done("help");
        return;
      }
      const answered = await deliverAnswer(message, context, question, { private: false });
      outcome.done("ok", answered.results);
    } catch (err) {
      if (isMissingPermissions(err)) {
        // Saying why would be refused too: the log tells the server's admins.
        outcome.failed(new UserError(CANNOT_SEND));
        return;
      }
      outcome.failed(err);
      await reportMessageError(message, err, context.logger);
    }
  };
}
