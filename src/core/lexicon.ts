/**
 * Word relations over a compact table made from WordNet (see src/content/lexicon.ts for how
 * the table is built and cached). The table is plain data: one string of words and a few
 * typed arrays, so loading it makes no object per word, and a lookup is a binary search.
 *
 * `related(word)` gives, for a folded question word:
 * - its lemmas: the base forms WordNet's morphology finds (irregular forms from the
 *   exception lists, "geese" → "goose"; regular endings by WordNet's detachment rules,
 *   "weapons" → "weapon");
 * - per sense, most frequent sense first: the other words of the sense (synonyms), its
 *   derivationally related forms, the words of its hypernyms and of some of its hyponyms.
 *
 * Multi-word lemmas ("weapon_system") are left out of the table: a term group matches
 * single words, and splitting them would add their vaguest part ("system").
 */
import type { Lexicon, RelatedWord, WordRelation } from "./types.ts";

/** A list per key in compressed sparse rows: key k's items are `items[starts[k]..starts[k+1])`. */
export interface Rows {
  starts: Uint32Array;
  items: Uint32Array;
}

/** Parts of speech, as bits of {@link LexiconTable.wordPos} and indexes of the exception rows. */
export const PART_OF_SPEECH = ["noun", "verb", "adj", "adv"] as const;
export type PartOfSpeech = (typeof PART_OF_SPEECH)[number];

/** The format of {@link LexiconTable}; a cached table of another format is built again. */
export const LEXICON_FORMAT = 2;

/**
 * WordNet as plain data. Word ids are positions in the sorted word list; synset ids are
 * positions in the order the data files list synsets; a sense is one (lemma, synset) pair,
 * numbered by its place in `senses.items`.
 */
export interface LexiconTable {
  format: number;
  /** Every word, sorted by UTF-16 code unit, each followed by "\n". */
  words: string;
  /** Where each word starts in `words`, plus the end: one more entry than there are words. */
  wordStarts: Uint32Array;
  /** The parts of speech a word is a lemma of: bit i for `PART_OF_SPEECH[i]`; 0 for a form only. */
  wordPos: Uint8Array;
  /** Per word: its synsets, most frequent sense first (empty for a word that is only a form). */
  senses: Rows;
  /** Per synset: its words. */
  members: Rows;
  /** Per synset: its hypernyms (`@`). */
  hypernyms: Rows;
  /** Per synset: its hyponyms (`~`). */
  hyponyms: Rows;
  /** Per synset of a named thing: the classes it is an instance of (`@i`: Tesla → inventor). */
  instanceHypernyms: Rows;
  /** Per synset: its named instances (`~i`: national capital → Warsaw). */
  instanceHyponyms: Rows;
  /** Per sense (index into `senses.items`): the words derivationally related to it. */
  derived: Rows;
  /**
   * Per word: its base forms in WordNet's exception lists, each item `baseWordId * 4 + pos`
   * (pos an index of {@link PART_OF_SPEECH}).
   */
  exceptions: Rows;
}

/** Related words returned at most per question word. */
export const MAX_RELATED = 30;
/**
 * Hyponyms taken per sense: some senses have hundreds ("person"), which would crowd out
 * every other sense and relation. The data files do not rank them, so the first ones listed.
 */
export const MAX_HYPONYMS_PER_SENSE = 8;
/** Steps climbed past hypernyms that have only multi-word lemmas, so one still has a word. */
export const MAX_HYPERNYM_CLIMB = 2;

/**
 * WordNet's detachment rules (morphy(7WN)): an inflected ending and what replaces it, per
 * part of speech. A candidate base form counts only if it is a lemma of that part of speech.
 */
const DETACHMENT_RULES: Readonly<Record<PartOfSpeech, readonly (readonly [string, string])[]>> = {
  noun: [
    ["s", ""],
    ["ses", "s"],
    ["xes", "x"],
    ["zes", "z"],
    ["ches", "ch"],
    ["shes", "sh"],
    ["men", "man"],
    ["ies", "y"],
  ],
  verb: [
    ["s", ""],
    ["ies", "y"],
    ["es", "e"],
    ["es", ""],
    ["ed", "e"],
    ["ed", ""],
    ["ing", "e"],
    ["ing", ""],
  ],
  adj: [
    ["er", ""],
    ["est", ""],
    ["er", "e"],
    ["est", "e"],
  ],
  adv: [],
};

const NEWLINE = 10;

/** The rows of one key, as a subarray (no copy). */
export function rowOf(rows: Rows, key: number): Uint32Array {
  return rows.items.subarray(rows.starts[key] ?? 0, rows.starts[key + 1] ?? 0);
}

/** Compares `word` with the table's word `id`, as `<`, `===`, `>` would (negative, 0, positive). */
function compareWith(table: LexiconTable, id: number, word: string): number {
  const start = table.wordStarts[id] ?? 0;
  const end = (table.wordStarts[id + 1] ?? 1) - 1;
  const length = end - start;
  const shared = Math.min(length, word.length);
  for (let i = 0; i < shared; i++) {
    const difference = table.words.charCodeAt(start + i) - word.charCodeAt(i);
    if (difference !== 0) return difference;
  }
  return length - word.length;
}

/** The id of a word, or -1 when the table does not have it. */
export function findWord(table: LexiconTable, word: string): number {
  if (word === "" || word.includes("\n")) return -1;
  let low = 0;
  let high = table.wordPos.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareWith(table, middle, word);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** The word with this id. */
export function wordAt(table: LexiconTable, id: number): string {
  const start = table.wordStarts[id] ?? 0;
  const end = (table.wordStarts[id + 1] ?? 1) - 1;
  return table.words.slice(start, end);
}

function isLemmaOf(table: LexiconTable, id: number, pos: number): boolean {
  return id >= 0 && ((table.wordPos[id] ?? 0) & (1 << pos)) !== 0;
}

/**
 * The lemmas of a word, the way WordNet's morphy finds them, part of speech by part of
 * speech: the word itself when it is a lemma, then its base forms in the exception list;
 * when the list has none, the lemmas the detachment rules give.
 */
export function lemmasOf(table: LexiconTable, word: string): number[] {
  const found: number[] = [];
  const add = (id: number): void => {
    if (id >= 0 && !found.includes(id)) found.push(id);
  };
  const id = findWord(table, word);
  const exceptions = id >= 0 ? rowOf(table.exceptions, id) : new Uint32Array(0);
  PART_OF_SPEECH.forEach((part, pos) => {
    if (isLemmaOf(table, id, pos)) add(id);
    let listed = false;
    for (const item of exceptions) {
      if (item % 4 !== pos) continue;
      listed = true;
      add(Math.floor(item / 4));
    }
    if (listed) return;
    for (const [ending, replacement] of DETACHMENT_RULES[part]) {
      if (!word.endsWith(ending) || word.length <= ending.length) continue;
      const base = findWord(table, word.slice(0, word.length - ending.length) + replacement);
      if (isLemmaOf(table, base, pos)) add(base);
    }
  });
  return found;
}

/** One sense to read relations from: the synset, and the sense's index for derived forms. */
interface Sense {
  synset: number;
  sense: number;
}

/** The senses of several lemmas, interleaved by frequency rank: every lemma's first sense, then every second one... */
function sensesOf(table: LexiconTable, lemmas: readonly number[]): Sense[] {
  const rows = lemmas.map((lemma) => ({
    start: table.senses.starts[lemma] ?? 0,
    end: table.senses.starts[lemma + 1] ?? 0,
  }));
  const seen = new Set<number>();
  const senses: Sense[] = [];
  for (let rank = 0; rows.some((row) => row.start + rank < row.end); rank++) {
    for (const row of rows) {
      const sense = row.start + rank;
      if (sense >= row.end) continue;
      const synset = table.senses.items[sense] ?? 0;
      if (seen.has(synset)) continue;
      seen.add(synset);
      senses.push({ synset, sense });
    }
  }
  return senses;
}

/** Collects related words, each once, up to {@link MAX_RELATED}. */
class RelatedList {
  readonly words: RelatedWord[] = [];
  private readonly seen = new Set<number>();

  constructor(
    private readonly table: LexiconTable,
    private readonly senses: number,
    exclude: number,
  ) {
    if (exclude >= 0) this.seen.add(exclude);
  }

  get full(): boolean {
    return this.words.length >= MAX_RELATED;
  }

  add(id: number, relation: WordRelation): void {
    if (this.full || this.seen.has(id)) return;
    this.seen.add(id);
    this.words.push({ word: wordAt(this.table, id), relation, senses: this.senses });
  }

  addSynsetWords(synset: number, relation: WordRelation): void {
    for (const id of rowOf(this.table.members, synset)) this.add(id, relation);
  }

  /**
   * The words of a hypernym; one whose words are all multi-word ("high-angle gun", above
   * "howitzer") stands aside for its own hypernyms ("cannon"), up to {@link MAX_HYPERNYM_CLIMB}.
   */
  addHypernymWords(synset: number, climb = 0): void {
    if (rowOf(this.table.members, synset).length > 0 || climb >= MAX_HYPERNYM_CLIMB) {
      this.addSynsetWords(synset, "hypernym");
      return;
    }
    for (const above of rowOf(this.table.hypernyms, synset))
      this.addHypernymWords(above, climb + 1);
  }
}

/** Which relations a lexicon follows beyond lemmas, synonyms, derived forms, hypernyms and hyponyms. */
export interface RelationOptions {
  /**
   * Also the classes a named thing is an instance of and the named instances of a class
   * (Tesla → inventor, capital → Warsaw). Off by default: a class word in an article does
   * not make it about the name, so they turned questions about names the library lacks into
   * answers (XQuAD leave-one-article-out, tune half).
   */
  instances?: boolean;
}

/** Words related to a folded word: lemmas first, then sense by sense, most frequent first. */
export function relatedWords(
  table: LexiconTable,
  word: string,
  options: RelationOptions = {},
): RelatedWord[] {
  const lemmas = lemmasOf(table, word);
  if (lemmas.length === 0) return [];
  const senses = sensesOf(table, lemmas);
  const list = new RelatedList(table, senses.length, findWord(table, word));
  for (const lemma of lemmas) list.add(lemma, "lemma");
  for (const { synset, sense } of senses) {
    if (list.full) break;
    list.addSynsetWords(synset, "synonym");
    for (const id of rowOf(table.derived, sense)) list.add(id, "derived");
    for (const hypernym of rowOf(table.hypernyms, synset)) list.addHypernymWords(hypernym);
    if (options.instances === true) {
      for (const type of rowOf(table.instanceHypernyms, synset)) list.addHypernymWords(type);
    }
    const hyponyms = rowOf(table.hyponyms, synset).subarray(0, MAX_HYPONYMS_PER_SENSE);
    for (const hyponym of hyponyms) list.addSynsetWords(hyponym, "hyponym");
    if (options.instances === true) {
      const instances = rowOf(table.instanceHyponyms, synset).subarray(0, MAX_HYPONYMS_PER_SENSE);
      for (const instance of instances) list.addSynsetWords(instance, "hyponym");
    }
  }
  return list.words;
}

/**
 * True when the most frequent sense of a folded word is one named thing, an instance of a
 * class ("fresno": a city; "jacksonville"), not a class of things ("delegation").
 */
export function namesOne(table: LexiconTable, word: string): boolean {
  const [lemma] = lemmasOf(table, word);
  if (lemma === undefined) return false;
  const first = rowOf(table.senses, lemma)[0];
  return first !== undefined && rowOf(table.instanceHypernyms, first).length > 0;
}

/** Checks that a table's arrays fit together, so lookups cannot read past them. */
export function checkLexiconTable(table: LexiconTable): void {
  const words = table.wordPos.length;
  const problems: string[] = [];
  if (table.format !== LEXICON_FORMAT)
    problems.push(`format ${table.format}, not ${LEXICON_FORMAT}`);
  if (table.wordStarts.length !== words + 1) problems.push("word starts do not match the words");
  if (table.words.length > 0 && table.words.charCodeAt(table.words.length - 1) !== NEWLINE) {
    problems.push("the word list does not end with a newline");
  }
  const rows: [string, Rows, number][] = [
    ["senses", table.senses, words],
    ["exceptions", table.exceptions, words],
    ["members", table.members, table.members.starts.length - 1],
    ["hypernyms", table.hypernyms, table.members.starts.length - 1],
    ["hyponyms", table.hyponyms, table.members.starts.length - 1],
    ["instance hypernyms", table.instanceHypernyms, table.members.starts.length - 1],
    ["instance hyponyms", table.instanceHyponyms, table.members.starts.length - 1],
    ["derived", table.derived, table.senses.items.length],
  ];
  if (typeof table.words !== "string" || !(table.wordPos instanceof Uint8Array)) {
    problems.push("words are not a string and a byte array");
  }
  for (const [name, row, keys] of rows) {
    if (!(row.starts instanceof Uint32Array) || !(row.items instanceof Uint32Array)) {
      problems.push(`${name}: not arrays of 32-bit numbers`);
    } else if (row.starts.length !== keys + 1)
      problems.push(`${name}: ${row.starts.length - 1} keys, not ${keys}`);
    else if ((row.starts[keys] ?? 0) !== row.items.length)
      problems.push(`${name}: rows do not end at the items' end`);
  }
  if (problems.length > 0) throw new RangeError(`lexicon table: ${problems.join("; ")}`);
}

/** A lexicon over a table; the table is checked once and never copied. */
export function lexiconFromTable(table: LexiconTable, options: RelationOptions = {}): Lexicon {
  checkLexiconTable(table);
  return {
    related: (word) => relatedWords(table, word, options),
    namesOne: (word) => namesOne(table, word),
  };
}
