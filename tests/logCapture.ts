import { Writable } from "node:stream";
import { createLogger, type Logger } from "../src/ops/logger.ts";

/** One JSON log line as the logger wrote it. */
export type LogLine = Record<string, unknown>;

/** A real JSON logger whose lines are collected, parsed, into `lines` as they are written. */
export function captureLogs(logLevel: "debug" | "info" = "debug"): {
  logger: Logger;
  lines: LogLine[];
} {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      }
      callback();
    },
  });
  const logger = createLogger(
    { logLevel, logFormat: "json", discordToken: null },
    { stream: sink },
  );
  return { logger, lines };
}

/** Waits until a line whose message includes `text` has been written; that line. */
export async function nextLogLine(
  lines: LogLine[],
  text: string,
  timeoutMs = 30_000,
): Promise<LogLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = lines.find((line) => String(line.message).includes(text));
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no log line "${text}" within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
