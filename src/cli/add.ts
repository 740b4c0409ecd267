/**
 * `npm run add -- URL`: fetches one article page, extracts the article and saves it under
 * $CONTENT_DIR/added/, printing its title and date as read (so a wrong date is noticed at
 * once) and the file to edit to correct it. Exit codes: 0 saved (or already saved), 1 the
 * page could not be read, 2 bad arguments or configuration.
 */
import "dotenv/config";
import type { AddedPage, FeedService } from "../feeds/feedService.ts";
import {
  UsageError,
  exitWhenReaderStops,
  isMainModule,
  printable,
  refuseOptions,
  writeText,
} from "./args.ts";
import { cliConfig, cliFeedService, exitCodeOfFailure } from "./feeds.ts";
import type { CliIo } from "./feeds.ts";

export const ADD_USAGE = `usage: npm run add -- URL

Saves the article at URL under $CONTENT_DIR/added/ and prints its title and date.`;

/** The date as read, or why there is none. */
function dateLine(added: AddedPage): string {
  if (!added.readBack) return "unknown (the saved file could not be read back)";
  return added.date ?? "none found (add a date: YYYY-MM-DD line to the file)";
}

export async function runAdd(args: string[], io: CliIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    await writeText(io.stdout, `${ADD_USAGE}\n`);
    return 0;
  }
  let service: FeedService | null = null;
  try {
    refuseOptions(args);
    if (args.length !== 1 || !args[0]) throw new UsageError("give exactly one URL");
    service = cliFeedService(cliConfig(io.env ?? process.env), io.stderr);
    const added = await service.addPage(args[0]);
    await writeText(
      io.stdout,
      [
        // The title is the page's: shown as text, never as terminal commands.
        `${added.existing ? "Already saved" : "Saved"}: ${printable(added.title)}`,
        `date: ${dateLine(added)}`,
        `file: ${printable(added.file)}`,
        "",
      ].join("\n"),
    );
    return 0;
  } catch (err) {
    return await exitCodeOfFailure(err, ADD_USAGE, io.stderr);
  } finally {
    await service?.close();
  }
}

if (isMainModule(import.meta.url)) {
  exitWhenReaderStops();
  process.exitCode = await runAdd(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
