/**
 * Every command and button the bot has. The same registry is registered with Discord (deploy)
 * and used to dispatch interactions, so the two cannot drift apart.
 */
import { answerButtons } from "../src/discord/answerButtons.ts";
import { createRegistry } from "../src/discord/command.ts";
import type { AnyCommand, ButtonHandler } from "../src/discord/command.ts";
import article from "./article.ts";
import articles from "./articles.ts";
import ask from "./ask.ts";
import findInArticles from "./findInArticles.ts";
import help from "./help.ts";
import reload from "./reload.ts";

export const commands: readonly AnyCommand[] = [
  ask,
  article,
  articles,
  help,
  reload,
  findInArticles,
];

/**
 * Buttons that belong to no one command: "More results" and 👍/👎 under every answer, whether
 * the question came from /ask, the message menu or a mention. A command's own buttons (the
 * /articles pages) come with the command.
 */
export const buttons: readonly ButtonHandler[] = answerButtons;

export const registry = createRegistry(commands, buttons);
