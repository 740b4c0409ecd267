import { ApplicationCommandType, ContextMenuCommandBuilder } from "discord.js";
import type { Message } from "discord.js";
import { dayOf, deliverAnswer, normaliseQuestion } from "../src/discord/answer.ts";
import type { MessageCommand } from "../src/discord/command.ts";
import { UserError } from "../src/discord/errors.ts";

/**
 * The text a message shows: what it says, else its embeds' titles and descriptions (a news
 * bot's post, a shared link's preview).
 */
function textShownIn(message: Pick<Message, "content" | "embeds">): string {
  if (normaliseQuestion(message.content)) return message.content;
  return message.embeds.flatMap((embed) => [embed.title ?? "", embed.description ?? ""]).join(" ");
}

/** Message menu → Apps → "Find in articles": searches the articles for that message's text. */
export default {
  data: new ContextMenuCommandBuilder()
    .setName("Find in articles")
    .setType(ApplicationCommandType.Message)
    .toJSON(),
  cooldown: true,
  async execute(interaction, context) {
    const question = normaliseQuestion(textShownIn(interaction.targetMessage));
    if (!question) throw new UserError("That message has no text to search for.");
    // Shown to the person who asked only: looking something up should not add noise. The
    // message asked when it was posted: its "yesterday" is the day before that.
    const asOf = dayOf(interaction.targetMessage.createdAt, context.config.timeZone);
    return deliverAnswer(interaction, context, question, { private: true, when: { asOf } });
  },
} satisfies MessageCommand;
