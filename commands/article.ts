import { MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Article } from "../src/core/types.ts";
import type { Command } from "../src/discord/command.ts";
import { LIMITS, truncateWords } from "../src/discord/markdown.ts";
import { renderArticle, sortNewestFirst } from "../src/discord/renderArticles.ts";
import type { Context } from "../src/app/context.ts";

function choiceName(article: Pick<Article, "title" | "date">): string {
  const suffix = ` (${article.date ?? "undated"})`;
  return `${truncateWords(article.title.replace(/\s+/g, " ").trim(), LIMITS.choiceName - suffix.length)}${suffix}`;
}

/** The article a chosen (or typed) value names: an id from autocomplete, else the best title match. */
function findArticle(context: Context, value: string): Article | undefined {
  const library = context.library.current;
  const byId = library.getArticle(value);
  if (byId) return byId;
  const best = library.matchTitles(value, 1)[0];
  return best ? library.getArticle(best.id) : undefined;
}

export default {
  data: new SlashCommandBuilder()
    .setName("article")
    .setDescription("Show one article: title, date, link, length and first paragraph")
    .addStringOption((option) =>
      option
        .setName("title")
        .setDescription("Start typing a title")
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(200),
    )
    .toJSON(),
  async autocomplete(interaction, context) {
    const typed = interaction.options.getFocused().trim();
    const library = context.library.current;
    const refs = typed
      ? library.matchTitles(typed, LIMITS.choices)
      : sortNewestFirst(library.articles).slice(0, LIMITS.choices);
    const choices = refs.slice(0, LIMITS.choices).map((article) => ({
      name: choiceName(article),
      // Ids longer than a choice value may be are looked up by title instead.
      value:
        article.id.length <= LIMITS.choiceValue
          ? article.id
          : truncateWords(article.title, LIMITS.choiceValue),
    }));
    await interaction.respond(choices);
  },
  async execute(interaction, context) {
    const value = interaction.options.getString("title", true).trim();
    const article = value ? findArticle(context, value) : undefined;
    if (!article) {
      await interaction.reply({
        content: "No article has a title like that. Try `/articles` to see them all.",
        flags: MessageFlags.Ephemeral,
      });
      return { results: 0 };
    }
    await interaction.reply({ ...renderArticle(article), allowedMentions: { parse: [] } });
    return { results: 1 };
  },
} satisfies Command;
