import countries from "i18n-iso-countries";
import englishCountries from "i18n-iso-countries/langs/en.json" with { type: "json" };
import nationalities from "i18n-nationality";
import englishNationalities from "i18n-nationality/langs/en.json" with { type: "json" };
import { isStopWord, splitWords } from "./text.ts";

/** Shortest shared beginning for a nationality word and a country word to be related. */
const MIN_SHARED_PREFIX = 3;

countries.registerLocale(englishCountries);
nationalities.registerLocale(englishNationalities);

/** How many characters two words share from their start. */
function sharedPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Folded nationality words and the country words they go with, both ways:
 * "polish" ↔ "poland", "korean" ↔ "korea", "ukrainian" ↔ "ukraine". Built from the ISO
 * country and nationality name lists; pairs must share a beginning, which leaves out
 * unrelated words such as "south" or "republic".
 */
function buildRelatedPlaceWords(): ReadonlyMap<string, readonly string[]> {
  const related = new Map<string, Set<string>>();
  const relate = (a: string, b: string): void => {
    if (!related.has(a)) related.set(a, new Set());
    related.get(a)?.add(b);
  };
  for (const code of Object.keys(countries.getAlpha2Codes())) {
    const nationality = nationalities.getName(code, "en") ?? "";
    const countryNames = countries.getName(code, "en", { select: "all" }) ?? [];
    const countryWords = new Set(countryNames.flatMap((name) => splitWords(name)));
    for (const demonym of splitWords(nationality)) {
      if (isStopWord(demonym)) continue;
      for (const place of countryWords) {
        if (place === demonym || isStopWord(place)) continue;
        if (sharedPrefixLength(demonym, place) < MIN_SHARED_PREFIX) continue;
        relate(demonym, place);
        relate(place, demonym);
      }
    }
  }
  return new Map([...related].map(([word, words]) => [word, [...words]]));
}

const RELATED_PLACE_WORDS = buildRelatedPlaceWords();

/** Country words for a nationality word and the other way round ("polish" → ["poland"]). */
export function relatedPlaceWords(word: string): readonly string[] {
  return RELATED_PLACE_WORDS.get(word) ?? [];
}

/**
 * The folded last word of every English nationality name ("american", "polish", and
 * "zealander" of "New Zealander": the word that says the nationality, not "new").
 */
function buildNationalityWords(): ReadonlySet<string> {
  const words = new Set<string>();
  for (const code of Object.keys(countries.getAlpha2Codes())) {
    const last = splitWords(nationalities.getName(code, "en") ?? "").at(-1);
    if (last === undefined || isStopWord(last)) continue;
    // Where the list gives the place itself for a nationality ("Guam", "Hong Kong"), that
    // word names the place, not a nationality.
    const names = countries.getName(code, "en", { select: "all" }) ?? [];
    if (!names.some((name) => splitWords(name).includes(last))) words.add(last);
  }
  return words;
}

/** The peoples of continents, which the nationality list lacks ("European", "Asian"). */
const CONTINENT_PEOPLES = ["european", "asian", "african"];

const NATIONALITY_WORDS: ReadonlySet<string> = new Set([
  ...buildNationalityWords(),
  ...CONTINENT_PEOPLES,
]);

/** True for a folded nationality word or its plural: "american", "americans", "polish". */
export function isNationalityWord(word: string): boolean {
  return (
    NATIONALITY_WORDS.has(word) || (word.endsWith("s") && NATIONALITY_WORDS.has(word.slice(0, -1)))
  );
}

/** Every English country name and short name, folded and split into words. */
const COUNTRY_NAMES: readonly (readonly string[])[] = Object.keys(countries.getAlpha2Codes())
  .flatMap((code) => countries.getName(code, "en", { select: "all" }) ?? [])
  .map((name) => splitWords(name))
  .filter((words) => words.length > 0);

/** The folded country names and short names of one word: "poland", "us", "usa", "uk". */
const ONE_WORD_COUNTRY_NAMES: ReadonlySet<string> = new Set(
  COUNTRY_NAMES.flatMap((words) => (words.length === 1 ? words : [])),
);

/**
 * True for a folded word that names a country or its people: "us", "uk", "poland",
 * "american", "polish". Such a name says where something happened, not what.
 */
export function isPlaceName(word: string): boolean {
  return ONE_WORD_COUNTRY_NAMES.has(word) || isNationalityWord(word);
}

/**
 * The folded country names and short names of two words or more, by their first word:
 * "south" → [["south", "korea"], ["south", "africa"], …].
 */
const LONG_COUNTRY_NAMES: ReadonlyMap<string, readonly (readonly string[])[]> = (() => {
  const byFirstWord = new Map<string, (readonly string[])[]>();
  for (const words of COUNTRY_NAMES) {
    const [first] = words;
    if (first === undefined || words.length < 2) continue;
    byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), words]);
  }
  return byFirstWord;
})();

/** True when `words` from `start` on are `name`. */
function startsWith(words: readonly string[], start: number, name: readonly string[]): boolean {
  return name.every((word, k) => words[start + k] === word);
}

/**
 * True when the text names a country or its people that `asked` (the question's folded
 * words) does not: "Temperatures rose across Pakistan" for "Which country, besides India…".
 * Linear in the text: each word is looked up once, and compared with the few names that
 * begin with it.
 */
export function namesAnotherCountry(text: string, asked: ReadonlySet<string>): boolean {
  const words = splitWords(text);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (isPlaceName(word) && !asked.has(word)) return true;
    for (const name of LONG_COUNTRY_NAMES.get(word) ?? []) {
      if (startsWith(words, i, name) && !name.every((part) => asked.has(part))) return true;
    }
  }
  return false;
}
