/**
 * The worker thread that parses feeds and extracts articles. Parsing a large feed or page
 * takes seconds of CPU (xml2js, linkedom and Readability are synchronous), so it runs here,
 * off the thread that answers Discord. One job at a time; see parserThread.ts.
 */
import { parentPort } from "node:worker_threads";
import { decodeBody } from "../net/charset.ts";
import { articleMarkdown } from "./articleFile.ts";
import { extractArticle, extractFeedHtml, feedLinks } from "./extractArticle.ts";
import { parseFeed } from "./parseFeed.ts";
import { parseArticle } from "../core/parseArticle.ts";
import type { ParserJob, ParserReply, SavedFields } from "./parserThread.ts";

async function run(job: ParserJob): Promise<unknown> {
  switch (job.kind) {
    case "feed":
      return parseFeed(decodeBody(job.body, job.contentType), {
        feedUrl: job.feedUrl,
        mediaType: job.mediaType,
        maxItems: job.maxItems,
      });
    case "page":
      return extractArticle(decodeBody(job.body, job.contentType));
    case "html":
      return extractFeedHtml(job.html);
    case "feedLinks":
      return feedLinks(decodeBody(job.body, job.contentType), job.pageUrl);
    case "markdown":
      return articleMarkdown(job.article);
    case "saved":
      return savedFields(job.text, job.file);
  }
}

/** The fields of a saved article file that a reply about it shows; null when it does not parse. */
function savedFields(text: string, file: string): SavedFields | null {
  const { article } = parseArticle(text, file);
  if (!article) return null;
  return {
    title: article.title,
    date: article.date,
    url: article.url,
    source: article.source,
    firstParagraph: article.paragraphs[0] ?? null,
  };
}

parentPort?.on("message", (job: ParserJob) => {
  run(job).then(
    (result) => parentPort?.postMessage({ id: job.id, result } satisfies ParserReply),
    (err: unknown) =>
      parentPort?.postMessage({
        id: job.id,
        error: {
          name: err instanceof Error ? err.name : "Error",
          message: err instanceof Error ? err.message : String(err),
        },
      } satisfies ParserReply),
  );
});
/** Runs each parser once, so the first real job does not pay for their first use. */
async function warmUp(): Promise<void> {
  await parseFeed(
    '<rss version="2.0"><channel><title>t</title><item><title>i</title></item></channel></rss>',
    {
      feedUrl: "https://example.com/",
      maxItems: 1,
    },
  );
  extractArticle("<html><body><article><p>Warm-up paragraph.</p></article></body></html>");
}

void warmUp()
  .catch(() => undefined)
  .then(() => parentPort?.postMessage({ ready: true }));
