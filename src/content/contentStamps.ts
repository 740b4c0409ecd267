/**
 * What the content looked like on disk, file by file, so a saved index can be matched to
 * the content it was built from: each file's size, modification and change times (in
 * nanoseconds) and inode. A file written so recently that a further write could leave all of
 * these unchanged (file systems keep time in ticks, some in whole seconds) also carries a
 * hash of its bytes.
 */
import { createHash } from "node:crypto";
import { constants, createReadStream, type BigIntStats } from "node:fs";
import { lstat, open, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";

/** One file of the content as it was when stamped. */
export interface FileStamp {
  /** Path below the content folder (`/` separators), or the file's name for a file source. */
  path: string;
  size: number;
  /** Modification and status-change times and inode, as decimal strings (exact bigints). */
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  /** SHA-256 of the bytes, for a file changed within {@link RECENT_CHANGE_MS} of stamping. */
  sha256?: string;
}

/**
 * A file changed less than this long before it is stamped is hashed as well: a second
 * write within the same timestamp tick (up to 2 s on the coarsest file systems) and of the
 * same size would otherwise go unnoticed.
 */
export const RECENT_CHANGE_MS = 3_000;

/** Names the loader never reads (hidden entries, among them the saved index's own folder). */
function isHidden(name: string): boolean {
  return name.startsWith(".");
}

/**
 * SHA-256 of a file's bytes, read as a stream. Opened without waiting, and read only when
 * it is a regular file: a named pipe would otherwise hold the reader until someone wrote to
 * it. Throws for anything else.
 */
export async function sha256OfFile(file: string): Promise<string> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${file} is not a regular file`);
    const hash = createHash("sha256");
    const stream = createReadStream("", { fd: handle.fd, autoClose: false, start: 0 });
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest("hex");
  } finally {
    await handle.close();
  }
}

async function stampOf(
  file: string,
  rel: string,
  info: BigIntStats,
  hashThese: ReadonlySet<string>,
  now: number,
): Promise<FileStamp> {
  const stamp: FileStamp = {
    path: rel,
    size: Number(info.size),
    mtimeNs: info.mtimeNs.toString(),
    ctimeNs: info.ctimeNs.toString(),
    ino: info.ino.toString(),
  };
  const changedMs = Number((info.mtimeNs > info.ctimeNs ? info.mtimeNs : info.ctimeNs) / 1_000_000n);
  // A pipe, socket or device is no article (the loader skips it) and is never read here.
  if (!info.isFile()) return stamp;
  if (hashThese.has(rel) || now - changedMs < RECENT_CHANGE_MS) {
    stamp.sha256 = await sha256OfFile(file);
  }
  return stamp;
}

/**
 * Stamps every file of a content source: the file itself, or every file below a folder
 * (following links, skipping hidden entries). Files named in `hashThese` are hashed whatever
 * their age, so stamps can be compared with saved ones that carry a hash. Throws when the
 * source cannot be read.
 */
export async function stampContent(
  source: string,
  hashThese: ReadonlySet<string> = new Set(),
): Promise<FileStamp[]> {
  const now = Date.now();
  const absolute = path.resolve(source);
  const info = await stat(absolute, { bigint: true });
  if (!info.isDirectory()) {
    return [await stampOf(absolute, path.basename(absolute), info, hashThese, now)];
  }
  const stamps: FileStamp[] = [];
  const root = await realpath(absolute);
  const seenFolders = new Set<string>([`${info.dev}:${info.ino}`]);
  const walk = async (folder: string, relFolder: string): Promise<void> => {
    const names = (await readdir(folder)).filter((name) => !isHidden(name)).sort();
    for (const name of names) {
      const file = path.join(folder, name);
      const rel = relFolder === "" ? name : `${relFolder}/${name}`;
      let entry: BigIntStats;
      try {
        // A link that leads out of the content folder is skipped, as the loader skips it.
        if ((await lstat(file)).isSymbolicLink() && !isInside(root, await realpath(file))) {
          continue;
        }
        entry = await stat(file, { bigint: true });
      } catch {
        stamps.push({ path: rel, size: -1, mtimeNs: "0", ctimeNs: "0", ino: "0" });
        continue;
      }
      if (entry.isDirectory()) {
        const identity = `${entry.dev}:${entry.ino}`;
        if (seenFolders.has(identity)) continue;
        seenFolders.add(identity);
        await walk(file, rel);
      } else {
        stamps.push(await stampOf(file, rel, entry, hashThese, now));
      }
    }
  };
  await walk(absolute, "");
  return stamps;
}

/** True when `candidate` (a real path) is the folder `root` (a real path) or lies inside it. */
export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The paths whose saved stamp carries a hash: those must be hashed again to compare. */
export function hashedPaths(stamps: readonly FileStamp[]): Set<string> {
  return new Set(stamps.filter((stamp) => stamp.sha256 !== undefined).map((stamp) => stamp.path));
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs &&
    a.ino === b.ino &&
    (a.sha256 === undefined || a.sha256 === b.sha256)
  );
}

/**
 * How the content differs from its saved stamps, in words ("2 files changed (a.txt, …)"),
 * or null when nothing did.
 */
export function describeChanges(
  saved: readonly FileStamp[],
  current: readonly FileStamp[],
): string | null {
  const before = new Map(saved.map((stamp) => [stamp.path, stamp]));
  const changed: string[] = [];
  const added: string[] = [];
  for (const stamp of current) {
    const old = before.get(stamp.path);
    if (old === undefined) added.push(stamp.path);
    else if (!sameStamp(old, stamp)) changed.push(stamp.path);
    before.delete(stamp.path);
  }
  const removed = [...before.keys()];
  const parts = [
    counted(changed, "changed"),
    counted(added, "added"),
    counted(removed, "removed"),
  ].filter((part) => part !== null);
  return parts.length === 0 ? null : parts.join(", ");
}

/** Files shown by name in a change description before the rest are only counted. */
const FILES_NAMED = 3;

function counted(paths: readonly string[], what: string): string | null {
  if (paths.length === 0) return null;
  const named = paths.slice(0, FILES_NAMED).join(", ");
  const more = paths.length > FILES_NAMED ? `, ${paths.length - FILES_NAMED} more` : "";
  return `${paths.length} file${paths.length === 1 ? "" : "s"} ${what} (${named}${more})`;
}
