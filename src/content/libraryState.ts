/**
 * What the build worker remembers of the library it last handed to the main thread, so the
 * next reload can update that library instead of building it again: the content files as
 * they were read (fingerprint, the ids and paths of their articles, their problems), the
 * library's articles in order, and its index (its arrays in memory shared with the main
 * thread, so neither side copies them).
 */
import type { IndexedLines } from "./articleLines.ts";
import { createHash } from "node:crypto";
import { MAX_VOCABULARY } from "../core/vocabularyLimit.ts";
import { capacityFor, STORED_FIELDS, type ArrayMaker } from "../core/indexUpdate.ts";
import type { PassageIndex } from "../core/passageIndex.ts";
import type { Article, ContentProblem } from "../core/types.ts";
import type { ArticleKey, ReadUnit, RememberedUnit } from "./loadLibrary.ts";

/** When a reload updates the library rather than building it again. */
export const UPDATE_SETTINGS = {
  /**
   * At most this many articles taken out plus put in: an update costs the indexing of the
   * changed articles plus a copy of the per-article and per-term arrays (a few ms at
   * 26,569 articles; now and then a fold of the whole index, about 0.3 s), a build about
   * 10 s for the whole news library; past a few thousand changed articles the build's
   * single pass is as quick.
   */
  maxChangedArticles: 5_000,
  /** ... and at most this share of the library's articles, ... */
  maxChangedShare: 0.5,
  /** ... unless they are this few: a change this small is quick either way. */
  fewChangedArticles: 100,
  /**
   * Vocabulary entries an updated library may carry as a layer over its maps before the
   * maps are flattened into one (a copy of about 300,000 entries, so only now and then).
   */
  maxLayeredWords: 50_000,
  /**
   * Quiet time after an update before the saved index is written again (ms): a run of feed
   * articles costs one write of the whole index, not one each.
   */
  saveAfterUpdateMs: 5_000,
  /**
   * Time after a start served from the saved index before the worker reads the content
   * behind it, to update it later (ms): that read is most of a build's work, and put off it
   * leaves the start-up's first answers the processor. A change before then starts it at once.
   */
  rememberSavedAfterMs: 5_000,
  /**
   * Time after a library built afresh is handed over before the worker saves its index and
   * remembers it for updates (ms): a few seconds of work that, put off, leave the
   * start-up's first answers the processor. A change, or the store closing, starts it at once.
   */
  finishBuildAfterMs: 3_000,
} as const;

/** One article of the library's order: its id, path and the key of the read it came from. */
export interface OrderedArticle extends ArticleKey {
  /** Which reading of which file the article comes from: equal keys, same text. */
  key: string;
}

export interface LibraryState {
  /** Names this library between the worker and the main thread. */
  generation: number;
  source: string;
  settings: Readonly<Record<string, number>>;
  /** Content files by path below the source, as last read. */
  units: Map<string, RememberedUnit>;
  /**
   * The problems of the last walk of the source that belong to no file read (files it
   * skips, such as a LICENSE), so a walk that reads nothing still tells a change in them.
   */
  walkProblems: readonly ContentProblem[];
  /** How many times each file has been read: part of its articles' keys. */
  versions: Map<string, number>;
  order: OrderedArticle[];
  index: PassageIndex;
  /**
   * The articles' lines in `order`, kept to save the index again after updates; null when
   * the index is not saved, or the library holds articles kept from before (never saved).
   */
  lines: IndexedLines | null;
}

/** Typed arrays in memory shared with the main thread. */
export const SHARED_ARRAYS: ArrayMaker = {
  uint32: (length, capacity = length) =>
    new Uint32Array(new SharedArrayBuffer(capacity * 4) as unknown as ArrayBuffer, 0, length),
  uint16: (length, capacity = length) =>
    new Uint16Array(new SharedArrayBuffer(capacity * 2) as unknown as ArrayBuffer, 0, length),
  int32: (length, capacity = length) =>
    new Int32Array(new SharedArrayBuffer(capacity * 4) as unknown as ArrayBuffer, 0, length),
};

const STORED: ReadonlySet<string> = new Set(STORED_FIELDS);

/**
 * The index with every typed array copied into shared memory (maps as they are), the
 * stored fields with room to spare, so the first updates append to them in place.
 */
export function sharedIndex(index: PassageIndex): PassageIndex {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(index)) {
    if (value instanceof Uint32Array || value instanceof Uint16Array || value instanceof Int32Array) {
      const Type = value.constructor as Uint32ArrayConstructor;
      const capacity = STORED.has(name) ? capacityFor(value.length) : value.length;
      const shared = new Type(
        new SharedArrayBuffer(capacity * Type.BYTES_PER_ELEMENT) as unknown as ArrayBuffer,
        0,
        value.length,
      );
      shared.set(value);
      copy[name] = shared;
    } else copy[name] = value;
  }
  return copy as unknown as PassageIndex;
}

/** The key of an article of a file read `version` times. */
export function articleKey(version: number, articlePath: string): string {
  return `${version}:${articlePath}`;
}

/** A hash of the articles a file holds (their every field, in order). */
function digestOf(articles: readonly ArticleKey[]): string {
  const hash = createHash("sha256");
  for (const article of articles) hash.update(JSON.stringify(article)).update("\n");
  return hash.digest("hex");
}

/**
 * The files of a read, remembered without their articles' text; a file read again keeps
 * its version when its articles are the same as before.
 */
export function rememberUnits(
  units: readonly ReadUnit[],
  before: ReadonlyMap<string, RememberedUnit> = new Map(),
  versionsBefore: ReadonlyMap<string, number> = new Map(),
): { units: Map<string, RememberedUnit>; versions: Map<string, number> } {
  const remembered = new Map<string, RememberedUnit>();
  const versions = new Map<string, number>();
  for (const unit of units) {
    const previous = before.get(unit.rel);
    const digest = unit.read ? digestOf(unit.articles) : (previous?.digest ?? "");
    const version = versionsBefore.get(unit.rel) ?? 0;
    versions.set(unit.rel, unit.read && digest !== previous?.digest ? version + 1 : version);
    remembered.set(unit.rel, {
      fingerprint: unit.fingerprint,
      digest,
      // A file not read again holds what it held: its keys are kept as they are.
      articles:
        !unit.read && previous !== undefined
          ? previous.articles
          : unit.articles.map(({ id, path }) => ({ id, path })),
      problems: unit.problems,
    });
  }
  return { units: remembered, versions };
}

/** Whether an article of a read carries its text (read now) or only its key (remembered). */
export function hasText(article: ArticleKey): article is Article {
  return Array.isArray((article as Partial<Article>).paragraphs);
}

/** The changes from one order of articles to the next, by key. */
export interface OrderChanges {
  /** Positions in the old order of the articles taken out. */
  removed: number[];
  /** Positions in the new order of the articles put in. */
  inserted: number[];
}

/**
 * Which articles of the old order are taken out and which of the new are put in: articles
 * of equal key that keep their relative order stay; anything else is taken out and put in
 * again (as a kept article moving to the end is).
 */
export function diffOrders(
  old: readonly OrderedArticle[],
  next: readonly OrderedArticle[],
): OrderChanges {
  // The articles before the first difference and after the last one stay as they are:
  // only the stretch between is looked up by key (a change of a few files is a short one).
  let head = 0;
  while (head < old.length && head < next.length && old[head]!.key === next[head]!.key) head++;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < next.length - head &&
    old[old.length - 1 - tail]!.key === next[next.length - 1 - tail]!.key
  ) {
    tail++;
  }
  const oldEnd = old.length - tail;
  const nextEnd = next.length - tail;
  const oldPosition = new Map<string, number>();
  for (let at = head; at < oldEnd; at++) oldPosition.set(old[at]!.key, at);
  const stays = new Uint8Array(old.length);
  const inserted: number[] = [];
  let last = -1;
  for (let at = head; at < nextEnd; at++) {
    const was = oldPosition.get(next[at]!.key);
    if (was !== undefined && was > last) {
      stays[was] = 1;
      last = was;
    } else inserted.push(at);
  }
  const removed: number[] = [];
  for (let at = head; at < oldEnd; at++) if (stays[at] === 0) removed.push(at);
  return { removed, inserted };
}

/** Whether a change of this size is better done as an update than a build. */
export function worthUpdating(changes: OrderChanges, articleCount: number): boolean {
  const changed = changes.removed.length + changes.inserted.length;
  return (
    changed <= UPDATE_SETTINGS.maxChangedArticles &&
    (changed <= UPDATE_SETTINGS.fewChangedArticles ||
      changed <= UPDATE_SETTINGS.maxChangedShare * articleCount)
  );
}

/**
 * Whether an update can give exactly what a build gives: the spelling corrector keeps the
 * first MAX_VOCABULARY words met, which for a larger vocabulary depends on the build's order.
 */
export function canUpdate(index: PassageIndex): boolean {
  return index.words.size <= MAX_VOCABULARY;
}
