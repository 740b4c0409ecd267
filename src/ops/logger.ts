/**
 * The bot's logger: winston, to stderr, JSON or human-readable. Every line passes through a
 * redaction step that removes the configured token and anything shaped like a Discord token.
 */
import winston from "winston";
import type { Config } from "../app/config.ts";

export type Logger = winston.Logger;

/** Three dot-separated base64url segments, as Discord bot (and some user) tokens are built. */
const TOKEN_PATTERN = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g;
const REDACTED = "[redacted]";

/** Removes the token (and token-shaped strings) from a piece of text. */
export function redactText(text: string, token: string | null): string {
  const withoutToken = token ? text.split(token).join(REDACTED) : text;
  return withoutToken.replace(TOKEN_PATTERN, REDACTED);
}

function redactValue(value: unknown, token: string | null, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value, token);
  if (value instanceof Error) {
    // Errors become plain objects so JSON lines keep their message and stack.
    const plain: Record<string, unknown> = { name: value.name, message: value.message };
    if (value.stack) plain.stack = value.stack;
    if ("code" in value) plain.code = value.code;
    if ("status" in value) plain.status = value.status;
    return redactValue(plain, token, seen);
  }
  if (Array.isArray(value)) {
    if (seen.has(value)) return value;
    seen.add(value);
    return value.map((item) => redactValue(item, token, seen));
  }
  if (value && typeof value === "object") {
    if (seen.has(value)) return value;
    seen.add(value);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, token, seen);
    return copy;
  }
  return value;
}

/** A winston format that redacts every string field of a log entry, including error stacks. */
export const redactFormat = (token: string | null) =>
  winston.format((info) => {
    const seen = new WeakSet<object>();
    for (const key of Reflect.ownKeys(info)) {
      const record = info as unknown as Record<string | symbol, unknown>;
      record[key] = redactValue(record[key], token, seen);
    }
    return info;
  })();

/** Last-chance redaction of the finished line (covers anything a formatter added). */
const redactLine = (token: string | null) =>
  winston.format((info) => {
    const record = info as unknown as Record<symbol, unknown>;
    const message = Symbol.for("message");
    const line = record[message];
    if (typeof line === "string") record[message] = redactText(line, token);
    return info;
  })();

export function createLogger(
  config: Pick<Config, "logLevel" | "logFormat" | "discordToken">,
  options: { stream?: NodeJS.WritableStream } = {},
): Logger {
  const token = config.discordToken;
  const output =
    config.logFormat === "json"
      ? winston.format.json()
      : winston.format.printf((info) => {
          const { level, message, timestamp, stack, ...rest } = info as Record<string, unknown>;
          const err = rest.err as { stack?: unknown } | undefined;
          const errStack = typeof err?.stack === "string" ? err.stack : undefined;
          if (errStack) rest.err = { ...err, stack: undefined };
          const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
          const trace = typeof stack === "string" ? `\n${stack}` : errStack ? `\n${errStack}` : "";
          return `${String(timestamp)} ${String(level)}: ${String(message)}${extra}${trace}`;
        });
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console({
        stderrLevels: [...Object.keys(winston.config.npm.levels)],
      });
  return winston.createLogger({
    level: config.logLevel,
    format: winston.format.combine(
      winston.format.errors({ stack: true }),
      redactFormat(token),
      winston.format.timestamp(),
      output,
      redactLine(token),
    ),
    transports: [transport],
  });
}
