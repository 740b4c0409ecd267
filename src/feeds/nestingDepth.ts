/**
 * Fetched markup nested deeper than any real page, made shallow before it is parsed into a
 * document. htmlparser2's parser, which linkedom builds its documents with, moves its whole
 * stack of open elements at every tag, so its time grows with the square of the nesting
 * depth: 100,000 nested elements (under 1 MB) take seconds, a 5 MB page or feed of them
 * longer than the parser thread allows.
 *
 * Markup is first read with htmlparser2 while it nests no deeper than
 * {@link MAX_NESTING_DEPTH}, so its stack stays short. Markup within the limit is returned as
 * it is. Markup beyond it is written again: its elements up to the limit as they are written,
 * and under the deepest of them the text of the deeper ones (and the words of their `alt` and
 * `title` attributes), so the words of a deeply nested page are still read. The elements
 * under the deepest kept one are tracked here, on a stack that costs the same at any depth,
 * and never reach htmlparser2's.
 */
import { Parser, Tokenizer } from "htmlparser2";
import type { Handler, TokenizerCallbacks } from "htmlparser2";

/**
 * Elements nested deeper than this (counted from the document's root, `<html>` being 1) are
 * read as text. Real pages nest a few dozen deep, well within it. Readability, which reads
 * every page, is given nothing deeper: its cleaning reads the text under every element again
 * for each level above it, so its time grows with the cube of the depth (a 22 KB page of
 * 2,000 nested divs took it nearly two minutes).
 */
export const MAX_NESTING_DEPTH = 80;

export type MarkupFormat = "html" | "xml";

/** Elements whose text is code, not words: left out of the text of elements too deep. */
const CODE_ELEMENTS = new Set(["script", "style"]);
/** HTML elements whose text htmlparser2 reads as it is written, entities and all. */
const LITERAL_TEXT_ELEMENTS = new Set([...CODE_ELEMENTS, "textarea", "xmp"]);
/**
 * HTML elements whose opening and closing tags (matched or not) change whether htmlparser2
 * reads `<x/>` as closed: SVG and MathML, and the elements in them that hold HTML again. None
 * closes an element by opening, so its depth is known before the parser reads it.
 */
const FOREIGN_CONTEXT_ELEMENTS = new Set(
  "svg math mi mo mn ms mtext annotation-xml foreignobject desc title".split(" "),
);
/** Attributes whose value a reader sees as words: kept as text of elements too deep. */
const WORD_ATTRIBUTES = new Set(["alt", "title"]);
/** Elements that start a line of their own: their text is kept apart from the text around. */
const BLOCK_ELEMENTS = new Set([
  ..."address article aside blockquote br dd div dl dt figcaption figure footer form".split(" "),
  ..."h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split(" "),
]);

/** Whether any element of `markup` is nested more than `limit` deep; it stops reading there. */
function nestsDeeperThan(markup: string, format: MarkupFormat, limit: number): boolean {
  let depth = 0;
  let deeper = false;
  const parser = new Parser(
    {
      onopentagname() {
        depth++;
        if (depth > limit) {
          deeper = true;
          parser.pause();
        }
      },
      onclosetag() {
        depth--;
      },
    },
    { xmlMode: format === "xml", decodeEntities: false },
  );
  parser.end(markup);
  return deeper;
}

/**
 * The deepest nesting limit, up to `limit`, under which the elements of `markup` weigh no more
 * than `budget` together, each weighing its depth (`<html>` weighs 1); at least
 * {@link MIN_NESTING_LIMIT}. Markup nested deeper than `limit` is read only up to its first
 * element past it (cap it first: see {@link withNestingCapped}).
 */
export function nestingLimitWithin(
  markup: string,
  budget: number,
  limit = MAX_NESTING_DEPTH,
): number {
  const elementsAt = new Array<number>(limit + 1).fill(0);
  let depth = 0;
  const parser = new Parser(
    {
      onopentagname() {
        depth++;
        if (depth > limit) parser.pause();
        else elementsAt[depth]! += 1;
      },
      onclosetag() {
        depth--;
      },
    },
    { decodeEntities: false },
  );
  parser.end(markup);
  let weight = 0;
  for (let level = 1; level <= limit; level++) {
    weight += elementsAt[level]! * level;
    if (weight > budget) return Math.max(MIN_NESTING_LIMIT, level - 1);
  }
  return limit;
}

/** The shallowest nesting {@link nestingLimitWithin} returns: `<html>` and `<body>`. */
const MIN_NESTING_LIMIT = 2;

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
}

/**
 * An attribute of a kept element. HTML's are read decoded and written escaped, in double
 * quotes; XML's are read and written as they were, in the quotes they had.
 */
function attributeMarkup(
  format: MarkupFormat,
  name: string,
  value: string,
  quote: string | null | undefined,
): string {
  if (quote === undefined) return ` ${name}`;
  if (format === "html") return ` ${name}="${escapeAttribute(value)}"`;
  return ` ${name}=${quote ?? ""}${value}${quote ?? ""}`;
}

/**
 * Writes markup again, elements deeper than `limit` as text. The elements up to the limit
 * come from the parser's events, as does the first element past it when the parser must read
 * it (whether an opening tag goes past the limit depends on the elements it closes first).
 * The elements under that one are kept on {@link hidden} by the tokenizer's gate (see
 * {@link gatedTokenizer}) and never reach the parser. Every tag the parser reads outside the
 * deep part is written, so a parser reading the result is left as this one was.
 *
 * HTML text is read decoded and written escaped (but for the literal text of a `<script>` or
 * `<textarea>`), so text that markup left out had kept apart (`&` and `amp;`, `<` and `b`)
 * stays apart. XML text, which holds no `<` and whole entities only, is written as it is.
 */
class ShallowWriter implements Partial<Handler> {
  readonly out: string[] = [];
  /** Depth of the parser's innermost open element. */
  private depth = 0;
  /** How many elements of each name the parser holds open up to the limit. */
  private readonly openCounts = new Map<string, number>();
  /** The opening tag being written. */
  private tag = "";
  private inCdata = false;
  /** Whether the tag the parser is reading was written self-closing (`<x/>`). */
  selfClosing = false;
  /** The element whose text is being read literally (see {@link LITERAL_TEXT_ELEMENTS}). */
  private literal: string | null = null;
  /** The outermost element past the limit, while it is open, and whether the parser holds it. */
  private deepRoot: string | null = null;
  private deepRootParsed = false;
  /** Elements open under the deepest kept one that the parser does not hold, innermost last. */
  private readonly hidden: string[] = [];
  private readonly hiddenCounts = new Map<string, number>();
  /** Whether an element the parser read went past the limit (a closing tag can imply one). */
  private wentDeep = false;

  constructor(
    private readonly format: MarkupFormat,
    private readonly limit: number,
  ) {}

  /** Whether the tags read now are under the deepest element kept. */
  get deep(): boolean {
    return this.deepRoot !== null;
  }

  /** Whether an opening tag named `name` is past the limit before the parser reads it. */
  opensPastLimit(name: string): boolean {
    if (this.deep) return true;
    return this.format === "html" && this.depth >= this.limit && FOREIGN_CONTEXT_ELEMENTS.has(name);
  }

  onopentagname(name: string): void {
    this.depth++;
    if (this.depth > this.limit) {
      if (this.depth === this.limit + 1) this.enterDeep(name, true);
      this.separate(name);
    } else {
      this.openCounts.set(name, (this.openCounts.get(name) ?? 0) + 1);
      this.tag = `<${name}`;
    }
  }

  onattribute(name: string, value: string, quote?: string | null): void {
    if (this.depth > this.limit) this.hiddenAttribute(name, value);
    else this.tag += attributeMarkup(this.format, name, value, quote);
  }

  onopentag(name: string, _attributes: unknown, implied: boolean): void {
    // An implied opening (`</p>` with no `<p>` open) is read so again from its closing tag.
    if (this.depth <= this.limit && !implied) {
      this.out.push(this.tag, this.selfClosing ? "/>" : ">");
    }
    this.tagEnded(name, implied || this.selfClosing);
  }

  /** The parser closing an element; the closing tags themselves are written by {@link closingTag}. */
  onclosetag(name: string): void {
    this.literal = null;
    if (this.depth > this.limit) {
      this.separate(name);
      if (this.depth === this.limit + 1) this.leaveDeep();
    } else {
      this.openCounts.set(name, this.openCounts.get(name)! - 1);
    }
    this.depth--;
  }

  ontext(text: string): void {
    const xmlText = this.format === "xml" && !this.inCdata;
    if (!this.deep) {
      const asWritten = xmlText || this.inCdata || this.literal !== null;
      this.out.push(asWritten ? text : escapeText(text));
    } else if (!CODE_ELEMENTS.has(this.literal ?? "")) {
      this.out.push(xmlText ? text : escapeText(text));
    }
  }

  oncdatastart(): void {
    this.inCdata = true;
    if (!this.deep) this.out.push("<![CDATA[");
  }

  oncdataend(): void {
    this.inCdata = false;
    if (!this.deep) this.out.push("]]>");
  }

  oncomment(data: string): void {
    if (!this.deep) this.out.push(`<!--${data}-->`);
  }

  onprocessinginstruction(_name: string, data: string): void {
    if (!this.deep) this.out.push(`<${data}>`);
  }

  /** An element opened past the limit that the parser does not read. */
  openHidden(name: string): void {
    if (!this.deep) this.enterDeep(name, false);
    this.hidden.push(name);
    this.hiddenCounts.set(name, (this.hiddenCounts.get(name) ?? 0) + 1);
    this.separate(name);
  }

  /** The end of a hidden element's opening tag; XML closes one written self-closing there. */
  hiddenTagEnded(name: string, selfClosing: boolean): void {
    this.tagEnded(name, selfClosing);
    if (selfClosing && this.format === "xml") this.closeHidden(name);
  }

  /**
   * A closing tag, which `parse` gives the parser. Outside the deep part it is written as it
   * is, matched or not (unless it opens an element past the limit, as `</p>` can). In it, it
   * closes a hidden element or the first one past the limit, or kept ones too (and is written),
   * or nothing (and is left out).
   */
  closingTag(name: string, parse: () => void): void {
    if (!this.deep) {
      this.wentDeep = false;
      parse();
      if (!this.wentDeep) this.out.push(`</${name}>`);
    } else if (this.closeHidden(name)) {
      return;
    } else if (this.deepRootParsed && name === this.deepRoot) {
      parse();
    } else if (this.openCounts.get(name)) {
      parse();
      this.leaveDeep();
      this.out.push(`</${name}>`);
    }
  }

  /** An attribute of an element too deep: its words, when a reader sees them. */
  hiddenAttribute(name: string, value: string): void {
    if (!WORD_ATTRIBUTES.has(name.toLowerCase())) return;
    this.out.push(` ${this.format === "xml" ? value : escapeText(value)} `);
  }

  /** Closes the innermost hidden element named `name`; false when none is open. */
  private closeHidden(name: string): boolean {
    if (!this.hiddenCounts.get(name)) return false;
    this.literal = null;
    let closed: string | undefined;
    do {
      closed = this.hidden.pop()!;
      this.hiddenCounts.set(closed, this.hiddenCounts.get(closed)! - 1);
      this.separate(closed);
    } while (closed !== name);
    if (this.hidden.length === 0 && !this.deepRootParsed) this.leaveDeep();
    return true;
  }

  /**
   * After an opening tag: the tokenizer reads the text of a literal element as it is written
   * until its closing tag, unless the tag closed itself (or the parser implied it).
   */
  private tagEnded(name: string, closedOrImplied: boolean): void {
    const literal = this.format === "html" && !closedOrImplied && LITERAL_TEXT_ELEMENTS.has(name);
    this.literal = literal ? name : null;
  }

  /** Keeps the text of a block element apart from the text around it (one line break). */
  private separate(name: string): void {
    if (this.out.at(-1) !== "\n" && BLOCK_ELEMENTS.has(name.toLowerCase())) this.out.push("\n");
  }

  private enterDeep(name: string, parsed: boolean): void {
    this.deepRoot = name;
    this.deepRootParsed = parsed;
    this.wentDeep = true;
  }

  private leaveDeep(): void {
    this.deepRoot = null;
    this.hidden.length = 0;
    this.hiddenCounts.clear();
  }
}

/**
 * A tokenizer for htmlparser2's parser that gives it the tags of `markup` down to the first
 * element past the limit, and keeps the tags under that one to `writer` (their text still goes
 * through the parser, which decodes it).
 */
function gatedTokenizer(markup: string, format: MarkupFormat, writer: ShallowWriter) {
  const nameAt = (start: number, end: number): string => {
    const name = markup.slice(start, end);
    return format === "html" ? name.toLowerCase() : name;
  };
  const gate = (parser: TokenizerCallbacks): TokenizerCallbacks => {
    /** Whether the tag being read is kept from the parser; its name, and attribute being read. */
    let hiddenTag = false;
    let hiddenName = "";
    let attributeName = "";
    let attributeValue = "";
    return {
      onopentagname(start, end) {
        const name = nameAt(start, end);
        hiddenTag = writer.opensPastLimit(name);
        if (!hiddenTag) return parser.onopentagname(start, end);
        hiddenName = name;
        writer.openHidden(name);
      },
      onattribname(start, end) {
        if (hiddenTag) attributeName = markup.slice(start, end);
        else parser.onattribname(start, end);
      },
      onattribdata(start, end) {
        if (hiddenTag) attributeValue += markup.slice(start, end);
        else parser.onattribdata(start, end);
      },
      onattribentity(codePoint) {
        if (hiddenTag) attributeValue += String.fromCodePoint(codePoint);
        else parser.onattribentity(codePoint);
      },
      onattribend(quote, end) {
        if (!hiddenTag) return parser.onattribend(quote, end);
        writer.hiddenAttribute(attributeName, attributeValue);
        attributeValue = "";
      },
      onopentagend(end) {
        if (hiddenTag) writer.hiddenTagEnded(hiddenName, false);
        else parser.onopentagend(end);
      },
      onselfclosingtag(end) {
        if (hiddenTag) return writer.hiddenTagEnded(hiddenName, true);
        writer.selfClosing = true;
        parser.onselfclosingtag(end);
        writer.selfClosing = false;
      },
      onclosetag(start, end) {
        writer.closingTag(nameAt(start, end), () => parser.onclosetag(start, end));
      },
      ontext: (start, end) => parser.ontext(start, end),
      ontextentity: (codePoint, end) => parser.ontextentity(codePoint, end),
      oncdata: (start, end, offset) => parser.oncdata(start, end, offset),
      oncomment: (start, end, offset) => parser.oncomment(start, end, offset),
      ondeclaration: (start, end) => parser.ondeclaration(start, end),
      onprocessinginstruction: (start, end) => parser.onprocessinginstruction(start, end),
      onend: () => parser.onend(),
    };
  };
  return class GatedTokenizer extends Tokenizer {
    constructor(options: ConstructorParameters<typeof Tokenizer>[0], parser: TokenizerCallbacks) {
      super(options, gate(parser));
    }
  };
}

/** `markup` written again with its elements deeper than `limit` as text (see the top). */
function withDeepElementsAsText(markup: string, format: MarkupFormat, limit: number): string {
  const writer = new ShallowWriter(format, limit);
  const parser = new Parser(writer, {
    xmlMode: format === "xml",
    decodeEntities: format === "html",
    lowerCaseAttributeNames: false,
    Tokenizer: gatedTokenizer(markup, format, writer),
  });
  parser.end(markup);
  return writer.out.join("");
}

/**
 * `markup` (an HTML page or fragment, or an XML feed) as it is when it nests no deeper than
 * `limit`; otherwise written again with its deeper elements as text. Either way in time
 * proportional to its length.
 */
export function withNestingCapped(
  markup: string,
  format: MarkupFormat,
  limit = MAX_NESTING_DEPTH,
): string {
  if (!nestsDeeperThan(markup, format, limit)) return markup;
  return withDeepElementsAsText(markup, format, limit);
}
