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
