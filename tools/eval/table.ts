/** Plain-text tables with aligned columns, for terminal reports. */

export interface Column {
  title: string;
  /** Numbers read best right-aligned. */
  align?: "left" | "right";
}

/** Columns of figures: one right-aligned column per title. */
export function rightAligned(...titles: string[]): Column[] {
  return titles.map((title) => ({ title, align: "right" }));
}

/** The table as lines: header, a rule, then one line per row. */
export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = columns.map((column, c) =>
    Math.max(column.title.length, ...rows.map((row) => (row[c] ?? "").length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, c) => {
        const cell = cells[c] ?? "";
        const width = widths[c] ?? 0;
        return column.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [
    line(columns.map((column) => column.title)),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...rows.map(line),
  ];
}

/** Milliseconds as a short human figure: "0.42 ms", "37 ms", "1.8 s". */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** Bytes in megabytes: "452 MB" (kilobytes below one megabyte). */
export function formatMb(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

/** `part` of `whole` with a percentage: "543/588 92.3%". */
export function formatShare(part: number, whole: number): string {
  if (whole === 0) return "-";
  return `${part}/${whole} ${((100 * part) / whole).toFixed(1)}%`;
}
