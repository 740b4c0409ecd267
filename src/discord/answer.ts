/**
 * Answering a question, the same way for /ask, the message menu, mentions and "More results":
 * search the library, then build the message (embed and buttons) or the "nothing found" note.
 */
import { explainNothingFound } from "../core/nothingFound.ts";
import type { Answer, Library } from "../core/types.ts";
import { ButtonStyle, ComponentType, Message, MessageFlags, userMention } from "discord.js";
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIEmbed,
  BaseMessageOptions,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
} from "discord.js";
import type { Context } from "../app/context.ts";
import type { Outcome } from "./command.ts";
import { LIMITS, cutKeepingSpoilers, hidesAnything, withoutSpoilerMarks } from "./markdown.ts";
import type { AskedWhen } from "./answerMemory.ts";
import {
  renderAnswer,
  renderAnswerText,
  renderNoNews,
  renderNothingFound,
  renderNothingInWindow,
  type AnswerView,
} from "./renderAnswer.ts";
import { MAX_ADDRESSED_TEXT, canShowEmbeds, replyToMessage } from "./messageReplies.ts";

/** Results shown per answer. */
export const RESULTS_PER_ANSWER = 3;
/** Longest question searched (the /ask option allows 500; messages can be longer). */
export const MAX_QUESTION_LENGTH = 500;
/** Above this many passages a search may take long enough that the reply is deferred first. */
export const LARGE_LIBRARY_PASSAGES = 200_000;

export const MORE_PREFIX = "more";
export const FEEDBACK_PREFIX = "fb";

export type AnswerMessage =
  | {
      found: true;
      embeds: APIEmbed[];
      components: APIActionRowComponent<APIButtonComponent>[];
      /** The same answer as a message's text, for a channel where embeds do not show. */
      text(): string;
      results: number;
      articleIds: string[];
    }
  | { found: false; content: string; results: 0 };

/**
 * The custom id of "More results": the question itself when it fits (with the days of its
 * period, when it was asked for one: `p:<since>:<until>:`, "-" for an open end), so that the
 * button works after a restart; else a remembered key.
 */
export function moreResultsId(
  question: string,
  offset: number,
  key: string,
  when: AskedWhen = {},
): string {
  const inline =
    when.since || when.until
      ? `${MORE_PREFIX}:${offset}:p:${when.since ?? "-"}:${when.until ?? "-"}:${question}`
      : `${MORE_PREFIX}:${offset}:q:${question}`;
  return inline.length <= LIMITS.customId ? inline : `${MORE_PREFIX}:${offset}:k:${key}`;
}

/**
 * The day (`YYYY-MM-DD`) of a moment in a time zone (the bot's `TIME_ZONE`): the question's
 * `asOf`. Discord gives every interaction and message its creation time (from its snowflake
 * id), but not the asker's time zone.
 */
export function dayOf(moment: Date, timeZone = "UTC"): string {
  const parts = new Intl.DateTimeFormat("en", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(moment);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((found) => found.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

function buttons(
  question: string,
  nextOffset: number,
  hasMore: boolean,
  key: string,
  when: AskedWhen,
): APIActionRowComponent<APIButtonComponent>[] {
  const row: APIButtonComponent[] = [];
  if (hasMore) {
    row.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: "More results",
      custom_id: moreResultsId(question, nextOffset, key, when),
    });
  }
  row.push(
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      emoji: { name: "👍" },
      custom_id: `${FEEDBACK_PREFIX}:up:${key}`,
    },
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      emoji: { name: "👎" },
      custom_id: `${FEEDBACK_PREFIX}:down:${key}`,
    },
  );
  return [{ type: ComponentType.ActionRow, components: row }];
}

/**
 * Discord's markup for mentions of people, roles and channels, custom emoji and timestamps
 * (`<@123>`, `<@&123>`, `<#123>`, `<:name:123>`, `<t:1700000000:R>`), and `@everyone` and
 * `@here`, with a comma or colon addressing them: none is a word any article writes.
 */
const DISCORD_MARKUP =
  /<(?:@[!&]?\d{1,20}|#\d{1,20}|a?:\w{1,32}:\d{1,20}|t:-?\d{1,20}(?::[tTdDfFR])?)>[,:]?|@(?:everyone|here)\b[,:]?/g;

/**
 * Cleans a question typed by a user: Discord's mention, emoji and timestamp markup taken out
 * ("hey <@42> where is Warsaw?" asks where Warsaw is), single spaces, at most
 * {@link MAX_QUESTION_LENGTH} characters, with what the asker hid still hidden.
 */
export function normaliseQuestion(text: string): string {
  const squashed = text.replace(DISCORD_MARKUP, " ").replace(/\s+/g, " ").trim();
  return cutKeepingSpoilers(squashed, MAX_QUESTION_LENGTH);
}

/**
 * Searches and renders the answer to `question` asked `when`, starting after `offset`
 * results. When the question names a period and nothing in it answers, the note says so and
 * names the closest articles from before it.
 */
export function answerQuestion(
  context: Context,
  question: string,
  offset = 0,
  when: AskedWhen = {},
): AnswerMessage {
  const library = context.library.current;
  // What the asker hid as a spoiler is asked all the same; the heading hides it again.
  const asked = withoutSpoilerMarks(question);
  // One extra result tells whether a "More results" page exists.
  const answer = library.answer(asked, { ...when, top: RESULTS_PER_ANSWER + 1, offset });
  const shown = answer.results.slice(0, RESULTS_PER_ANSWER);
  if (shown.length === 0) {
    const note = nothingFoundNote(library, asked, answer, when, hidesAnything(question));
    return { found: false, content: note.content, results: 0 };
  }
  const articleIds = [...new Set(shown.map((hit) => hit.article.id))];
  const key = context.answers.remember({ question, articleIds, offset, when });
  const view: AnswerView = {
    question,
    results: shown,
    articleCount: library.articles.length,
    offset,
    window: answer.window,
    ...(when.asOf ? { asOf: when.asOf } : {}),
    ...(answer.listsNews ? { listsNews: true } : {}),
  };
  const { embeds } = renderAnswer(view);
  const hasMore = answer.results.length > shown.length;
  return {
    found: true,
    embeds,
    text: () => renderAnswerText(view, MAX_ADDRESSED_TEXT),
    components: buttons(question, offset + shown.length, hasMore, key, when),
    results: shown.length,
    articleIds,
  };
}

/**
 * The note when nothing answers a question: that its period has no news (a question asking
 * what is new), that nothing in its period answers, or that nothing does, with the closest
 * articles. Why nothing answers is hidden as a spoiler when the asker hid part of the question.
 */
function nothingFoundNote(
  library: Library,
  question: string,
  answer: Answer,
  when: AskedWhen,
  hideReasons: boolean,
): { content: string } {
  const asOf = when.asOf ?? answer.window?.to ?? "";
  if (answer.listsNews) return renderNoNews(answer.window, answer.outsideWindow, asOf);
  const reasons = explainNothingFound(question, answer);
  if (answer.window) {
    return renderNothingInWindow(answer.window, answer.outsideWindow, asOf, reasons, hideReasons);
  }
  const closest = library.closestArticles(question, 3, { asOf: when.asOf });
  return renderNothingFound(closest, reasons, hideReasons);
}

/** "No more results" for a More results page past the end. */
export const NO_MORE_RESULTS = "There are no more results for that question.";

/**
 * Whether a search may outlast Discord's 3-second window for a first reply (a reload in
 * progress, or a very large library), so the reply should be deferred before searching.
 * Searching is synchronous and usually takes milliseconds.
 */
export function searchMayBeSlow(context: Context): boolean {
  return context.library.reloading || context.library.current.passageCount > LARGE_LIBRARY_PASSAGES;
}

/** Whatever a question arrived as: a slash command, the message menu, a button or a mention. */
export type Asking =
  ChatInputCommandInteraction | MessageContextMenuCommandInteraction | ButtonInteraction | Message;

/** How an answer is delivered. */
export interface Delivery {
  /**
   * The question's moment (default: when it was asked, the interaction's or message's
   * creation time) and the period it is limited to.
   */
  when?: AskedWhen;
  /** Only the person who asked sees it. A mention is always answered in the channel. */
  private: boolean;
  /** A user to ping with a found answer (an interaction's public answer only). */
  ping?: string | null;
  /** How many results came before this page. */
  offset?: number;
  /** What to say when nothing answers (default: the "nothing found" note and closest articles). */
  nothingFound?: string;
}

type AnswerBody = Pick<BaseMessageOptions, "content" | "embeds" | "components" | "allowedMentions">;

/**
 * Answers `question` for any way of asking: searches, then sends the answer or the "nothing
 * found" note. An interaction is deferred first when the search may be slow. The note is seen
 * only by the person who asked; so is a private answer. A public answer pings only `ping`.
 */
export async function deliverAnswer(
  asking: Asking,
  context: Context,
  question: string,
  delivery: Delivery,
): Promise<Outcome> {
  const when = { asOf: dayOf(asking.createdAt, context.config.timeZone), ...delivery.when };
  if (asking instanceof Message) {
    const answer = answerQuestion(context, question, delivery.offset, when);
    const body = answerBody(answer, delivery.nothingFound, null);
    // Where the bot may not show embeds, the answer is the text of the message.
    const shown =
      answer.found && !canShowEmbeds(asking)
        ? { content: answer.text(), components: answer.components }
        : body;
    await replyToMessage(asking, shown);
    return { results: answer.results };
  }
  const deferredPrivately = delivery.private;
  if (searchMayBeSlow(context)) {
    await asking.deferReply(deferredPrivately ? { flags: MessageFlags.Ephemeral } : {});
  }
  const answer = answerQuestion(context, question, delivery.offset, when);
  const body = answerBody(answer, delivery.nothingFound, delivery.ping ?? null);
  const isPrivate = delivery.private || !answer.found;
  const pings = !isPrivate && Boolean(delivery.ping);
  const flags = isPrivate ? MessageFlags.Ephemeral : undefined;
  if (!asking.deferred) {
    await asking.reply({ ...body, flags });
  } else if (isPrivate !== deferredPrivately || pings) {
    // The deferred reply cannot change who sees it, and Discord pings nobody for a mention
    // added by an edit: a new message (a follow-up) replaces it.
    await asking.deleteReply();
    await asking.followUp({ ...body, flags });
  } else {
    await asking.editReply(body);
  }
  return { results: answer.results };
}

/** The message for an answer, pinging `ping` when one was found. */
function answerBody(
  answer: AnswerMessage,
  nothingFound: string | undefined,
  ping: string | null,
): AnswerBody {
  if (!answer.found)
    return { content: nothingFound ?? answer.content, allowedMentions: { parse: [] } };
  return {
    embeds: answer.embeds,
    components: answer.components,
    ...(ping
      ? { content: userMention(ping), allowedMentions: { users: [ping] } }
      : { allowedMentions: { parse: [] } }),
  };
}
