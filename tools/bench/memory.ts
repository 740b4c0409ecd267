/** Memory figures that mean something: taken after a full garbage collection when possible. */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let cachedGc: (() => void) | null | undefined;

/**
 * A function that runs a full garbage collection: `global.gc` under `--expose-gc`, else one
 * obtained by turning the flag on at run time; null when neither works.
 */
export function getGc(): (() => void) | null {
  if (cachedGc !== undefined) return cachedGc;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") {
    cachedGc = exposed as () => void;
    return cachedGc;
  }
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    cachedGc = typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    cachedGc = null;
  }
  return cachedGc;
}

export interface MemorySnapshot {
  heapUsed: number;
  /** Memory of typed arrays and buffers, outside the JavaScript heap (the index keeps most of its data there). */
  arrayBuffers: number;
  rss: number;
  /** Whether a full collection ran first (figures without one overstate live memory). */
  collected: boolean;
}

/** Heap in use and resident set size, in bytes, after a full collection when available. */
export function measureMemory(): MemorySnapshot {
  const gc = getGc();
  if (gc !== null) {
    gc();
    gc();
  }
  const usage = process.memoryUsage();
  return {
    heapUsed: usage.heapUsed,
    arrayBuffers: usage.arrayBuffers,
    rss: usage.rss,
    collected: gc !== null,
  };
}
