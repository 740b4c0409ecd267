/**
 * Chat spellings of common words, as people type questions in a channel: "whats", "didnt",
 * "u", "ppl", "rn", "w/". Read as the words they stand for, a question like "whats tesla
 * known for" is the question "what's tesla known for"; read as written, "whats" is a word
 * no article holds, and the question about Tesla got "No article mentions whats.".
 *
 * Spellings that are English words or names in their own right are left out ("lets",
 * "were", "well", "ill", "shed", "id", "ive", "ur", "gov"), but for "cant" and "wont", which
 * a question hardly means as nouns. Only lower-case ones are read so: "U" or "R" may be an
 * initial, "Wat" a Thai temple, "Im" a Korean surname. The few that open a question ("Whats
 * the latest…") are read with a capital first letter there too, and in a question typed in
 * capitals throughout ("WHATS NEW PLS") those of two letters or more are read in capitals,
 * and written out in capitals. Nothing inside a longer token is read: "u-turn", "r&b",
 * "#lol", or a link.
 */
import { isWrittenInCapitals } from "./text.ts";

/** A chat spelling and what it stands for; `opener` when it may start a question capitalised. */
interface ChatSpelling {
  standard: string;
  opener: boolean;
}

/** Contractions typed without their apostrophe, and the question words among them. */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  aint: "is not",
  arent: "are not",
  cant: "cannot",
  couldnt: "could not",
  couldve: "could have",
  didnt: "did not",
  doesnt: "does not",
  dont: "do not",
  hadnt: "had not",
  hasnt: "has not",
  havent: "have not",
  hes: "he is",
  hows: "how is",
  im: "I am",
  isnt: "is not",
  itll: "it will",
  mustnt: "must not",
  neednt: "need not",
  shes: "she is",
  shouldnt: "should not",
  shouldve: "should have",
  thats: "that is",
  theres: "there is",
  theyll: "they will",
  theyre: "they are",
  theyve: "they have",
  wasnt: "was not",
  werent: "were not",
  weve: "we have",
  whats: "what is",
  whens: "when is",
  wheres: "where is",
  whos: "who is",
  whys: "why is",
  wont: "will not",
  wouldnt: "would not",
  wouldve: "would have",
  youll: "you will",
  youre: "you are",
  youve: "you have",
};

/** Chat shorthand: abbreviations, sound-alike spellings, and words that carry nothing. */
const SHORTHAND: Readonly<Record<string, string>> = {
  abt: "about",
  b4: "before",
  bday: "birthday",
  becuz: "because",
  btw: "",
  coz: "because",
  cuz: "because",
  dept: "department",
  fyi: "",
  gonna: "going to",
  gotta: "got to",
  govt: "government",
  hrs: "hours",
  idk: "",
  imo: "",
  imho: "",
  intl: "international",
  lmao: "",
  lol: "",
  mins: "minutes",
  natl: "national",
  ngl: "",
  pls: "please",
  plz: "please",
  ppl: "people",
  prez: "president",
  r: "are",
  rn: "right now",
  smh: "",
  tbh: "",
  thru: "through",
  thx: "",
  tho: "though",
  tmr: "tomorrow",
  tmrw: "tomorrow",
  todays: "today's",
  tonite: "tonight",
  u: "you",
  wanna: "want to",
  wat: "what",
  wot: "what",
  wut: "what",
  yday: "yesterday",
  yr: "year",
  yrs: "years",
};

/** Spellings read with a capital first letter too: those that open a question. */
const OPENERS: ReadonlySet<string> = new Set([
  "whats",
  "whos",
  "hows",
  "wheres",
  "whens",
  "whys",
  "didnt",
  "dont",
  "doesnt",
  "isnt",
  "wasnt",
  "werent",
  "arent",
]);

const SPELLINGS: ReadonlyMap<string, ChatSpelling> = new Map(
  Object.entries({ ...CONTRACTIONS, ...SHORTHAND }).map(([chat, standard]) => [
    chat,
    { standard, opener: OPENERS.has(chat) },
  ]),
);

/**
 * Lower-case dotted acronyms of places and bodies, written in capitals so they are read as
 * news writes them ("u.s." → "U.S."). Others are left alone: "e.g.", "a.m." and "p.m." are
 * written in lower case on purpose.
 */
const DOTTED_ACRONYMS: ReadonlySet<string> = new Set([
  "u.s",
  "u.s.a",
  "u.k",
  "u.n",
  "e.u",
  "d.c",
  "n.y",
  "n.y.c",
  "l.a",
]);

/**
 * A lower-case dotted acronym, "w/" or "w/o" (with, without), or a word of letters and
 * digits, none of them inside a longer token: a run of letters, digits or apostrophes
 * ("don't" and "o'clock" are left alone), a letter of a dotted acronym, or a word joined to
 * others by "-", "&", "/", "#", "@" or "_" ("u-turn", "r&b", "#lol", a link's path).
 */
const CHAT_WORD =
  /(?<![\p{L}\p{N}'’.\-&/#@_])(?:(?:[a-z]\.){1,2}[a-z]\.?(?![\p{L}\p{N}])|w\/o(?![\p{L}\p{N}])|w\/|[\p{L}\p{N}]+(?![\p{L}\p{N}'’\-&/#@_]|\.\p{L}))/gu;

/**
 * What `written` stands for when it is a chat spelling, else null. `opens`: the word opens
 * the question or a sentence of it, where a capital says nothing ("Whats the latest…");
 * `shouted`: the question is typed in capitals, where capitals say nothing either.
 */
function standardOf(written: string, opens: boolean, shouted: boolean): string | null {
  if (written === "w/") return "with ";
  if (written === "w/o") return "without";
  if (written.includes(".")) return dottedAcronymOf(written);
  const lower = written.toLowerCase();
  const spelling = SPELLINGS.get(lower);
  if (spelling === undefined) return null;
  if (written === lower) return spelling.standard;
  // A single capital ("R Kelly", "U Thant") stays an initial even then.
  if (shouted && written.length >= 2 && written === written.toUpperCase()) {
    return spelling.standard.toUpperCase();
  }
  const capitalised = written[0] + lower.slice(1) === written && written[0] !== lower[0];
  return spelling.opener && opens && capitalised ? capitalise(spelling.standard) : null;
}

/** "u.s." as "U.S.", when it is one of {@link DOTTED_ACRONYMS}; null otherwise. */
function dottedAcronymOf(written: string): string | null {
  const bare = written.endsWith(".") ? written.slice(0, -1) : written;
  return DOTTED_ACRONYMS.has(bare) ? written.toUpperCase() : null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The question with its chat spellings written out ("whats the latest w/ the strike rn" →
 * "what is the latest with  the strike right now"). Words that carry nothing ("lol") are
 * dropped. One pass over the text.
 */
export function withChatSpellingsWrittenOut(question: string): string {
  const shouted = isWrittenInCapitals(question);
  return question.replace(
    CHAT_WORD,
    (written, at: number) => standardOf(written, opensSentence(question, at), shouted) ?? written,
  );
}

/** True when the word at `at` opens the question or one of its sentences. */
function opensSentence(question: string, at: number): boolean {
  let before = at - 1;
  while (before >= 0 && /\s/u.test(question.charAt(before))) before--;
  return before < 0 || /[.?!]/u.test(question.charAt(before));
}
