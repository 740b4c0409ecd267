import { describe, expect, it } from "vitest";
import { buildLibrary } from "../src/core/library.ts";
import { createMetrics, questionSource } from "../src/ops/metrics.ts";

const ask = { kind: "command", command: "ask", outcome: "ok", results: 3, latencyMs: 40 };

/** The value of one series in the registry's text output, or null when it is absent. */
async function valueOf(
  metrics: ReturnType<typeof createMetrics>,
  series: string,
): Promise<number | null> {
  const text = await metrics.registry.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

describe("questionSource", () => {
  it("counts /ask, the message menu and mentions with a question as questions", () => {
    expect(questionSource(ask)).toBe("slash");
    expect(questionSource({ kind: "menu", command: "Find in articles", outcome: "ok" })).toBe(
      "context_menu",
    );
    expect(questionSource({ kind: "mention", command: "mention", outcome: "ok" })).toBe("mention");
    expect(questionSource({ kind: "mention", command: "mention", outcome: "help" })).toBeNull();
    expect(questionSource({ kind: "command", command: "help", outcome: "ok" })).toBeNull();
    expect(questionSource({ kind: "button", command: "more", outcome: "ok" })).toBeNull();
    expect(questionSource({ kind: "autocomplete", command: "ask", outcome: "ok" })).toBeNull();
  });
});

describe("createMetrics", () => {
  it("counts questions by source, answers found or not, latency and errors", async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.recordInteraction(ask);
    metrics.recordInteraction({ ...ask, results: 0, latencyMs: 2000 });
    metrics.recordInteraction({ ...ask, outcome: "cooldown", results: null });
    metrics.recordInteraction({
      kind: "mention",
      command: "mention",
      outcome: "error",
      results: null,
      latencyMs: 5,
    });
    metrics.recordInteraction({
      kind: "menu",
      command: "Find in articles",
      outcome: "ok",
      results: 1,
      latencyMs: 10,
    });
    metrics.recordInteraction({
      kind: "button",
      command: "more",
      outcome: "ok",
      results: 2,
      latencyMs: 10,
    });

    expect(await valueOf(metrics, 'citebot_questions_total{source="slash"}')).toBe(3);
    expect(await valueOf(metrics, 'citebot_questions_total{source="mention"}')).toBe(1);
    expect(await valueOf(metrics, 'citebot_questions_total{source="context_menu"}')).toBe(1);
    expect(await valueOf(metrics, 'citebot_answers_total{source="slash",result="found"}')).toBe(1);
    expect(await valueOf(metrics, 'citebot_answers_total{source="slash",result="not_found"}')).toBe(
      1,
    );
    expect(
      await valueOf(metrics, 'citebot_answers_total{source="context_menu",result="found"}'),
    ).toBe(1);
    expect(await valueOf(metrics, 'citebot_answer_latency_seconds_count{source="slash"}')).toBe(2);
    expect(await valueOf(metrics, 'citebot_answer_latency_seconds_sum{source="slash"}')).toBe(2.04);
    expect(
      await valueOf(metrics, 'citebot_answer_latency_seconds_bucket{le="0.05",source="slash"}'),
    ).toBe(1);
    expect(await valueOf(metrics, 'citebot_errors_total{kind="mention"}')).toBe(1);
    expect(
      await valueOf(
        metrics,
        'citebot_interactions_total{kind="button",command="more",outcome="ok"}',
      ),
    ).toBe(1);
    expect(
      await valueOf(
        metrics,
        'citebot_interactions_total{kind="command",command="ask",outcome="cooldown"}',
      ),
    ).toBe(1);
  });

  it("starts the question series at zero", async () => {
    const metrics = createMetrics({ processMetrics: false });
    expect(await valueOf(metrics, 'citebot_questions_total{source="mention"}')).toBe(0);
    expect(await valueOf(metrics, 'citebot_library_reloads_total{result="failed"}')).toBe(0);
  });

  it("counts reloads and reports the tracked library's size", async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.recordReload({ ok: true, articleCount: 2, problems: [] });
    metrics.recordReload({ ok: false, articleCount: 2, problems: [] });
    metrics.recordReload({ ok: true, articleCount: 2, problems: [] });
    expect(await valueOf(metrics, 'citebot_library_reloads_total{result="ok"}')).toBe(2);
    expect(await valueOf(metrics, 'citebot_library_reloads_total{result="failed"}')).toBe(1);

    const library = buildLibrary([
      {
        id: "a",
        title: "Harbor Bridge reopens",
        date: "2025-11-10",
        url: null,
        path: "a.txt",
        source: null,
        author: null,
        tags: [],
        paragraphs: ["The Harbor Bridge reopened on Monday.", "Engineers replaced the cables."],
      },
    ]);
    let current = library;
    metrics.trackLibrary({
      get current() {
        return current;
      },
    });
    expect(await valueOf(metrics, "citebot_library_articles")).toBe(1);
    expect(await valueOf(metrics, "citebot_library_passages")).toBe(library.passageCount);
    current = buildLibrary([]);
    expect(await valueOf(metrics, "citebot_library_articles")).toBe(0);
  });

  it("gives every bot its own registry, with process metrics when asked", async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.recordInteraction(ask);
    expect(await valueOf(first, 'citebot_questions_total{source="slash"}')).toBe(1);
    expect(await valueOf(second, 'citebot_questions_total{source="slash"}')).toBe(0);
    expect(await first.registry.metrics()).toContain("process_resident_memory_bytes");
  });
});
