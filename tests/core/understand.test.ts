import { describe, expect, it } from "vitest";
import { buildLibrary } from "../../src/core/library.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";
import { MAX_TERM_GROUPS, TermGroups, type TermGroup } from "../../src/core/pipeline/question.ts";
import { buildPassageIndex, caseKeptWords } from "../../src/core/passageIndex.ts";
import type { SearchContext } from "../../src/core/pipeline/context.ts";
import { isOtherEnglishSpelling, termGroupsOf } from "../../src/core/pipeline/understand.ts";
import { rankingSettings } from "../../src/core/settings.ts";
import { createSpellingCorrector } from "../../src/core/spelling.ts";
import { fixtureArticle } from "./fixtureArticle.ts";

function article(name: string, text: string) {
  const parsed = parseArticle(text, name);
  if (parsed.article === null) throw new Error(`fixture ${name} does not parse`);
  return parsed.article;
}

const library = buildLibrary([
  article("tariffs.txt", "date 2026-03-02\nThe US raised tariffs on steel imports to 25 percent."),
  article(
    "shop.txt",
    "date 2026-03-03\nThe shop told us that tariffs raised the price of bicycles.",
  ),
  article(
    "who.txt",
    "date 2026-03-04\nThe WHO said the outbreak was over after 42 days without a case.",
  ),
  article("spring.txt", "date 2026-03-05\nThe festival moved to May after heavy rain in April."),
  article(
    "book.txt",
    "date 2026-03-06\nCritics said What Remains, a memoir by a shop owner, sold well.",
  ),
]);

describe("words that case tells apart from stop words", () => {
  it("finds the country written US, not the pronoun us", () => {
    // "US" in capitals is a name; "us" in lower case is a stop word in both the question
    // and the articles, so only the tariffs article holds the question's subject.
    const [first] = library.search("Which tariffs did the US raise?", { top: 1 });
    expect(first?.article.id).toBe("tariffs");
    expect(first?.matchedWords).toContain("US");
  });

  it("finds the WHO and the month May", () => {
    expect(library.search("What did the WHO say about the outbreak?")[0]?.article.id).toBe("who");
    expect(library.search("Why did the festival move to May?")[0]?.article.id).toBe("spring");
  });

  it("keeps capitals only where they mark a name", () => {
    const sentence = "May the US and WHO officials meet In May or Will they wait?";
    // "May" opening the sentence is the verb; after that, a capital marks a name or month.
    expect(caseKeptWords(sentence, 0, sentence.length)).toEqual(["US", "WHO", "In", "May", "Will"]);
  });

  it("reads U.S. as US, in the articles and in the question", () => {
    // News writes "U.S." and "D.C."; people type "US" and "DC". Each is one word ("US",
    // "dc"), while "us" stays a stop word. The quote's matched word is given as the
    // article writes it, for bold.
    const sentence = "The U.S. and U.K. teams met us in Washington, D.C. last week.";
    expect(caseKeptWords(sentence, 0, sentence.length)).toEqual(["US", "uk", "dc"]);
    const dotted = buildLibrary([
      article(
        "sanctions.txt",
        "date 2026-03-07\nThe U.S. imposed new sanctions on shipping firms.",
      ),
      article("ports.txt", "date 2026-03-08\nShipping firms told us that the ports were full."),
    ]);
    const [typed] = dotted.search("What sanctions did the US impose on shipping firms?", {
      top: 1,
    });
    expect(typed?.article.id).toBe("sanctions");
    expect(typed?.matchedWords).toContain("U.S.");
    const [written] = library.search("Which tariffs did the U.S. raise?", { top: 1 });
    expect(written?.article.id).toBe("tariffs");
  });
});

describe("questions of several sentences", () => {
  it("reads the capital opening a later sentence as the capital of any sentence", () => {
    // "What" opening the second sentence is the question word, not the "What" of the title
    // "What Remains": as a name it would count as a missing piece of the question and lower
    // the answer's relevance (0.58 instead of 0.74).
    const asked = library.search("Bicycles cost more now. What raised their price?", { top: 1 });
    const lower = library.search("Bicycles cost more now. what raised their price?", { top: 1 });
    expect(asked[0]?.article.id).toBe("shop");
    expect(asked[0]?.score).toBe(lower[0]?.score);
    expect(asked[0]?.matchedWords).not.toContain("What");
  });

  it("ends a sentence after a dotted acronym, as it is written", () => {
    // "N.Y." is read as one word, "ny", but its full stop still ends the first sentence:
    // the "What" after it opens the question and is no name (as a name, the "What" of
    // "What Remains" would count as a piece of the question and lower the score).
    const ports = buildLibrary([
      article("port.txt", "date 2026-03-02\nThe N.Y. port raised its fees on steel imports."),
      article("book.txt", "date 2026-03-06\nCritics said What Remains, a memoir, sold well."),
    ]);
    const asked = ports.search("Steel comes in through N.Y. What raised its fees?", { top: 1 });
    const lower = ports.search("Steel comes in through N.Y. what raised its fees?", { top: 1 });
    expect(asked[0]?.article.id).toBe("port");
    expect(asked[0]?.score).toBe(lower[0]?.score);
    expect(asked[0]?.matchedWords).toContain("N.Y.");
  });
});

describe("time words taken out of a question", () => {
  const valuationArticle = article(
    "startup.txt",
    "date 2026-03-02\nThe start-up was valued at 3 billion dollars on Monday, the first company of its kind to pass that mark.",
  );
  const valuations = buildLibrary([valuationArticle]);

  it("leave a capitalised word after them a name", () => {
    // "On Monday" is read as a day and taken out of the words matched, which leaves "Apple"
    // first. It did not open the question as written, so its capital still marks a name,
    // and the reply says no article mentions it. Read as the question's opening word, it
    // would say nothing, and "apple" would be a word like any other.
    const answer = valuations.answer(
      "On Monday, Apple became the first company valued at how much?",
      { asOf: "2026-03-04" },
    );
    expect(answer.results).toEqual([]);
    expect(answer.missing).toEqual(["apple"]);
  });

  it("leave a word opening a later sentence an opening word", () => {
    // "over the weekend" is taken out; "Weekend" opens the second sentence, so its capital
    // says nothing. Paired with the time words' own "weekend", it would be read as a name
    // no article holds, and nothing would answer.
    const answer = valuations.answer(
      "What happened over the weekend? Weekend reports said the start-up was valued at how much?",
      { asOf: "2026-03-04" },
    );
    expect(answer.missing).toEqual([]);
    expect(answer.results[0]?.quote).toContain("3 billion dollars");
  });

  it("leave out the words asking for the current state when no period is named", () => {
    // "latest" says which articles to prefer, not what to match. Matched as a word, it
    // counts as a part of the question the valuation passage lacks, and the quote goes to
    // a passage that writes "latest" about something else.
    const library = buildLibrary([
      valuationArticle,
      article("phones.txt", "date 2026-03-01\nThe latest phones were shown at the fair."),
    ]);
    const answer = library.answer("What is the latest on the start-up value?", {
      asOf: "2026-03-04",
    });
    expect(answer.results[0]?.quote).toContain("3 billion dollars");
    expect(answer.results[0]?.matchedWords).not.toContain("latest");
    expect(answer.results.map((result) => result.article.id)).not.toContain("phones");
  });

  it("still answer about what the library holds", () => {
    const [first] = valuations.search("On Monday, the start-up was valued at how much?", {
      asOf: "2026-03-04",
    });
    expect(first?.quote).toContain("3 billion dollars");
  });
});

describe("term groups", () => {
  it("refuses more groups than the coverage mask holds", () => {
    const group: TermGroup = { typed: "word", alternatives: [], isName: false, rarity: 1 };
    expect(() => new TermGroups(Array.from({ length: MAX_TERM_GROUPS + 1 }, () => group))).toThrow(
      RangeError,
    );
  });
});

describe("misspelt words", () => {
  const appointments = buildLibrary([
    article(
      "deal.txt",
      "date 2026-03-02\nUnder the deal, the president would appoint cabinet ministers from both camps, depending on each party's strength.",
    ),
    article(
      "posts.txt",
      "date 2026-03-03\nThe mayor appointed a judge. The governor appointed a clerk. The board appointed a chair.",
    ),
    article("river.txt", "date 2026-03-04\nThe river was determined to be clean after the tests."),
  ]);

  it("reads a misspelt common word as the common word, not as what the question is about", () => {
    // "deyermined" is in no dictionary, so as typed it would count as a rare word the
    // question is about; but it stands for "determined", which is everyday English. The
    // subject stays "appointed", which the deal article holds: the typo changes nothing.
    const clean = appointments.search(
      "How was it determined how many from each camp would be appointed?",
    );
    const typo = appointments.search(
      "How was it deyermined how many from each camp would be appointed?",
    );
    expect(clean[0]?.article.id).toBe("deal");
    expect(typo.map((result) => result.article.id)).toEqual(
      clean.map((result) => result.article.id),
    );
  });

  const people = buildLibrary([
    article(
      "paris.txt",
      "date 2026-03-02\nThe mayor of Paris opened the new bridge over the Seine.",
    ),
    article(
      "party.txt",
      "date 2026-03-03\nThe party chose a new leader after the election defeat.",
    ),
    article("kovac.txt", "date 2026-03-04\nThe engineer Ana Kovac designed the harbour crane."),
    article(
      "kovach.txt",
      "date 2026-03-05\nThe Kovach farm sold its orchard. Kovach cider is made by the Kovach family.",
    ),
  ]);

  it("reads a typo that shares a stem with another word as the word one letter away", () => {
    // "pary" is in no article and no English word list, and is stemmed as "Paris" is; but
    // no word of that stem is one edit from it, while "party" is. So the question is about
    // a party's leader, not about Paris (without the check, the Paris article came first).
    const [first] = people.search("Who leads the pary?");
    expect(first?.article.id).toBe("party");
  });

  it("reads a typo of a form no article writes as the form the library has", () => {
    // "phliosophies" is one swap from "philosophies", which no article writes; the library
    // has "philosophy", of the same stem. The corrector offers only words the library
    // writes, so without a look at the stems the typo stayed a rare word no article holds.
    const medicine = buildLibrary([
      article(
        "medicine.txt",
        "date 2026-03-02\nTraditional Chinese medicine draws on the philosophy of yin and yang.",
      ),
      article("tea.txt", "date 2026-03-03\nChinese tea exports rose in March."),
    ]);
    const [first] = medicine.search("Which phliosophies shaped Chinese medicine?");
    expect(first?.article.id).toBe("medicine");
    expect(first?.matchedWords).toContain("philosophy");
    // A name too: "Rmoans" is "Romans", a form of the library's "Roman".
    const legions = buildLibrary([
      article("rhine.txt", "date 2026-03-05\nThe Roman legions crossed the Rhine in winter."),
      article("alps.txt", "date 2026-03-06\nHannibal crossed the Alps with elephants."),
    ]);
    expect(legions.search("When did the Rmoans cross?", { top: 1 })[0]?.article.id).toBe("rhine");
    // A letter dropped: "declie" is "decline", which no article writes; "declined" is.
    const exports = buildLibrary([
      article("tea.txt", "date 2026-03-03\nChinese tea exports declined in March."),
      article("silk.txt", "date 2026-03-04\nChinese silk exports rose in March."),
    ]);
    expect(exports.search("Which Chinese exports saw a declie?", { top: 1 })[0]?.article.id).toBe(
      "tea",
    );
  });

  it("keeps a form of a library word as that word", () => {
    // "Kovacs" is not in the library either, and "Kovach" (another stem, and the more
    // common word) is one letter away; but so is "Kovac", a word of its own stem, so it is
    // a form of "Kovac", not a typo for "Kovach".
    const [first] = people.search("What did Kovacs design?");
    expect(first?.article.id).toBe("kovac");
    expect(first?.matchedWords).toContain("Kovac");
  });

  it("never reads a word English knows as a typo", () => {
    // "looting" is in no article, and "looking" is one letter from it; but "looting" is an
    // English word, so it stays a form of "loot".
    const loot = buildLibrary([
      article("loot.txt", "date 2026-03-02\nSoldiers loot the museum in the night."),
      article(
        "look.txt",
        "date 2026-03-03\nVisitors were looking at the paintings in the museum all day.",
      ),
    ]);
    const [first] = loot.search("Who was looting the museum?");
    expect(first?.article.id).toBe("loot");
  });
});

describe("short names the library lacks", () => {
  const geology = buildLibrary([
    article(
      "rocks.txt",
      "date 2026-03-02\nThe oldest rocks formed in the first eon of the planet's history, and geologists keep a list of them.",
    ),
    article(
      "oslo.txt",
      "date 2026-03-03\nThe museum in Oslo opened a hall of meteorites, which visitors from Oslo and abroad queued to see.",
    ),
  ]);

  it("are not read as a common word one letter away", () => {
    // "Elon" is one edit from "eon" and "Lisa" from "list", words the library writes in lower
    // case: the library has no article on either person, so there is nothing to quote.
    for (const question of ["What did Elon say about rocks?", "What did Lisa say about rocks?"]) {
      const answer = geology.answer(question);
      expect(answer.results).toEqual([]);
      expect(answer.missing).toEqual([question.split(" ")[2]?.toLowerCase()]);
      expect(answer.suggestions).toEqual([]);
    }
  });

  it("are still corrected to a name the library writes", () => {
    // "Olso" is a swap from "Oslo", which the library writes with a capital.
    expect(geology.search("What opened in Olso?")[0]?.article.id).toBe("oslo");
  });
});

describe("letters and a number typed together", () => {
  const vaccines = buildLibrary([
    article(
      "vaccines.txt",
      "date 2026-03-02\nCOVID-19 vaccines for children under five were approved on Friday. Doctors said COVID-19 shots for toddlers would start next week, and COVID cases fell.",
    ),
    article(
      "hashtag.txt",
      "date 2026-03-03\nThe post tagged #covid19 was about a bakery in Leeds that sold bread to children.",
    ),
    article(
      "phones.txt",
      "date 2026-03-04\nThe iPhone 14 went on sale, and the G7 leaders met in Tokyo about chips.",
    ),
  ]);

  it("reads them apart when the library writes them apart", () => {
    // "covid19" is written joined once, in a hashtag, while the library writes "COVID-19",
    // the letters and the number side by side. Read as typed, "covid19" was the question's
    // subject and only the bakery held it. Read as "covid 19", the question finds the
    // vaccines.
    expect(vaccines.search("covid19 vaccines for children", { top: 1 })[0]?.article.id).toBe(
      "vaccines",
    );
    expect(vaccines.search("what went on sale, the iphone14?", { top: 1 })[0]?.quote).toMatch(
      /iPhone 14/,
    );
  });

  it("keeps a word as typed when the library never writes its parts side by side", () => {
    // The library has "MP" and "3", but never "MP 3": "mp3" is the music file, and the
    // question finds the players, not the MP. The same for a name no article holds:
    // "internet2" is not "internet" and "2", and nothing answers.
    const library = buildLibrary([
      article("mp.txt", "date 2026-03-05\nThe MP for Leeds said 3 schools would close."),
      article("players.txt", "date 2026-03-06\nSales of MP3 players fell for a third year."),
      article("web.txt", "date 2026-03-07\nThe internet reached 2 billion homes in 2026."),
    ]);
    expect(library.search("why did mp3 player sales fall", { top: 1 })[0]?.article.id).toBe(
      "players",
    );
    expect(library.search("who runs internet2")).toEqual([]);
    expect(library.search("Who runs Internet2?")).toEqual([]);
  });
});

describe("a country opening the question", () => {
  it("is a name, the subject the question is about", () => {
    // The first word's capital says nothing of most words, but "Japan" is a country
    // wherever it stands. Read as a name it is the subject, and the article on Japan's plan
    // answers; read as any opening word, the subject was the question's rare words,
    // "infuriated" and "neighbours", which no article holds, and nothing answered.
    const plans = buildLibrary([
      article(
        "water.txt",
        "date 2026-03-02\nJapan approved a plan to release treated water from the Fukushima plant into the ocean.",
      ),
      article("rice.txt", "date 2026-03-03\nFarmers in Japan planted rice early this spring."),
    ]);
    const [first] = plans.search(
      "Japan has infuriated neighbours with plans to release what into the ocean?",
    );
    expect(first?.article.id).toBe("water");
  });
});

describe("a question of many misspelt words", () => {
  it("spends its corrections only on words that need a search", () => {
    // "harbours", "piers", "jetties" and "towns" are found by their forms, and "teh" is
    // too short to correct: none of them uses up a correction, so "lighthuose" is still
    // corrected, as the fifth word the library lacks as typed.
    const coast = buildLibrary([
      article(
        "storm.txt",
        "date 2026-03-02\nThe storm closed the harbour, the pier and the jetty of each town, and the lighthouse stood.",
      ),
    ]);
    const [first] = coast.search(
      "Did teh storms close the harbours, piers and jetties of the towns, and was the lighthuose hit?",
    );
    expect(first?.matchedWords).toContain("lighthouse");
  });

  it("corrects the first few only, so made-up words cannot hold the bot up", () => {
    // Each correction searches the library's words; a question of made-up words asked
    // hundreds of searches before. Only its first four unknown words are corrected now.
    const library = buildLibrary([
      article(
        "words.txt",
        "date 2026-03-02\nThe harbour, lighthouse, cathedral, orchestra, parliament and observatory reopened.",
      ),
    ]);
    const answer = library.answer("harbuor lighthuose cathedarl orchestar parliamnet observatroy");
    expect(answer.suggestions.map((suggestion) => suggestion.suggestion)).toEqual([
      "harbour",
      "lighthouse",
      "cathedral",
      "orchestra",
    ]);
  });
});

describe("names in a question typed without capitals", () => {
  /** What the search reads of one library: its index, settings and no word relations. */
  function contextOf(paragraphs: string[]): SearchContext {
    const articles = [
      fixtureArticle("talks", paragraphs),
      fixtureArticle("other", ["Nothing here is about the talks at all."]),
    ];
    const settings = rankingSettings();
    return {
      articles,
      index: buildPassageIndex(articles, settings),
      settings,
      corrector: createSpellingCorrector([]),
      lexicon: null,
      newestDay: null,
    };
  }
  const names = (context: SearchContext, question: string) =>
    termGroupsOf(context, question)
      .list.filter((group) => group.isName)
      .map((group) => group.typed);

  it("reads a word the articles write with a capital as a name, accents and all", () => {
    // The index folds "Zürich" to "zurich": the capital is read from the word as written.
    const zurich = contextOf([
      "Talks were held in Zürich in May. Officials from Zürich met again, and Zürich agreed.",
    ]);
    expect(names(zurich, "what did zurich agree")).toEqual(["zurich"]);
    expect(names(zurich, "what did zürich agree")).toEqual(["zurich"]);
  });

  it("is not thrown off by letters that change length in lower case", () => {
    // "İ" is two characters in lower case; the words after it are still found.
    const istanbul = contextOf([
      "İstanbul hosted talks and Victoria sent officials. Later İstanbul and Victoria met again, and İstanbul said Victoria agreed.",
    ]);
    expect(names(istanbul, "what did victoria agree")).toEqual(["victoria"]);
  });

  it("leaves a word the articles write in lower case alone", () => {
    const talks = contextOf([
      "The talks ended. Both sides said the talks went well, and talks resume soon.",
    ]);
    expect(names(talks, "when did the talks end")).toEqual([]);
  });
});

describe("a question typed in capitals throughout", () => {
  // A heading in capitals writes "WHAT", "IS" and "IT", which the index keeps as written;
  // the library writes those words in small letters far more often, so in a question typed
  // in capitals they are the stop words, and the heading does not answer for them. "US" is
  // written in capitals as often as not: it stays the country.
  const shouting = buildLibrary([
    article(
      "explainer.txt",
      "date 2026-03-02\nWHAT IS IT AND WHY DOES IT MATTER TO YOU?\n\nThe US festival moved to a new park this year. Asked what it was about and what it would cost, the organisers said the park is big, the lake is clean and it is what the town wanted.",
    ),
    article(
      "strike.txt",
      "date 2026-03-03\nThe union said the ferry strike would end on Friday after a pay deal. It said it was glad it was over, and it thanked the crews, as it had done before. It is the first deal in years, and it sets pay until 2028.",
    ),
    article(
      "tariffs.txt",
      "date 2026-03-04\nThe US raised tariffs on steel imports to 25 percent.",
    ),
    article(
      "shop.txt",
      "date 2026-03-05\nThe shop told us that tariffs on steel raised the price of bicycles.",
    ),
  ]);
  const quotes = (question: string) => shouting.search(question).map((result) => result.quote);

  it("is answered as the same question in small letters", () => {
    expect(quotes("WHAT DID THE UNION SAY ABOUT THE STRIKE?")).toEqual(
      quotes("what did the union say about the strike?"),
    );
    expect(quotes("WHAT IS IT ABOUT?")).toEqual([]);
    // Chat spellings too: "PLS" is no word the library lacks.
    expect(quotes("WHAT DID THE UNION SAY ABT THE STRIKE PLS")).toEqual(
      quotes("what did the union say about the strike?"),
    );
  });

  it("still reads capitals the library writes more often than the small word as a name", () => {
    const [first] = shouting.search("WHICH TARIFFS DID THE US RAISE?");
    expect(first?.article.id).toBe("tariffs");
    expect(first?.matchedWords).toContain("US");
  });
});

describe("isOtherEnglishSpelling", () => {
  it.each([
    ["defence", "defense", true],
    ["colour", "color", true],
    ["centre", "center", true],
    ["labour", "labor", true],
    ["organise", "organize", true],
    ["travelled", "traveled", true],
    ["manoeuvre", "maneuvre", true],
    // A letter away, but another name or word.
    ["rome", "roma", false],
    ["catalogue", "catalog", false],
    ["defence", "defence", false],
    ["fence", "defense", false],
    ["tour", "tor", false],
  ] as const)("%s and %s: %s", (a, b, same) => {
    expect(isOtherEnglishSpelling(a, b)).toBe(same);
    expect(isOtherEnglishSpelling(b, a)).toBe(same);
  });
});
