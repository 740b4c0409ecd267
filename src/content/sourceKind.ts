/** What kind of source a content path names, by its name alone (nothing is read). */

/** Whether a path names a library file (`.jsonl` or `.jsonl.gz`). */
export function isLibraryFile(filePath: string): boolean {
  return /\.jsonl(?:\.gz)?$/i.test(filePath);
}
