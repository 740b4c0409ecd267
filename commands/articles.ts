import { SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/command.ts";
import { ARTICLES_PREFIX, renderArticlePage } from "../src/discord/renderArticles.ts";
import { UserError } from "../src/discord/errors.ts";

export default {
  data: new SlashCommandBuilder()
    .setName("articles")
    .setDescription("List the articles, newest first")
    .addIntegerOption((option) =>
      option.setName("page").setDescription("Page number (10 articles a page)").setMinValue(1),
    )
    .toJSON(),
  async execute(interaction, context) {
    const page = (interaction.options.getInteger("page") ?? 1) - 1;
    const articles = context.library.current.articles;
    await interaction.reply({
      ...renderArticlePage(articles, page),
      allowedMentions: { parse: [] },
    });
    return { results: Math.min(articles.length, 10) };
  },
  buttons: [
    {
      prefix: ARTICLES_PREFIX,
      async execute(interaction, context, rest) {
        const match = /^(?:prev|next):(-?\d{1,6})$/.exec(rest);
        if (!match?.[1]) throw new UserError("That button is out of date — run `/articles` again.");
        // Previous/Next edit the list in place.
        await interaction.update(
          renderArticlePage(context.library.current.articles, Number(match[1])),
        );
        return {};
      },
    },
  ],
} satisfies Command;
