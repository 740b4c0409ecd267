/**
 * The `since` and `until` options (of /ask and /articles): each a day, read relative to the
 * moment of the question, giving the period the answer is limited to.
 */
import type { ChatInputCommandInteraction } from "discord.js";
import type { DayWindow } from "../core/types.ts";
import { UserError } from "./errors.ts";

/** Longest `since` / `until` value accepted (room for "the first week of last month"). */
export const MAX_PERIOD_OPTION_LENGTH = 50;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` when `value` is a real calendar day written that way, else null. */
function isoDay(value: string): string | null {
  const match = ISO_DAY.exec(value);
  if (!match) return null;
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(time).toISOString().slice(0, 10) === value ? value : null;
}

/**
 * The day a `since` (`from`) or `until` (`to`) option names, relative to `asOf`, or a
 * UserError saying how to write one.
 */
export function readPeriodOption(value: string, _asOf: string, end: keyof DayWindow): string {
  const text = value.trim();
  const day = isoDay(text);
  if (day) return day;
  const option = end === "from" ? "since" : "until";
  throw new UserError(`I couldn't read \`${option}\` as a day. Write it like 2026-01-01.`);
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
