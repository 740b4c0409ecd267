/**
 * Turns a fetched body into text in the character set its publisher declared: the
 * Content-Type header's `charset`, else a byte order mark, else (for HTML) a `<meta charset>`
 * or `<meta http-equiv="Content-Type">` near the top, else (for XML) the `<?xml encoding?>`
 * declaration, else UTF-8. Decoding is done by the platform's TextDecoder (WHATWG encodings).
 */
import { TextDecoder } from "node:util";

/** How far into a document a `<meta charset>` is looked for (the HTML standard's prescan). */
const PRESCAN_BYTES = 1024;

const META_CHARSET = /<meta\s[^>]{0,512}?charset\s*=\s*["']?([\w.:-]{1,40})/i;
const XML_ENCODING = /^\s*<\?xml\s[^>]{0,256}?encoding\s*=\s*["']([\w.:-]{1,40})["']/;

/** The `charset` parameter of a Content-Type value, lower-cased; null when absent. */
export function charsetOfContentType(contentType: string | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([\w.:-]{1,40})"?/i.exec(contentType ?? "");
  return match?.[1]?.toLowerCase() ?? null;
}

/** The media type of a Content-Type value (`text/html`), lower-cased; "" when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function bomCharset(body: Uint8Array): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return "utf-8";
  if (body[0] === 0xfe && body[1] === 0xff) return "utf-16be";
  if (body[0] === 0xff && body[1] === 0xfe) return "utf-16le";
  return null;
}

/** The charset a document declares inside itself (meta tag or XML declaration). */
export function declaredCharset(body: Uint8Array): string | null {
  // Declarations are ASCII, so reading the first bytes as Latin-1 is safe whatever the charset.
  const head = Buffer.from(
    body.buffer,
    body.byteOffset,
    Math.min(body.length, PRESCAN_BYTES),
  ).toString("latin1");
  const found = XML_ENCODING.exec(head)?.[1] ?? META_CHARSET.exec(head)?.[1];
  // A document that could declare itself in ASCII is not UTF-16: the HTML standard reads a
  // declared UTF-16 as UTF-8 (a real UTF-16 document starts with a byte order mark).
  return found === undefined ? null : withoutUtf16(found.toLowerCase());
}

function withoutUtf16(label: string): string {
  return /^utf-?16/.test(label) ? "utf-8" : label;
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (curly quotes, dashes, €…), by the WHATWG
 * Encoding table; unassigned bytes keep their C1 code point. Node 20's TextDecoder decodes
 * "windows-1252" (and its aliases latin1, iso-8859-1, ascii) as ISO-8859-1 and misses these.
 */
const WINDOWS_1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

function fixWindows1252(text: string): string {
  return text.replace(
    /[\u0080-\u009f]/g,
    (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char,
  );
}

function decoderFor(label: string | null): TextDecoder {
  if (label) {
    try {
      return new TextDecoder(label);
    } catch {
      // An unknown label falls back to UTF-8, as browsers do.
    }
  }
  return new TextDecoder("utf-8");
}

/** The body as text, decoded with the charset the header or the document declares. */
export function decodeBody(body: Uint8Array, contentType: string | undefined): string {
  const label = bomCharset(body) ?? charsetOfContentType(contentType) ?? declaredCharset(body);
  const decoder = decoderFor(label);
  const text = decoder.decode(body);
  return decoder.encoding === "windows-1252" ? fixWindows1252(text) : text;
}
