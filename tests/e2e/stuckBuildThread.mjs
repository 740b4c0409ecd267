/**
 * Preloaded (NODE_OPTIONS=--import) into a bot process: its library build thread, run from
 * source, hangs for ever once it is asked for a build, as a thread stuck in a loop or a
 * system call would. The process's main thread runs on as usual.
 */
import { createRequire, syncBuiltinESMExports } from "node:module";

const threads = createRequire(import.meta.url)("node:worker_threads");
const BUILD_WORKER_ROLE = "citebot library build";
const HANG_ON_BUILD = `
import { parentPort } from "node:worker_threads";
parentPort.on("message", (message) => {
  if (message.type === "build") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
`;

class Worker extends threads.Worker {
  constructor(source, options) {
    const hangs = options?.eval === true && options.workerData === BUILD_WORKER_ROLE;
    super(hangs ? HANG_ON_BUILD + source : source, options);
  }
}
threads.Worker = Worker;
syncBuiltinESMExports();
