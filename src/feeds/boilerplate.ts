/**
 * Lines of a news page that are the site's, not the story's: advertisement labels, cookie
 * notices, newsletter sign-ups, bylines and datelines, share buttons, "Read more:" teasers,
 * copyright lines and the "The post … appeared first on …" line blogs add to their feeds.
 * Left in, they become the article's first passages and get quoted as if the story said them.
 *
 * A block is left out only when the whole of it is such a line, and it is short: a sentence
 * of the story that mentions cookies, a newsletter or an advertisement is kept, and so are
 * dates that head a timeline's entries ("Tuesday, July 21, 2020"). A byline is left out at the
 * top of the story, when it names the page's author, or when it repeats one before it; a
 * book list's "By Kate Atkinson" further down is the story's. Blocks longer than
 * {@link MAX_BOILERPLATE_CHARS} characters are never looked into, so the cost is linear.
 */
import type { TextBlock } from "./extractArticle.ts";

/** Longest block that can be boilerplate, in characters (a cookie notice is a few lines). */
const MAX_BOILERPLATE_CHARS = 400;
/** Most words of a byline: "By Jane Smith and Ann Lee, Political Correspondents". */
const MAX_BYLINE_WORDS = 10;

/** Blocks that are a label and nothing else, however the site writes it. */
const LABELS = [
  /^(advertisements?|advert|adverti[sz]ing|ad|sponsored( content)?|paid (content|post)|promoted( content)?)$/,
  /^(the )?(story|article|text) continues (below|after)( (this|the))? (advertisement|advert|ad)$/,
  /^(continue reading|scroll to continue( reading)?|keep reading)( (below|the (main )?(story|article)|with content))?$/,
  /^(share|share this( article| story| page)?|share on \w+|tweet|email|print|copy link)$/,
  /^(accept|reject|manage|allow)( all)? cookies$/,
  /^cookie (settings|preferences|policy|consent)$/,
  /^listen to this (article|story)$/,
  /^\d+( ?- ?| )?(min|mins|minutes?) read$/,
  /^reading time:? \d+\s*(min|mins|minutes?)$/,
  /^(related|related (stories|articles|content|coverage|topics)|more on this (story|topic)|most (read|popular|viewed)|recommended( for you| stories)?|you (may|might) also like|read next|trending( now)?|top stories)$/,
  /^(sign up|subscribe)( now| today| for free)?$/,
];

/** Teasers for other stories: "Read more: …", "RELATED: …". */
const TEASER =
  /^(read more|read also|also read|see also|related|more on this story|recommended)\s*[:|–—-]/;

/** Sign-ups: "Sign up for our morning newsletter", "Get the news in your inbox". */
const SIGN_UP = /^(sign up|signup|subscribe|register|join|get|receive|want)\b/;
const SIGN_UP_TO = /\b(newsletters?|briefings?|(your|to your|in your) inbox)\b/;

/** A cookie notice says what the site itself does with cookies. */
const COOKIE_NOTICE =
  /\b((we|this (web)?site|our (web)?site|this page|our partners) (use|uses|are using|is using|and our partners use) cookies|by (continuing|using|browsing)\b.{0,60}\b(this|our) (web)?site\b.{0,80}\bcookies)\b/;

const COPYRIGHT = /^(©|copyright ©|copyright \(c\)|copyright \d{4})|\ball rights reserved\b/;

/** "The post Ferry terminal approved appeared first on Harbour News." */
const FEED_FOOTER = /^the post .+ appeared first on .+$/;

/** One credit of an agency's credits line: "Additional reporting by", "Editing by". */
const CREDIT =
  /^(additional )?(reporting|writing|editing|compiled)( and (reporting|writing|editing))? by /i;
/** Most credits on one line: "Reporting by …; Writing by …; Editing by …". */
const MAX_CREDITS = 4;

/** "Published", "Updated 3 February 2026, 10:00 GMT": a label and a date or time, nothing else. */
const DATELINE_LABEL =
  /^(first published|last updated|published|updated|posted|modified)( on| at)?\s*:?\s*/;
const DATE_WORDS = new Set(
  [
    ..."january february march april may june july august september october november december".split(
      " ",
    ),
    ..."jan feb mar apr jun jul aug sep sept oct nov dec".split(" "),
    ..."monday tuesday wednesday thursday friday saturday sunday".split(" "),
    ..."mon tue tues wed thu thur thurs fri sat sun".split(" "),
    ..."am pm a.m p.m gmt utc bst est edt et cst cdt ct mst mdt pst pdt pt cet cest ist aest".split(
      " ",
    ),
    ..."on at ago today yesterday hour hours minute minutes min mins day days h m".split(" "),
    ..."st nd rd th".split(" "),
  ].map((word) => word.toLowerCase()),
);
/** Words of a byline's names that are not capitalised: "Ludwig van Beethoven". */
const NAME_PARTICLES = new Set(
  "and & for de da di du van von der den la le el al bin ibn of".split(" "),
);

/** Words after "By" that make it a phrase, not a name: "BY THE NUMBERS". */
const NOT_NAMES = new Set("the a an this that these its our their your".split(" "));

/** Whether `text` is only a byline: "By Jane Smith", "By JANE SMITH and Ann Lee, Reuters". */
function isByline(text: string): boolean {
  if (text.length > MAX_BOILERPLATE_CHARS || !/^by /i.test(text)) return false;
  return isNameList(text.slice(3));
}

/** Whether `text` is names and nothing else: "Jane Smith and Ann Lee, Reuters". */
function isNameList(text: string): boolean {
  const words = text
    .replace(/[,|·•]/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length < 1 || words.length > MAX_BYLINE_WORDS) return false;
  return words.every(
    (word) =>
      !NOT_NAMES.has(word.toLowerCase()) &&
      (NAME_PARTICLES.has(word.toLowerCase()) || /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(word)),
  );
}

/** Whether `text` is only an agency's credits: "Reporting by Jane Smith; Editing by Ann Lee". */
function isCredits(text: string): boolean {
  const credits = withoutFinalStops(text).split(/[;.] +/);
  if (credits.length > MAX_CREDITS) return false;
  return credits.every((credit) => {
    const by = CREDIT.exec(credit);
    return by !== null && isNameList(credit.slice(by[0].length));
  });
}

/** Whether a paragraph is only the author's name (`author` as the page's metadata gives it). */
function sameName(text: string, author: string): boolean {
  return text.length <= MAX_BOILERPLATE_CHARS && bylineName(text) === bylineName(author);
}

/** Whether `text` (lower case) is only a label and a date or time: "Updated 3 Feb 2026". */
function isDateline(lower: string): boolean {
  const label = DATELINE_LABEL.exec(lower);
  if (!label) return false;
  const words = lower.slice(label[0].length).match(/\p{L}+(\.\p{L})*/gu) ?? [];
  return words.every((word) => DATE_WORDS.has(word));
}

/** `text` without the stops and white space at its end: "Advertisement." → "Advertisement". */
function withoutFinalStops(text: string): string {
  let end = text.length;
  while (end > 0 && ".!:… ".includes(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

/** Whether a block is the site's boilerplate, not the story's text (bylines aside). */
function isBoilerplate(block: TextBlock): boolean {
  const text = block.text.trim();
  if (text.length > MAX_BOILERPLATE_CHARS) return false;
  const lower = withoutFinalStops(text.toLowerCase());
  if (LABELS.some((label) => label.test(lower))) return true;
  if (TEASER.test(lower)) return true;
  if (block.kind === "heading") return false;
  return (
    (SIGN_UP.test(lower) && SIGN_UP_TO.test(lower)) ||
    COOKIE_NOTICE.test(lower) ||
    COPYRIGHT.test(lower) ||
    FEED_FOOTER.test(lower) ||
    isCredits(text) ||
    isDateline(lower)
  );
}

/**
 * `blocks` without the site's boilerplate (see the top), `author` being the page's author
 * when it names one.
 */
export function withoutBoilerplate(blocks: TextBlock[], author: string | null): TextBlock[] {
  const kept: TextBlock[] = [];
  const bylines = new Set<string>();
  let storyStarted = false;
  for (const block of blocks) {
    if (isBoilerplate(block)) continue;
    if (block.kind === "paragraph" && isByline(block.text)) {
      const name = bylineName(block.text);
      const known = bylines.has(name) || (author !== null && name === bylineName(author));
      bylines.add(name);
      if (!storyStarted || known) continue;
    } else if (block.kind === "paragraph" && author !== null && sameName(block.text, author)) {
      continue;
    }
    if (block.kind === "paragraph") storyStarted = true;
    kept.push(block);
  }
  return kept;
}

/** The name a byline gives, as bylines are compared: "By JANE Smith" → "jane smith". */
function bylineName(text: string): string {
  return text
    .replace(/^by\s+/i, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}
