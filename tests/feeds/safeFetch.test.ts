import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchError, safeFetch } from "../../src/net/safeFetch.ts";
import type { FetchLimits } from "../../src/net/safeFetch.ts";
import { refusedAddressReason } from "../../src/net/addressPolicy.ts";
import { serve, startTestServer } from "./server.ts";
import type { TestServer } from "./server.ts";

let server: TestServer;

const limits: FetchLimits = {
  allowLoopback: true,
  maxBytes: 64 * 1024,
  maxRedirects: 3,
  connectTimeoutMs: 2_000,
  totalTimeoutMs: 1_500,
  mediaTypes: ["text/html"],
};

async function failure(url: string, overrides: Partial<FetchLimits> = {}): Promise<FetchError> {
  try {
    await safeFetch(url, { limits: { ...limits, ...overrides } });
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error(`${url} was fetched`);
}

beforeAll(async () => {
  server = await startTestServer();
  server.route("/page", serve("text/html; charset=utf-8", "<p>café</p>"));
  server.route("/gzip", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" })
      .end(gzipSync("<p>zipped story</p>"));
  });
  server.route("/br", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "br" })
      .end(brotliCompressSync("<p>brotli story</p>"));
  });
  // A small gzip body that inflates far beyond the limit.
  server.route("/bomb", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" })
      .end(gzipSync(Buffer.alloc(10 * 1024 * 1024, "a")));
  });
  server.route("/gzip-twice", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "gzip, gzip" })
      .end(gzipSync(gzipSync("<p>zipped twice</p>")));
  });
  server.route("/unknown-encoding", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "zstd" })
      .end("????");
  });
  server.route("/empty-deflate-blocks", (_request, response) => {
    // A zlib stream of empty stored blocks: it unpacks to nothing however long it runs.
    response.writeHead(200, { "content-type": "text/html", "content-encoding": "deflate" });
    response.write(Buffer.from([0x78, 0x9c]));
    const blocks = Buffer.alloc(65_535);
    for (let i = 0; i + 5 <= blocks.length; i += 5) blocks.set([0x00, 0x00, 0x00, 0xff, 0xff], i);
    const timer = setInterval(() => response.write(blocks), 1);
    response.on("close", () => clearInterval(timer));
  });
  server.route("/deflate", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "deflate" })
      .end(deflateSync("<p>zlib deflate story</p>"));
  });
  server.route("/raw-deflate", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "deflate" })
      .end(deflateRawSync("<p>raw deflate story</p>"));
  });
  server.route("/raw-deflate-bomb", (_request, response) => {
    response
      .writeHead(200, { "content-type": "text/html", "content-encoding": "deflate" })
      .end(deflateRawSync(Buffer.alloc(10 * 1024 * 1024, "a")));
  });
  server.route("/bad-location", (_request, response) => {
    response.writeHead(302, { location: "http://[::1" }).end();
  });
  server.route("/huge-declared", (_request, response) => {
    response.writeHead(200, { "content-type": "text/html", "content-length": "52428800" });
    response.write("<p>");
  });
  server.route("/huge-chunked", (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    const chunk = "x".repeat(16 * 1024);
    const timer = setInterval(() => {
      if (!response.write(chunk)) return;
    }, 1);
    response.on("close", () => clearInterval(timer));
  });
  server.route("/redirect", (_request, response) => {
    response.writeHead(301, { location: "/page" }).end();
  });
  server.route("/loop", (_request, response) => {
    response.writeHead(302, { location: "/loop" }).end();
  });
  server.route("/to-metadata", (_request, response) => {
    response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
  });
  server.route("/to-private", (_request, response) => {
    response.writeHead(307, { location: "http://10.0.0.1/admin" }).end();
  });
  server.route("/to-ftp", (_request, response) => {
    response.writeHead(302, { location: "ftp://example.com/file" }).end();
  });
  server.route("/gone", (_request, response) => {
    response.writeHead(404, { "content-type": "text/html" }).end("missing");
  });
  server.route("/broken", (_request, response) => {
    response.writeHead(500, { "content-type": "text/html" }).end("oops");
  });
  server.route("/slow", (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.write("<p>first words");
    // Never finishes: the total time-out must end the fetch.
  });
  server.route("/image", serve("image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47])));
  server.route(
    "/latin1-header",
    serve(
      "text/html; charset=windows-1252",
      Buffer.from("<p>Caf\xe9 cr\xe8me \x93quoted\x94</p>", "latin1"),
    ),
  );
  server.route(
    "/latin1-meta",
    serve(
      "text/html",
      Buffer.from(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><p>Gr\xfc\xdfe aus K\xf6ln</p></body></html>',
        "latin1",
      ),
    ),
  );
  server.route(
    "/shift-jis",
    serve(
      "text/html",
      Buffer.concat([
        Buffer.from('<meta charset="shift_jis"><p>'),
        // 日本 in Shift_JIS
        Buffer.from([0x93, 0xfa, 0x96, 0x7b]),
        Buffer.from("</p>"),
      ]),
    ),
  );
});

afterAll(async () => {
  await server?.close();
});

describe("safeFetch", () => {
  it("fetches a page and decodes gzip and brotli bodies", async () => {
    const plain = await safeFetch(`${server.origin}/page`, { limits });
    expect(plain.text()).toBe("<p>café</p>");
    expect((await safeFetch(`${server.origin}/gzip`, { limits })).text()).toBe(
      "<p>zipped story</p>",
    );
    expect((await safeFetch(`${server.origin}/br`, { limits })).text()).toBe("<p>brotli story</p>");
  });

  it("reads deflate bodies sent zlib-wrapped or raw, as browsers do, within the size limit", async () => {
    expect((await safeFetch(`${server.origin}/deflate`, { limits })).text()).toBe(
      "<p>zlib deflate story</p>",
    );
    expect((await safeFetch(`${server.origin}/raw-deflate`, { limits })).text()).toBe(
      "<p>raw deflate story</p>",
    );
    expect((await failure(`${server.origin}/raw-deflate-bomb`)).code).toBe("too-large");
  });

  it("follows redirects and reports the final address", async () => {
    const result = await safeFetch(`${server.origin}/redirect`, { limits });
    expect(result.url).toBe(`${server.origin}/page`);
    expect(result.text()).toContain("café");
  });

  it("stops after the redirect limit", async () => {
    expect((await failure(`${server.origin}/loop`)).code).toBe("too-many-redirects");
  });

  it("refuses a redirect to the cloud metadata address or a private network", async () => {
    const metadata = await failure(`${server.origin}/to-metadata`);
    expect(metadata.code).toBe("refused-address");
    expect(metadata.message).toContain("169.254.169.254");
    expect((await failure(`${server.origin}/to-private`)).code).toBe("refused-address");
    expect((await failure(`${server.origin}/to-ftp`)).code).toBe("bad-url");
  });

  it("refuses private, link-local and loopback addresses typed directly", async () => {
    for (const url of [
      "http://10.0.0.1/",
      "http://192.168.1.1/router",
      "http://169.254.169.254/latest/meta-data/",
      "http://100.64.0.1/",
      "http://[fd00::1]/",
      "http://[::ffff:10.0.0.1]/",
      "http://0.0.0.0/",
    ]) {
      expect((await failure(url)).code, url).toBe("refused-address");
    }
    const loopback = await failure(`${server.origin}/page`, { allowLoopback: false });
    expect(loopback.code).toBe("refused-address");
  });

  it("says in plain words why an address is refused", async () => {
    expect((await failure("http://0.0.0.0/")).message).toBe(
      "refused: 0.0.0.0 is an unspecified address",
    );
    expect((await failure("http://100.64.0.1/")).message).toBe(
      "refused: 100.64.0.1 is a carrier-grade NAT address",
    );
    expect((await failure("http://169.254.169.254/latest/meta-data/")).message).toBe(
      "refused: 169.254.169.254 is a link-local address",
    );
    expect((await failure("http://10.0.0.1/")).message).toBe(
      "refused: 10.0.0.1 is a private address",
    );
  });

  it("checks the address a name resolves to when connecting", async () => {
    // "localhost" resolves (from the hosts file) to a loopback address: refused unless allowed.
    const port = new URL(server.origin).port;
    const refused = await failure(`http://localhost:${port}/page`, { allowLoopback: false });
    expect(refused.code).toBe("refused-address");
    expect(refused.message).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address$/,
    );
    const allowed = await safeFetch(`http://localhost:${port}/page`, { limits });
    expect(allowed.text()).toContain("café");
  });

  it("accepts only http and https", async () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://example.com/",
      "javascript:alert(1)",
      "not a url",
    ]) {
      expect((await failure(url)).code, url).toBe("bad-url");
    }
  });

  it("reports 404 and 500 with their status", async () => {
    const gone = await failure(`${server.origin}/gone`);
    expect([gone.code, gone.status]).toEqual(["http-status", 404]);
    expect((await failure(`${server.origin}/broken`)).status).toBe(500);
  });

  it("gives up on a slow response at the time-out", async () => {
    const started = Date.now();
    const slow = await failure(`${server.origin}/slow`, { totalTimeoutMs: 300 });
    expect(slow.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses bodies over the size limit: declared, streamed, or inflated from gzip", async () => {
    expect((await failure(`${server.origin}/huge-declared`)).code).toBe("too-large");
    expect((await failure(`${server.origin}/huge-chunked`, { totalTimeoutMs: 10_000 })).code).toBe(
      "too-large",
    );
    expect((await failure(`${server.origin}/bomb`)).code).toBe("too-large");
  });

  it("undoes stacked encodings, refuses unknown ones, and counts the bytes sent too", async () => {
    expect((await safeFetch(`${server.origin}/gzip-twice`, { limits })).text()).toBe(
      "<p>zipped twice</p>",
    );
    expect((await failure(`${server.origin}/unknown-encoding`)).code).toBe("bad-content-type");
    // Nothing comes out of these blocks: counting only what they unpack to, the fetch would
    // run to its deadline ("timeout") instead.
    expect((await failure(`${server.origin}/empty-deflate-blocks`)).code).toBe("too-large");
  });

  it("says a redirect to an unreadable address is one", async () => {
    const error = await failure(`${server.origin}/bad-location`);
    expect(error.code).toBe("bad-url");
    expect(error.message).toContain("redirected");
  });

  it("refuses a content type it was not asked for", async () => {
    const image = await failure(`${server.origin}/image`);
    expect(image.code).toBe("bad-content-type");
    expect(image.message).toContain("image/png");
  });

  it("decodes pages in the charset the header or the page declares", async () => {
    expect((await safeFetch(`${server.origin}/latin1-header`, { limits })).text()).toBe(
      "<p>Café crème “quoted”</p>",
    );
    expect((await safeFetch(`${server.origin}/latin1-meta`, { limits })).text()).toContain(
      "Grüße aus Köln",
    );
    expect((await safeFetch(`${server.origin}/shift-jis`, { limits })).text()).toContain("日本");
  });
});

describe("refusedAddressReason", () => {
  it("allows public addresses only (loopback only when allowed)", () => {
    expect(refusedAddressReason("93.184.216.34", { allowLoopback: false })).toBeNull();
    expect(refusedAddressReason("2606:4700::1111", { allowLoopback: false })).toBeNull();
    expect(refusedAddressReason("127.0.0.1", { allowLoopback: false })).toMatch(/loopback/);
    expect(refusedAddressReason("127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(refusedAddressReason("::1", { allowLoopback: false })).toMatch(/loopback/);
    expect(refusedAddressReason("224.0.0.1", { allowLoopback: true })).toMatch(/multicast/);
    expect(refusedAddressReason("169.254.169.254", { allowLoopback: true })).toMatch(
      /a link-local address/,
    );
  });
});
