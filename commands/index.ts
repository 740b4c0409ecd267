/**
 * Every command the bot has. The same list is registered with Discord (deploy) and used to
 * dispatch interactions, so the two cannot drift apart.
 */
import type { AnyCommand } from "../src/discord/command.ts";
import add from "./add.ts";
import article from "./article.ts";
import articles from "./articles.ts";
import ask from "./ask.ts";
import findInArticles from "./findInArticles.ts";
import feed from "./feed.ts";
import help from "./help.ts";
import reload from "./reload.ts";

export const commands: readonly AnyCommand[] = [
  ask,
  article,
  articles,
  help,
  reload,
  findInArticles,
  feed,
  add,
];
