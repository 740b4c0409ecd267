/**
 * The log in the offline console: the logger writes its lines through a {@link ConsoleLog},
 * which passes them on to standard error. While the console shows its prompt on a terminal,
 * a line goes above the prompt, and the prompt is drawn again below it with what had been
 * typed so far and the cursor where it was, so typing is never mixed up with the log.
 */
import { Writable } from "node:stream";
import { clearScreenDown, cursorTo, moveCursor, type Interface } from "node:readline";

/** Writes `write`'s text where the user will see it, the prompt kept below it. */
export type PlaceLine = (write: () => void) => void;

/** The stream the logger writes to while the console may run. */
export class ConsoleLog extends Writable {
  private readonly target: NodeJS.WritableStream & { isTTY?: boolean };
  /** How a line is placed while the console runs; null writes it as it comes. */
  private place: PlaceLine | null = null;

  constructor(target: NodeJS.WritableStream & { isTTY?: boolean }) {
    super();
    this.target = target;
  }

  /**
   * Has lines placed by `place` from now on, while the target is a terminal (lines sent to a
   * file have no prompt to keep clear of); null writes them as they come again.
   */
  placeLines(place: PlaceLine | null): void {
    this.place = this.target.isTTY === true ? place : null;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    const write = (): void => {
      this.target.write(chunk);
    };
    if (this.place === null) write();
    else this.place(write);
    callback();
  }
}

/**
 * Writes a line above the prompt `rl` shows on `output`: clears the prompt and what was typed
 * (which may take several rows), writes the line, and has readline draw the prompt again below
 * it with the typing and the cursor where they were.
 */
export function writeAbovePrompt(
  rl: Pick<Interface, "getCursorPos" | "prompt">,
  output: NodeJS.WritableStream,
  write: () => void,
): void {
  const { rows } = rl.getCursorPos();
  moveCursor(output, 0, -rows);
  cursorTo(output, 0);
  clearScreenDown(output);
  write();
  // Readline draws the prompt again from as many rows above the cursor as the cursor was
  // below the prompt's first row: those rows are made below the line first.
  output.write("\n".repeat(rows));
  rl.prompt(true);
}
