/**
 * Leave-one-article-out: every question that names the article answering it (`article`,
 * its title) is asked against the library without that article, where the right reply is
 * nothing. Questions are grouped by their article, so each article is left out once: one
 * library per article.
 */
import { buildLibrary } from "../../src/core/library.ts";
import type { Article, Library, LibraryOptions } from "../../src/core/types.ts";
import { latency } from "./metrics.ts";
import { summarize } from "./metrics.ts";
import type { NoneQuestion, Question } from "./questions.ts";
import { evaluate, type EvalOptions, type EvalRun, type SearchSystem } from "./run.ts";

export interface LeaveOneOutRun extends EvalRun {
  /** Libraries built: one per left-out article. */
  libraries: number;
  /** Questions whose article is not in the library (by title), so they were not asked. */
  skipped: number;
  /** Mean time to build one library, in milliseconds. */
  meanBuildMs: number;
}

/** The questions of each answering article, by title, in order of first appearance. */
export function groupByArticle(questions: readonly Question[]): Map<string, Question[]> {
  const groups = new Map<string, Question[]>();
  for (const question of questions) {
    if (question.article === undefined) continue;
    const group = groups.get(question.article) ?? [];
    group.push(question);
    groups.set(question.article, group);
  }
  return groups;
}

/** The question as one whose right reply is nothing (asked once, on no particular day). */
export function unanswerable(question: Question): NoneQuestion {
  return { kind: "none", q: question.q, line: question.line };
}

export function leaveOneOut(
  articles: readonly Article[],
  questions: readonly Question[],
  options: { library: LibraryOptions; eval: EvalOptions },
  system: (library: Library) => SearchSystem,
): LeaveOneOutRun {
  const outcomes: EvalRun["outcomes"] = [];
  const times: number[] = [];
  let libraries = 0;
  let skipped = 0;
  let buildMs = 0;
  for (const [title, group] of groupByArticle(questions)) {
    const rest = articles.filter((article) => article.title !== title);
    if (rest.length === articles.length) {
      skipped += group.length;
      continue;
    }
    const started = performance.now();
    const library = buildLibrary(rest, options.library);
    buildMs += performance.now() - started;
    libraries++;
    const run = evaluate(system(library), group.map(unanswerable), options.eval);
    outcomes.push(...run.outcomes);
    times.push(...run.times);
  }
  return {
    outcomes,
    summary: summarize(outcomes),
    latency: latency(times),
    times,
    libraries,
    skipped,
    meanBuildMs: libraries === 0 ? 0 : buildMs / libraries,
  };
}
