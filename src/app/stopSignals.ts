/**
 * SIGINT and SIGTERM (stop) and SIGHUP (read the articles again), heard from the moment this
 * module is loaded (first thing at start) for the life of the process, by one listener each
 * whose action the start-up changes as it goes: stop at once while there is nothing to
 * finish, then shut down gracefully. A listener removed and another added instead would
 * lose a signal that arrived while the process was busy between the two (Node drops it with
 * the last listener), and the process would run on — or, for SIGHUP, end abruptly.
 */

/** What a stop signal does now. */
let onStopSignal: (signal: string) => void = () => process.exit(0);

/**
 * What SIGHUP does now: nothing until the start-up says otherwise (the articles being read
 * are read as they are, and the watcher takes in what changes after).
 */
let onReloadSignal: () => void = () => undefined;

/** Makes `handler` what SIGINT and SIGTERM do from now on. */
export function whenStopSignalled(handler: (signal: string) => void): void {
  onStopSignal = handler;
}

/** Makes `handler` what SIGHUP does from now on. */
export function whenReloadSignalled(handler: () => void): void {
  onReloadSignal = handler;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => onStopSignal(signal));
}
process.on("SIGHUP", () => onReloadSignal());
