/**
 * Questions people (and pranksters) type that are not questions: empty, enormous, only
 * punctuation or emoji, invisible and right-to-left characters, Markdown, regular-expression
 * and fuse.js extended-search operators, mentions and links. The fuzz tests start from these,
 * and the Discord benchmark times them.
 */
import { createRng } from "../eval/random.ts";

/** Pieces hostile questions are built from. */
export const HOSTILE_PIECES: readonly string[] = [
  "",
  " ",
  "?",
  "...",
  "!!!???",
  "¿¡",
  "—–-",
  "🔥",
  "👩‍👩‍👧‍👦",
  "🇵🇱🇰🇷",
  "\u200b",
  "\u200c\u200d",
  "\ufeff",
  "\u2060",
  "\u202e",
  "\u202d",
  "\u2067",
  "שלום",
  "مرحبا",
  "Pol\u200band",
  "Kor\u00adea",
  "U.S.",
  "A.B.C.D.",
  "**bold**",
  "__under__",
  "~~strike~~",
  "||spoiler||",
  "`code`",
  "```js\nx\n```",
  "# heading",
  "> quote",
  "-# subtext",
  "1. list",
  "[click](https://evil.example)",
  "<https://example.com>",
  "https://example.com/a_(b)?q=1&r=*2*",
  "'Poland",
  "=Poland",
  "!Korea",
  "^South",
  "security$",
  "Poland | Korea",
  '\'"exact phrase"',
  ".*",
  "(a+)+$",
  "[a-z",
  "\\",
  "$&",
  "${x}",
  "@everyone",
  "@here",
  "<@123>",
  "<@!124>",
  "<@&456>",
  "<#789>",
  "<t:0:R>",
  ":smile:",
  "<:emoji:123456789012345678>",
  "Poland",
  "South Korea",
  "security",
  "agree",
  "harbour",
  "the",
  "\n\n",
  "\t",
  "\r\n",
  "%s%n",
  "null",
  "undefined",
  "constructor",
  "__proto__",
  "0",
  "-1",
  "1e309",
];

/** Every piece alone, a few extremes, then `count` random mixes of pieces. */
export function hostileQuestions(count = 300, seed = 7): string[] {
  // Seeded, so runs can be compared.
  const next = createRng(seed);
  const pick = (): string => HOSTILE_PIECES[Math.floor(next() * HOSTILE_PIECES.length)] ?? "";
  const extremes = [
    "x".repeat(6000),
    "Poland ".repeat(900),
    "?".repeat(6000),
    "🔥".repeat(3000),
    "\u200b".repeat(6000),
    "@everyone ".repeat(600),
    `${"(".repeat(2000)}${")".repeat(2000)}`,
    Array.from({ length: 1500 }, (_, i) => `w${i}`).join(" "),
    // Made-up words, each one the spelling corrector might look into.
    Array.from({ length: 600 }, (_, i) => `seaport${1000 + i} harbuor${i}`).join(" "),
  ];
  const mixes = Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 12) }, pick).join(next() < 0.7 ? " " : ""),
  );
  return [...HOSTILE_PIECES, ...extremes, ...mixes];
}
