import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import type { Command } from "../src/discord/command.ts";
import { UserError } from "../src/discord/errors.ts";
import { feedListText, subscribedText } from "../src/discord/feedReplies.ts";
import { LIMITS, renderTitle, truncateWords } from "../src/discord/markdown.ts";
import { FeedUserError } from "../src/feeds/feedErrors.ts";
import type { FeedsOff } from "../src/feeds/setup.ts";

export const NEEDS_MANAGE_GUILD_FOR_FEEDS =
  "You need the **Manage Server** permission to manage feeds.";
/** Why `/feed` and `/add` cannot be used, in the words of the setting at fault. */
export function feedsOffText(why: FeedsOff | undefined): string {
  switch (why) {
    case "library-file":
      return "Feeds are off here: the bot reads its articles from a library file, not a folder it can save to.";
    case "content-file":
      return "Feeds are off here: the bot's content folder setting names a file, not a folder it can save to.";
    case "state-database":
      return "Feeds are off here: the bot cannot open the database where it keeps its feeds (its log says why).";
    default:
      return "Feeds are off here: the bot has nowhere to save articles.";
  }
}

export default {
  data: new SlashCommandBuilder()
    .setName("feed")
    .setDescription(
      "Follow news feeds: new articles are added to the library (for server managers)",
    )
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName("add")
        .setDescription("Subscribe to an RSS, Atom or JSON feed")
        .addStringOption((option) =>
          option
            .setName("url")
            .setDescription("The feed's address, or a site page that links to its feed")
            .setRequired(true)
            .setMaxLength(2000),
        ),
    )
    .addSubcommand((sub) =>
      sub.setName("list").setDescription("Show the feeds and how they are doing"),
    )
    .addSubcommand((sub) =>
      sub
        .setName("remove")
        .setDescription("Unsubscribe (saved articles stay)")
        .addStringOption((option) =>
          option
            .setName("feed")
            .setDescription("The feed's number in /feed list, or its address")
            .setRequired(true)
            .setMaxLength(2000),
        ),
    )
    .toJSON(),
  async execute(interaction, context) {
    // Default permissions can be overridden by server settings: check again here.
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError(NEEDS_MANAGE_GUILD_FOR_FEEDS);
    }
    const feeds = context.feeds;
    if (!feeds) throw new UserError(feedsOffText(context.feedsOff));
    const sub = interaction.options.getSubcommand(true);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let content: string;
    try {
      if (sub === "add") {
        const { feed, items } = await feeds.subscribe(interaction.options.getString("url", true));
        context.logger.info("feed added on request", { user: interaction.user.id, url: feed.url });
        content = subscribedText(feed, items);
      } else if (sub === "remove") {
        const removed = feeds.unsubscribe(interaction.options.getString("feed", true));
        if (!removed) throw new UserError("No such feed. `/feed list` shows their numbers.");
        content = `Unsubscribed from ${renderTitle(removed.title ?? removed.url, removed.url, 150)}. Its saved articles stay in \`feeds/${removed.folder}/\`.`;
      } else {
        content = feedListText(feeds.listFeeds());
      }
    } catch (err) {
      if (err instanceof FeedUserError) throw UserError.fromOutsideText(err.message);
      throw err;
    }
    await interaction.editReply({
      content: truncateWords(content, LIMITS.content),
      allowedMentions: { parse: [] },
    });
    return {};
  },
} satisfies Command;
