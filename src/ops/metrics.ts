/**
 * Prometheus metrics for one bot: questions by source, answer latency, answers found or not,
 * every interaction with its outcome, errors, library reloads and the library's size. Each
 * bot gets its own registry (never prom-client's global one), so several bots can run in one
 * process, as they do in the tests. The health server serves `registry` at `/metrics`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { BotMetrics } from "../app/context.ts";
import type { LibraryStore, ReloadResult } from "../content/libraryStore.ts";

/** Where a question came from. */
export type QuestionSource = "slash" | "mention" | "context_menu";

/** One handled interaction or mention, as the handlers log it. */
export type InteractionRecord = Parameters<BotMetrics["recordInteraction"]>[0];

export interface Metrics extends BotMetrics {
  readonly registry: Registry;
  /** Counts a library reload (the first load at start-up included, when recorded). */
  recordReload(result: ReloadResult): void;
  /** Reports the size of this store's current library in the library gauges. */
  trackLibrary(library: Pick<LibraryStore, "current">): void;
}

export interface MetricsOptions {
  /** Also collect Node's process metrics (memory, CPU, event loop lag); default true. */
  processMetrics?: boolean;
  /** Labels added to every metric, such as `{ shard: "0" }`. */
  defaultLabels?: Record<string, string>;
}

/** Buckets for answer latency in seconds: searches usually take milliseconds, replies more. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The question source of an interaction, or null when it is not a question (other commands,
 * buttons, autocomplete, a bare mention that gets the help text).
 */
export function questionSource(entry: Pick<InteractionRecord, "kind" | "command" | "outcome">) {
  if (entry.kind === "command" && entry.command === "ask") return "slash";
  if (entry.kind === "menu") return "context_menu";
  if (entry.kind === "mention" && entry.outcome !== "help") return "mention";
  return null;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });

  const interactions = new Counter({
    name: "citebot_interactions_total",
    help: "Interactions and mentions handled, by kind, command and outcome",
    labelNames: ["kind", "command", "outcome"] as const,
    registers: [registry],
  });
  const questions = new Counter({
    name: "citebot_questions_total",
    help: "Questions asked, by source (slash, mention, context_menu)",
    labelNames: ["source"] as const,
    registers: [registry],
  });
  const answers = new Counter({
    name: "citebot_answers_total",
    help: "Questions answered, by source and whether any passage was found",
    labelNames: ["source", "result"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "citebot_answer_latency_seconds",
    help: "Time from receiving a question to the answer being sent, in seconds",
    labelNames: ["source"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: "citebot_errors_total",
    help: "Interactions and mentions that failed unexpectedly, by kind",
    labelNames: ["kind"] as const,
    registers: [registry],
  });
  const reloads = new Counter({
    name: "citebot_library_reloads_total",
    help: "Library reloads, by result (ok, failed)",
    labelNames: ["result"] as const,
    registers: [registry],
  });

  let library: Pick<LibraryStore, "current"> | null = null;
  new Gauge({
    name: "citebot_library_articles",
    help: "Articles in the library the bot answers from",
    registers: [registry],
    collect() {
      if (library) this.set(library.current.articles.length);
    },
  });
  new Gauge({
    name: "citebot_library_passages",
    help: "Searchable passages in the library the bot answers from",
    registers: [registry],
    collect() {
      if (library) this.set(library.current.passageCount);
    },
  });

  // Start the question series at zero so dashboards and rates see them before the first one.
  for (const source of ["slash", "mention", "context_menu"] as const) {
    questions.labels(source).inc(0);
    for (const result of ["found", "not_found"]) answers.labels(source, result).inc(0);
  }
  reloads.labels("ok").inc(0);
  reloads.labels("failed").inc(0);

  return {
    registry,
    recordInteraction(entry) {
      interactions.labels(entry.kind, entry.command, entry.outcome).inc();
      if (entry.outcome === "error") errors.labels(entry.kind).inc();
      const source = questionSource(entry);
      if (!source) return;
      questions.labels(source).inc();
      if (entry.outcome !== "ok") return;
      answers.labels(source, (entry.results ?? 0) > 0 ? "found" : "not_found").inc();
      latency.labels(source).observe(entry.latencyMs / 1000);
    },
    recordReload(result) {
      reloads.labels(result.ok ? "ok" : "failed").inc();
    },
    trackLibrary(store) {
      library = store;
    },
  };
}
