import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringFromCodes } from "../src/content/packedMap.ts";

/** A string's UTF-16 code units. */
function codesOf(text: string): Uint16Array {
  return Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}

describe("packed words back into text", () => {
  it("gives back exactly the code units packed: lone surrogates, pairs and a leading U+FEFF", () => {
    for (const text of ["\uFEFFseoul", "a\uD800b", "\uDC00", "x\uD83D", "😀 łódź", ""]) {
      expect(stringFromCodes(codesOf(text))).toBe(text);
    }
  });

  it("gives back any string of code units, long or short", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0xd800, max: 0xdfff })),
          {
            maxLength: 20_000,
          },
        ),
        (units) => {
          const codes = Uint16Array.from(units);
          expect(stringFromCodes(codes)).toBe(String.fromCharCode(...codes));
        },
      ),
      { numRuns: 100 },
    );
  });
});
