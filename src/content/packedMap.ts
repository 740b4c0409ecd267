/**
 * A read-only map over a packed index's map as it arrives (its keys as UTF-16 code units, their
 * lengths, one column of numbers per value field): a hash table of entry numbers is built
 * over the packed arrays in one short pass, and lookups compare the packed keys in place. So
 * a vocabulary of hundreds of thousands of words is usable a few milliseconds after its
 * buffers arrive, instead of after as many Map insertions, and stays out of the heap. That
 * pass can be made in steps ({@link PackedMap.build}), so a thread serving questions meanwhile
 * is never held for all of it.
 *
 * Entries come out in their packed order (the order of the map that was packed). The
 * table's hash is seeded anew in each process, so no crafted set of words can be made to
 * collide in it; a hash match is always confirmed by comparing the words themselves.
 */

/** How the table is sized. */
export const PACKED_MAP_SETTINGS = {
  /** Slots per entry at least (a power of two above it): lookups probe a slot or two. */
  slotsPerEntry: 2,
  /** Key characters turned into a string at once when the keys are first listed. */
  keyCharsPerCall: 8_192,
  /** Entries put into the table between two chances to pause ({@link PackedMap.build}). */
  entriesPerStep: 8_192,
} as const;

const SEED = (Math.random() * 0x1_0000_0000) >>> 0;

/** FNV-1a over UTF-16 code units from a seeded start, then mixed (murmur3's finaliser). */
function finish(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashOfString(key: string): number {
  let hash = SEED ^ 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return finish(hash);
}

function hashOfCodes(codes: Uint16Array, start: number, length: number): number {
  let hash = SEED ^ 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ codes[i]!, 0x01000193);
  return finish(hash);
}

/** The packed parts of one map, as checked by the codec. */
export interface PackedMapParts {
  size: number;
  keyLengths: Uint32Array;
  keys: Uint16Array;
  /** Null for a map to numbers; else the value objects' field names, one per column. */
  fields: readonly string[] | null;
  columns: readonly Float64Array[];
}

/** Thrown when the parts do not hold together (key lengths past the keys, a repeated key). */
export class PackedMapError extends Error {}

/** The lookup table over a map's packed keys. */
export interface PackedMapTable {
  /** Where each key starts in `keys`; one extra entry closes the last. */
  starts: Uint32Array;
  /** Entry number + 1 in each slot; 0 for an empty slot. */
  slots: Uint32Array;
}

/** Whether entry `entry`'s key is the `length` code units of `keys` from `start`. */
function sameKeys(
  keys: Uint16Array,
  starts: Uint32Array,
  entry: number,
  start: number,
  length: number,
): boolean {
  const at = starts[entry]!;
  if (starts[entry + 1]! - at !== length) return false;
  for (let i = 0; i < length; i++) if (keys[at + i] !== keys[start + i]) return false;
  return true;
}

/**
 * Builds the table over `parts`, stopping after every PACKED_MAP_SETTINGS.entriesPerStep
 * entries; returns it once complete. Throws {@link PackedMapError} when the parts do not
 * hold together.
 */
function* tableSteps(parts: PackedMapParts): Generator<void, PackedMapTable> {
  const { size, keyLengths, keys } = parts;
  const { entriesPerStep } = PACKED_MAP_SETTINGS;
  const starts = new Uint32Array(size + 1);
  for (let entry = 0; entry < size; entry++) {
    if (entry > 0 && entry % entriesPerStep === 0) yield;
    const end = starts[entry]! + keyLengths[entry]!;
    if (end > keys.length) throw new PackedMapError("a key runs past the end of the keys");
    starts[entry + 1] = end;
  }
  if (starts[size] !== keys.length) {
    throw new PackedMapError("the key lengths do not add up to the keys");
  }
  yield;
  let slotCount = 2;
  while (slotCount < size * PACKED_MAP_SETTINGS.slotsPerEntry) slotCount *= 2;
  const slots = new Uint32Array(slotCount);
  const mask = slotCount - 1;
  for (let entry = 0; entry < size; entry++) {
    if (entry > 0 && entry % entriesPerStep === 0) yield;
    const start = starts[entry]!;
    const length = keyLengths[entry]!;
    let slot = hashOfCodes(keys, start, length) & mask;
    for (;;) {
      const taken = slots[slot]!;
      if (taken === 0) break;
      if (sameKeys(keys, starts, taken - 1, start, length)) {
        throw new PackedMapError("a key is repeated");
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = entry + 1;
  }
  return { starts, slots };
}

/** The whole table over `parts` at once. */
function wholeTable(parts: PackedMapParts): PackedMapTable {
  const steps = tableSteps(parts);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

export class PackedMap<V> implements ReadonlyMap<string, V> {
  readonly size: number;
  /** Where each key starts in `keys`; one extra entry closes the last. */
  private readonly starts: Uint32Array;
  /** Entry number + 1 in each slot; 0 for an empty slot. */
  private readonly slots: Uint32Array;
  private readonly mask: number;
  /** All keys as one string, made when the keys are first listed. */
  private keyText: string | null = null;

  /** The map over `parts`, its table built at once (or handed over built: see {@link build}). */
  constructor(
    private readonly parts: PackedMapParts,
    table: PackedMapTable = wholeTable(parts),
  ) {
    this.size = parts.size;
    this.starts = table.starts;
    this.slots = table.slots;
    this.mask = table.slots.length - 1;
  }

  /**
   * The map over `parts`, its table built in steps with `pause()` between them: a large
   * vocabulary's table takes tens of milliseconds to build in one go.
   */
  static async build<V>(parts: PackedMapParts, pause: () => Promise<void>): Promise<PackedMap<V>> {
    const steps = tableSteps(parts);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return new PackedMap<V>(parts, step.value);
      await pause();
    }
  }

  /** The entry number of `key`, or -1. */
  private entryOf(key: string): number {
    if (typeof key !== "string") return -1;
    const { keys } = this.parts;
    let slot = hashOfString(key) & this.mask;
    for (;;) {
      const taken = this.slots[slot]!;
      if (taken === 0) return -1;
      const entry = taken - 1;
      const at = this.starts[entry]!;
      if (this.starts[entry + 1]! - at === key.length) {
        let i = 0;
        while (i < key.length && keys[at + i] === key.charCodeAt(i)) i++;
        if (i === key.length) return entry;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private valueAt(entry: number): V {
    const { fields, columns } = this.parts;
    if (fields === null) return columns[0]![entry] as V;
    const value: Record<string, number> = {};
    for (let column = 0; column < fields.length; column++) {
      value[fields[column]!] = columns[column]![entry]!;
    }
    return value as V;
  }

  private keyAt(entry: number): string {
    this.keyText ??= stringFromCodes(this.parts.keys);
    return this.keyText.slice(this.starts[entry], this.starts[entry + 1]);
  }

  get(key: string): V | undefined {
    const entry = this.entryOf(key);
    return entry === -1 ? undefined : this.valueAt(entry);
  }

  has(key: string): boolean {
    return this.entryOf(key) !== -1;
  }

  *entries(): MapIterator<[string, V]> {
    for (let entry = 0; entry < this.size; entry++) yield [this.keyAt(entry), this.valueAt(entry)];
  }

  *keys(): MapIterator<string> {
    for (let entry = 0; entry < this.size; entry++) yield this.keyAt(entry);
  }

  *values(): MapIterator<V> {
    for (let entry = 0; entry < this.size; entry++) yield this.valueAt(entry);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }
}

/** Decodes UTF-16 as it is: a leading U+FEFF is a character, not a byte-order mark. */
const UTF16 = new TextDecoder("utf-16le", { ignoreBOM: true });

/** Whether this machine stores a Uint16Array's code units as UTF-16LE bytes. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Whether every surrogate in `codes` is half of a well-formed pair. */
function isWellFormed(codes: Uint16Array): boolean {
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code < 0xd800 || code > 0xdfff) continue;
    const next = codes[i + 1] ?? 0;
    if (code > 0xdbff || next < 0xdc00 || next > 0xdfff) return false;
    i++;
  }
  return true;
}

/**
 * UTF-16 code units back into a string, exactly (lone surrogates included). Well-formed
 * text, nearly always, goes through TextDecoder: about 10 ms for two million code units,
 * against 150 ms a chunk at a time, which the spelling corrector's first step would wait for.
 */
export function stringFromCodes(codes: Uint16Array): string {
  if (LITTLE_ENDIAN && isWellFormed(codes)) return UTF16.decode(codes);
  const parts: string[] = [];
  const step = PACKED_MAP_SETTINGS.keyCharsPerCall;
  for (let at = 0; at < codes.length; at += step) {
    parts.push(String.fromCharCode(...codes.subarray(at, Math.min(at + step, codes.length))));
  }
  return parts.join("");
}
