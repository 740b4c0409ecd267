import { splitWords } from "./text.ts";

/**
 * Fast word scanning for index builds.
 *
 * Building the index of a large library means looking up tens of millions of words.
 * Cutting each word out as a string and looking it up in a Map costs about 170 ns a
 * word; this scanner hashes the characters in place and compares them against a table
 * of folded words, which is several times faster and allocates nothing for words it
 * has seen before. Words with characters beyond ASCII take the slow, exact path
 * (`splitWords`), so both paths fold text the same way as questions are folded.
 */

/** Character classes of the scanner's lookup table. */
const OTHER = 0;
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
/** A letter or digit outside ASCII. */
const WIDE = 4;

const CLASSES = buildCharClasses();

function buildCharClasses(): Uint8Array {
  const classes = new Uint8Array(0x10000);
  const wordChar = /[\p{L}\p{N}\p{M}]/u;
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0x41 && code <= 0x5a) classes[code] = UPPER;
    else if (code >= 0x61 && code <= 0x7a) classes[code] = LOWER;
    else if (code >= 0x30 && code <= 0x39) classes[code] = DIGIT;
    // Surrogates: a letter beyond the first plane may follow; the exact path decides.
    else if (code >= 0xd800 && code <= 0xdfff) classes[code] = WIDE;
    else if (code > 0x7f && wordChar.test(String.fromCharCode(code).normalize("NFKC"))) {
      classes[code] = WIDE;
    }
  }
  return classes;
}

function hashString(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
  return hash;
}

/**
 * An open-addressing table from folded words to dense word numbers (0, 1, 2, ...).
 */
export class WordTable {
  /** Folded words by word number. */
  readonly words: string[] = [];
  /** Pairs of (hash, word number + 1), 0 marking a free slot; hash and number share a cache line. */
  private slots = new Int32Array(2 << 16);

  get size(): number {
    return this.words.length;
  }

  /** The number of a folded word, adding it when new. */
  numberOf(word: string): number {
    const hash = hashString(word);
    const mask = (this.slots.length >> 1) - 1;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const found = (this.slots[2 * slot + 1] ?? 0) - 1;
      if (found < 0) return this.add(word, hash, slot);
      if (this.slots[2 * slot] === hash && this.words[found] === word) return found;
    }
  }

  /**
   * The number of the word `text[start, end)` (plain ASCII), folded to lower case,
   * adding it when new. Nothing is allocated for a word already in the table.
   */
  numberOfAsciiRange(text: string, start: number, end: number, hash: number): number {
    const mask = (this.slots.length >> 1) - 1;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const found = (this.slots[2 * slot + 1] ?? 0) - 1;
      if (found < 0) return this.add(text.slice(start, end).toLowerCase(), hash, slot);
      if (
        this.slots[2 * slot] === hash &&
        equalsFoldedAscii(this.words[found] ?? "", text, start, end)
      ) {
        return found;
      }
    }
  }

  private add(word: string, hash: number, slot: number): number {
    const number = this.words.length;
    this.words.push(word);
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = number + 1;
    if (this.words.length * 4 > this.slots.length) this.grow();
    return number;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    const mask = (this.slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i + 1] ?? 0;
      if (entry === 0) continue;
      const hash = old[i] ?? 0;
      let slot = mix(hash) & mask;
      while ((this.slots[2 * slot + 1] ?? 0) !== 0) slot = (slot + 1) & mask;
      this.slots[2 * slot] = hash;
      this.slots[2 * slot + 1] = entry;
    }
  }
}

/** Spreads the bits of a hash (MurmurHash3's finaliser), so nearby words land far apart. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function equalsFoldedAscii(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) {
    let code = text.charCodeAt(start + i);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (word.charCodeAt(i) !== code) return false;
  }
  return true;
}

/**
 * Writes the word number of every word in `text[start, end)` into `out`, in order, and
 * returns how many there are. Words are what `splitWords` finds: runs of letters and
 * digits, with decimal points and thousands separators kept inside numbers ("3.5").
 */
export function scanWords(
  table: WordTable,
  text: string,
  start: number,
  end: number,
  out: number[],
): number {
  let count = 0;
  let i = start;
  while (i < end) {
    let code = text.charCodeAt(i);
    let kind = CLASSES[code] ?? OTHER;
    if (kind === OTHER) {
      i++;
      continue;
    }
    const wordStart = i;
    let hash = 0;
    let wide = false;
    let allDigits = true;
    for (;;) {
      if (kind === UPPER) code += 0x20;
      else if (kind === WIDE) wide = true;
      if (kind !== DIGIT && kind !== OTHER) allDigits = false;
      hash = (Math.imul(hash, 31) + code) | 0;
      i++;
      if (i >= end) break;
      code = text.charCodeAt(i);
      kind = CLASSES[code] ?? OTHER;
      if (kind !== OTHER) continue;
      // "3.5" and "1,200" stay one word, as in splitWords.
      if (!allDigits || (code !== 0x2e && code !== 0x2c) || i + 1 >= end) break;
      if (CLASSES[text.charCodeAt(i + 1)] !== DIGIT) break;
    }
    if (!wide) {
      out[count++] = table.numberOfAsciiRange(text, wordStart, i, hash);
      continue;
    }
    for (const word of splitWords(text.slice(wordStart, i))) out[count++] = table.numberOf(word);
  }
  return count;
}
