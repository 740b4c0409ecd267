import { describe, expect, it } from "vitest";
import { expectedAnswerType, holdsAnswerType } from "../../src/core/answerType.ts";

describe("the kind of answer a question asks for", () => {
  it.each([
    ["When did the port reopen?", "time"],
    ["How many ships were waiting?", "quantity"],
    ["Who led the Polish delegation?", "person"],
    ["Which country endured a heatwave this week?", "name"],
    ["In which South American capital did police fire tear gas?", "name"],
    ["Which former president broke ground on a centre?", "name"],
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
});
