/**
 * An article page → its title, publication day, author, site name and text paragraphs. The
 * main text is found by @mozilla/readability over a linkedom document; the metadata is read
 * from the same document first (`article:published_time` and similar meta tags, JSON-LD
 * `datePublished`, then `<time datetime>`), since Readability changes the document it reads.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { withoutBoilerplate } from "./boilerplate.ts";
import { MAX_NESTING_DEPTH, nestingLimitWithin, withNestingCapped } from "./nestingDepth.ts";
import { absoluteLink } from "./parseFeed.ts";
import { firstDay } from "./publishedDate.ts";
import { shortTitle } from "./titles.ts";

export interface ExtractedArticle {
  title: string | null;
  /** Publication day as the page writes it, `YYYY-MM-DD`; null when the page has none. */
  day: string | null;
  author: string | null;
  siteName: string | null;
  /** Body text in order: paragraphs (list items, quotes…) and section headings, no markup. */
  blocks: TextBlock[];
}

export interface TextBlock {
  kind: "paragraph" | "heading";
  text: string;
}

export { PAGE_MEDIA_TYPES } from "./formats.ts";

/** Meta tags naming the publication time, most specific first. */
const DATE_META = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[property="og:published_time"]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="date"]',
  'meta[name="dc.date"]',
  'meta[name="DC.date.issued"]',
];
const AUTHOR_META = ['meta[name="author"]', 'meta[property="article:author"]'];
/** JSON-LD blocks read for `datePublished` / `author`; more than this is not metadata. */
const MAX_JSON_LD_CHARS = 200_000;
/** Nodes of one JSON-LD block visited at most (a `@graph` holds a handful). */
const MAX_JSON_LD_NODES = 500;
/**
 * How much nesting Readability is given to read on one page: the sum of its elements' depths.
 * Readability's cleaning reads the text under each element again for every level above it, so
 * its time grows with this sum (about 5 µs per unit): 1 MB of paragraphs each in 76 nested
 * divs sums to 3.8 million, and took it 10 to 19 s. The largest real pages measured sum to
 * about 230,000 (a 1.9 MB book of 24,500 elements, read in about a second), well within it.
 */
export const READABLE_NESTING_BUDGET = 500_000;
const TEXT_BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, pre, blockquote, figcaption";
const HEADINGS = new Set(["H1", "H2", "H3", "H4", "H5", "H6"]);

/** The part of the DOM read here (the project has no DOM type library). */
interface DomElement {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly innerHTML: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
}
interface Doc {
  readonly title: string;
  readonly body: DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
}

/**
 * A linkedom document of `html`, its elements nested deeper than any real page's read as text
 * (see {@link withNestingCapped}), so Readability is never given a deeper one either.
 */
function parseDocument(html: string): Doc {
  const window: unknown = parseHTML(withNestingCapped(html, "html"));
  return (window as { document: Doc }).document;
}

function clean(value: string | null | undefined): string | null {
  const collapsed = (value ?? "").replace(/\s+/g, " ").trim();
  return collapsed === "" ? null : collapsed;
}

function metaContent(document: Doc, selectors: readonly string[]): string[] {
  return selectors.flatMap((selector) =>
    [...document.querySelectorAll(selector)].map((el) => el.getAttribute("content") ?? ""),
  );
}

/** Objects of a JSON-LD value, breadth first (arrays and `@graph` lists are opened). */
function jsonLdNodes(value: unknown): Array<Record<string, unknown>> {
  const nodes: Array<Record<string, unknown>> = [];
  const queue: unknown[] = [value];
  for (let i = 0; i < queue.length && nodes.length < MAX_JSON_LD_NODES; i++) {
    const item = queue[i];
    if (Array.isArray(item)) queue.push(...(item as unknown[]));
    else if (item && typeof item === "object") {
      const node = item as Record<string, unknown>;
      nodes.push(node);
      if (Array.isArray(node["@graph"])) queue.push(...(node["@graph"] as unknown[]));
    }
  }
  return nodes;
}

function authorName(value: unknown): string | null {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return authorName(value[0]);
  if (value && typeof value === "object") return authorName((value as { name?: unknown }).name);
  return null;
}

function readJsonLd(document: Doc): { dates: string[]; author: string | null } {
  const dates: string[] = [];
  let author: string | null = null;
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const source = script.textContent ?? "";
    if (source.length > MAX_JSON_LD_CHARS) continue;
    let json: unknown;
    try {
      json = JSON.parse(source);
    } catch {
      continue;
    }
    for (const node of jsonLdNodes(json)) {
      if (typeof node.datePublished === "string") dates.push(node.datePublished);
      author ??= authorName(node.author);
    }
  }
  return { dates, author };
}

function timeElementDates(document: Doc): string[] {
  const times = [
    ...document.querySelectorAll("time[pubdate][datetime]"),
    ...document.querySelectorAll("article time[datetime]"),
    ...document.querySelectorAll("time[datetime]"),
  ];
  return times.map((el) => el.getAttribute("datetime") ?? "");
}

/** The page's own metadata, read before Readability changes the document. */
function readMetadata(document: Doc) {
  const jsonLd = readJsonLd(document);
  return {
    day: firstDay(
      ...metaContent(document, DATE_META),
      ...jsonLd.dates,
      ...timeElementDates(document),
    ),
    author: clean(metaContent(document, AUTHOR_META)[0]) ?? jsonLd.author,
    title: clean(metaContent(document, ['meta[property="og:title"]'])[0]),
    siteName: clean(metaContent(document, ['meta[property="og:site_name"]'])[0]),
  };
}

/**
 * Text blocks of the extracted content, innermost only (a `<li><p>` gives one paragraph),
 * without the site's boilerplate (a byline naming `author`, "Advertisement"…).
 */
function textBlocks(html: string, author: string | null): TextBlock[] {
  const document = parseDocument(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: TextBlock[] = [];
  for (const el of document.querySelectorAll(TEXT_BLOCKS)) {
    if (el.querySelector(TEXT_BLOCKS)) continue;
    const text = clean(el.textContent);
    if (text) blocks.push({ kind: HEADINGS.has(el.tagName) ? "heading" : "paragraph", text });
  }
  const kept = withoutBoilerplate(blocks, author);
  if (!kept.some((block) => block.kind === "paragraph")) {
    const whole = clean(document.body?.textContent);
    return whole ? [{ kind: "paragraph", text: whole }] : [];
  }
  return kept;
}

/**
 * The document of a page as Readability reads it: nested no deeper than what keeps its
 * elements' depths within {@link READABLE_NESTING_BUDGET}, elements deeper than that read as
 * their text (as past {@link MAX_NESTING_DEPTH}). A page that nests deep and long is cut
 * down cheaply here, instead of costing Readability a minute; a real page is read as it is.
 */
function readableDocument(html: string): Doc {
  const capped = withNestingCapped(html, "html");
  const limit = nestingLimitWithin(capped, READABLE_NESTING_BUDGET);
  const markup = limit < MAX_NESTING_DEPTH ? withNestingCapped(capped, "html", limit) : capped;
  const window: unknown = parseHTML(markup);
  return (window as { document: Doc }).document;
}

/** Readability's view of the document (linkedom's is close enough to the DOM it expects). */
function readableContent(document: Doc): ReturnType<Readability["parse"]> {
  try {
    return new Readability(document, { keepClasses: false }).parse();
  } catch {
    return null;
  }
}

function titleOrNull(title: string | null): string | null {
  return title === null ? null : shortTitle(title);
}

/** Extracts the article of an HTML page. */
export function extractArticle(html: string): ExtractedArticle {
  const document = readableDocument(html);
  const metadata = readMetadata(document);
  const readable = readableContent(document);
  const author = metadata.author ?? clean(readable?.byline);
  return {
    title: titleOrNull(metadata.title ?? clean(readable?.title) ?? clean(document.title)),
    day: metadata.day ?? firstDay(readable?.publishedTime),
    author,
    siteName: titleOrNull(metadata.siteName ?? clean(readable?.siteName)),
    blocks: textBlocks(readable?.content ?? document.body?.innerHTML ?? "", author),
  };
}

/** Media types of the feeds a page names with `<link rel="alternate">`, as feed readers read them. */
const FEED_LINK_TYPES = new Set([
  "application/rss+xml",
  "application/atom+xml",
  "application/feed+json",
  "application/json",
]);

/**
 * The feeds a page names (`<link rel="alternate" type="application/rss+xml" href="…">`), in
 * the page's order, as absolute http(s) addresses resolved against `base`, the page's.
 */
export function feedLinks(html: string, base: string): string[] {
  const document = parseDocument(html);
  const links: string[] = [];
  for (const el of document.querySelectorAll("link[href]")) {
    const rel = (el.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
    const type = (el.getAttribute("type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!rel.includes("alternate") || !FEED_LINK_TYPES.has(type)) continue;
    const link = absoluteLink(el.getAttribute("href"), base);
    if (link && !links.includes(link)) links.push(link);
  }
  return links;
}

/** Extracts text from an item's own HTML (a feed's `content:encoded` or summary). */
export function extractFeedHtml(html: string): TextBlock[] {
  return textBlocks(html, null);
}
