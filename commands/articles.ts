import { SlashCommandBuilder } from "discord.js";
import type { Context } from "../src/app/context.ts";
import { dayOf, searchMayBeSlow } from "../src/discord/answer.ts";
import type { Command } from "../src/discord/command.ts";
import { UserError } from "../src/discord/errors.ts";
import { LIMITS } from "../src/discord/markdown.ts";
import { periodOptions, sinceOption, untilOption } from "../src/discord/periodOptions.ts";
import {
  ARTICLES_PER_PAGE,
  ARTICLES_PREFIX,
  MAX_TOPIC_LENGTH,
  articlePageId,
  inPeriod,
  pageCount,
  parseArticlePageId,
  renderArticlePage,
} from "../src/discord/renderArticles.ts";
import type { Browse, Listed } from "../src/discord/renderArticles.ts";

/**
 * The most articles listed about a topic: the closest ones to its words, then those in the
 * period, newest first (50 pages).
 */
const MAX_TOPIC_ARTICLES = 500;

/** Said above the last page when a later one was asked for. */
function lastPageNote(pages: number): string {
  return pages === 1
    ? "There is only one page: here it is."
    : `There are only ${pages} pages: here is the last.`;
}

/**
 * The articles `browse` asks for: about its topic (when given; its time words read on
 * `asOf`, the day the list was asked for), in its period.
 */
function browseArticles(context: Context, browse: Browse, asOf: string): readonly Listed[] {
  const library = context.library.current;
  const candidates: readonly Listed[] = browse.topic
    ? library.closestArticles(browse.topic, MAX_TOPIC_ARTICLES, { asOf })
    : library.articles;
  return candidates.filter((article) => inPeriod(article.date, browse));
}

export default {
  data: new SlashCommandBuilder()
    .setName("articles")
    .setDescription("List the articles, newest first: all, or those about a topic over a period")
    .addIntegerOption((option) =>
      option.setName("page").setDescription("Page number (10 articles a page)").setMinValue(1),
    )
    .addStringOption((option) =>
      option
        .setName("topic")
        .setDescription("Only articles about this, like tariffs or the harbour bridge")
        .setMaxLength(MAX_TOPIC_LENGTH),
    )
    .addStringOption(sinceOption)
    .addStringOption(untilOption)
    .toJSON(),
  async execute(interaction, context) {
    const page = (interaction.options.getInteger("page") ?? 1) - 1;
    const topic = interaction.options.getString("topic")?.replace(/\s+/g, " ").trim();
    const asOf = dayOf(interaction.createdAt, context.config.timeZone);
    const browse: Browse = {
      ...(topic ? { topic } : {}),
      ...periodOptions(interaction, asOf),
    };
    if (articlePageId("next", 999_999, browse).length > LIMITS.customId) {
      throw new UserError("That topic is too long to page through: try fewer words.");
    }
    // A topic is searched for: when that may outlast Discord's 3 seconds, the reply waits.
    if (browse.topic && searchMayBeSlow(context)) await interaction.deferReply();
    const articles = browseArticles(context, browse, asOf);
    const pages = pageCount(articles.length);
    const reply = {
      ...renderArticlePage(articles, page, browse),
      // A page past the end shows the last one, and says so.
      ...(page >= pages ? { content: lastPageNote(pages) } : {}),
      allowedMentions: { parse: [] },
    };
    if (interaction.deferred) await interaction.editReply(reply);
    else await interaction.reply(reply);
    return { results: Math.min(articles.length, ARTICLES_PER_PAGE) };
  },
  buttons: [
    {
      prefix: ARTICLES_PREFIX,
      async execute(interaction, context, rest) {
        const parsed = parseArticlePageId(rest);
        if (!parsed) throw new UserError("That button is out of date — run `/articles` again.");
        // Previous/Next edit the list in place, as of the day the list was asked for. The
        // note over a page asked for past the end no longer holds for the page turned to.
        const asOf = dayOf(interaction.message.createdAt, context.config.timeZone);
        if (parsed.browse.topic && searchMayBeSlow(context)) await interaction.deferUpdate();
        const articles = browseArticles(context, parsed.browse, asOf);
        const page = { ...renderArticlePage(articles, parsed.page, parsed.browse), content: "" };
        if (interaction.deferred) await interaction.editReply(page);
        else await interaction.update(page);
        return {};
      },
    },
  ],
} satisfies Command;
