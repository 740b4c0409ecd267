/**
 * SIGINT and SIGTERM, heard from the moment this module is loaded (first thing at start) for
 * the life of the process, by one listener whose action the start-up changes as it goes: stop
 * at once while there is nothing to finish, then shut down gracefully. A listener removed and
 * another added instead would lose a signal that arrived while the process was busy between
 * the two (Node drops it with the last listener), and the process would run on.
 */

/** What a stop signal does now. */
let onStopSignal: (signal: string) => void = () => process.exit(0);

/** Makes `handler` what SIGINT and SIGTERM do from now on. */
export function whenStopSignalled(handler: (signal: string) => void): void {
  onStopSignal = handler;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => onStopSignal(signal));
}
