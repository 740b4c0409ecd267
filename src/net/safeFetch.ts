/**
 * Fetching URLs that users type, safely. Only http and https; the address every connection
 * goes to is checked when it is made (a `lookup` hook on node:http/https, so a name that
 * resolves to a private address — or re-resolves to one later — is refused), on every redirect
 * too; a limited number of redirects; a connect time-out and a time-out for the whole fetch; a
 * size limit counted on the decompressed body; and a check of the Content-Type before the body
 * is read. gzip, deflate (zlib-wrapped or raw) and brotli bodies are decoded.
 */
import dns from "node:dns";
import http from "node:http";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { Transform, Writable } from "node:stream";
import type { TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { isIpLiteral, refusedAddressKind, refusedAddressReason } from "./addressPolicy.ts";
import type { AddressPolicy } from "./addressPolicy.ts";
import { decodeBody, mediaTypeOf } from "./charset.ts";

export interface FetchLimits extends AddressPolicy {
  /** Largest body accepted, in bytes after decompression. */
  maxBytes: number;
  /** Redirects followed before giving up. */
  maxRedirects: number;
  /** Time allowed to open one connection (per redirect hop). */
  connectTimeoutMs: number;
  /** Time allowed for the whole fetch, redirects and body included. */
  totalTimeoutMs: number;
  /** Media types accepted (`text/html`); a response without a Content-Type is accepted. */
  mediaTypes: readonly string[];
}

/** Redirects a browser would follow for a page; enough for tracking links and http→https. */
export const DEFAULT_MAX_REDIRECTS = 5;
/** A public server that cannot open a connection in this time is treated as down. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** A whole fetch (page or feed) longer than this is abandoned. */
export const DEFAULT_TOTAL_TIMEOUT_MS = 20_000;

export type FetchErrorCode =
  | "bad-url"
  | "refused-address"
  | "too-many-redirects"
  | "timeout"
  | "too-large"
  | "bad-content-type"
  | "http-status"
  | "network";

/** A fetch that did not produce a usable body; the message is fit for a user. */
export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

export interface FetchResult {
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  /** True for 304 Not Modified (conditional request); the body is then empty. */
  notModified: boolean;
  headers: IncomingHttpHeaders;
  /** Lower-cased media type of the response (`text/html`), "" when the server sent none. */
  mediaType: string;
  body: Buffer;
  /** The body as text, in the charset the server or the document declares. */
  text(): string;
}

export interface FetchOptions {
  limits: FetchLimits;
  /** Extra request headers (If-None-Match, If-Modified-Since, Accept). */
  headers?: Record<string, string>;
}

const USER_AGENT = "citebot (+https://github.com/citebot; news library bot)";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Parses and checks a URL: http or https only, no credentials, a host that may be reached. */
export function checkUrl(raw: string, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchError("bad-url", `"${raw}" is not a web address`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchError(
      "bad-url",
      `only http and https addresses can be fetched (got ${url.protocol})`,
    );
  }
  if (url.username || url.password) {
    throw new FetchError("bad-url", "addresses with a user name or password are not fetched");
  }
  if (isIpLiteral(url.hostname)) {
    const reason = refusedAddressReason(url.hostname, policy);
    if (reason) throw new FetchError("refused-address", `refused: ${reason}`);
  }
  return url;
}

/**
 * A `lookup` for node:net that resolves the name, then refuses the connection when any of
 * its addresses may not be reached. Node calls it for every connection it opens, so the
 * address checked is the address connected to.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, "", 0);
        return;
      }
      for (const entry of addresses) {
        const kind = refusedAddressKind(entry.address, policy);
        if (kind) {
          const reason = `${hostname} resolves to ${entry.address}, ${kind}`;
          const refused = Object.assign(new Error(`refused: ${reason}`), {
            code: "EREFUSEDADDRESS",
          });
          callback(refused, "", 0);
          return;
        }
      }
      const first = addresses[0];
      if (!first) {
        callback(
          Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }),
          "",
          0,
        );
        return;
      }
      if ((options as { all?: boolean }).all) {
        (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

/** Counts bytes going through and fails once more than `max` went by. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > max) {
        callback(new FetchError("too-large", `the response is larger than ${formatBytes(max)}`));
        return;
      }
      callback(null, chunk);
    },
  });
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round(bytes / 1024 / 1024)} MB`
    : `${Math.round(bytes / 1024)} kB`;
}

function decompressor(coding: string): Transform | null {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return inflateEitherDeflate();
    case "br":
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/**
 * Whether a deflate body starts with a zlib header (RFC 1950: compression method 8, and the
 * first two bytes a multiple of 31), as HTTP's "deflate" means. Some servers send raw deflate
 * (RFC 1951) instead, which browsers read too.
 */
function hasZlibHeader(start: Buffer): boolean {
  const [first, second] = start;
  if (first === undefined || second === undefined) return false;
  return (first & 0x0f) === 8 && ((first << 8) | second) % 31 === 0;
}

/**
 * Undoes a "deflate" body whether it is zlib-wrapped or raw deflate, decided from its first
 * two bytes.
 */
function inflateEitherDeflate(): Transform {
  let inflate: zlib.Inflate | zlib.InflateRaw | null = null;
  let start = Buffer.alloc(0);
  const begin = (stream: Transform): zlib.Inflate | zlib.InflateRaw => {
    const chosen = hasZlibHeader(start) ? zlib.createInflate() : zlib.createInflateRaw();
    chosen.on("data", (chunk: Buffer) => stream.push(chunk));
    chosen.on("error", (err) => stream.destroy(err));
    inflate = chosen;
    return chosen;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (inflate) {
        inflate.write(chunk, () => callback());
        return;
      }
      start = Buffer.concat([start, chunk]);
      if (start.length < 2) {
        callback();
        return;
      }
      begin(this).write(start, () => callback());
    },
    flush(callback: TransformCallback) {
      let last = inflate;
      if (!last) {
        // A body of fewer than two bytes: nothing was inflated yet.
        if (start.length === 0) {
          callback();
          return;
        }
        last = begin(this);
        last.write(start);
      }
      last.once("end", () => callback());
      last.end();
    },
    destroy(err, callback) {
      inflate?.destroy();
      callback(err);
    },
  });
}

/** Content codings undone at most, one after another ("gzip, br"). */
const MAX_CODINGS = 2;

/**
 * What undoes a Content-Encoding, last coding first ("gzip, gzip" is gunzipped twice); none
 * for an unencoded body. A coding this client does not know, or more than {@link MAX_CODINGS},
 * is refused: the body could not be read as text.
 */
function decompressors(encoding: string | undefined): Transform[] {
  const codings = (encoding ?? "")
    .toLowerCase()
    .split(",")
    .map((coding) => coding.trim())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length > MAX_CODINGS) {
    throw new FetchError(
      "bad-content-type",
      `the response is encoded ${codings.length} times over`,
    );
  }
  return codings.reverse().map((coding) => {
    const undo = decompressor(coding);
    if (!undo) throw new FetchError("bad-content-type", "the response's encoding is not supported");
    return undo;
  });
}

/** One request, no redirects followed. Resolves once the headers are in. */
function requestOnce(
  url: URL,
  options: FetchOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const { limits } = options;
  const get = url.protocol === "https:" ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const request = get(
      url,
      {
        agent: false,
        lookup: guardedLookup(limits),
        signal,
        headers: {
          "user-agent": USER_AGENT,
          "accept-encoding": "gzip, deflate, br",
          ...options.headers,
        },
      },
      (response) => {
        // Belt and braces: the socket's peer must be an allowed address too.
        const peer = response.socket.remoteAddress;
        const reason = peer ? refusedAddressReason(peer, limits) : null;
        if (reason) {
          response.destroy();
          reject(new FetchError("refused-address", `refused: ${reason}`));
          return;
        }
        resolve(response);
      },
    );
    const connectTimer = setTimeout(() => {
      request.destroy(
        new FetchError(
          "timeout",
          `no connection to ${url.host} within ${limits.connectTimeoutMs} ms`,
        ),
      );
    }, limits.connectTimeoutMs);
    request.once("socket", (socket) => {
      socket.once("connect", () => clearTimeout(connectTimer));
    });
    request.once("response", () => clearTimeout(connectTimer));
    request.once("error", (err) => {
      clearTimeout(connectTimer);
      reject(toFetchError(err, signal, limits));
    });
  });
}

function toFetchError(err: unknown, signal: AbortSignal, limits: FetchLimits): FetchError {
  if (err instanceof FetchError) return err;
  if (signal.aborted) {
    return new FetchError("timeout", `the fetch took longer than ${limits.totalTimeoutMs} ms`);
  }
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === "EREFUSEDADDRESS") return new FetchError("refused-address", message);
  return new FetchError("network", `could not fetch: ${message}`);
}

async function readBody(
  response: IncomingMessage,
  limits: FetchLimits,
  signal: AbortSignal,
): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  let undo: Transform[];
  try {
    undo = decompressors(response.headers["content-encoding"]);
  } catch (err) {
    response.destroy();
    throw err;
  }
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    response.destroy();
    throw new FetchError(
      "too-large",
      `the response is larger than ${formatBytes(limits.maxBytes)}`,
    );
  }
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
      chunks.push(chunk);
      callback();
    },
  });
  try {
    // The bytes sent count as well as the bytes they unpack to: a stream of empty
    // compressed blocks unpacks to nothing, for ever.
    const stages = undo.flatMap((stage) => [stage, byteLimit(limits.maxBytes)]);
    await pipeline([response, byteLimit(limits.maxBytes), ...stages, collect], { signal });
  } catch (err) {
    response.destroy();
    throw toFetchError(err, signal, limits);
  }
  return Buffer.concat(chunks);
}

function checkMediaType(mediaType: string, limits: FetchLimits): void {
  if (mediaType === "" || limits.mediaTypes.includes(mediaType)) return;
  throw new FetchError(
    "bad-content-type",
    `the address serves ${mediaType}, not ${limits.mediaTypes.join(" or ")}`,
  );
}

/** Where a redirect leads, as an absolute address. */
function redirectTarget(location: string, from: URL): string {
  try {
    return new URL(location, from).href;
  } catch {
    throw new FetchError("bad-url", "the server redirected to an address that is not valid");
  }
}

/**
 * Fetches `rawUrl` within `options.limits`. Resolves with the body of a 2xx answer, or with
 * an empty 304 result; throws a {@link FetchError} for everything else.
 */
export async function safeFetch(rawUrl: string, options: FetchOptions): Promise<FetchResult> {
  const { limits } = options;
  const signal = AbortSignal.timeout(limits.totalTimeoutMs);
  let url = checkUrl(rawUrl, limits);
  for (let hop = 0; ; hop++) {
    const response = await requestOnce(url, options, signal);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(status) && location) {
      response.destroy();
      if (hop >= limits.maxRedirects) {
        throw new FetchError("too-many-redirects", `more than ${limits.maxRedirects} redirects`);
      }
      url = checkUrl(redirectTarget(location, url), limits);
      continue;
    }
    const mediaType = mediaTypeOf(response.headers["content-type"]);
    const result = (body: Buffer): FetchResult => ({
      url: url.href,
      status,
      notModified: status === 304,
      headers: response.headers,
      mediaType,
      body,
      text: () => decodeBody(body, response.headers["content-type"]),
    });
    if (status === 304) {
      response.destroy();
      return result(Buffer.alloc(0));
    }
    if (status < 200 || status > 299) {
      response.destroy();
      throw new FetchError("http-status", `the server answered ${status}`, status);
    }
    try {
      checkMediaType(mediaType, limits);
    } catch (err) {
      response.destroy();
      throw err;
    }
    return result(await readBody(response, limits, signal));
  }
}
