/**
 * Runs once before the test files: makes sure the word relations' table is cached, so the
 * tests that ask questions through the command line or the eval read it back in
 * milliseconds instead of each building it from WordNet's files at the same time.
 */
import { openLexicon } from "../src/content/lexicon.ts";

export default async function setup(): Promise<void> {
  await openLexicon();
}
