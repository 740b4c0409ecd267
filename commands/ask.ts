import { MessageFlags, SlashCommandBuilder, userMention } from "discord.js";
import {
  MAX_QUESTION_LENGTH,
  answerQuestion,
  normaliseQuestion,
  searchMayBeSlow,
} from "../src/discord/answer.ts";
import { answerButtons } from "../src/discord/answerButtons.ts";
import type { Command } from "../src/discord/command.ts";
import { UserError } from "../src/discord/errors.ts";

export default {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask a question and get word-for-word quotes from the news articles")
    .addStringOption((option) =>
      option
        .setName("question")
        .setDescription("What you want to know")
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_LENGTH),
    )
    .addBooleanOption((option) => option.setName("hide").setDescription("Only you see the answer"))
    .addUserOption((option) =>
      option.setName("mention").setDescription("Someone to ping with the answer"),
    )
    .toJSON(),
  cooldown: true,
  buttons: answerButtons,
  async execute(interaction, context) {
    const question = normaliseQuestion(interaction.options.getString("question", true));
    if (!question) throw new UserError("Please type a question to search the articles for.");
    const hide = interaction.options.getBoolean("hide") ?? false;
    const target = interaction.options.getUser("mention");
    const flags = hide ? MessageFlags.Ephemeral : undefined;

    if (searchMayBeSlow(context)) await interaction.deferReply({ flags });

    const answer = answerQuestion(context, question);
    if (!answer.found) {
      if (interaction.deferred && !hide) {
        // The deferred reply is public; "nothing found" is for the asker only.
        await interaction.deleteReply();
        await interaction.followUp({ content: answer.content, flags: MessageFlags.Ephemeral });
      } else if (interaction.deferred) {
        await interaction.editReply({ content: answer.content });
      } else {
        await interaction.reply({ content: answer.content, flags: MessageFlags.Ephemeral });
      }
      return { results: 0 };
    }

    const payload = {
      embeds: answer.embeds,
      components: answer.components,
      ...(target
        ? { content: userMention(target.id), allowedMentions: { users: [target.id] } }
        : { allowedMentions: { parse: [] } }),
    };
    if (!interaction.deferred) {
      await interaction.reply({ ...payload, flags });
    } else if (target && !hide) {
      // Discord pings nobody for a mention added by editing the deferred reply: a new
      // message (the follow-up) replaces it, so the chosen user is notified.
      await interaction.deleteReply();
      await interaction.followUp(payload);
    } else {
      await interaction.editReply(payload);
    }
    return { results: answer.results };
  },
} satisfies Command;
