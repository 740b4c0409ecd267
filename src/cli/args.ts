/**
 * Small helpers shared by the command-line tools: argument checks, the default content
 * source, writing to streams that may push back, and "am I the program being run?".
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A bad command line: the message is for the user; the tool exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Somewhere text can be written: a stream, or a test's collector. */
export interface TextOutput {
  write(text: string): unknown;
  once?(event: "drain", listener: () => void): unknown;
}

/**
 * Writes text and, when the stream asks the writer to wait (its buffer is full), waits for
 * it to drain, so long outputs do not pile up in memory.
 */
export async function writeText(output: TextOutput, text: string): Promise<void> {
  if (output.write(text) !== false || output.once === undefined) return;
  const once = output.once.bind(output);
  await new Promise<void>((resolve) => once("drain", resolve));
}

/**
 * Ends the program quietly when the reader of its output stops early (`| head -1`): writing
 * on would fail with EPIPE and print a stack trace, though nothing went wrong. It exits with
 * `exitCode` (0 unless the outcome is known already, as a check's is before its report is
 * printed). Any other write error is thrown as before.
 */
export function exitWhenReaderStops(exitCode: () => number = () => 0): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(exitCode());
      throw err;
    });
  }
}

/**
 * Keeps the process running when the terminal its log goes to is closed: the writes that
 * follow fail (EIO), and the lines are dropped instead of the failure ending the process.
 * Any other write error is thrown as before.
 */
export function keepRunningWhenTerminalCloses(
  streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    let gone = false;
    stream.on("error", (err: NodeJS.ErrnoException) => {
      // Once the terminal is gone, whatever the stream says after is about the same loss.
      gone ||= err.code === "EIO";
      if (!gone) throw err;
    });
  }
}

/** The content source: the given path, else `CONTENT_DIR`, else `content`. */
export function contentSource(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const fromArgs = given?.trim();
  if (fromArgs) return fromArgs;
  return env.CONTENT_DIR?.trim() || "content";
}

/**
 * The arguments with a value that starts with a dash joined to the option before it, for the
 * options named (`--top -1` → `--top=-1`, `-n -1` → `-n-1`): the option's own check then says what it takes,
 * where the parser would call the value ambiguous.
 */
export function joinDashValues(args: readonly string[], options: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    if (options.includes(arg) && next !== undefined && /^-\d/.test(next)) {
      // A long option takes its value after "=", a short one right after it ("-n-1").
      joined.push(arg.startsWith("--") ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

/**
 * A command-line parser's error as a {@link UsageError} that names options as the usage
 * does, in one line: "--top needs a value" where the parser says "Option '-n, --top <value>'
 * argument missing", or calls a value starting with a dash ambiguous; "--json takes no
 * value"; "unknown option -5", followed by `dashedPositional`'s advice for a command that
 * takes words that may start with a dash (the parser's own advice, "after '--'", misses the
 * "--" npm takes for itself).
 */
export function usageErrorOf(
  err: unknown,
  dashedPositional?: (option: string) => string,
): UsageError {
  const message = err instanceof Error ? err.message : String(err);
  const unknown = /^Unknown option '(.+?)'(\. To specify a positional argument)?/.exec(message);
  if (unknown) {
    const option = unknown[1] ?? "";
    // "--jsn" is a mistyped option; "-5" may be the start of what was meant as words.
    const words = unknown[2] !== undefined && !option.startsWith("--") && dashedPositional;
    const advice = words ? `; ${dashedPositional(option)}` : "";
    return new UsageError(`unknown option ${option}${advice}`);
  }
  const flag = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message);
  if (flag) return new UsageError(`${flag[1]} takes no value`);
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing$/.exec(message);
  if (missing) return new UsageError(`${missing[1]} needs a value`);
  const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous\./.exec(message);
  if (ambiguous) {
    const name = ambiguous[1] ?? "";
    return new UsageError(`${name} needs a value (one starting with "-" is written ${name}=-…)`);
  }
  return new UsageError(message);
}

/**
 * Throws a {@link UsageError} for the first argument that looks like an option
 * (`--force`) of a command that takes none but help, which would otherwise be read as a
 * feed or an address.
 */
export function refuseOptions(args: readonly string[]): void {
  const option = args.find((arg) => arg.startsWith("-"));
  if (option !== undefined) throw new UsageError(`unknown option ${printable(option)}`);
}

/** Parses a whole number option within bounds, or throws a {@link UsageError} naming it. */
export function parseWholeNumber(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const trimmed = value.trim();
  const number = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || number < min || number > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  }
  return number;
}

/** The calendar day of a clock reading, in the local time zone, as `YYYY-MM-DD`. */
export function localDay(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, "0");
  const day = String(date.getDate()).padStart(2, "0");
  return `${String(date.getFullYear()).padStart(4, "0")}-${month}-${day}`;
}

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Characters a terminal acts on rather than shows: C0 and C1 controls, DEL, line and
 * paragraph separators, and the bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** The text with each unprintable character written as an escape (`\n`, `\x1b`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const code = char.charCodeAt(0);
    if (code === 0x0a) return "\\n";
    if (code === 0x0d) return "\\r";
    if (code === 0x09) return "\\t";
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
