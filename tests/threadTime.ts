import { readFileSync } from "node:fs";

/**
 * This thread's scheduler figures (Linux): its time on a processor, then its time ready to
 * run but waiting for one, in ns.
 */
const SCHEDSTAT = "/proc/thread-self/schedstat";

function waitedForProcessorNs(): number | null {
  try {
    const ns = Number(readFileSync(SCHEDSTAT, "utf8").split(" ")[1]);
    return Number.isFinite(ns) ? ns : null;
  } catch {
    return null;
  }
}

const systemSays = waitedForProcessorNs() !== null;

/**
 * A clock of this thread's own time, in ms: the time elapsed, less what the thread spent
 * ready to run but waiting for a processor, where the system says (Linux; elsewhere the
 * time elapsed). Work holding the thread shows in it, and so do its own waits (a timer, a
 * garbage collection); the processors a busy machine's other processes hold do not, so a
 * test timing the code's own stalls is not failed by the machine's load.
 */
export function ownTimeMs(): number {
  const waited = systemSays ? waitedForProcessorNs() : null;
  return performance.now() - (waited === null ? 0 : waited / 1e6);
}
