/**
 * The buttons under an answer: "More results" (the next page, shown to whoever clicked)
 * and 👍/👎 feedback (logged with the question and the quoted articles).
 */
import { MessageFlags } from "discord.js";
import type { ButtonHandler } from "./command.ts";
import { FEEDBACK_PREFIX, MORE_PREFIX, NO_MORE_RESULTS, dayOf, deliverAnswer } from "./answer.ts";
import { UserError } from "./errors.ts";
import type { Cast } from "./feedbackVotes.ts";
import { cooldownNotice } from "./cooldown.ts";

export const STALE_ANSWER =
  "That answer is too old to page through — please ask the question again.";

/** What a More results custom id says: the question and its period, or a remembered key. */
export interface MoreId {
  offset: number;
  question?: string;
  period?: { since?: string; until?: string };
  key?: string;
}

/**
 * Parses `<offset>:q:<question>`, `<offset>:p:<since>:<until>:<question>` or
 * `<offset>:k:<key>` from a More results custom id.
 */
export function parseMoreId(rest: string): MoreId | null {
  const match = /^(\d{1,4}):([qk]):(.+)$/s.exec(rest);
  if (match?.[1] && match[3]) {
    const offset = Number(match[1]);
    return match[2] === "q" ? { offset, question: match[3] } : { offset, key: match[3] };
  }
  const period = /^(\d{1,4}):p:(\d{4}-\d{2}-\d{2}|-):(\d{4}-\d{2}-\d{2}|-):(.+)$/s.exec(rest);
  if (!period?.[1] || !period[2] || !period[3] || !period[4]) return null;
  return {
    offset: Number(period[1]),
    question: period[4],
    period: {
      ...(period[2] === "-" ? {} : { since: period[2] }),
      ...(period[3] === "-" ? {} : { until: period[3] }),
    },
  };
}

/**
 * "More results": the next page of an answer, shown only to whoever clicks. It asks no new
 * question, so the cooldown between questions does not hold it back; pages come at most
 * one a second for each person (`PAGE_COOLDOWN_SECONDS`, app/context.ts).
 */
export const moreResultsButton: ButtonHandler = {
  prefix: MORE_PREFIX,
  cooldown: false,
  async execute(interaction, context, rest) {
    const waitMs = context.pages.take(interaction.user.id);
    if (waitMs > 0) throw new UserError(cooldownNotice(waitMs));
    const parsed = parseMoreId(rest);
    const remembered = parsed?.key ? context.answers.recall(parsed.key) : undefined;
    const question = parsed?.question ?? remembered?.question;
    if (!parsed || !question) throw new UserError(STALE_ANSWER);
    return deliverAnswer(interaction, context, question, {
      private: true,
      // The next page answers the question as it was asked: at its moment (the answer's
      // message was sent right after it) and for the same period.
      when: remembered?.when ?? {
        asOf: dayOf(interaction.message.createdAt, context.config.timeZone),
        ...parsed.period,
      },
      offset: parsed.offset,
      nothingFound: NO_MORE_RESULTS,
    });
  },
};

export const FEEDBACK_THANKS = "Thanks for the feedback!";
/** The reply to the same vote given again: it is not counted twice. */
export const FEEDBACK_ALREADY = "You already said so — thanks!";
/** The reply to a vote that replaces the other one. */
export const FEEDBACK_CHANGED = "Thanks — your feedback on this answer is changed.";

const FEEDBACK_REPLIES: Record<Cast, string> = {
  new: FEEDBACK_THANKS,
  same: FEEDBACK_ALREADY,
  changed: FEEDBACK_CHANGED,
};

/**
 * 👍/👎 under an answer: logged once per person and answer; pressing the other button
 * changes the vote (logged with `changed`).
 */
export const feedbackButton: ButtonHandler = {
  prefix: FEEDBACK_PREFIX,
  async execute(interaction, context, rest) {
    const [vote, key = ""] = rest.split(":", 2);
    if (vote !== "up" && vote !== "down") throw new UserError(STALE_ANSWER);
    const cast = context.votes.cast(interaction.message.id, interaction.user.id, vote);
    if (cast === "same") {
      await interaction.reply({ content: FEEDBACK_ALREADY, flags: MessageFlags.Ephemeral });
      return {};
    }
    const remembered = context.answers.recall(key);
    context.logger.info("feedback", {
      vote,
      ...(cast === "changed" ? { changed: true } : {}),
      question: remembered?.question ?? interaction.message.embeds[0]?.title ?? null,
      articles: remembered?.articleIds ?? [],
      offset: remembered?.offset ?? null,
      user: interaction.user.id,
      guild: interaction.guildId ?? "dm",
      messageId: interaction.message.id,
    });
    await interaction.reply({ content: FEEDBACK_REPLIES[cast], flags: MessageFlags.Ephemeral });
    return {};
  },
};

export const answerButtons: readonly ButtonHandler[] = [moreResultsButton, feedbackButton];
