import { PassThrough } from "node:stream";

/**
 * A terminal for tests: `input` and `output` are streams that say they are a terminal (so
 * readline draws and redraws its line), and `screen()` shows what a person would see on it,
 * with the cursor. It reads the control sequences readline writes (cursor moves, clearing
 * to the end of the screen or line) and wraps at `columns` the way terminals do; a newline
 * also returns the cursor to the left edge, as a terminal's output processing does.
 */
export interface FakeTerminal {
  input: PassThrough & { isTTY: boolean };
  output: PassThrough & { isTTY: boolean; columns: number };
  /** The rows written so far, without trailing spaces. */
  screen(): string[];
  /** Where the cursor is: row (into `screen()`) and column. */
  cursor(): { row: number; column: number };
}

/** A cursor move or a clearing, as readline writes them: ESC [ count letter. */
// eslint-disable-next-line no-control-regex -- reading control sequences is the point
const CONTROL = /^\x1b\[(\d*)([A-DGJK])/;

export function fakeTerminal(columns: number): FakeTerminal {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns });
  const rows: string[][] = [[]];
  let row = 0;
  let column = 0;
  /** A character was written in the last column: the next one starts a new row. */
  let wrapPending = false;

  const rowAt = (index: number): string[] => {
    while (rows.length <= index) rows.push([]);
    return rows[index] as string[];
  };
  const put = (char: string): void => {
    if (wrapPending) {
      row++;
      column = 0;
      wrapPending = false;
    }
    const line = rowAt(row);
    while (line.length < column) line.push(" ");
    line[column] = char;
    if (column === columns - 1) wrapPending = true;
    else column++;
  };
  const control = (count: number, command: string): void => {
    wrapPending = false;
    if (command === "A") row = Math.max(0, row - count);
    else if (command === "B") row += count;
    else if (command === "C") column = Math.min(columns - 1, column + count);
    else if (command === "D") column = Math.max(0, column - count);
    else if (command === "G") column = Math.min(columns, count) - 1;
    else if (command === "J") {
      rowAt(row).length = Math.min(rowAt(row).length, column);
      rows.length = row + 1;
    } else if (command === "K") {
      const line = rowAt(row);
      line.length = count === 2 ? 0 : Math.min(line.length, column);
    }
  };

  output.setEncoding("utf8").on("data", (chunk: string) => {
    for (let i = 0; i < chunk.length;) {
      const sequence = CONTROL.exec(chunk.slice(i, i + 12));
      if (sequence) {
        const [whole, number, command] = sequence;
        const defaultCount = command === "J" || command === "K" ? 0 : 1;
        control(number === "" ? defaultCount : Number(number), command ?? "");
        i += whole.length;
        continue;
      }
      const char = chunk[i] as string;
      if (char === "\n") {
        row++;
        rowAt(row);
        column = 0;
        wrapPending = false;
      } else if (char === "\r") {
        column = 0;
        wrapPending = false;
      } else {
        put(char);
      }
      i++;
    }
  });

  return {
    input,
    output,
    screen: () => rows.map((line) => line.join("").trimEnd()),
    cursor: () => ({ row, column }),
  };
}
