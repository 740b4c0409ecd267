/**
 * What became of each interaction or mention, recorded once: one log line and the matching
 * metrics, from the same fields. Interactions and mentions both go through here, so the log
 * and `/metrics` can never disagree about what happened.
 */
import type { Context } from "../app/context.ts";
import { isUnexpected } from "./errors.ts";

/**
 * - `ok`: handled (answered, listed, helped);
 * - `help`: a bare mention, answered with the help text;
 * - `cooldown`: the user was told to wait;
 * - `refused`: the user was told why not (no permission, a stale button): not an error;
 * - `error`: something failed unexpectedly.
 */
export type OutcomeName = "ok" | "help" | "cooldown" | "refused" | "error";

/** Who asked for what. */
export interface Handled {
  /** `command`, `menu`, `button`, `autocomplete` or `mention`. */
  kind: string;
  /** The command name, button prefix, or `mention`. */
  command: string;
  user: string;
  /** The guild, or null in a DM. */
  guild: string | null;
}

export interface OutcomeRecorder {
  /** Handled as intended; `results` is how many results the answer showed, when it searched. */
  done(outcome: "ok" | "help" | "cooldown", results?: number | null): void;
  /** Stopped by `error`: refused when it carries a message for the user, else failed. */
  failed(error: unknown): void;
}

/**
 * Starts timing one interaction or mention. Call `done` or `failed` once it is over: that
 * writes its log line and records its metrics.
 */
export function startOutcome(
  context: Pick<Context, "logger" | "metrics">,
  handled: Handled,
): OutcomeRecorder {
  const started = performance.now();
  const subject = handled.kind === "mention" ? "mention" : "interaction";
  const record = (outcome: OutcomeName, results: number | null) => {
    const latencyMs = Math.round(performance.now() - started);
    const fields = { kind: handled.kind, command: handled.command, outcome, results };
    context.metrics?.recordInteraction({ ...fields, latencyMs });
    return { ...fields, user: handled.user, guild: handled.guild ?? "dm", latencyMs };
  };
  return {
    done(outcome, results = null) {
      const entry = record(outcome, results);
      // Autocomplete fires on every keystroke: keep it out of the normal log.
      if (handled.kind === "autocomplete") context.logger.debug(subject, entry);
      else context.logger.info(subject, entry);
    },
    failed(error) {
      if (isUnexpected(error)) {
        context.logger.error(`${subject} failed`, { ...record("error", null), err: error });
      } else {
        const reason = error instanceof Error ? error.message : String(error);
        context.logger.info(`${subject} refused`, { ...record("refused", null), reason });
      }
    },
  };
}
