/**
 * Saved articles: Markdown files with YAML front matter (`title`, `date`, `url`, `source`,
 * `author`), the format the content loader reads. The front matter is written by gray-matter's
 * YAML serialiser, so any title survives; the body's Markdown characters are escaped, so the
 * loader reads back exactly the extracted text. Files are written to a temporary name and
 * renamed into place, so a reader never sees half an article.
 */
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
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
/** Files tried with a numbered suffix before giving up on a name. */
const MAX_NAME_TRIES = 1000;

/** A lower-case ASCII name for a title or host: `harbor-bridge-reopens`. */
export function slugify(text: string, fallback: string): string {
  const slug = text
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

/** Writes `text` to `file` through a temporary file in the same folder and a rename. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // A dot name is skipped by the content loader and its watcher until the rename.
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    await writeFile(temp, text, { flag: "wx" });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** `<folder>/<base>.md`, or `<base>-2.md`, `-3`… when that name is taken. */
export async function freeArticlePath(folder: string, base: string): Promise<string> {
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const candidate = path.join(folder, `${n === 1 ? base : `${base}-${n}`}.md`);
    if (!(await exists(candidate))) return candidate;
  }
  throw new Error(`no free file name for ${base} in ${folder}`);
}

/** The file name (without `.md`) of an article: its date, then its title's words. */
export function articleBaseName(article: Pick<ArticleToSave, "date" | "title">): string {
  const title = slugify(article.title, "article");
  return article.date ? `${article.date}-${title}` : title;
}
