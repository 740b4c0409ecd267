import { MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Article } from "../src/core/types.ts";
import type { Command } from "../src/discord/command.ts";
import { neutraliseDiscordMarkup, squashSpaces, truncateWords } from "../src/discord/markdown.ts";
import { ANSWER_COLOUR } from "../src/discord/renderAnswer.ts";
import { sortNewestFirst } from "../src/discord/renderArticles.ts";

/** The longest topic an example question names, in characters. */
const EXAMPLE_TOPIC_LENGTH = 60;
const FALLBACK_EXAMPLES = ["What was agreed at the talks?", "Who attended the meeting?"];
/** Capitalised words that start sentences rather than name things. */
const LEADING_WORDS = new Set([
  "a",
  "an",
  "the",
  "in",
  "on",
  "at",
  "as",
  "after",
  "before",
  "how",
  "why",
  "what",
  "when",
  "who",
]);
const JOINERS = new Set(["and", "of", "de", "la", "van", "von", "&"]);

/**
 * The names in a title: runs of capitalised words ("South Korea", "Harbor Bridge"),
 * joined by "and"/"of" where they belong together.
 */
export function namesIn(title: string): string[] {
  const words = title
    .replace(/[^\p{L}\p{N}\s'’&-]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    while (run.length > 0 && JOINERS.has((run[run.length - 1] ?? "").toLowerCase())) run.pop();
    if (run.length > 0) names.push(run.join(" "));
    run = [];
  };
  words.forEach((word, index) => {
    const capitalised = /^\p{Lu}/u.test(word);
    if (capitalised && !(index === 0 && LEADING_WORDS.has(word.toLowerCase()))) run.push(word);
    else if (run.length > 0 && JOINERS.has(word.toLowerCase())) run.push(word);
    else flush();
  });
  flush();
  return [...new Set(names)];
}

/** Sentence punctuation a topic quoted inside a question should not end with. */
const END_PUNCTUATION = new Set([".", ",", ":", ";", "!", "?", "…"]);

/** `text` without the punctuation at its end ("Bridge reopens…" → "Bridge reopens"). */
function withoutEndPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && END_PUNCTUATION.has(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** A question an article answers, built from its title: "What do the articles say about Harbor Bridge?" */
export function exampleQuestion(article: Pick<Article, "title">): string {
  const names = namesIn(article.title).slice(0, 2);
  const words = article.title.replace(/\s+/g, " ").trim().split(" ");
  // Short enough to read at a glance and to paste into /ask.
  const topic =
    names.length > 0 && !(names.length === 1 && names[0] === words[0])
      ? truncateWords(names.join(" and "), EXAMPLE_TOPIC_LENGTH)
      : `“${withoutEndPunctuation(truncateWords(words.join(" "), EXAMPLE_TOPIC_LENGTH))}”`;
  return `What do the articles say about ${topic}?`;
}

/**
 * An example as a line of the help: a code span to paste into /ask. Inside one a backslash
 * shows as written, so markup characters are left out rather than escaped (they add
 * nothing to a search, and a backtick would end the span); mentions are made inert.
 */
export function exampleLine(question: string): string {
  const plain = squashSpaces(question.replace(/[\\*_~|`[\]<>]/g, ""));
  return `- \`/ask question:${neutraliseDiscordMarkup(plain)}\``;
}

export function exampleQuestions(articles: readonly Article[]): string[] {
  const examples = [...new Set(sortNewestFirst(articles).map(exampleQuestion))].slice(0, 2);
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
    const examples = exampleQuestions(library.articles).map(exampleLine);
    const count = library.articles.length;
    const description = [
      `I answer questions about a library of ${count} news article${count === 1 ? "" : "s"} by quoting the passages that answer them, word for word, with each article's title and date.`,
      "",
      "**How to ask**",
      "- `/ask question:…` — add `hide:True` to keep the answer to yourself, or `mention:` to ping someone with it.",
      "- `since:` and `until:` (`2026-01-01`, `last month`) keep an answer to a period; so do time words in the question (“last week”).",
      "- “What's new this week?” or “latest news” lists the stories of that period, newest first.",
      `- In a channel or thread, mention me: <@${botId}> your question. In a DM, just type it.`,
      "- On any message: **Apps → Find in articles**.",
      "",
      "**Examples**",
      ...examples,
      "",
      "**More**",
      "- `/article` — one article's details · `/articles` — the library newest first, or with `topic:`, `since:` and `until:` what it holds about something over a period.",
      "- Under each answer: **More results** for the next quotes, 👍/👎 to say whether it helped.",
      "- Server managers: `/feed add url:` follows a news feed, `/add url:` adds one article by its link.",
    ].join("\n");
    await interaction.reply({
      embeds: [{ title: "citebot", description, color: ANSWER_COLOUR }],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return {};
  },
} satisfies Command;
