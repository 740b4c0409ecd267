/**
 * Markdown body → plain-text paragraphs. Pure: no I/O.
 *
 * Every paragraph, list item paragraph, block quote paragraph and code block becomes one
 * plain-text paragraph; headings are collected separately (they are titles, not quotable
 * body text). Links keep their text, images and HTML tags are dropped, emphasis and code
 * markers disappear, so no markup reaches a quote.
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import type { Nodes, Root, RootContent, PhrasingContent } from "mdast";
import { collapseWhitespace, splitParagraphs } from "./paragraphs.ts";

export interface MarkdownText {
  /** Plain-text heading texts, in document order. */
  headings: string[];
  /** Plain-text body paragraphs, in document order. */
  paragraphs: string[];
}

const parser = unified().use(remarkParse).freeze();

/** Parses Markdown and returns its plain-text headings and paragraphs. Never throws. */
export function markdownToText(markdown: string): MarkdownText {
  const result: MarkdownText = { headings: [], paragraphs: [] };
  let tree: Root;
  try {
    tree = parser.parse(markdown);
  } catch {
    // The parser accepts any string; this is a last resort so a reader never fails.
    result.paragraphs = splitParagraphs(markdown);
    return result;
  }
  for (const child of tree.children) collectBlock(child, result);
  return result;
}

function pushParagraph(result: MarkdownText, text: string): void {
  const paragraph = collapseWhitespace(text);
  if (paragraph !== "") result.paragraphs.push(paragraph);
}

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
    case "blockquote":
    case "list":
    case "listItem":
    case "footnoteDefinition":
      for (const child of node.children) collectBlock(child, result);
      return;
    case "table":
      for (const row of node.children) {
        pushParagraph(result, row.children.map((cell) => inlineText(cell.children)).join(" "));
      }
      return;
    default:
      // thematicBreak, definition, yaml and other non-text blocks carry no body text.
      if ("children" in node && Array.isArray(node.children)) {
        for (const child of node.children as RootContent[]) collectBlock(child, result);
      }
  }
}

/** Plain text of inline content: text and code values, link texts; no images or tags. */
function inlineText(nodes: readonly PhrasingContent[] | readonly Nodes[]): string {
  let text = "";
  for (const node of nodes) {
    switch (node.type) {
      case "text":
      case "inlineCode":
        text += node.value;
        break;
      case "break":
        text += " ";
        break;
      case "html":
        // Inline tags vanish; a line break tag still separates words.
        if (/^<br\b/i.test(node.value)) text += " ";
        break;
      case "image":
      case "imageReference":
      case "footnoteReference":
        break;
      default:
        if ("children" in node && Array.isArray(node.children)) {
          text += inlineText(node.children);
        }
    }
  }
  return text;
}

/** Text content of a raw HTML block: comments, scripts and styles dropped, tags become spaces. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, " ")
    .replace(/<(script|style|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, " ")
    .replace(/<\/?[A-Za-z][^>]*>?/g, " ")
    .replace(/<![^>]*>?/g, " ");
}
