/**
 * Unpacks gzip data as `gzip -d` does: every member of a file of concatenated members, each
 * checked against its CRC-32 and length, and bytes after the last member that are not gzip
 * data counted and ignored instead of failing the file (Node's gunzip fails on them and
 * drops the text unpacked from the same read). Streams: a read of the file is unpacked in
 * pieces of `chunkSize` bytes, and nothing else is kept.
 */
import zlib from "node:zlib";

/** Gzip data that cannot be unpacked: not gzip, cut short, or failing its checksum. */
export class GzipDataError extends Error {
  constructor(
    message: string,
    /** True when the data simply stops: the file is cut short, or still being written. */
    readonly cutShort = false,
  ) {
    super(message);
  }
}

const GZIP_MAGIC_1 = 0x1f;
const GZIP_MAGIC_2 = 0x8b;
const DEFLATE_METHOD = 8;
/** Fixed header: magic (2), method, flags, time (4), extra flags, system. */
const FIXED_HEADER_BYTES = 10;
const TRAILER_BYTES = 8;
const FLAG_HEADER_CRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const RESERVED_FLAGS = 0xe0;
/** A member unpacking to at most this many bytes is unpacked in one call, not streamed. */
const QUICK_MEMBER_BYTES = 256 * 1024;
/**
 * Files of more members than this are refused from there on: each member costs a call of
 * about 17 microseconds, and real files hold one, or a few thousand (blocked gzip, 64 KB
 * a member). Without it, 20 MB of empty members would take 17 s.
 */
const MAX_MEMBERS = 50_000;
/** A stored file name or comment longer than this is no gzip header. */
const MAX_HEADER_TEXT_BYTES = 64 * 1024;

/** Reads gzip data from `source`; `trailingBytes` is known once `chunks()` has ended. */
export class GzipMembers {
  /** Bytes after the last member that are not gzip data, ignored. */
  trailingBytes = 0;
  private readonly input: ByteQueue;

  constructor(
    source: AsyncIterable<Buffer>,
    private readonly chunkSize: number,
  ) {
    this.input = new ByteQueue(source);
  }

  /**
   * The unpacked bytes of every member, in order. Throws {@link GzipDataError} (or the
   * unpacker's error) when the data is damaged; a member that unpacks to nothing before
   * failing, after a good one, is trailing data.
   */
  async *chunks(): AsyncGenerator<Buffer> {
    for (let members = 0; ; members++) {
      const start = this.input.position;
      const header = await readHeader(this.input);
      if (header === "end") {
        if (members === 0) throw new GzipDataError("the file is empty");
        return;
      }
      if (header === "not-gzip") {
        if (members === 0) throw new GzipDataError("no gzip header");
        return this.skipTrailingData(start);
      }
      if (members === MAX_MEMBERS) {
        throw new GzipDataError(
          `more than ${MAX_MEMBERS.toLocaleString("en-US")} gzip members (a "zip bomb")`,
        );
      }
      const member = new MemberInflater(this.input, this.chunkSize);
      try {
        yield* member.chunks();
      } catch (err) {
        if (members === 0 || member.unpackedBytes > 0 || !isGzipFault(err)) throw err;
        return this.skipTrailingData(start);
      }
    }
  }

  /** Counts the bytes from `start` to the end as trailing data. */
  private async skipTrailingData(start: number): Promise<void> {
    this.trailingBytes = (await this.input.skipToEnd()) - start;
  }
}

/** A fault of the gzip data itself (not of reading the file). */
function isGzipFault(err: unknown): boolean {
  if (err instanceof GzipDataError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}

/** Chunks of a byte stream that can be handed back, counting the bytes taken. */
class ByteQueue {
  /** Bytes taken and not handed back. */
  position = 0;
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly returned: Buffer[] = [];

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** The next chunk, or null at the end. */
  async next(): Promise<Buffer | null> {
    let chunk = this.returned.pop();
    if (chunk === undefined) {
      const result = await this.iterator.next();
      if (result.done === true) return null;
      chunk = result.value;
    }
    this.position += chunk.length;
    return chunk;
  }

  /** Hands back the unused end of the last chunk. */
  giveBack(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.returned.push(bytes);
    this.position -= bytes.length;
  }

  /** Exactly `count` bytes, or fewer at the end. */
  async take(count: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < count) {
      const chunk = await this.next();
      if (chunk === null) break;
      const used = Math.min(chunk.length, count - have);
      parts.push(chunk.subarray(0, used));
      this.giveBack(chunk.subarray(used));
      have += used;
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }

  /** Bytes up to and including the next zero byte; null when there is none in `limit`. */
  async takeThroughZero(limit: number): Promise<Buffer | null> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have <= limit) {
      const chunk = await this.next();
      if (chunk === null) return null;
      const zero = chunk.indexOf(0);
      if (zero !== -1) {
        parts.push(chunk.subarray(0, zero + 1));
        this.giveBack(chunk.subarray(zero + 1));
        return Buffer.concat(parts);
      }
      parts.push(chunk);
      have += chunk.length;
    }
    return null;
  }

  /** Reads to the end of the stream; the position there. */
  async skipToEnd(): Promise<number> {
    while ((await this.next()) !== null);
    return this.position;
  }
}

/**
 * Reads a member's header: "end" when no byte is left, "not-gzip" when the bytes are
 * not a gzip header (some of them are then taken).
 */
async function readHeader(input: ByteQueue): Promise<"member" | "end" | "not-gzip"> {
  const fixed = await input.take(FIXED_HEADER_BYTES);
  if (fixed.length === 0) return "end";
  if (fixed.length < FIXED_HEADER_BYTES || !isGzipHeaderStart(fixed)) return "not-gzip";
  const flags = fixed[3] ?? 0;
  if ((flags & FLAG_EXTRA) !== 0) {
    const size = await input.take(2);
    if (size.length < 2) return "not-gzip";
    const extra = size.readUInt16LE(0);
    if ((await input.take(extra)).length < extra) return "not-gzip";
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if ((flags & flag) !== 0 && (await input.takeThroughZero(MAX_HEADER_TEXT_BYTES)) === null) {
      return "not-gzip";
    }
  }
  if ((flags & FLAG_HEADER_CRC) !== 0 && (await input.take(2)).length < 2) return "not-gzip";
  return "member";
}

function isGzipHeaderStart(fixed: Buffer): boolean {
  return (
    fixed[0] === GZIP_MAGIC_1 &&
    fixed[1] === GZIP_MAGIC_2 &&
    fixed[2] === DEFLATE_METHOD &&
    ((fixed[3] ?? 0) & RESERVED_FLAGS) === 0
  );
}

/**
 * Unpacks one member's deflate data, then checks its trailer. A member lying within the
 * bytes already read, unpacking to at most QUICK_MEMBER_BYTES, is unpacked at once (a file
 * of a million tiny members costs a million small calls, not a million streams). Any other
 * is streamed: the input is written to the unpacker one chunk at a time; when the deflate
 * data ends inside a chunk, the unpacker stops taking bytes, and the rest of that chunk
 * (the trailer, the next member) goes back.
 */
class MemberInflater {
  unpackedBytes = 0;
  private crc = 0;
  private written = 0;
  private lastChunk: Buffer = Buffer.alloc(0);

  constructor(
    private readonly input: ByteQueue,
    private readonly chunkSize: number,
  ) {}

  async *chunks(): AsyncGenerator<Buffer> {
    const quick = await this.unpackAtOnce();
    if (quick !== null) {
      if (quick.length > 0) yield this.count(quick);
    } else {
      yield* this.unpackStreaming();
    }
    await this.checkTrailer();
  }

  /** The member unpacked from the bytes at hand; null when it needs streaming. */
  private async unpackAtOnce(): Promise<Buffer | null> {
    const atHand = await this.input.next();
    if (atHand === null) return null;
    try {
      const { buffer, engine } = zlib.inflateRawSync(atHand, {
        info: true,
        maxOutputLength: QUICK_MEMBER_BYTES,
      }) as unknown as { buffer: Buffer; engine: zlib.InflateRaw };
      this.input.giveBack(atHand.subarray(engine.bytesWritten));
      return buffer;
    } catch {
      // Cut off by the end of the bytes at hand, too large, or damaged: streamed instead.
      this.input.giveBack(atHand);
      return null;
    }
  }

  private count(chunk: Buffer): Buffer {
    this.crc = crc32(chunk, this.crc);
    this.unpackedBytes += chunk.length;
    return chunk;
  }

  private async *unpackStreaming(): AsyncGenerator<Buffer> {
    const inflater = zlib.createInflateRaw({ chunkSize: this.chunkSize });
    const feeding = this.feed(inflater).catch((err: unknown) => {
      inflater.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    try {
      for await (const chunk of inflater as AsyncIterable<Buffer>) yield this.count(chunk);
      await feeding;
    } finally {
      inflater.destroy();
    }
    const unused = this.written - inflater.bytesWritten;
    this.input.giveBack(this.lastChunk.subarray(this.lastChunk.length - unused));
  }

  /** Writes input until the unpacker takes no more (its data ended) or the input ends. */
  private async feed(inflater: zlib.InflateRaw): Promise<void> {
    while (inflater.bytesWritten === this.written) {
      const chunk = await this.input.next();
      if (chunk === null) {
        inflater.end();
        return;
      }
      this.lastChunk = chunk;
      this.written += chunk.length;
      await new Promise<void>((resolve, reject) => {
        inflater.write(chunk, (err) => (err ? reject(err) : resolve()));
      });
    }
  }

  private async checkTrailer(): Promise<void> {
    const trailer = await this.input.take(TRAILER_BYTES);
    if (trailer.length < TRAILER_BYTES) throw new GzipDataError("the data ends early", true);
    if (trailer.readUInt32LE(0) !== this.crc || trailer.readUInt32LE(4) !== unpackedSize(this)) {
      throw new GzipDataError("the unpacked data fails its checksum");
    }
  }
}

/** The unpacked length as a gzip trailer holds it: modulo 2^32. */
function unpackedSize(member: MemberInflater): number {
  return member.unpackedBytes % 2 ** 32;
}

/** CRC-32 as gzip computes it: zlib's own where Node has it (20.15 and later). */
const crc32: (data: Buffer, value: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === "function" ? zlib.crc32 : tableCrc32;

let crcTable: Uint32Array | null = null;

function tableCrc32(data: Buffer, value: number): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, byte) => {
    let c = byte;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = ~value >>> 0;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return ~crc >>> 0;
}
