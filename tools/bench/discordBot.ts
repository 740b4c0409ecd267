/**
 * The bot as the Discord benchmark runs it: started like `src/index.ts` (configuration from
 * the environment → logger → library → Discord), in a process of its own so its heap and RSS
 * are measured without the load generator's. The parent asks over IPC:
 * `{ type: "memory" }` → `{ type: "memory", heapUsed, rss, collected }`; `{ type: "stop" }`.
 */
import { registry } from "../../commands/index.ts";
import { loadConfig } from "../../src/app/config.ts";
import { createContext } from "../../src/app/context.ts";
import { startBot } from "../../src/discord/bot.ts";
import { createLibraryStore } from "../../src/content/libraryStore.ts";
import { createLogger } from "../../src/ops/logger.ts";
import { measureMemory } from "./memory.ts";

const send = (message: unknown): void => {
  process.send?.(message);
};

const config = loadConfig(process.env);
const logger = createLogger(config);
const library = await createLibraryStore({ source: config.contentDir, logger });
const context = createContext({ library, config, logger });
const bot = await startBot(context, { registry });

process.on("message", (message: { type?: string }) => {
  if (message.type === "memory") {
    send({ type: "memory", ...measureMemory() });
  } else if (message.type === "stop") {
    void Promise.all([bot.stop(1000), library.close()]).finally(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
send({ type: "ready", articles: library.current.articles.length });
