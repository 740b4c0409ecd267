/**
 * Titles as they are saved and shown: a feed or page that gives a title of thousands of
 * characters (a feed that puts its whole text in the title, or a hostile one) has it cut to
 * {@link MAX_TITLE_CHARS}, at a word, so that replies, `npm run feeds -- check` and the
 * saved file's front matter show a title, not a page of text.
 */

/** Longest title kept, in characters; real headlines are well under 200. */
export const MAX_TITLE_CHARS = 300;

/** `title` cut to {@link MAX_TITLE_CHARS} characters at the last word that fits, with "…". */
export function shortTitle(title: string): string {
  if (title.length <= MAX_TITLE_CHARS) return title;
  const cut = title.slice(0, MAX_TITLE_CHARS - 1);
  const lastSpace = cut.lastIndexOf(" ");
  const kept = lastSpace > MAX_TITLE_CHARS / 2 ? cut.slice(0, lastSpace) : cut;
  return `${kept.trimEnd()}…`;
}
