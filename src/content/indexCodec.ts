/**
 * Turns a search index into a few large buffers and a small JSON layout, and back: the form
 * in which an index crosses from the build worker to the main thread (buffers transferred,
 * not copied) and in which it is saved to disk.
 *
 * The codec knows nothing of the index's fields by name. It walks the index object:
 * - every typed array becomes one buffer, read back as it is (a view, no per-element work);
 * - numbers, strings, booleans and null (and arrays of them) go into the layout as JSON;
 * - a Map from strings to numbers, or to objects of numbers, becomes one string of all keys,
 *   a typed array of key lengths and one Float64Array per value field, read back as a
 *   read-only map over those arrays (packedMap.ts).
 * Anything else is refused with an error naming the field, so a new kind of field is
 * noticed when it is added rather than lost on the way.
 */

import { LayeredMap } from "../core/layeredMap.ts";
import { PackedMap, PackedMapError } from "./packedMap.ts";

/** The typed-array kinds an index may hold, by constructor name. */
const TYPED_ARRAYS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;
type JsonValue = number | string | boolean | null | readonly (number | string | boolean | null)[];

/** How one field of the index is stored. Buffers are referred to by their place in `buffers`. */
export type FieldLayout =
  | { name: string; kind: "json"; value: JsonValue }
  | { name: string; kind: "array"; type: TypedArrayName; buffer: number; length: number }
  | {
      name: string;
      kind: "map";
      size: number;
      /** Buffer of the keys' lengths (UTF-16 code units, Uint32Array). */
      keyLengths: number;
      /** Buffer of all keys, one after the other, as UTF-16 code units (Uint16Array). */
      keys: number;
      /** Null for a map to numbers; the field names for a map to objects of numbers. */
      fields: string[] | null;
      /** One buffer (Float64Array) per value field, or one for a map to numbers. */
      values: number[];
    };

/** An index taken apart: the layout is plain JSON, the buffers hold everything large. */
export interface PackedIndex {
  layout: FieldLayout[];
  /** Buffers of their own (transferred between threads) or shared ones (shared as they are). */
  buffers: (ArrayBuffer | SharedArrayBuffer)[];
}

/** The buffers of a packed index that a message transfers: shared ones need not be. */
export function transferable(packed: PackedIndex): ArrayBuffer[] {
  return packed.buffers.filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

function isTypedArrayName(name: string): name is TypedArrayName {
  return Object.hasOwn(TYPED_ARRAYS, name);
}

function isJsonScalar(value: unknown): value is number | string | boolean | null {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function isJsonValue(value: unknown): value is JsonValue {
  return isJsonScalar(value) || (Array.isArray(value) && value.every(isJsonScalar));
}

/** The numeric fields of a map's values: null when they are numbers themselves. */
function valueFields(name: string, map: ReadonlyMap<unknown, unknown>): string[] | null {
  const first: unknown = map.values().next().value;
  if (first === undefined || typeof first === "number") return null;
  if (typeof first !== "object" || first === null) {
    throw new Error(`index field "${name}": map values must be numbers or objects of numbers`);
  }
  return Object.keys(first);
}

/**
 * Takes an index apart. Typed arrays whose buffer holds exactly them are handed over as
 * they are (so they can be transferred); a view into a larger buffer is copied out, but
 * for a view at the start of a shared buffer, which is shared whole unless `exact` (for a
 * copy saved to disk, whose buffers must hold exactly their fields).
 */
export function packIndex(index: object, options: { exact?: boolean } = {}): PackedIndex {
  const layout: FieldLayout[] = [];
  const buffers: (ArrayBuffer | SharedArrayBuffer)[] = [];
  const addBuffer = (view: AnyTypedArray): number => {
    const buffer: ArrayBufferLike = view.buffer;
    // A shared buffer may hold room past the view (an updated index grows into it): it is
    // shared as it is, the field's length saying how much of it the view covers.
    const shared = buffer instanceof SharedArrayBuffer && !options.exact;
    const whole =
      view.byteOffset === 0 &&
      (view.byteLength === buffer.byteLength || shared) &&
      !buffers.includes(buffer);
    buffers.push(whole ? buffer : view.slice().buffer);
    return buffers.length - 1;
  };

  for (const [name, value] of Object.entries(index)) {
    if (ArrayBuffer.isView(value)) {
      const type = value.constructor.name;
      if (!isTypedArrayName(type)) throw new Error(`index field "${name}": unsupported ${type}`);
      const array = value as AnyTypedArray;
      layout.push({ name, kind: "array", type, buffer: addBuffer(array), length: array.length });
    } else if (value instanceof Map || value instanceof LayeredMap || value instanceof PackedMap) {
      layout.push(packMap(name, value as ReadonlyMap<unknown, unknown>, addBuffer));
    } else if (isJsonValue(value)) {
      layout.push({ name, kind: "json", value });
    } else {
      throw new Error(`index field "${name}" cannot be saved (${typeof value})`);
    }
  }
  return { layout, buffers };
}

function packMap(
  name: string,
  map: ReadonlyMap<unknown, unknown>,
  addBuffer: (view: AnyTypedArray) => number,
): FieldLayout {
  const fields = valueFields(name, map);
  const keyLengths = new Uint32Array(map.size);
  const columns = (fields ?? [""]).map(() => new Float64Array(map.size));
  const keyParts: string[] = [];
  let at = 0;
  for (const [key, value] of map) {
    if (typeof key !== "string") throw new Error(`index field "${name}": map keys must be strings`);
    keyParts.push(key);
    keyLengths[at] = key.length;
    if (fields === null) {
      if (typeof value !== "number") throw new Error(`index field "${name}": mixed map values`);
      columns[0]![at] = value;
    } else {
      const record = value as Record<string, unknown>;
      fields.forEach((field, column) => {
        const number = record[field];
        if (typeof number !== "number") {
          throw new Error(`index field "${name}": value field "${field}" is not a number`);
        }
        columns[column]![at] = number;
      });
    }
    at++;
  }
  const keyText = keyParts.join("");
  const keys = new Uint16Array(keyText.length);
  for (let i = 0; i < keyText.length; i++) keys[i] = keyText.charCodeAt(i);
  return {
    name,
    kind: "map",
    size: map.size,
    keyLengths: addBuffer(keyLengths),
    keys: addBuffer(keys),
    fields,
    values: columns.map(addBuffer),
  };
}

/**
 * A chance for other work to run between two steps of a long unpacking: a macrotask
 * boundary, or none while the slice of work under way is still short.
 */
export type Pause = () => Promise<void>;

/** Thrown when a packed index does not hold together (wrong lengths, missing buffers). */
export class PackedIndexError extends Error {}

function bufferAt(packed: PackedIndex, at: number): ArrayBuffer | SharedArrayBuffer {
  const buffer = packed.buffers[at];
  if (buffer === undefined) throw new PackedIndexError(`buffer ${at} is missing`);
  return buffer;
}

/** A typed array over a whole buffer, which must hold exactly `length` elements. */
function viewOf(
  packed: PackedIndex,
  at: number,
  type: TypedArrayName,
  length: number | null,
): AnyTypedArray {
  const buffer = bufferAt(packed, at);
  const Type = TYPED_ARRAYS[type];
  if (buffer.byteLength % Type.BYTES_PER_ELEMENT !== 0) {
    throw new PackedIndexError(`buffer ${at} does not hold whole ${type} elements`);
  }
  // A shared buffer makes a view like any other (the type only knows ArrayBuffer here); one
  // may hold room past its field.
  const roomy =
    buffer instanceof SharedArrayBuffer &&
    length !== null &&
    buffer.byteLength > length * Type.BYTES_PER_ELEMENT;
  const whole = buffer as unknown as ArrayBuffer;
  const view = roomy ? new Type(whole, 0, length) : new Type(whole);
  if (length !== null && view.length !== length) {
    throw new PackedIndexError(`buffer ${at} holds ${view.length} values, not ${length}`);
  }
  return view;
}

/**
 * Puts an index back together. Typed arrays are views over the buffers as they are; maps
 * are {@link PackedMap}s over theirs, whose tables are built with `pause()` between steps.
 * Throws {@link PackedIndexError} when the parts do not fit.
 */
export async function unpackIndex<T>(packed: PackedIndex, pause: Pause): Promise<T> {
  const index: Record<string, unknown> = {};
  for (const field of packed.layout) {
    if (field.kind === "json") index[field.name] = field.value;
    else if (field.kind === "array") {
      if (!isTypedArrayName(field.type)) throw new PackedIndexError(`field "${field.name}" has an unknown type`);
      index[field.name] = viewOf(packed, field.buffer, field.type, field.length);
    } else {
      index[field.name] = await unpackMap(packed, field, pause);
    }
  }
  return index as T;
}

/**
 * A map of the index over its packed arrays as they are ({@link PackedMap}): no entry is
 * copied, so even a large vocabulary takes a few tens of milliseconds, in steps.
 */
async function unpackMap(
  packed: PackedIndex,
  field: Extract<FieldLayout, { kind: "map" }>,
  pause: Pause,
): Promise<PackedMap<unknown>> {
  const keyLengths = viewOf(packed, field.keyLengths, "Uint32Array", field.size) as Uint32Array;
  const keys = viewOf(packed, field.keys, "Uint16Array", null) as Uint16Array;
  const columns = field.values.map((at) => viewOf(packed, at, "Float64Array", field.size) as Float64Array);
  const fields = field.fields;
  if (columns.length !== (fields?.length ?? 1)) {
    throw new PackedIndexError(`map "${field.name}" has ${columns.length} value columns`);
  }
  try {
    return await PackedMap.build({ size: field.size, keyLengths, keys, fields, columns }, pause);
  } catch (err) {
    if (err instanceof PackedMapError) throw new PackedIndexError(`map "${field.name}": ${err.message}`);
    throw err;
  }
}

/**
 * Checks that a packed index holds together without unpacking it: every field of a known
 * kind, every buffer present and of the length its field says. Returns what is wrong, or
 * null. Cheap (the map keys are not decoded), so a saved copy is checked before it is used.
 */
export function checkPackedIndex(packed: PackedIndex): string | null {
  try {
    for (const field of packed.layout as readonly Partial<FieldLayout>[]) {
      checkField(packed, field);
    }
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function checkField(packed: PackedIndex, field: Partial<FieldLayout>): void {
  if (typeof field.name !== "string") throw new PackedIndexError("a field has no name");
  if (field.kind === "json") {
    if (!isJsonValue(field.value)) throw new PackedIndexError(`field "${field.name}" is not JSON`);
  } else if (field.kind === "array") {
    if (typeof field.type !== "string" || !isTypedArrayName(field.type)) {
      throw new PackedIndexError(`field "${field.name}" has an unknown type`);
    }
    viewOf(packed, Number(field.buffer), field.type, Number(field.length));
  } else if (field.kind === "map") {
    const size = Number(field.size);
    const lengths = viewOf(packed, Number(field.keyLengths), "Uint32Array", size);
    const keys = viewOf(packed, Number(field.keys), "Uint16Array", null);
    let total = 0;
    for (const length of lengths) total += length;
    if (total !== keys.length) {
      throw new PackedIndexError(`map "${field.name}" key lengths do not add up to its keys`);
    }
    const names = field.fields;
    const values = Array.isArray(field.values) ? field.values : [];
    if (names !== null && !(Array.isArray(names) && names.every((n) => typeof n === "string"))) {
      throw new PackedIndexError(`map "${field.name}" has malformed value fields`);
    }
    if (values.length !== (names?.length ?? 1)) {
      throw new PackedIndexError(`map "${field.name}" has ${values.length} value columns`);
    }
    for (const at of values) viewOf(packed, Number(at), "Float64Array", size);
  } else {
    throw new PackedIndexError(`field "${field.name}" is of an unknown kind`);
  }
}
