/**
 * The bot's entry (`npm start`), also the entry of each shard process under `src/shard.ts`.
 * The library's build worker is started first, so it boots and reads the saved index while
 * this thread loads discord.js and the rest of the bot; then the start-up of app/main.ts runs.
 */
import { startBuildThreadEarly } from "./content/buildThread.ts";

function fail(err: unknown): never {
  process.stderr.write(
    `citebot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
}

startBuildThreadEarly();
import("./app/main.ts").then(({ main }) => main()).catch(fail);
