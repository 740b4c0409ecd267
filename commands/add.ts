import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import type { Command } from "../src/discord/command.ts";
import { UserError } from "../src/discord/errors.ts";
import { addedText } from "../src/discord/feedReplies.ts";
import { FeedUserError } from "../src/feeds/feedErrors.ts";
import { feedsOffText } from "./feed.ts";

export const NEEDS_MANAGE_GUILD_FOR_ADD =
  "You need the **Manage Server** permission to add articles.";

export default {
  data: new SlashCommandBuilder()
    .setName("add")
    .setDescription("Add one article to the library from its web address (for server managers)")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((option) =>
      option
        .setName("url")
        .setDescription("The article's address")
        .setRequired(true)
        .setMaxLength(2000),
    )
    .toJSON(),
  async execute(interaction, context) {
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError(NEEDS_MANAGE_GUILD_FOR_ADD);
    }
    const feeds = context.feeds;
    if (!feeds) throw new UserError(feedsOffText(context.feedsOff));
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    let added;
    try {
      added = await feeds.addPage(interaction.options.getString("url", true));
    } catch (err) {
      if (err instanceof FeedUserError) throw UserError.fromOutsideText(err.message);
      throw err;
    }
    context.logger.info("article added on request", {
      user: interaction.user.id,
      url: added.url,
      file: added.file,
      date: added.date,
    });
    await interaction.editReply({ content: addedText(added), allowedMentions: { parse: [] } });
    return {};
  },
} satisfies Command;
