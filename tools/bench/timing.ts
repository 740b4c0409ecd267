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

/** Time per query of the library's own search, the way `/ask` calls it. */
export function timeLibrary(library: Library, queries: readonly string[]): Latency {
  return timeQueries((query) => library.search(query, { top: ASK_TOP }), queries);
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
