import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from "discord.js";
import type { ContentProblem } from "../src/core/types.ts";
import type { Command } from "../src/discord/command.ts";
import { UserError } from "../src/discord/errors.ts";
import { LIMITS, escapeText, truncateWords } from "../src/discord/markdown.ts";

export const NEEDS_MANAGE_GUILD =
  "You need the **Manage Server** permission to reload the articles.";

/**
 * The reply to /reload: how many articles are in use and the problems found, or that the
 * articles could not be read, or (`unchanged`) that no file changed since they were read.
 */
export function reloadSummary(
  articleCount: number,
  problems: readonly ContentProblem[],
  ok: boolean,
  unchanged = false,
): string {
  const articles = `${articleCount} article${articleCount === 1 ? "" : "s"}`;
  const head = !ok
    ? `The articles could not be read, so the previous ${articleCount} stay in use.`
    : unchanged
      ? `Nothing changed since the articles were last read: ${articles} in use.`
      : `Reloaded: ${articles}.`;
  if (problems.length === 0) return `${head} No problems found.`;
  // Articles that could not be read come first: a list cut to fit may drop files that are
  // not read on purpose (photos, a LICENSE), never the articles to fix.
  const ordered = [
    ...problems.filter((problem) => problem.severity === "error"),
    ...problems.filter((problem) => problem.severity !== "error"),
  ];
  const lines = ordered.map(
    (problem) =>
      `- ${problem.severity === "error" ? "❌" : "⚠️"} ${escapeText(problem.file)}${problem.line ? `:${problem.line}` : ""} — ${escapeText(problem.message)}`,
  );
  const text = `${head} ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${lines.join("\n")}`;
  return truncateWords(text, LIMITS.content);
}

export default {
  data: new SlashCommandBuilder()
    .setName("reload")
    .setDescription("Read the articles again (for server managers)")
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),
  async execute(interaction, context) {
    // Default permissions can be overridden by server settings: check again here.
    if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
      throw new UserError(NEEDS_MANAGE_GUILD);
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await context.library.reload();
    context.logger.info("library reloaded on request", {
      user: interaction.user.id,
      guild: interaction.guildId,
      articles: result.articleCount,
      problems: result.problems.length,
      unchanged: result.unchanged === true,
    });
    await interaction.editReply({
      content: reloadSummary(
        result.articleCount,
        result.problems,
        result.ok,
        result.unchanged === true,
      ),
    });
    return { results: result.articleCount };
  },
} satisfies Command;
