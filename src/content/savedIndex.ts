/**
 * The built library saved to disk, so that a restart with unchanged content reads it back
 * instead of loading and indexing everything again.
 *
 * One file: a magic line, the length of a JSON header, the header, then the sections (the
 * articles as lines of JSON, the problems as JSON, then every buffer of the packed index, each starting on an
 * 8-byte boundary so typed arrays can be read straight into place), and last a SHA-256 of
 * everything before it. A file that is cut short, altered, or of another version is reported
 * as such and never used. Writes go to a temporary file renamed into place, so a reader sees
 * the old copy or the new one, never half of one.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { endianness } from "node:os";
import path from "node:path";
import { INDEX_FORMAT_VERSION } from "../core/passageIndex.ts";
import { indexLayoutProblem } from "./indexLayout.ts";
import type { ContentProblem } from "../core/types.ts";
import type { FileStamp } from "./contentStamps.ts";
import type { LinesBuffer } from "./articleLines.ts";
import type { FieldLayout, PackedIndex } from "./indexCodec.ts";

/** Version of this file layout (the index inside has its own, INDEX_FORMAT_VERSION). */
export const SAVED_FILE_FORMAT = 2;

const MAGIC = Buffer.from("citebot saved index\n", "latin1");
const LENGTH_BYTES = 4;
const CHECKSUM_BYTES = 32;
/** Sections start on multiples of this, the largest typed-array element size. */
const ALIGNMENT = 8;
/** Bytes read from disk at once. */
const READ_CHUNK = 64 * 1024 * 1024;
/**
 * A temporary file of a save this much older than now (ms) was left by a process stopped
 * mid-save, and is removed by the next save: a save takes seconds, not an hour.
 */
const LEFTOVER_TEMPORARY_AGE_MS = 60 * 60 * 1000;
/** The temporary files of saves to a file: its name, a random UUID, ".tmp". */
const TEMPORARY_NAME = /^\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

/** Everything a start-up needs to serve the library without reading the content. */
export interface SavedLibrary {
  /** The content files as they were when the library was read. */
  stamps: FileStamp[];
  /** The settings that shape the index, as given to the build. */
  settings: Readonly<Record<string, number>>;
  /** The articles as lines (see articleLines.ts), left unparsed. */
  articleLines: LinesBuffer;
  problems: ContentProblem[];
  index: PackedIndex;
}

export type SavedRead =
  | { status: "found"; saved: SavedLibrary }
  | { status: "missing" }
  | { status: "other-version"; reason: string }
  | { status: "stale"; reason: string }
  | { status: "unreadable"; reason: string };

/** What the header holds. */
interface Header {
  fileFormat: number;
  indexFormat: number;
  littleEndian: boolean;
  settings: Record<string, number>;
  stamps: FileStamp[];
  /** The index's layout: each field's name and kind, and the rest as the codec wrote it. */
  layout: Array<{ name: string; kind: "json" | "array" | "map"; [more: string]: unknown }>;
  /** Byte length of each section: article lines, problems JSON, then the index buffers. */
  sections: number[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A stamp as the header holds it, or null when it is malformed. */
function stampOf(value: unknown): FileStamp | null {
  if (!isRecord(value)) return null;
  const { path: file, size, mtimeNs, ctimeNs, ino, sha256 } = value;
  if (typeof file !== "string" || typeof size !== "number") return null;
  if (typeof mtimeNs !== "string" || typeof ctimeNs !== "string" || typeof ino !== "string") {
    return null;
  }
  if (sha256 !== undefined && typeof sha256 !== "string") return null;
  return { path: file, size, mtimeNs, ctimeNs, ino, ...(sha256 === undefined ? {} : { sha256 }) };
}

const FIELD_KINDS: ReadonlySet<unknown> = new Set(["json", "array", "map"]);

/**
 * The header, checked field by field (by hand: a schema library would cost the worker's
 * start-up more time to load than the whole check takes), or null when it is malformed.
 */
function headerOf(value: unknown): Header | null {
  if (!isRecord(value)) return null;
  const { fileFormat, indexFormat, littleEndian, settings, stamps, layout, sections } = value;
  if (typeof fileFormat !== "number" || typeof indexFormat !== "number") return null;
  if (typeof littleEndian !== "boolean" || !isRecord(settings)) return null;
  if (!Object.values(settings).every((setting) => typeof setting === "number")) return null;
  if (!Array.isArray(stamps) || !Array.isArray(layout) || !Array.isArray(sections)) return null;
  const checkedStamps = stamps.map(stampOf);
  if (checkedStamps.some((stamp) => stamp === null)) return null;
  const fieldsOk = layout.every(
    (field) => isRecord(field) && typeof field.name === "string" && FIELD_KINDS.has(field.kind),
  );
  const lengthsOk = sections.every((length) => Number.isSafeInteger(length) && length >= 0);
  if (!fieldsOk || !lengthsOk) return null;
  return {
    fileFormat,
    indexFormat,
    littleEndian,
    settings: settings as Record<string, number>,
    stamps: checkedStamps as FileStamp[],
    layout: layout as Header["layout"],
    sections: sections as number[],
  };
}

const padding = (offset: number): number => (ALIGNMENT - (offset % ALIGNMENT)) % ALIGNMENT;

/** Writes `data` fully at the handle's current position, feeding the checksum. */
async function writeAll(
  handle: FileHandle,
  hash: ReturnType<typeof createHash>,
  data: Uint8Array,
): Promise<void> {
  hash.update(data);
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written);
    written += bytesWritten;
  }
}

/**
 * Removes the temporary files that saves to `file` left behind when their process was
 * stopped mid-save (each is as large as the index). Best effort: one that cannot be removed
 * stays.
 */
async function removeLeftoverTemporaries(file: string): Promise<void> {
  const folder = path.dirname(file);
  const base = path.basename(file);
  const names = await readdir(folder).catch(() => [] as string[]);
  const leftovers = names.filter(
    (name) => name.startsWith(base) && TEMPORARY_NAME.test(name.slice(base.length)),
  );
  for (const name of leftovers) {
    const temporary = path.join(folder, name);
    const info = await stat(temporary).catch(() => null);
    if (info !== null && Date.now() - info.mtimeMs > LEFTOVER_TEMPORARY_AGE_MS) {
      await unlink(temporary).catch(() => undefined);
    }
  }
}

/** Saves a library to `file` atomically (a temporary file in the same folder, renamed). */
export async function writeSavedLibrary(file: string, saved: SavedLibrary): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await removeLeftoverTemporaries(file);
  const sections: Uint8Array[] = [
    new Uint8Array(saved.articleLines),
    Buffer.from(JSON.stringify(saved.problems)),
    ...saved.index.buffers.map((buffer) => new Uint8Array(buffer)),
  ];
  const header: Header = {
    fileFormat: SAVED_FILE_FORMAT,
    indexFormat: INDEX_FORMAT_VERSION,
    littleEndian: endianness() === "LE",
    settings: { ...saved.settings },
    stamps: saved.stamps,
    layout: saved.index.layout,
    sections: sections.map((section) => section.length),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(headerBytes.length);

  const temporary = `${file}.${randomUUID()}.tmp`;
  const handle = await open(temporary, "wx", 0o644);
  try {
    const hash = createHash("sha256");
    let offset = 0;
    for (const part of [MAGIC, length, headerBytes]) {
      await writeAll(handle, hash, part);
      offset += part.length;
    }
    for (const section of sections) {
      await writeAll(handle, hash, new Uint8Array(padding(offset)));
      offset += padding(offset);
      await writeAll(handle, hash, section);
      offset += section.length;
    }
    await handle.write(hash.digest());
    await handle.sync();
    await handle.close();
    await rename(temporary, file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw err;
  }
}

/** Reads exactly `length` bytes at `position` into a fresh buffer of its own. */
async function readExactly(
  handle: FileHandle,
  position: number,
  length: number,
  shared = false,
): Promise<Uint8Array<ArrayBuffer | SharedArrayBuffer>> {
  const bytes = new Uint8Array(shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(
      bytes,
      done,
      Math.min(READ_CHUNK, length - done),
      position + done,
    );
    if (bytesRead === 0) throw new SavedFileError("the file is cut short");
    done += bytesRead;
  }
  return bytes;
}

class SavedFileError extends Error {}

export interface ReadOptions {
  /**
   * Read the sections into shared memory, so the threads serving and updating the library
   * use them as they are, no copy made. Off by default.
   */
  shared?: boolean;
}

/**
 * Says why a saved library cannot serve the content as it is now (its stamps or settings
 * differ), or null when it can. Asked before the bulk of the file is read.
 */
export type StalenessCheck = (saved: {
  stamps: FileStamp[];
  settings: Readonly<Record<string, number>>;
}) => Promise<string | null>;

/**
 * Reads a saved library, if `check` finds it current. Never throws: a missing file, a stale
 * one, another version, and a file that is cut short, altered or malformed each come back as a status with the reason.
 */
export async function readSavedLibrary(
  file: string,
  check: StalenessCheck,
  options: ReadOptions = {},
): Promise<SavedRead> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { status: "missing" };
    return { status: "unreadable", reason: `it cannot be opened (${String(err)})` };
  }
  try {
    return await readOpened(handle, check, options.shared ?? false);
  } catch (err) {
    const reason =
      err instanceof SavedFileError ? err.message : `it cannot be read (${String(err)})`;
    return { status: "unreadable", reason };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function readOpened(
  handle: FileHandle,
  check: StalenessCheck,
  shared: boolean,
): Promise<SavedRead> {
  const { size } = await handle.stat();
  const prefixLength = MAGIC.length + LENGTH_BYTES;
  if (size < prefixLength + CHECKSUM_BYTES) throw new SavedFileError("the file is cut short");
  const prefix = Buffer.from(await readExactly(handle, 0, prefixLength));
  if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new SavedFileError("it is not a saved index");
  }
  const headerLength = prefix.readUInt32LE(MAGIC.length);
  if (prefixLength + headerLength + CHECKSUM_BYTES > size) {
    throw new SavedFileError("the file is cut short");
  }
  const headerBytes = await readExactly(handle, prefixLength, headerLength);
  const header = parseHeader(headerBytes);
  if (header.fileFormat !== SAVED_FILE_FORMAT || header.indexFormat !== INDEX_FORMAT_VERSION) {
    return {
      status: "other-version",
      reason: `it is of index format ${header.indexFormat} (file ${header.fileFormat}); this version uses ${INDEX_FORMAT_VERSION} (file ${SAVED_FILE_FORMAT})`,
    };
  }
  if (header.littleEndian !== (endianness() === "LE")) {
    return { status: "other-version", reason: "it was written on a machine of other byte order" };
  }
  const stale = await check({ stamps: header.stamps, settings: header.settings });
  if (stale !== null) return { status: "stale", reason: stale };
  let offset = prefixLength + headerLength;
  let end = offset;
  for (const length of header.sections) end += padding(end) + length;
  if (end + CHECKSUM_BYTES !== size) {
    throw new SavedFileError(
      end + CHECKSUM_BYTES > size ? "the file is cut short" : "the file is longer than its header says",
    );
  }

  const hash = createHash("sha256");
  hash.update(prefix).update(headerBytes);
  const sections: Uint8Array<ArrayBuffer | SharedArrayBuffer>[] = [];
  for (const length of header.sections) {
    const gap = padding(offset);
    hash.update(await readExactly(handle, offset, gap));
    offset += gap;
    const section = await readExactly(handle, offset, length, shared);
    hash.update(section);
    sections.push(section);
    offset += length;
  }
  const checksum = Buffer.from(await readExactly(handle, offset, CHECKSUM_BYTES));
  if (!checksum.equals(hash.digest())) {
    throw new SavedFileError("its checksum does not match (the file was altered or damaged)");
  }
  return { status: "found", saved: fromSections(header, sections) };
}

function parseHeader(bytes: Uint8Array): Header {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new SavedFileError("its header is not JSON");
  }
  const header = headerOf(json);
  if (header === null) throw new SavedFileError("its header is malformed");
  return header;
}

function fromSections(
  header: Header,
  sections: Uint8Array<ArrayBuffer | SharedArrayBuffer>[],
): SavedLibrary {
  const [articleLines, problemBytes, ...buffers] = sections;
  if (articleLines === undefined || problemBytes === undefined) {
    throw new SavedFileError("its articles are missing");
  }
  let problems: unknown;
  try {
    problems = JSON.parse(Buffer.from(problemBytes).toString("utf8"));
  } catch {
    problems = null;
  }
  if (!Array.isArray(problems)) throw new SavedFileError("its problems are malformed");
  const index: PackedIndex = {
    layout: header.layout as unknown as FieldLayout[],
    buffers: buffers.map((section) => section.buffer),
  };
  const shape = indexLayoutProblem(index);
  if (shape !== null) throw new SavedFileError(shape);
  return {
    stamps: header.stamps,
    settings: header.settings,
    articleLines: articleLines.buffer,
    problems: problems as ContentProblem[],
    index,
  };
}
