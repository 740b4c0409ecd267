import { describe, expect, it } from "vitest";
import { decodeBody } from "../../src/net/charset.ts";

const bytes = (text: string, encoding: BufferEncoding = "utf8") => Buffer.from(text, encoding);

describe("decoding a fetched page", () => {
  it("reads a page that declares UTF-16 in ASCII as UTF-8, as browsers do", () => {
    // Read as UTF-16, these bytes would come out as Chinese characters.
    const page = '<html><head><meta charset="utf-16"></head><body><p>Café</p></body></html>';
    expect(decodeBody(bytes(page), "text/html")).toBe(page);
  });

  it("reads UTF-16 with a byte order mark, and a declared windows-1252 with its quotes", () => {
    const text = "<p>Grüße</p>";
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), bytes(text, "utf16le")]);
    expect(decodeBody(utf16, "text/html")).toBe(text);
    const quoted = Buffer.from([0x93, 0x68, 0x69, 0x94]);
    expect(decodeBody(quoted, "text/html; charset=windows-1252")).toBe("“hi”");
  });
});
