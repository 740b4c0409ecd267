/**
 * Markdown body → plain-text paragraphs. Pure: no I/O.
 *
 * Every paragraph, list item paragraph, block quote paragraph, table row and code block
 * becomes one plain-text paragraph; headings are collected separately (they are titles,
 * not quotable body text). GitHub extensions are understood (tables, ~~strikethrough~~,
 * footnotes, task list boxes). Links keep their text; images, HTML tags, scripts and
 * styles are dropped and HTML entities decoded, so no markup reaches a quote.
 *
 * Whatever the input, the cost stays linear: the text is parsed in blocks of bounded size
 * (cut at blank lines outside code), container nesting is capped, and underlined
 * ("setext") headings are rewritten as `#` headings, which the parser handles in linear
 * time where underlines cost time growing with the square of the document.
 */
import { decodeHTML } from "entities";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import type { Nodes, Root, RootContent, PhrasingContent } from "mdast";
import { collapseWhitespace, splitParagraphs } from "./paragraphs.ts";

export interface MarkdownText {
  /** Plain-text heading texts, in document order. */
  headings: string[];
  /** Plain-text body paragraphs, in document order. */
  paragraphs: string[];
}

/**
 * Markdown is parsed in blocks of about this many characters, cut at blank lines outside
 * fenced code. The parser's cost per character grows with some constructs' distance to
 * their start; bounded blocks keep a 5 MB article at the cost of 5 MB of small ones.
 */
const BLOCK_CHARS = 4 * 1024;
/**
 * A run of Markdown lines without a blank line is cut after this many characters (at a
 * line end outside code), which at worst splits one huge paragraph or list in two.
 */
const MAX_GROUP_CHARS = 4 * BLOCK_CHARS;
/**
 * ... and after this many lines. The parser merges the pieces of text of each line of a
 * paragraph by splicing them out of the list of all the paragraph's pieces, a cost growing
 * with the square of its line count: 16,000 lines of "?!" (split at the "!", which may
 * start an image) took 6 s. Real paragraphs and lists run to a few dozen lines.
 */
const MAX_GROUP_LINES = 256;
/**
 * Leading characters of a line that open containers (quote marks, list markers, spaces)
 * read as such; a line with more keeps its text, nested no deeper. Real articles nest two
 * or three levels (up to about 12 such characters); the parser's cost grows quickly with
 * depth, and thousands of levels overflow the stack.
 */
const MAX_CONTAINER_PREFIX = 24;

/**
 * A paragraph with more inline marks than this (brackets, emphasis marks, backticks, tags)
 * is not parsed: matching them costs the parser time growing with the square of their
 * number. Real paragraphs hold a few dozen; such a paragraph is read as plain text, its
 * marks and tags removed.
 */
const MAX_INLINE_MARKS = 256;
const INLINE_MARK = /[*_`~<[\]]/g;
const BRACKET_AND_EMPHASIS = /[*_`~[\]]/g;

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

/** Parses Markdown and returns its plain-text headings and paragraphs. Never throws. */
export function markdownToText(markdown: string): MarkdownText {
  const result: MarkdownText = { headings: [], paragraphs: [] };
  for (const segment of segments(markdown)) {
    if (segment.plain) {
      pushParagraph(result, segment.text);
      continue;
    }
    let tree: Root;
    try {
      tree = parser.parse(segment.text);
    } catch {
      // The parser accepts any string; this is a last resort so a reader never fails.
      for (const paragraph of splitParagraphs(segment.text)) result.paragraphs.push(paragraph);
      continue;
    }
    for (const child of tree.children) collectBlock(child, result);
  }
  return result;
}

/* ------------------------------------------------------------------------------------------ */
/* Making the input safe to parse                                                              */
/* ------------------------------------------------------------------------------------------ */

/** A piece of the document: one paragraph of plain text, or Markdown for the parser. */
interface Segment {
  plain: boolean;
  text: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
/** A line that may be the text of an underlined heading: plain text, not a block marker. */
const PLAIN_START = /^ {0,3}[^\s#>*+\-=|`~<\d]/;
/** Characters that may be Markdown or HTML anywhere in a line. */
const MARKUP_CHARS = /[*_`<>[\]~|&\\]/;
/** HTML blocks that blank lines do not end, and the text that ends each. */
const RAW_HTML_OPEN = /^ {0,3}<(?:(script|pre|style|textarea)\b|(!--))/i;

/**
 * The document as plain paragraphs and Markdown blocks, in order. A paragraph without any
 * markup character needs no parser (most of a news article); the rest is handed to the
 * parser in blocks of about BLOCK_CHARS characters, each ending at a blank line outside
 * fenced code and raw HTML, with container nesting capped and underlined headings
 * rewritten as `#` headings. One pass over the lines.
 */
function* segments(markdown: string): Generator<Segment> {
  const lines = markdown.split("\n");
  let block: string[] = [];
  let blockChars = 0;
  let group: string[] = [];
  let groupPlain = true;
  let groupChars = 0;
  /** Inside fenced code: its fence; inside raw HTML: the text that closes it. */
  let fence: string | null = null;
  let rawHtmlClose: string | null = null;

  function* flushBlock(): Generator<Segment> {
    if (block.length > 0) yield { plain: false, text: block.join("\n") };
    block = [];
    blockChars = 0;
  }
  function* endGroup(): Generator<Segment> {
    if (group.length === 0) return;
    const text = group.join("\n");
    if (groupPlain && (block.length === 0 || !fitsOneParse(group.length, groupChars))) {
      yield* flushBlock();
      yield { plain: true, text };
    } else if (
      countMatches(text, INLINE_MARK) > MAX_INLINE_MARKS ||
      (group.length === 1 && groupChars > MAX_GROUP_CHARS)
    ) {
      // Too much markup for the parser to read in linear time, or one line longer than a
      // block (its links, addresses and entities cost the parser dearly): read as text.
      yield* flushBlock();
      yield { plain: true, text: htmlToText(text.replace(BRACKET_AND_EMPHASIS, "")) };
    } else {
      // One by one: spread into push(), a group of a hundred thousand lines of fenced
      // code would overflow the stack.
      for (const groupLine of group) block.push(groupLine);
      block.push("");
      blockChars += group.reduce((sum, line) => sum + line.length + 1, 1);
      if (blockChars >= BLOCK_CHARS) yield* flushBlock();
    }
    group = [];
    groupPlain = true;
    groupChars = 0;
  }

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? "";
    const open = fence === null && rawHtmlClose === null;
    if (open && line.trim() === "") {
      yield* endGroup();
      continue;
    }
    const fenceMark = rawHtmlClose === null ? FENCE.exec(line)?.[1] : undefined;
    if (fence !== null) {
      if (
        fenceMark !== undefined &&
        fenceMark[0] === fence[0] &&
        fenceMark.length >= fence.length
      ) {
        fence = null;
      }
    } else if (rawHtmlClose !== null) {
      if (line.toLowerCase().includes(rawHtmlClose)) rawHtmlClose = null;
    } else if (fenceMark !== undefined) {
      fence = fenceMark;
    } else {
      line = capContainerPrefix(line);
      const raw = RAW_HTML_OPEN.exec(line);
      if (raw !== null) {
        const close = raw[1] === undefined ? "-->" : `</${raw[1].toLowerCase()}`;
        if (!line.toLowerCase().includes(close, raw[0].length)) rawHtmlClose = close;
      }
      const underline = SETEXT_UNDERLINE.exec(lines[i + 1] ?? "")?.[1];
      if (underline !== undefined && group.length === 0 && PLAIN_START.test(line)) {
        // "Question\n-----" is "## Question": the same heading, parsed in linear time.
        line = `${underline.startsWith("=") ? "#" : "##"} ${line.trim()}`;
        i++;
      }
    }
    const plainLine = open && PLAIN_START.test(line) && !MARKUP_CHARS.test(line);
    if (groupPlain && !plainLine) {
      // A run of plain lines too long for one parse is read as text, and the markup that
      // ends it starts a group of its own: handed to the parser with the run, it would cost
      // time growing with the square of the run.
      if (open && !fitsOneParse(group.length, groupChars)) yield* endGroup();
      groupPlain = false;
    }
    group.push(line);
    groupChars += line.length + 1;
    if (
      !groupPlain &&
      !fitsOneParse(group.length, groupChars) &&
      fence === null &&
      rawHtmlClose === null
    ) {
      yield* endGroup();
    }
  }
  yield* endGroup();
  yield* flushBlock();
}

/**
 * Whether a run of lines is small enough to hand to the parser as it is (plain text
 * between Markdown blocks joins them when it is: each parse has a fixed cost).
 */
function fitsOneParse(lines: number, chars: number): boolean {
  return lines < MAX_GROUP_LINES && chars < MAX_GROUP_CHARS;
}

function countMatches(text: string, pattern: RegExp): number {
  let count = 0;
  pattern.lastIndex = 0;
  while (pattern.test(text)) count++;
  return count;
}

/**
 * A line whose leading quote marks, list markers and indentation would nest deeper than
 * MAX_NESTING keeps only the first MAX_CONTAINER_PREFIX of those characters.
 */
function capContainerPrefix(line: string): string {
  let end = 0;
  while (end < line.length && isContainerChar(line.charCodeAt(end))) end++;
  if (end <= MAX_CONTAINER_PREFIX) return line;
  return line.slice(0, MAX_CONTAINER_PREFIX) + " " + line.slice(end);
}

/** Space, tab, ">", "-", "+", "*", and the digits, "." and ")" of numbered list markers. */
function isContainerChar(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x3e ||
    code === 0x2d ||
    code === 0x2b ||
    code === 0x2a ||
    code === 0x2e ||
    code === 0x29 ||
    (code >= 0x30 && code <= 0x39)
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Collecting text                                                                             */
/* ------------------------------------------------------------------------------------------ */

/** A footnote mark the parser left as text ("[^1]": its definition is in another block). */
const FOOTNOTE_MARK = /\[\^[^\]\s]{1,100}\]/g;

function pushParagraph(result: MarkdownText, text: string): void {
  const paragraph = collapseWhitespace(text.replace(FOOTNOTE_MARK, ""));
  if (paragraph !== "") result.paragraphs.push(paragraph);
}

/** Collects one block; nesting is bounded by MAX_CONTAINER_PREFIX, so recursion is shallow. */
function collectBlock(node: RootContent, result: MarkdownText): void {
  switch (node.type) {
    case "heading": {
      const heading = collapseWhitespace(inlineText(node.children));
      if (heading !== "") result.headings.push(heading);
      return;
    }
    case "paragraph":
      pushParagraph(result, inlineText(node.children));
      return;
    case "code":
      // Indented text is often an accidentally indented paragraph: keep its words.
      for (const paragraph of splitParagraphs(node.value)) result.paragraphs.push(paragraph);
      return;
    case "html":
      pushParagraph(result, htmlToText(node.value));
      return;
    case "table":
      for (const row of node.children) {
        pushParagraph(result, row.children.map((cell) => inlineText(cell.children)).join(" "));
      }
      return;
    default:
      // Block quotes, lists, list items, footnote definitions: their blocks in order.
      // Thematic breaks, definitions and front matter carry no body text.
      if ("children" in node && Array.isArray(node.children)) {
        for (const child of node.children as RootContent[]) collectBlock(child, result);
      }
  }
}

/** An inline tag whose content is never text: `<script>`, `<style>`, `<template>`. */
const HIDDEN_OPEN = /^<(?:script|style|template)\b/i;
const HIDDEN_CLOSE = /^<\/(?:script|style|template)\b/i;

/**
 * Plain text of inline content: text and code values, link texts; no images, footnote
 * marks or tags, nothing between `<script>` and `</script>`. Walks the tree with its own
 * stack, so no nesting overflows the call stack.
 */
function inlineText(nodes: readonly PhrasingContent[] | readonly Nodes[]): string {
  let text = "";
  let hidden = false;
  const stack: Nodes[] = [...nodes].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.type === "html") {
      if (HIDDEN_OPEN.test(node.value)) hidden = true;
      else if (HIDDEN_CLOSE.test(node.value)) hidden = false;
      // Inline tags vanish; a line break tag still separates words.
      else if (/^<br\b/i.test(node.value)) text += " ";
      continue;
    }
    if (hidden) continue;
    switch (node.type) {
      case "text":
      case "inlineCode":
        text += node.value;
        break;
      case "break":
        text += " ";
        break;
      case "image":
      case "imageReference":
      case "footnoteReference":
        break;
      default:
        if ("children" in node && Array.isArray(node.children)) {
          for (let i = node.children.length - 1; i >= 0; i--) {
            const child = node.children[i] as Nodes | undefined;
            if (child !== undefined) stack.push(child);
          }
        }
    }
  }
  return text;
}

/** Elements whose content is code or styling, never text. */
const HIDDEN_ELEMENTS = ["script", "style", "template"];
/** Markdown emphasis marks the parser leaves inside HTML blocks (`**`, `__`, `~~`). */
const EMPHASIS_MARKS = /\*{2,}|_{2,}|~{2,}/g;

/**
 * Text content of a raw HTML block: comments, scripts and styles dropped, tags become
 * spaces, entities decoded (`&#8217;` → ’, `&nbsp;`, `&amp;`), emphasis marks removed.
 * One left-to-right scan: each search starts where the previous one ended.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf("<", at);
    if (open === -1) {
      parts.push(html.slice(at));
      break;
    }
    parts.push(html.slice(at, open));
    at = skipMarkup(html, lower, open, parts);
  }
  return decodeHTML(parts.join("")).replace(EMPHASIS_MARKS, "");
}

/**
 * Past the markup starting with "<" at `open`: a comment, a declaration, a tag (and for
 * scripts and styles their content). A "<" that starts no markup is kept as text.
 */
function skipMarkup(html: string, lower: string, open: number, parts: string[]): number {
  const next = html.charCodeAt(open + 1);
  const isLetter = (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a);
  if (html.startsWith("<!--", open)) return pastOrEnd(html, "-->", open + 4, parts);
  if (next === 0x21 || next === 0x3f) return pastOrEnd(html, ">", open + 2, parts);
  if (next === 0x2f || isLetter) {
    const end = pastOrEnd(html, ">", open + 1, parts);
    const hidden = HIDDEN_ELEMENTS.find((name) => lower.startsWith(name, open + 1));
    if (hidden === undefined || !/[\s/>]/.test(html[open + 1 + hidden.length] ?? ">")) return end;
    const close = lower.indexOf(`</${hidden}`, end);
    return close === -1 ? html.length : pastOrEnd(html, ">", close, parts);
  }
  parts.push("<");
  return open + 1;
}

/** Just past `mark` at or after `from` (or the end); a space stands in for what was cut. */
function pastOrEnd(html: string, mark: string, from: number, parts: string[]): number {
  parts.push(" ");
  const found = html.indexOf(mark, from);
  return found === -1 ? html.length : found + mark.length;
}
