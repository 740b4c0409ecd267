/**
 * Whether a packed index (read back from disk) has the shape of this version's search index:
 * every field of {@link PassageIndex} present, of its kind and type, with lengths that agree
 * with its counts. A saved index that passes its checksum can still come from code that
 * wrote other fields; such a copy is rebuilt, never served.
 */
import type { PassageIndex } from "../core/passageIndex.ts";
import type { FieldLayout, PackedIndex } from "./indexCodec.ts";

type FieldOf<T> = { [K in keyof PassageIndex]: PassageIndex[K] extends T ? K : never }[keyof PassageIndex];

/** The typed-array fields, by the constructor they are stored as. */
const ARRAYS = {
  tokens: "Uint32Array",
  sentenceTokenStart: "Uint32Array",
  sentenceParagraph: "Uint32Array",
  sentenceCharStart: "Uint32Array",
  sentenceCharEnd: "Uint32Array",
  articleSentenceStart: "Uint32Array",
  articleSentenceEnd: "Uint32Array",
  articleLength: "Uint32Array",
  articleDay: "Int32Array",
  slotArticle: "Int32Array",
  postingStart: "Uint32Array",
  postingDocs: "Uint32Array",
  postingFrequencies: "Uint16Array",
  tailPostingStart: "Uint32Array",
  tailPostingDocs: "Uint32Array",
  tailPostingFrequencies: "Uint16Array",
  termArticleCount: "Uint32Array",
  sentenceFrequency: "Uint32Array",
  paragraphFrequency: "Uint32Array",
} as const satisfies Record<FieldOf<ArrayBufferView>, string>;

const NUMBERS = [
  "articleCount",
  "sentenceCount",
  "paragraphCount",
  "tokenCount",
  "termCount",
  "mainSlotCount",
  "averageSentenceLength",
  "averageParagraphLength",
  "averageArticleLength",
] as const satisfies readonly FieldOf<number>[];

const MAPS = ["words", "stems"] as const satisfies readonly FieldOf<ReadonlyMap<string, unknown>>[];

const BYTES_PER_ELEMENT: Record<string, number> = {
  Uint32Array: 4,
  Int32Array: 4,
  Uint16Array: 2,
};

type ArrayField = keyof typeof ARRAYS;

/**
 * Each array field's length as its counts require: [field, count it must equal]. A saved
 * index is always laid out as a build lays it out (updates fold theirs before saving).
 */
function expectedLengths(count: (name: (typeof NUMBERS)[number]) => number): [ArrayField, number][] {
  const articles = count("articleCount");
  const sentences = count("sentenceCount");
  const terms = count("termCount");
  return [
    ["articleSentenceStart", articles],
    ["articleSentenceEnd", articles],
    ["articleLength", articles],
    ["articleDay", articles],
    ["slotArticle", articles],
    ["sentenceTokenStart", sentences + 1],
    ["sentenceParagraph", sentences],
    ["sentenceCharStart", sentences],
    ["sentenceCharEnd", sentences],
    ["tokens", count("tokenCount")],
    ["postingStart", terms + 1],
    ["tailPostingStart", terms + 1],
    ["tailPostingDocs", 0],
    ["termArticleCount", terms],
    ["sentenceFrequency", terms],
    ["paragraphFrequency", terms],
  ];
}

/** What is wrong with the packed index's shape, or null when it is this version's. */
export function indexLayoutProblem(packed: PackedIndex): string | null {
  const fields = new Map<string, FieldLayout>(packed.layout.map((field) => [field.name, field]));
  const numbers = new Map<string, number>();
  for (const name of NUMBERS) {
    const field = fields.get(name);
    if (field?.kind !== "json" || typeof field.value !== "number" || !(field.value >= 0)) {
      return `its index has no count "${name}"`;
    }
    numbers.set(name, field.value);
  }
  for (const name of MAPS) {
    if (fields.get(name)?.kind !== "map") return `its index has no word table "${name}"`;
  }
  const lengths = new Map<string, number>();
  for (const [name, type] of Object.entries(ARRAYS)) {
    const field = fields.get(name);
    if (field?.kind !== "array" || field.type !== type) return `its index has no ${type} "${name}"`;
    const buffer = packed.buffers[field.buffer];
    const bytes = BYTES_PER_ELEMENT[type] ?? 1;
    if (buffer === undefined || buffer.byteLength !== field.length * bytes) {
      return `its index field "${name}" is not as long as it says`;
    }
    lengths.set(name, field.length);
  }
  for (const [name, wanted] of expectedLengths((count) => numbers.get(count) ?? 0)) {
    if (lengths.get(name) !== wanted) return `its index field "${name}" does not fit its counts`;
  }
  if (lengths.get("postingDocs") !== lengths.get("postingFrequencies")) {
    return "its index postings do not fit together";
  }
  if (numbers.get("mainSlotCount") !== numbers.get("articleCount")) {
    return "its index is not laid out as a build lays it out";
  }
  return null;
}
