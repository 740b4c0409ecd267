/**
 * Watches the bot's event loop and logs a warning when it was held up: every wait for a
 * reply, a heartbeat or a timer on this thread waits that long. The cause is then in the
 * lines logged just before (a reload swapped in, a long question); the delay itself is
 * also in the metrics (prom-client's `nodejs_eventloop_lag_*`).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Logger } from "./logger.ts";

export const STALL_WATCH_SETTINGS = {
  /** How finely the delay is sampled, in ms. */
  resolutionMs: 10,
  /** How often the longest delay since the last check is looked at, in ms. */
  checkEveryMs: 1_000,
  /** Delays above this are logged, in ms: well above a question's own time. */
  warnAboveMs: 100,
} as const;

export interface StallWatch {
  stop(): void;
}

/** Starts watching; the timer does not keep the process alive. */
export function watchEventLoopStalls(
  logger: Pick<Logger, "warn">,
  settings: {
    resolutionMs: number;
    checkEveryMs: number;
    warnAboveMs: number;
  } = STALL_WATCH_SETTINGS,
): StallWatch {
  const delay = monitorEventLoopDelay({ resolution: settings.resolutionMs });
  delay.enable();
  const timer = setInterval(() => {
    // The histogram counts from the sampling timer's due time, in nanoseconds.
    const longestMs = Math.round(delay.max / 1e6 - settings.resolutionMs);
    delay.reset();
    if (longestMs > settings.warnAboveMs) {
      logger.warn("event loop held up", { ms: longestMs });
    }
  }, settings.checkEveryMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      delay.disable();
    },
  };
}
