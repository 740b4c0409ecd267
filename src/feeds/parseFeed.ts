/**
 * Reads a news feed: RSS 2.0 (and RSS 1.0) and Atom with rss-parser, JSON Feed 1.0/1.1 by its
 * documented shape (checked with zod). Each item comes out with a stable key (its GUID or id,
 * else its link), an absolute link (relative Atom links are resolved against the feed's
 * address), its title as plain text (an HTML title's entities decoded and tags dropped, its
 * markup escaped or written as elements; an XHTML title's text read from its markup), and its
 * publication day as the publisher wrote it.
 */
import { DOMParser, parseHTML } from "linkedom";
import Parser from "rss-parser";
import { z } from "zod";
import { FeedFormatError } from "./formats.ts";
import { withNestingCapped } from "./nestingDepth.ts";
import { firstDay } from "./publishedDate.ts";
import { shortTitle } from "./titles.ts";

export { FEED_MEDIA_TYPES, FeedFormatError } from "./formats.ts";

export interface FeedItem {
  /** What identifies the item across polls: GUID / Atom id / JSON Feed id, else its link. */
  key: string;
  /** Absolute http(s) link to the article page, when the item has one. */
  link: string | null;
  title: string | null;
  /** Publication day (`YYYY-MM-DD`) as written; null when the item has no usable date. */
  day: string | null;
  author: string | null;
  /** The item's own HTML content or summary, used when its page cannot be read. */
  html: string | null;
}

export interface ParsedFeed {
  title: string | null;
  /** Items in feed order, at most `maxItems`, without repeated keys. */
  items: FeedItem[];
  /** How many items the feed listed (before the cap and de-duplication). */
  listed: number;
}

/**
 * An element as the XML parser gives it: its text, or its text (`_`) with its attributes (`$`)
 * and the elements it holds.
 */
type ParsedElement = string | { _?: unknown; $?: { type?: unknown } };

/**
 * The elements an item's own HTML is read from, the first the item has (RSS's full text and
 * description, Atom's content and summary), each with the field it is kept in as parsed.
 */
const HTML_ELEMENTS = [
  ["content:encoded", "contentEncodedElement"],
  ["description", "descriptionElement"],
  ["content", "contentElement"],
  ["summary", "summaryElement"],
] as const;

type HtmlField = (typeof HTML_ELEMENTS)[number][1];

type RssItem = Parser.Item & {
  /** The `<title>` element itself, for its Atom `type`. */
  titleElement?: ParsedElement[];
  id?: string;
  published?: string;
  updated?: string;
  author?: string;
  "dc:date"?: string;
} & { [field in HtmlField]?: ParsedElement[] };

/** The feed's fields besides rss-parser's own: its title element and root attributes. */
interface FeedFields {
  titleElement?: ParsedElement[];
  /** The root element's attributes (an Atom feed's own; an RSS channel has none). */
  rootAttributes?: { xmlns?: unknown };
  [field: string]: unknown;
}

const TITLE_ELEMENT: Array<string | { keepArray: boolean }> = [
  "title",
  "titleElement",
  { keepArray: true },
];
const ATOM_NAMESPACE = "http://www.w3.org/2005/Atom";

/**
 * A parser for one document. rss-parser's XML parser keeps state after a document with
 * errors, so a parser shared between documents could accept one it refused before.
 */
function rssParser(): Parser<Record<string, unknown>, RssItem> {
  return new Parser<FeedFields, RssItem>({
    customFields: {
      // rss-parser reads renamed fields for the feed as for items; its types list names only.
      feed: [TITLE_ELEMENT, ["$", "rootAttributes", { keepArray: true }]] as unknown as Array<
        keyof FeedFields
      >,
      item: [
        "published",
        "updated",
        "author",
        "dc:date",
        TITLE_ELEMENT,
        ...HTML_ELEMENTS.map(([name, field]) => [name, field, { keepArray: true }]),
      ],
    },
  });
}

const jsonAuthor = z.object({ name: z.string().optional() }).passthrough();
const jsonFeedSchema = z.object({
  version: z.string().regex(/^https?:\/\/jsonfeed\.org\/version\//),
  title: z.string().optional(),
  items: z.array(
    z
      .object({
        id: z.union([z.string(), z.number()]).transform(String),
        url: z.string().optional(),
        external_url: z.string().optional(),
        title: z.string().optional(),
        content_html: z.string().optional(),
        content_text: z.string().optional(),
        summary: z.string().optional(),
        date_published: z.string().optional(),
        date_modified: z.string().optional(),
        author: jsonAuthor.optional(),
        authors: z.array(jsonAuthor).optional(),
      })
      .passthrough(),
  ),
});

/** An absolute http(s) link, or null. */
export function absoluteLink(link: string | null | undefined, base: string): string | null {
  const trimmed = typeof link === "string" ? link.trim() : "";
  if (!trimmed) return null;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.replace(/\s+/g, " ").trim();
  return trimmed === "" ? null : trimmed;
}

/**
 * Whether a title is HTML rather than plain text. Atom says so (`type="html"`; plain text by
 * default, and an XHTML title is its markup's text). RSS does not, and publishers put entities
 * and markup in its titles: read as HTML.
 */
function titleIsHtml(element: ParsedElement[] | undefined, atom: boolean): boolean {
  const first = element?.[0];
  const type = typeof first === "object" ? first.$?.type : undefined;
  if (!atom) return true;
  return type === "html";
}

/**
 * Whether an element holds elements of its own, as an Atom title or content of `type="xhtml"`
 * holds its `<div>`, and an RSS title or description may hold `<b>` or `<p>` (markup the
 * publisher did not escape). The feed parser gives such an element as loose pieces of text,
 * out of order.
 */
function holdsMarkup(element: ParsedElement[] | undefined): boolean {
  const first = element?.[0];
  return typeof first === "object" && Object.keys(first).some((key) => key !== "_" && key !== "$");
}

/** The little of an XML node that titles and HTML are read with. */
interface XmlNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  /** An element's markup, as the document has it. */
  toString(): string;
}

interface XmlElement extends XmlNode {
  readonly tagName: string;
  readonly children: Iterable<XmlElement>;
  readonly childNodes: Iterable<XmlNode>;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return [...element.children].filter((child) => child.tagName === name);
}

/** The text of an element's first `<title>`, in document order: its markup dropped. */
function firstTitleText(element: XmlElement | undefined): string | null {
  return element ? (childrenNamed(element, "title")[0]?.textContent ?? null) : null;
}

/**
 * The HTML an element holds, in document order: the elements in it as written, its text
 * (escaped, or in CDATA) as HTML, as the text of an RSS description is.
 */
function markupHtml(element: XmlElement | undefined): string | null {
  if (!element) return null;
  const pieces = [...element.childNodes].map((node) => {
    if (node.nodeType === ELEMENT_NODE) return node.toString();
    const isText = node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE;
    return isText ? (node.textContent ?? "") : "";
  });
  return pieces.join("");
}

/** The elements of a feed's own fields (an Atom feed, an RSS channel) and of its items. */
interface DocumentParts {
  feed: XmlElement | undefined;
  items: XmlElement[];
}

/** A document's parts where the feed parser finds them, from its root element. */
function partsOf(root: XmlElement): DocumentParts | null {
  switch (root.tagName) {
    case "feed":
      return { feed: root, items: childrenNamed(root, "entry") };
    case "rss": {
      // The items of the first channel.
      const channel = childrenNamed(root, "channel")[0];
      return { feed: channel, items: channel ? childrenNamed(channel, "item") : [] };
    }
    case "rdf:RDF":
      // RSS 1.0 lists its items beside its channel.
      return { feed: childrenNamed(root, "channel")[0], items: childrenNamed(root, "item") };
    default:
      return null;
  }
}

/**
 * The parts of a feed as the document holds them (items in feed order), where the text and
 * markup of an element holding markup are still in order. Null when the document's items are
 * not the ones the feed parser found.
 */
function documentParts(body: string, items: number): DocumentParts | null {
  const document: unknown = new DOMParser().parseFromString(body, "text/xml");
  const root = (document as { documentElement: XmlElement | null }).documentElement;
  const parts = root ? partsOf(root) : null;
  return parts?.items.length === items ? parts : null;
}

/** The text of a title that may be HTML: entities decoded, tags dropped. */
function titleText(value: unknown, html: boolean): string | null {
  if (typeof value !== "string") return null;
  if (!html || !/[<&]/.test(value)) return text(value);
  const page = withNestingCapped(`<!doctype html><html><body>${value}</body></html>`, "html");
  const window: unknown = parseHTML(page);
  const { document } = window as { document: { body: { textContent: string | null } } };
  return text(document.body.textContent);
}

/**
 * A feed's or an item's title as plain text. `part` is its element in the document (see
 * {@link documentParts}), where a title holding markup is read from (without it, such a title
 * has none); its text is then read as any other title of its format.
 */
function plainTitle(
  value: unknown,
  element: ParsedElement[] | undefined,
  atom: boolean,
  part: XmlElement | undefined,
): string | null {
  const title = holdsMarkup(element) ? firstTitleText(part) : value;
  return titleText(title, titleIsHtml(element, atom));
}

/**
 * An item's own HTML, from the first of {@link HTML_ELEMENTS} it has. One holding markup is read
 * from the item's element in the document, `part` (without it, it has none).
 */
function itemHtml(item: RssItem, part: XmlElement | undefined): string | null {
  for (const [name, field] of HTML_ELEMENTS) {
    const element = item[field];
    const first = element?.[0];
    if (first === undefined) continue;
    if (holdsMarkup(element)) return markupHtml(part && childrenNamed(part, name)[0]);
    if (typeof first === "string") return first;
    return typeof first._ === "string" ? first._ : null;
  }
  return null;
}

/** Whether any of an item's title and HTML is held as markup, to be read from the document. */
function itemHoldsMarkup(item: RssItem): boolean {
  const elements = [item.titleElement, ...HTML_ELEMENTS.map(([, field]) => item[field])];
  return elements.some(holdsMarkup);
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function itemKey(id: string | null, link: string | null, title: string | null, day: string | null) {
  return id ?? link ?? (title ? `${title}|${day ?? ""}` : null);
}

function fromRssItem(
  item: RssItem,
  base: string,
  atom: boolean,
  part: XmlElement | undefined,
): FeedItem | null {
  const link = absoluteLink(item.link, base);
  const title = plainTitle(item.title, item.titleElement, atom, part);
  const day = firstDay(item.published, item.pubDate, item["dc:date"], item.updated);
  const key = itemKey(text(item.guid) ?? text(item.id), link, title, day);
  if (!key) return null;
  return {
    key,
    link,
    title,
    day,
    author: text(item.creator) ?? text(item.author),
    html: itemHtml(item, part),
  };
}

function fromJsonItem(item: z.infer<typeof jsonFeedSchema>["items"][number], base: string) {
  const link = absoluteLink(item.url ?? item.external_url, base);
  const title = text(item.title);
  const day = firstDay(item.date_published, item.date_modified);
  const plain = item.content_text ?? item.summary;
  return {
    key: item.id,
    link,
    title,
    day,
    author: text(item.authors?.[0]?.name) ?? text(item.author?.name),
    html:
      item.content_html ??
      (plain === undefined ? null : `<p>${escapeHtml(plain).replace(/\n\s*\n/g, "</p><p>")}</p>`),
  } satisfies FeedItem;
}

function looksLikeJson(body: string, mediaType: string): boolean {
  return mediaType.includes("json") || /^\s*\{/.test(body);
}

function collect(
  title: string | null,
  items: Array<FeedItem | null>,
  maxItems: number,
): ParsedFeed {
  const seen = new Set<string>();
  const kept: FeedItem[] = [];
  for (const item of items) {
    if (kept.length >= maxItems) break;
    if (!item || seen.has(item.key)) continue;
    seen.add(item.key);
    kept.push(item.title === null ? item : { ...item, title: shortTitle(item.title) });
  }
  return { title: title === null ? null : shortTitle(title), items: kept, listed: items.length };
}

/**
 * Parses a feed's text. `feedUrl` is the address it was fetched from (after redirects), the
 * base for relative links. Throws {@link FeedFormatError} when the text is no feed.
 */
export async function parseFeed(
  body: string,
  options: { feedUrl: string; mediaType?: string; maxItems: number },
): Promise<ParsedFeed> {
  if (looksLikeJson(body, options.mediaType ?? "")) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new FeedFormatError("the feed is not valid JSON");
    }
    const parsed = jsonFeedSchema.safeParse(json);
    if (!parsed.success) throw new FeedFormatError("the JSON is not a JSON Feed");
    const items = parsed.data.items.map((item) => fromJsonItem(item, options.feedUrl));
    return collect(text(parsed.data.title), items, options.maxItems);
  }
  // Elements nested deeper than any real feed's are read as text, by both XML parsers.
  const xml = withNestingCapped(body, "xml");
  let feed: Parser.Output<RssItem> & FeedFields;
  try {
    feed = await rssParser().parseString(xml);
  } catch (err) {
    const why = err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
    throw new FeedFormatError(`not an RSS or Atom feed (${why})`);
  }
  const atom = feed.rootAttributes?.xmlns === ATOM_NAMESPACE;
  const parts =
    holdsMarkup(feed.titleElement) || feed.items.some(itemHoldsMarkup)
      ? documentParts(xml, feed.items.length)
      : null;
  const items = feed.items.map((item, n) =>
    fromRssItem(item, options.feedUrl, atom, parts?.items[n]),
  );
  return collect(
    plainTitle(feed.title, feed.titleElement, atom, parts?.feed),
    items,
    options.maxItems,
  );
}
