/**
 * Reading an answer as Discord would: which of its quotes are hidden as spoilers. A quote
 * line (`> …`) is hidden when it is one spoiler from end to end, with no `||` that Discord
 * reads as a mark (not escaped) inside to end it early.
 */

/** True when `text` is one spoiler, `||…||`, that only its last `||` ends. */
export function isOneSpoiler(text: string): boolean {
  if (!text.startsWith("||")) return false;
  let i = 2;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text.startsWith("||", i)) return i > 2 && i === text.length - 2;
    else i++;
  }
  return false;
}

/** The quote lines of an answer's text that are not hidden whole as a spoiler. */
export function openQuotes(text: string): string[] {
  return quoteLines(text).filter((line) => !isOneSpoiler(line.slice(2)));
}

/** The quote lines (`> …`) of an answer's text. */
export function quoteLines(text: string): string[] {
  return text.split("\n").filter((line) => line.startsWith("> "));
}

/** The source lines (`— title · date`) of an answer's text. */
export function sourceLines(text: string): string[] {
  return text.split("\n").filter((line) => line.startsWith("— "));
}
