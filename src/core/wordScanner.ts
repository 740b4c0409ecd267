import { isInvisibleInWords, splitWords } from "./text.ts";

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
    // Invisible characters inside a word (a soft hyphen) do not end it; folding drops them.
    else if (isInvisibleInWords(code)) classes[code] = WIDE;
    else if (code > 0x7f && wordChar.test(String.fromCharCode(code).normalize("NFKC"))) {
      classes[code] = WIDE;
    }
  }
  return classes;
}

/** First hash of a word: polynomial over its (lower-case) character codes. */
function hashString(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
  return hash;
}

/** Second, independent hash of a word: FNV-1a over the same character codes. */
function secondHashString(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
  return hash;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Spreads the bits of a hash (MurmurHash3's finaliser), so nearby words land far apart. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Entries of the small cache of recently seen words, in front of the table. */
const CACHE_SIZE = 1 << 12;

/**
 * An open-addressing table from folded words to dense word numbers (0, 1, 2, ...).
 *
 * A slot holds two independent 32-bit hashes of its word, so a probe rarely looks at
 * the characters of another word; when both hashes match, the characters are compared
 * too, since a crafted word can share both hashes with a real one. A direct-mapped
 * cache of 4,096 entries in front of the table holds the frequent words (most of any
 * text), small enough to stay in the processor's cache.
 */
export class WordTable {
  /** Folded words by word number. */
  readonly words: string[] = [];
  /** Triples (hash, second hash, word number + 1); 0 as the number marks a free slot. */
  private slots = new Int32Array(3 << 16);
  private readonly cache = new Int32Array(3 * CACHE_SIZE);

  /** The number of a folded word, adding it when new. */
  numberOf(word: string): number {
    return this.lookup(hashString(word), secondHashString(word), word, "", 0, 0);
  }

  /**
   * The number of the word `text[start, end)` (plain ASCII, hashed by the caller as it
   * was scanned), folded to lower case, adding it when new. Nothing is allocated for a
   * word already in the table.
   */
  numberOfAsciiRange(
    text: string,
    start: number,
    end: number,
    hash: number,
    second: number,
  ): number {
    return this.lookup(hash, second, null, text, start, end);
  }

  private lookup(
    hash: number,
    second: number,
    word: string | null,
    text: string,
    start: number,
    end: number,
  ): number {
    const cached = 3 * (mix(hash) & (CACHE_SIZE - 1));
    if (this.cache[cached] === hash && this.cache[cached + 1] === second) {
      const entry = this.cache[cached + 2] ?? 0;
      if (this.holds(entry - 1, word, text, start, end)) return entry - 1;
    }
    const mask = this.slots.length / 3 - 1;
    let slot = mix(hash) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = this.slots[3 * slot + 2] ?? 0;
      if (entry === 0) break;
      if (
        this.slots[3 * slot] === hash &&
        this.slots[3 * slot + 1] === second &&
        this.holds(entry - 1, word, text, start, end)
      ) {
        this.remember(cached, hash, second, entry);
        return entry - 1;
      }
    }
    const number = this.add(word ?? text.slice(start, end).toLowerCase(), hash, second, slot);
    this.remember(cached, hash, second, number + 1);
    return number;
  }

  /**
   * True when word number `number` is `word`, or (when `word` is null) the ASCII range
   * `text[start, end)` folded to lower case.
   */
  private holds(
    number: number,
    word: string | null,
    text: string,
    start: number,
    end: number,
  ): boolean {
    const known = this.words[number];
    if (known === undefined) return false;
    if (word !== null) return known === word;
    if (known.length !== end - start) return false;
    for (let i = 0; i < known.length; i++) {
      let code = text.charCodeAt(start + i);
      if (code >= 0x41 && code <= 0x5a) code += 0x20;
      if (code !== known.charCodeAt(i)) return false;
    }
    return true;
  }

  private remember(at: number, hash: number, second: number, entry: number): void {
    this.cache[at] = hash;
    this.cache[at + 1] = second;
    this.cache[at + 2] = entry;
  }

  private add(word: string, hash: number, second: number, slot: number): number {
    const number = this.words.length;
    this.words.push(word);
    this.slots[3 * slot] = hash;
    this.slots[3 * slot + 1] = second;
    this.slots[3 * slot + 2] = number + 1;
    if (this.words.length * 6 > this.slots.length) this.grow();
    return number;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    const mask = this.slots.length / 3 - 1;
    for (let i = 0; i < old.length; i += 3) {
      const entry = old[i + 2] ?? 0;
      if (entry === 0) continue;
      let slot = mix(old[i] ?? 0) & mask;
      while ((this.slots[3 * slot + 2] ?? 0) !== 0) slot = (slot + 1) & mask;
      this.slots.set(old.subarray(i, i + 3), 3 * slot);
    }
  }
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
    let second = FNV_OFFSET;
    let wide = false;
    let allDigits = true;
    /** A decimal point or separator was taken into the word: it is a number like "3.5". */
    let separated = false;
    for (;;) {
      if (kind === UPPER) code += 0x20;
      else if (kind === WIDE) wide = true;
      if (kind !== DIGIT && kind !== OTHER) allDigits = false;
      hash = (Math.imul(hash, 31) + code) | 0;
      second = Math.imul(second ^ code, FNV_PRIME);
      i++;
      if (i >= end) break;
      code = text.charCodeAt(i);
      kind = CLASSES[code] ?? OTHER;
      // A unit written right after "3.5" or "1,200" is a word of its own, as in splitWords
      // ("2.5bn" → "2.5", "bn"). Words with wide characters are split by splitWords itself.
      if (kind === UPPER || kind === LOWER) {
        if (separated && !wide) break;
        continue;
      }
      if (kind !== OTHER) continue;
      if (!continuesNumber(text, i, end, allDigits || wide)) break;
      separated = true;
    }
    if (!wide) {
      out[count++] = table.numberOfAsciiRange(text, wordStart, i, hash, second);
      continue;
    }
    for (const word of splitWords(text.slice(wordStart, i))) out[count++] = table.numberOf(word);
  }
  return count;
}

/**
 * True when the character at `i` is a decimal point or thousands separator inside a number
 * ("3.5", "1,200"): the word so far may be all digits and a digit follows. Wide characters
 * count as possible digits (full-width "３", Arabic-Indic "٣"); splitWords decides those.
 */
function continuesNumber(text: string, i: number, end: number, mayBeNumber: boolean): boolean {
  const code = text.charCodeAt(i);
  if (!mayBeNumber || (code !== 0x2e && code !== 0x2c) || i + 1 >= end) return false;
  const next = CLASSES[text.charCodeAt(i + 1)];
  return next === DIGIT || next === WIDE;
}
