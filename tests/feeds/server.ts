/**
 * A real HTTP server on 127.0.0.1 for the feed tests: each test registers the routes it
 * needs (a feed, an article page, a redirect…) and reads back the requests it received.
 */
import http from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Serves `handler` at `path` (replacing an earlier one). */
  route(path: string, handler: Handler): void;
  /** Every request received: method, path and headers. */
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>();
  const requests: TestServer["requests"] = [];
  const server = http.createServer((request, response) => {
    const path = request.url ?? "/";
    requests.push({ method: request.method ?? "GET", path, headers: request.headers });
    const handler = routes.get(path);
    if (handler) handler(request, response);
    else response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    route: (path, handler) => routes.set(path, handler),
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A handler answering 200 with `body` and `type`. */
export function serve(type: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return ((_request, response) => {
    response.writeHead(200, { "content-type": type, ...headers }).end(body);
  }) satisfies Handler;
}

/** An article page the way news sites publish them: navigation, metadata, the story, a footer. */
export function articlePage(options: {
  title: string;
  paragraphs: string[];
  publishedTime?: string;
  jsonLdDate?: string;
  timeDatetime?: string;
  author?: string;
  charset?: string;
  siteName?: string;
}): string {
  const meta = [
    options.charset ? `<meta charset="${options.charset}">` : '<meta charset="utf-8">',
    `<title>${options.title} | ${options.siteName ?? "Example News"}</title>`,
    `<meta property="og:title" content="${options.title}">`,
    `<meta property="og:site_name" content="${options.siteName ?? "Example News"}">`,
    options.publishedTime
      ? `<meta property="article:published_time" content="${options.publishedTime}">`
      : "",
    options.author ? `<meta name="author" content="${options.author}">` : "",
    options.jsonLdDate
      ? `<script type="application/ld+json">${JSON.stringify({
          "@context": "https://schema.org",
          "@graph": [
            { "@type": "WebSite", name: "Example News" },
            { "@type": "NewsArticle", headline: options.title, datePublished: options.jsonLdDate },
          ],
        })}</script>`
      : "",
  ].join("\n");
  const time = options.timeDatetime
    ? `<p class="byline">Published <time datetime="${options.timeDatetime}">earlier</time></p>`
    : "";
  return `<!doctype html>
<html lang="en"><head>${meta}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main>
<article>
<h1>${options.title}</h1>
${time}
${options.paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
</article>
<aside><h3>Most read</h3><ul><li><a href="/x">Something else entirely</a></li></ul></aside>
</main>
<footer><p>© Example News. All rights reserved.</p></footer>
</body></html>`;
}
