/**
 * Starting the library's build worker thread (buildWorker.ts), and the helper threads a
 * build may take (indexPartWorker.ts). Kept apart from buildClient.ts and free of the search
 * code, so the bot's entry can start the worker first thing: it boots and reads the saved
 * index while the main thread is still loading discord.js and the rest.
 */
import { Worker } from "node:worker_threads";
import type { SavedIndexRequest, ToWorker } from "./buildWorker.ts";

/** Must match BUILD_WORKER_ROLE in buildWorker.ts (not imported: that would load the worker's modules here). */
const BUILD_WORKER_ROLE = "citebot library build";

/** A worker module beside this one, by name: compiled (`.js`) or run from source (`.ts`). */
function moduleUrl(name: string): URL {
  const compiled = !new URL(import.meta.url).pathname.endsWith(".ts");
  return new URL(compiled ? `./${name}.js` : `./${name}.ts`, import.meta.url);
}

/**
 * Starts a worker on the module `name` (beside this one). Run from source, the product's
 * TypeScript goes through tsx, whose loader must be registered in each thread: a `.ts`
 * worker is started through a short module doing so.
 */
export function startThread(name: string, workerData: unknown, memoryMb: number | undefined): Worker {
  const url = moduleUrl(name);
  const options = {
    workerData,
    resourceLimits: memoryMb === undefined ? {} : { maxOldGenerationSizeMb: memoryMb },
  };
  if (!url.pathname.endsWith(".ts")) return new Worker(url, options);
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = [
    `import { register } from ${JSON.stringify(tsx)};`,
    "register();",
    `await import(${JSON.stringify(url.href)});`,
  ].join("\n");
  return new Worker(bootstrap, { ...options, eval: true });
}

/** Shortest time between two `progress` messages of a long step, in ms. */
export const PROGRESS_EVERY_MS = 250;

/**
 * A call to make as a long step moves on (cheap enough for every article): `say` is called
 * at most every PROGRESS_EVERY_MS.
 */
export function progressReporter(say: () => void): () => void {
  let last = performance.now();
  return () => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    say();
  };
}

/** Starts a build worker (buildWorker.ts). */
export function startBuildThread(memoryMb: number | undefined): Worker {
  return startThread("buildWorker", BUILD_WORKER_ROLE, memoryMb);
}

/**
 * The settings that shape the index, as a build is asked for them: the ranking settings
 * given, without unset ones (they keep their defaults).
 */
export function indexSettings(
  ranking: Readonly<Partial<Record<string, number>>> | undefined,
): Record<string, number> {
  const settings: Record<string, number> = {};
  for (const [name, value] of Object.entries(ranking ?? {})) {
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

/** A worker started ahead of its first build, while it is alive and not yet taken. */
let early: Worker | null = null;

/**
 * Starts a build worker now, for the first library store to take ({@link takeEarlyBuildThread}),
 * and has it read the saved index of `savedIndex` meanwhile (the first build of that source,
 * data folder and settings takes it). It keeps no process alive while it waits, and one that
 * fails before it is taken is dropped.
 */
export function startBuildThreadEarly(savedIndex: SavedIndexRequest | null = null): void {
  if (early !== null) return;
  const worker = startBuildThread(undefined);
  if (savedIndex !== null) {
    worker.postMessage({ type: "prefetch", request: savedIndex } satisfies ToWorker);
  }
  worker.unref();
  const drop = (): void => {
    if (early === worker) early = null;
  };
  worker.once("error", drop);
  worker.once("exit", drop);
  early = worker;
}

/** The worker started early, when there is one and the build's limits are its own (none). */
export function takeEarlyBuildThread(memoryMb: number | undefined): Worker | null {
  if (early === null || memoryMb !== undefined) return null;
  const worker = early;
  early = null;
  worker.removeAllListeners("error");
  worker.removeAllListeners("exit");
  return worker;
}

/**
 * `promise`, or a rejection with `message` once `ms` have passed without it settling. The
 * timer is cleared either way, so it keeps nothing alive.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
