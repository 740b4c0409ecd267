/**
 * Reads WordNet's database files (wndb(5WN): index.pos, data.pos, pos.exc) into the compact
 * table the lexicon searches (src/core/lexicon.ts). Pure text in, plain data out; the files
 * are read by src/content/lexicon.ts.
 *
 * - index.pos: `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt
 *   synset_offset...`, synsets in order of how often the sense was tagged in a corpus.
 * - data.pos: `synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt
 *   [ptr...] [frames...] | gloss`, w_cnt in hex, each pointer `symbol offset pos
 *   source/target` (source/target: two hex digits each, 0000 for a relation between synsets).
 * - pos.exc: `inflected_form base_form [base_form...]`.
 * Lines that start with a space are the licence header.
 */
import {
  LEXICON_FORMAT,
  PART_OF_SPEECH,
  type LexiconTable,
  type PartOfSpeech,
  type Rows,
} from "../core/lexicon.ts";

/** The text of WordNet's files, per part of speech; exception lists are optional. */
export interface WordNetFiles {
  index: Record<PartOfSpeech, string>;
  data: Record<PartOfSpeech, string>;
  exceptions: Partial<Record<PartOfSpeech, string>>;
}

/** WordNet's pointer symbols the lexicon follows. */
const HYPERNYM = new Set(["@", "@i"]);
const HYPONYM = new Set(["~", "~i"]);
const DERIVATION = "+";
const FOLLOWED = new Set([...HYPERNYM, ...HYPONYM, DERIVATION]);

/** The letter pointers use for each part of speech (adjective satellites, `s`, are adjectives). */
const POS_LETTER: Record<PartOfSpeech, string> = { noun: "n", verb: "v", adj: "a", adv: "r" };

interface RawPointer {
  symbol: string;
  target: number;
  /** 1-based word numbers, 0 for a relation between whole synsets. */
  source: number;
  targetWord: number;
}

interface RawSynset {
  words: string[];
  pointers: RawPointer[];
}

/** Lines of a WordNet file without its licence header. */
function* contentLines(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trimEnd();
    start = end + 1;
    if (line !== "" && !line.startsWith(" ")) yield line;
  }
}

/** A word as the lexicon keys it: lower case, without the adjective position marker "(a)". */
function foldWord(word: string): string {
  return word.replace(/\([a-z]+\)$/, "").toLowerCase();
}

function isSingleWord(word: string): boolean {
  return word !== "" && !word.includes("_") && !word.includes("\n");
}

/** Letters of the parts of speech in pointers, adjective satellites (`s`) counted as adjectives. */
const LETTER_INDEX: Readonly<Record<string, number>> = { n: 0, v: 1, a: 2, s: 2, r: 3 };
/** Synset offsets are byte offsets into files far smaller than this. */
const OFFSET_LIMIT = 1e9;

/** A number naming a synset across the four data files. */
function synsetKey(letter: string, offset: string): number {
  return (LETTER_INDEX[letter] ?? 4) * OFFSET_LIMIT + Number.parseInt(offset, 10);
}

/** Parses one data.pos line: its words and pointers. */
function parseDataLine(line: string): { offset: string; synset: RawSynset } {
  const gloss = line.indexOf(" | ");
  const fields = (gloss === -1 ? line : line.slice(0, gloss)).split(" ");
  const offset = fields[0] ?? "";
  const wordCount = Number.parseInt(fields[3] ?? "0", 16);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) words.push(foldWord(fields[4 + 2 * i] ?? ""));
  const pointerAt = 4 + 2 * wordCount;
  const pointerCount = Number.parseInt(fields[pointerAt] ?? "0", 10);
  const pointers: RawPointer[] = [];
  for (let p = 0; p < pointerCount; p++) {
    const at = pointerAt + 1 + 4 * p;
    const symbol = fields[at] ?? "";
    if (!FOLLOWED.has(symbol)) continue;
    const sourceTarget = fields[at + 3] ?? "0000";
    pointers.push({
      symbol,
      target: synsetKey(fields[at + 2] ?? "", fields[at + 1] ?? ""),
      source: Number.parseInt(sourceTarget.slice(0, 2), 16),
      targetWord: Number.parseInt(sourceTarget.slice(2, 4), 16),
    });
  }
  return { offset, synset: { words, pointers } };
}

/** Parses one index.pos line: the lemma, its synsets in frequency order, and its tagged sense count. */
function parseIndexLine(line: string): { lemma: string; offsets: string[]; tagged: number } {
  const fields = line.split(" ");
  const synsetCount = Number.parseInt(fields[2] ?? "0", 10);
  const pointerCount = Number.parseInt(fields[3] ?? "0", 10);
  const tagged = Number.parseInt(fields[5 + pointerCount] ?? "0", 10);
  const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + synsetCount);
  return { lemma: fields[0] ?? "", offsets, tagged };
}

/** More than the synsets of WordNet, for numbering (word, synset) pairs. */
const SENSE_KEY = 1 << 20;

/** Compressed rows from a list of lists. */
function toRows(lists: readonly (readonly number[])[]): Rows {
  const starts = new Uint32Array(lists.length + 1);
  let total = 0;
  lists.forEach((list, key) => {
    starts[key] = total;
    total += list.length;
  });
  starts[lists.length] = total;
  const items = new Uint32Array(total);
  lists.forEach((list, key) => items.set(list, starts[key]));
  return { starts, items };
}

/** Where each word starts in the words joined with "\n" after each, plus the end. */
function wordStarts(words: readonly string[]): Uint32Array {
  const starts = new Uint32Array(words.length + 1);
  let at = 0;
  words.forEach((word, id) => {
    starts[id] = at;
    at += word.length + 1;
  });
  starts[words.length] = at;
  return starts;
}

/** Reads every synset of the data files, numbered in file order. */
function readSynsets(files: WordNetFiles): { synsets: RawSynset[]; ids: Map<number, number> } {
  const synsets: RawSynset[] = [];
  const ids = new Map<number, number>();
  for (const part of PART_OF_SPEECH) {
    for (const line of contentLines(files.data[part])) {
      const { offset, synset } = parseDataLine(line);
      ids.set(synsetKey(POS_LETTER[part], offset), synsets.length);
      synsets.push(synset);
    }
  }
  return { synsets, ids };
}

interface IndexEntry {
  part: number;
  synsets: number[];
  tagged: number;
}

/** Reads the index files: per lemma, its synsets per part of speech. */
function readIndex(files: WordNetFiles, ids: Map<number, number>): Map<string, IndexEntry[]> {
  const entries = new Map<string, IndexEntry[]>();
  PART_OF_SPEECH.forEach((part, index) => {
    for (const line of contentLines(files.index[part])) {
      const space = line.indexOf(" ");
      if (line.lastIndexOf("_", space) !== -1) continue;
      const { lemma, offsets, tagged } = parseIndexLine(line);
      if (!isSingleWord(lemma)) continue;
      const synsets: number[] = [];
      for (const offset of offsets) {
        const id = ids.get(synsetKey(POS_LETTER[part], offset));
        if (id !== undefined) synsets.push(id);
      }
      const list = entries.get(lemma) ?? [];
      list.push({ part: index, synsets, tagged });
      entries.set(lemma, list);
    }
  });
  return entries;
}

/** Reads the exception lists: per inflected form, its base forms and their part of speech. */
function readExceptions(files: WordNetFiles): Map<string, { base: string; part: number }[]> {
  const forms = new Map<string, { base: string; part: number }[]>();
  PART_OF_SPEECH.forEach((part, index) => {
    const text = files.exceptions[part];
    if (text === undefined) return;
    for (const line of contentLines(text)) {
      const [form, ...bases] = line.split(" ");
      if (form === undefined || !isSingleWord(form)) continue;
      const list = forms.get(form) ?? [];
      for (const base of bases) if (isSingleWord(base)) list.push({ base, part: index });
      if (list.length > 0) forms.set(form, list);
    }
  });
  return forms;
}

/**
 * A lemma's synsets over all its parts of speech, interleaved by sense rank: the first
 * sense of each part of speech, then the second... Parts of speech with more tagged senses
 * (the lemma's more common use) go first at each rank.
 */
function interleaveSenses(entries: readonly IndexEntry[]): number[] {
  const ordered = [...entries].sort((a, b) => b.tagged - a.tagged || a.part - b.part);
  const senses: number[] = [];
  const longest = Math.max(0, ...ordered.map((entry) => entry.synsets.length));
  for (let rank = 0; rank < longest; rank++) {
    for (const entry of ordered) {
      const synset = entry.synsets[rank];
      if (synset !== undefined && !senses.includes(synset)) senses.push(synset);
    }
  }
  return senses;
}

/** Builds the lexicon table from the text of WordNet's files. */
export function buildLexiconTable(files: WordNetFiles): LexiconTable {
  const { synsets, ids } = readSynsets(files);
  const index = readIndex(files, ids);
  const exceptions = readExceptions(files);

  const wordSet = new Set<string>(index.keys());
  for (const [form, bases] of exceptions) {
    wordSet.add(form);
    for (const { base } of bases) wordSet.add(base);
  }
  const words = [...wordSet].sort();
  const wordId = new Map(words.map((word, id) => [word, id]));
  const idOf = (word: string): number => wordId.get(word) ?? -1;

  const wordPos = new Uint8Array(words.length);
  const senseLists: number[][] = words.map((word) => {
    const entries = index.get(word) ?? [];
    for (const entry of entries) wordPos[idOf(word)]! |= 1 << entry.part;
    return interleaveSenses(entries);
  });
  const senses = toRows(senseLists);
  // A (word, synset) pair as one number: both count far fewer than SENSE_KEY.
  const senseKey = (word: number, synset: number): number => word * SENSE_KEY + synset;
  const senseOf = new Map<number, number>();
  senseLists.forEach((list, word) =>
    list.forEach((synset, rank) => senseOf.set(senseKey(word, synset), (senses.starts[word] ?? 0) + rank)),
  );

  const memberLists = synsets.map((synset) =>
    [...new Set(synset.words.map(idOf).filter((id) => id >= 0))],
  );
  const hypernymLists: number[][] = synsets.map(() => []);
  const hyponymLists: number[][] = synsets.map(() => []);
  const derivedLists: number[][] = Array.from({ length: senses.items.length }, () => []);
  synsets.forEach((synset, id) => {
    for (const pointer of synset.pointers) {
      const target = ids.get(pointer.target);
      if (target === undefined) continue;
      if (HYPERNYM.has(pointer.symbol)) hypernymLists[id]!.push(target);
      else if (HYPONYM.has(pointer.symbol)) hyponymLists[id]!.push(target);
      else if (pointer.symbol === DERIVATION) {
        const from = idOf(synset.words[pointer.source - 1] ?? "");
        const to = idOf(synsets[target]?.words[pointer.targetWord - 1] ?? "");
        const sense = senseOf.get(senseKey(from, id));
        if (sense !== undefined && to >= 0 && !derivedLists[sense]!.includes(to)) {
          derivedLists[sense]!.push(to);
        }
      }
    }
  });

  const exceptionLists = words.map((word) =>
    (exceptions.get(word) ?? []).map(({ base, part }) => idOf(base) * 4 + part),
  );

  return {
    format: LEXICON_FORMAT,
    words: words.map((word) => `${word}\n`).join(""),
    wordStarts: wordStarts(words),
    wordPos,
    senses,
    members: toRows(memberLists),
    hypernyms: toRows(hypernymLists),
    hyponyms: toRows(hyponymLists),
    derived: toRows(derivedLists),
    exceptions: toRows(exceptionLists),
  };
}
