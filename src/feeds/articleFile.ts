/**
 * Saved articles: Markdown files with YAML front matter (`title`, `date`, `url`, `source`,
 * `author`), the format the content loader reads. The front matter is written by gray-matter's
 * YAML serialiser, so any title survives; the body's Markdown characters are escaped, so the
 * loader reads back exactly the extracted text. Files are written to a temporary name and
 * linked into place, so a reader never sees half an article and no writer overwrites another.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, linkSync, renameSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import type { TextBlock } from "./extractArticle.ts";

export interface ArticleToSave {
  title: string;
  /** `YYYY-MM-DD`, or null when neither the item nor the page gives a date. */
  date: string | null;
  url: string;
  source: string | null;
  author: string | null;
  blocks: TextBlock[];
}

/** Longest slug of a file or folder name, in characters. */
const MAX_SLUG = 80;
/** How much of a title, in slug lengths, is read to make its slug. */
const SLUG_SOURCE_FACTOR = 4;
/** Files tried with a numbered suffix before giving up on a name. */
const MAX_NAME_TRIES = 1000;

/** A lower-case ASCII name for a title or host: `harbor-bridge-reopens`. */
export function slugify(text: string, fallback: string): string {
  // A slug keeps at most MAX_SLUG characters; a longer title is not read past a few times that.
  const slug = text
    .slice(0, MAX_SLUG * SLUG_SOURCE_FACTOR)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_SLUG)
    .replace(/^-|-$/g, "");
  return slug === "" ? fallback : slug;
}

/**
 * Backslash-escapes what Markdown would read as markup, so the text reads back as written.
 * White space is collapsed first, as the loader does: an indented "# …" or "- …" would
 * otherwise still read as a heading or a list.
 */
export function escapeMarkdown(paragraph: string): string {
  return paragraph
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_[\]<>&|~]/g, (char) => `\\${char}`)
    .replace(/^([#>+=-])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

function escapeHeading(heading: string): string {
  // Trailing #s would close an ATX heading; escaping every # keeps them.
  return escapeMarkdown(heading).replace(/#/g, "\\#");
}

/** The Markdown file of an article. */
export function articleMarkdown(article: ArticleToSave): string {
  const data: Record<string, string> = { title: article.title };
  if (article.date) data.date = article.date;
  data.url = article.url;
  if (article.source) data.source = article.source;
  if (article.author) data.author = article.author;
  const body = article.blocks
    .map((block) =>
      block.kind === "heading" ? `## ${escapeHeading(block.text)}` : escapeMarkdown(block.text),
    )
    .join("\n\n");
  return matter.stringify(`${body}\n`, data);
}

function numberedName(base: string, n: number): string {
  return `${n === 1 ? base : `${base}-${n}`}.md`;
}

/**
 * Writes `text` to a temporary file in `folder` (which readers of the folder skip) and returns
 * its path, for {@link claimFreeName} to put in place, or {@link removeTemporary} to remove.
 */
export async function writeTemporary(folder: string, base: string, text: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  const temp = path.join(folder, `.${base}.${randomBytes(6).toString("hex")}.tmp`);
  await writeFile(temp, text, { flag: "wx" });
  return temp;
}

export async function removeTemporary(temp: string): Promise<void> {
  await rm(temp, { force: true });
}

/**
 * Puts the temporary file `temp` in place as `<folder>/<base>.md`, or `<base>-2.md`, `-3`…
 * when that name is taken, and returns its path. Each name is claimed with a hard link, which
 * fails when the name exists, so two writers at once never overwrite each other; where links
 * are not supported, a free name is looked for and renamed onto. Synchronous, so that it can
 * run inside a database transaction: linking a file only writes a folder entry.
 */
export function claimFreeName(temp: string, folder: string, base: string): string {
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const candidate = path.join(folder, numberedName(base, n));
    try {
      linkSync(temp, candidate);
      return candidate;
    } catch (err) {
      if (errorCode(err) === "EEXIST") continue;
      if (!LINK_UNSUPPORTED.has(String(errorCode(err)))) throw err;
      return renameOntoFreeName(temp, folder, base);
    }
  }
  throw new Error(`no free file name for ${base} in ${folder}`);
}

function renameOntoFreeName(temp: string, folder: string, base: string): string {
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const candidate = path.join(folder, numberedName(base, n));
    if (existsSync(candidate)) continue;
    renameSync(temp, candidate);
    return candidate;
  }
  throw new Error(`no free file name for ${base} in ${folder}`);
}

/**
 * Writes a new article file as `<folder>/<base>.md`, or `<base>-2.md`, `-3`… when that name
 * is taken, and returns its path (see {@link claimFreeName}).
 */
export async function writeNewFile(folder: string, base: string, text: string): Promise<string> {
  const temp = await writeTemporary(folder, base, text);
  try {
    return claimFreeName(temp, folder, base);
  } finally {
    await removeTemporary(temp);
  }
}

/** Errors of a file system without hard links. */
const LINK_UNSUPPORTED = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV"]);

function errorCode(err: unknown): unknown {
  return typeof err === "object" && err !== null && "code" in err ? err.code : undefined;
}

/**
 * The file name (without `.md`) of an article: its date, then its title's words. A title
 * without a Latin letter or digit (Greek, Cyrillic, Chinese…) is named by a short hash of
 * it, so that such articles do not all compete for one name.
 */
export function articleBaseName(article: Pick<ArticleToSave, "date" | "title">): string {
  const title = slugify(article.title, `article-${shortHash(article.title)}`);
  return article.date ? `${article.date}-${title}` : title;
}

/** Eight hexadecimal digits that tell texts apart. */
function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}
