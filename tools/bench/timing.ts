/** Timing helpers shared by bench sections. */
import type { Library } from "../../src/core/types.ts";
import { latency, type Latency } from "../eval/metrics.ts";

/** Results `/ask` asks for: three to show and one more to know whether to offer "More". */
export const ASK_TOP = 4;

/** Queries run before timing, so the figures are not about compiling the search code. */
const WARM_UP = 20;

/** Time per query in milliseconds for `search` over `queries`, after a short warm-up. */
export function timeQueries(
  search: (query: string) => unknown,
  queries: readonly string[],
  warmUp = WARM_UP,
): Latency {
  for (const query of queries.slice(0, warmUp)) search(query);
  const times: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    search(query);
    times.push(performance.now() - started);
  }
  return latency(times);
}

/** What {@link timeLibrary} measured. */
export interface LibraryTimes extends Latency {
  /** Milliseconds to finish the library's preparation (its spelling corrector) first. */
  prepareMs: number;
}

/**
 * Time per query of the library's own search, the way `/ask` calls it, with the library
 * prepared first as the bot prepares it while it serves (a question asked within the first
 * second or so pays for the rest of that itself). `warmUp` runs untimed first.
 */
export function timeLibrary(
  library: Library,
  queries: readonly string[],
  warmUp: readonly string[] = queries.slice(0, WARM_UP),
): LibraryTimes {
  const { ms: prepareMs } = timed(() => {
    while (!library.prepare());
  });
  const search = (query: string): unknown => library.search(query, { top: ASK_TOP });
  for (const query of warmUp) search(query);
  return { ...timeQueries(search, queries, 0), prepareMs };
}

/** Runs `task` and returns its value with the milliseconds it took. */
export function timed<T>(task: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = task();
  return { value, ms: performance.now() - started };
}

/** A count with thousands separators. */
export function count(value: number): string {
  return value.toLocaleString("en-US");
}
