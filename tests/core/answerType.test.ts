import { describe, expect, it } from "vitest";
import { expectedAnswerType, holdsAnswerType } from "../../src/core/answerType.ts";

describe("the kind of answer a question asks for", () => {
  it.each([
    ["When did the port reopen?", "time"],
    ["How many ships were waiting?", "quantity"],
    ["Who led the Polish delegation?", "person"],
    ["Which country endured a heatwave this week?", "country"],
    ["What European nation voted to enshrine the right?", "country"],
    ["In which South American capital did police fire tear gas?", "name"],
    ["Which former president broke ground on a centre?", "name"],
    // Asking for the name itself: the answer is one.
    ["A storm is dumping rain across the Southeast. What is its name?", "name"],
    ["What was the name of the ship that ran aground?", "name"],
    ["Pfizer's vaccine has gained full approval. What's its brand name?", "name"],
    ["What’s the official name of the new agency?", "name"],
    ["What did Korea and Poland agree on?", null],
    ["Which of these is true?", null],
  ] as const)("%s → %s", (question, type) => {
    expect(expectedAnswerType(question)).toBe(type);
  });

  it("counts for a name only one the question does not hold, and no day or month", () => {
    const asked = new Set(["which", "country", "saw", "a", "heatwave", "in", "india"]);
    expect(holdsAnswerType("name", "Temperatures rose across Pakistan.", asked)).toBe(true);
    expect(holdsAnswerType("name", "Temperatures rose across India.", asked)).toBe(false);
    expect(holdsAnswerType("name", "Temperatures rose on Monday in May.", asked)).toBe(false);
  });

  it("counts for a country only a country or its people that the question does not name", () => {
    const asked = new Set(["which", "country", "saw", "a", "heatwave", "besides", "india"]);
    // A capitalised word is not enough: the answer to "which country" is a country.
    expect(holdsAnswerType("country", "Temperatures rose across Pakistan.", asked)).toBe(true);
    expect(holdsAnswerType("country", "Pakistani farmers lost their crops.", asked)).toBe(true);
    expect(holdsAnswerType("country", "Heat records fell in South Korea.", asked)).toBe(true);
    expect(holdsAnswerType("country", "Temperatures rose across India.", asked)).toBe(false);
    expect(holdsAnswerType("country", "The Met Office warned of more heat.", asked)).toBe(false);
    // "South" alone, or "Korea" named by the question, is not another country.
    const korea = new Set([...asked, "korea"]);
    expect(holdsAnswerType("country", "Records fell in the South.", korea)).toBe(false);
  });
});
