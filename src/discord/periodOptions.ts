/**
 * The `since` and `until` options (of /ask and /articles): each a day, read relative to the
 * moment of the question, giving the period the answer is limited to.
 */
import type { ChatInputCommandInteraction, SlashCommandStringOption } from "discord.js";
import { readDateOption } from "../core/time.ts";
import type { DayWindow } from "../core/types.ts";
import { UserError } from "./errors.ts";

/** Longest `since` / `until` value accepted (room for "the first week of last month"). */
export const MAX_PERIOD_OPTION_LENGTH = 50;

/** The `since` option of a command: the first day of the period its answers come from. */
export function sinceOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option
    .setName("since")
    .setDescription('Only articles from this day on, like 2026-01-01 or "last month"')
    .setMaxLength(MAX_PERIOD_OPTION_LENGTH);
}

/** The `until` option of a command: the last day of the period its answers come from. */
export function untilOption(option: SlashCommandStringOption): SlashCommandStringOption {
  return option
    .setName("until")
    .setDescription('Only articles up to this day, like 2026-03-31 or "last week"')
    .setMaxLength(MAX_PERIOD_OPTION_LENGTH);
}

/**
 * The day a `since` (`from`: the first day of the period it names) or `until` (`to`: its
 * last day) option names, read relative to `asOf` by the same parser as time words in
 * questions, or a UserError saying how to write one.
 */
export function readPeriodOption(value: string, asOf: string, end: keyof DayWindow): string {
  const day = readDateOption(value, asOf, end === "from" ? "start" : "end");
  const option = end === "from" ? "since" : "until";
  // The library holds nothing from after the day asked: a period starting later is empty.
  if (day && end === "from" && day > asOf) {
    throw new UserError(`\`since\` is after today (${asOf}): no article can be from then.`);
  }
  if (day) return day;
  throw new UserError(
    `I couldn't read \`${option}\` as a day up to today. Write it like 2026-01-01, "last month" or "March".`,
  );
}

/** The period of an interaction's `since` / `until` options; an end left out stays open. */
export function periodOptions(
  interaction: ChatInputCommandInteraction,
  asOf: string,
): { since?: string; until?: string } {
  const since = interaction.options.getString("since");
  const until = interaction.options.getString("until");
  const period: { since?: string; until?: string } = {};
  if (since) period.since = readPeriodOption(since, asOf, "from");
  if (until) period.until = readPeriodOption(until, asOf, "to");
  if (period.since && period.until && period.since > period.until) {
    throw new UserError("`since` is after `until`: nothing can be in that period.");
  }
  return period;
}
