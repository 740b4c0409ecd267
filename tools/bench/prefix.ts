/**
 * Library files holding the first N articles of a larger one, so that smaller libraries
 * load through the real loader from a file of their own. Written in one pass over the
 * source; compressed when the source is.
 */
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { createGzip, createGunzip, constants } from "node:zlib";

const NEWLINE = Buffer.from("\n");

interface Writer {
  limit: number;
  written: number;
  stream: Writable;
  file: WriteStream;
}

/**
 * Writes `<dir>/first-<N>.jsonl(.gz)` for every count and returns the files by count, and
 * how many article lines the source has. Blank lines are not counted.
 */
export async function writePrefixFiles(
  source: string,
  counts: readonly number[],
  dir: string,
): Promise<{ files: Map<number, string>; lines: number }> {
  const gzipped = /\.gz$/i.test(source);
  const files = new Map<number, string>();
  const writers: Writer[] = [];
  for (const count of [...new Set(counts)].sort((a, b) => a - b)) {
    const name = path.join(dir, `first-${count}.jsonl${gzipped ? ".gz" : ""}`);
    const file = createWriteStream(name);
    let stream: Writable = file;
    if (gzipped) {
      const gzip = createGzip({ level: constants.Z_BEST_SPEED });
      gzip.pipe(file);
      stream = gzip;
    }
    files.set(count, name);
    writers.push({ limit: count, written: 0, stream, file });
  }

  const raw = createReadStream(source, { highWaterMark: 1024 * 1024 });
  const input: Readable = gzipped ? raw.pipe(createGunzip()) : raw;
  let lines = 0;
  const largest = Math.max(0, ...counts);
  let pending: Buffer[] = [];
  const emit = async (line: Buffer): Promise<void> => {
    if (isBlank(line)) return;
    lines++;
    if (lines > largest) return;
    for (const writer of writers) {
      if (writer.written >= writer.limit) continue;
      writer.written++;
      // One write per line: a write refused for back-pressure is still queued, but the
      // line break must not be skipped.
      if (!writer.stream.write(Buffer.concat([line, NEWLINE]))) {
        await once(writer.stream, "drain");
      }
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, newline));
      await emit(Buffer.concat(pending));
      pending = [];
      start = newline + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) await emit(Buffer.concat(pending));
  for (const writer of writers) {
    writer.stream.end();
    await finished(writer.file);
  }
  return { files, lines };
}

function isBlank(line: Buffer): boolean {
  for (const byte of line) {
    if (byte !== 32 && byte !== 9 && byte !== 13) return false;
  }
  return true;
}
