import { SlashCommandBuilder } from "discord.js";
import {
  MAX_QUESTION_LENGTH,
  dayOf,
  deliverAnswer,
  normaliseQuestion,
} from "../src/discord/answer.ts";
import { periodOptions, sinceOption, untilOption } from "../src/discord/periodOptions.ts";
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
    .addStringOption(sinceOption)
    .addStringOption(untilOption)
    .toJSON(),
  cooldown: true,
  async execute(interaction, context) {
    const question = normaliseQuestion(interaction.options.getString("question", true));
    if (!question) throw new UserError("Please type a question to search the articles for.");
    const asOf = dayOf(interaction.createdAt, context.config.timeZone);
    const hide = interaction.options.getBoolean("hide") ?? false;
    const ping = interaction.options.getUser("mention")?.id ?? null;
    if (hide && ping !== null) {
      throw new UserError(
        "An answer only you see can't mention anyone: leave out `hide` to mention someone.",
      );
    }
    return deliverAnswer(interaction, context, question, {
      when: { asOf, ...periodOptions(interaction, asOf) },
      private: hide,
      ping,
    });
  },
} satisfies Command;
