import { MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Article } from "../src/core/types.ts";
import type { Command } from "../src/discord/command.ts";
import { escapeText } from "../src/discord/markdown.ts";
import { ANSWER_COLOUR } from "../src/discord/renderAnswer.ts";
import { sortNewestFirst } from "../src/discord/renderArticles.ts";

const FALLBACK_EXAMPLES = ["What was agreed at the talks?", "Who attended the meeting?"];

/** A question built from an article title: "What happened with <first words of the title>?" */
export function exampleQuestion(article: Pick<Article, "title">): string {
  const words = article.title.replace(/\s+/g, " ").trim().split(" ").slice(0, 8);
  const topic = words.join(" ").replace(/[.,:;!?'"“”‘’]+$/u, "");
  return `What do the articles say about ${topic}?`;
}

export function exampleQuestions(articles: readonly Article[]): string[] {
  const examples = sortNewestFirst(articles).slice(0, 2).map(exampleQuestion);
  return [...examples, ...FALLBACK_EXAMPLES].slice(0, 2);
}

export default {
  data: new SlashCommandBuilder()
    .setName("help")
    .setDescription("What this bot does and how to ask it")
    .toJSON(),
  async execute(interaction, context) {
    const library = context.library.current;
    const botId = interaction.client.user.id;
    const examples = exampleQuestions(library.articles).map(
      (question) => `- \`/ask question:${escapeText(question).replace(/`/g, "'")}\``,
    );
    const count = library.articles.length;
    const description = [
      `I answer questions about a library of ${count} news article${count === 1 ? "" : "s"} by quoting the passages that answer them, word for word, with each article's title and date.`,
      "",
      "**How to ask**",
      "- `/ask question:…` — add `hide:True` to see the answer alone, or `mention:` to ping someone with it.",
      `- Mention me: <@${botId}> your question (in a channel, a thread or a DM).`,
      "- On any message: **Apps → Find in articles**.",
      "",
      "**Examples**",
      ...examples,
      "",
      "**More**",
      "- `/article` — one article's details · `/articles` — the whole library, newest first.",
      "- Under each answer: **More results** for the next quotes, 👍/👎 to say whether it helped.",
    ].join("\n");
    await interaction.reply({
      embeds: [{ title: "citebot", description, color: ANSWER_COLOUR }],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return {};
  },
} satisfies Command;
