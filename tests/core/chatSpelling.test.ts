import { describe, expect, it } from "vitest";
import { withChatSpellingsWrittenOut } from "../../src/core/chatSpelling.ts";

describe("chat spellings written out", () => {
  it.each([
    ["whats tesla known for", "what is tesla known for"],
    ["Whats the latest on the strike", "What is the latest on the strike"],
    ["why didnt the senate vote", "why did not the senate vote"],
    ["how many ppl live there", "how many people live there"],
    ["whats going on w/ the snails", "what is going on with  the snails"],
    ["life w/o power", "life without power"],
    ["who won the game rn", "who won the game right now"],
    ["lol who won", " who won"],
    ["what did the u.s. say", "what did the U.S. say"],
    ["what did the u.k say", "what did the U.K say"],
    ["how hard is todays puzzle", "how hard is today's puzzle"],
    ["Didnt it rain?", "Did not it rain?"],
    // A question typed in capitals throughout: its chat spellings are in capitals too.
    ["WHATS NEW PLS", "WHAT IS NEW PLEASE"],
    ["WHO IS KUPIECKI LOL", "WHO IS KUPIECKI "],
    ["WAT DID PPL SAY ABT IT pls", "WHAT DID PEOPLE SAY ABOUT IT please"],
  ])("%j → %j", (chat, written) => {
    expect(withChatSpellingsWrittenOut(chat)).toBe(written);
  });

  it.each([
    // English words in their own right, and words with their apostrophe.
    "lets see what were the well known ills",
    "don't what's o'clock",
    // Capitals: an initial, a name, a temple.
    "U Thant visited Wat Arun",
    "R Kelly",
    // Lower-case abbreviations written so on purpose, and other dotted letters.
    "at 9 a.m. e.g. the i.e. form",
    // Inside longer words and acronyms, joined words, tags and links.
    "ursa urn U.S. whatsapp",
    "a u-turn on r&b and r&d #lol @u",
    "see https://x.com/whats/u/ppl and www.lol.com",
    // Words and names that look like chat: "Wat Tyler", "Im Jin-ah", "Jony Ive", "Ur".
    "Wat Tyler and Im Jin-ah met Jony Ive in Ur",
    "jony ive and gov newsom",
    // Capitals in a question typed in small letters; an initial in one typed in capitals.
    "what did the WHO say PLS",
    "WHO IS R KELLY",
  ])("leaves %j as it is", (text) => {
    expect(withChatSpellingsWrittenOut(text)).toBe(text);
  });

  it("reads a long run in time linear in its length", () => {
    // A run of letters ending in an apostrophe is tried once, not again from each letter.
    const run = (n: number): string => `${"a".repeat(n)}' ${"u.".repeat(n)}`;
    // The best of three runs, so that one pause of the collector or of a busy machine is
    // not taken for the cost of the text.
    const time = (text: string): number => {
      let best = Infinity;
      for (let attempt = 0; attempt < 3; attempt++) {
        const started = performance.now();
        withChatSpellingsWrittenOut(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(run(1000));
    const small = time(run(50_000));
    const large = time(run(200_000));
    expect(large, `${small.toFixed(1)} ms at n, ${large.toFixed(1)} ms at 4n`).toBeLessThan(
      10 * small + 50,
    );
  });
});
