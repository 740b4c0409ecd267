/**
 * The health endpoint against a real bot connected to the fake Discord: /healthz follows the
 * gateway and the library, /metrics shows the questions the bot answered.
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registry } from "../commands/index.ts";
import { loadConfig } from "../src/app/config.ts";
import { createContext } from "../src/app/context.ts";
import { startBot } from "../src/discord/bot.ts";
import type { Bot } from "../src/discord/bot.ts";
import { checkHealth, startHealthServer } from "../src/ops/health.ts";
import type { HealthServer } from "../src/ops/health.ts";
import { createLibraryStore } from "../src/content/libraryStore.ts";
import type { LibraryStore } from "../src/content/libraryStore.ts";
import { createLogger } from "../src/ops/logger.ts";
import { createMetrics } from "../src/ops/metrics.ts";
import type { Metrics } from "../src/ops/metrics.ts";
import { startFakeDiscord } from "./fakeDiscord/index.ts";
import type { FakeDiscord } from "./fakeDiscord/index.ts";
import { SEED_ARTICLE, answerOf, ask, callbackOf, slash } from "./e2e/harness.ts";

let fake: FakeDiscord;
let contentDir: string;
let library: LibraryStore;
let metrics: Metrics;
let bot: Bot | null = null;
let health: HealthServer;

const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });

beforeAll(async () => {
  fake = await startFakeDiscord();
  contentDir = await mkdtemp(path.join(tmpdir(), "citebot-health-"));
  await copyFile(SEED_ARTICLE, path.join(contentDir, path.basename(SEED_ARTICLE)));
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    CONTENT_DIR: contentDir,
    COOLDOWN_SECONDS: "0",
    LOG_FORMAT: "json",
  });
  const logger = createLogger(config, { stream: quiet });
  metrics = createMetrics({ processMetrics: false });
  library = await createLibraryStore({
    source: contentDir,
    logger,
    onReload: (result) => metrics.recordReload(result),
  });
  metrics.trackLibrary(library);
  health = await startHealthServer({
    host: "127.0.0.1",
    port: 0,
    registry: metrics.registry,
    library,
    client: () => bot?.client ?? null,
    logger,
  });
  bot = await startBot(createContext({ library, config, logger, metrics }), { registry });
});

afterAll(async () => {
  await bot?.stop();
  await health?.close();
  await library?.close();
  await fake?.close();
  await rm(contentDir, { recursive: true, force: true });
});

async function get(pathname: string, method = "GET") {
  const response = await fetch(`${health.url}${pathname}`, { method });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
}

describe("/healthz", () => {
  it("is 200 with the article count while connected", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    expect(response.type).toBe("application/json");
    expect(JSON.parse(response.text)).toEqual({ status: "ok", gateway: "connected", articles: 1 });
  });

  it("is 503 with the reason before the bot connects and without articles", () => {
    const empty = { current: { ...library.current, articles: [] } };
    expect(checkHealth({ library, client: () => null })).toEqual({
      statusCode: 503,
      body: {
        status: "unavailable",
        gateway: "connecting",
        articles: 1,
        reason: "not connected to Discord yet",
      },
    });
    expect(checkHealth({ library: empty, client: () => bot?.client ?? null })).toEqual({
      statusCode: 503,
      body: {
        status: "unavailable",
        gateway: "connected",
        articles: 0,
        reason: "no articles are loaded",
      },
    });
  });
});

describe("/metrics", () => {
  it("serves the Prometheus text with the questions answered through Discord", async () => {
    await answerOf(fake, ask(fake, "What did Poland agree to?"));
    await answerOf(fake, ask(fake, "Who won the chess tournament on the moon?"));
    // The metrics are recorded just after the reply is sent.
    const deadline = Date.now() + 5000;
    while (!(await get("/metrics")).text.includes('citebot_questions_total{source="slash"} 2')) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const response = await get("/metrics");
    expect(response.status).toBe(200);
    expect(response.type).toContain("text/plain");
    expect(response.text).toContain('citebot_questions_total{source="slash"} 2');
    expect(response.text).toContain('citebot_answers_total{source="slash",result="found"} 1');
    expect(response.text).toContain('citebot_answers_total{source="slash",result="not_found"} 1');
    expect(response.text).toContain('citebot_answer_latency_seconds_count{source="slash"} 2');
    expect(response.text).toContain('citebot_library_reloads_total{result="ok"} 1');
    expect(response.text).toContain("citebot_library_articles 1");
    expect(response.text).toMatch(/citebot_library_passages \d+/);
  });
});

describe("/metrics and refusals", () => {
  it("counts a refused /reload as refused, not as an error", async () => {
    // The fake's default member lacks Manage Server: /reload tells them so.
    const refused = await callbackOf(fake, slash(fake, "reload"));
    expect(String(refused.data.content)).toContain("Manage Server");
    const series =
      'citebot_interactions_total{kind="command",command="reload",outcome="refused"} 1';
    const deadline = Date.now() + 5000;
    while (!(await get("/metrics")).text.includes(series) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const text = (await get("/metrics")).text;
    expect(text).toContain(series);
    expect(text).not.toContain('outcome="error"');
    expect(text).not.toMatch(/^citebot_errors_total\{[^}]*\} [1-9]/m);
  });
});

describe("other requests", () => {
  it("answers 404 for other paths, 405 for other methods, and HEAD without a body", async () => {
    expect((await get("/")).status).toBe(404);
    expect((await get("/healthz/extra")).status).toBe(404);
    expect((await get("/healthz", "POST")).status).toBe(405);
    const head = await get("/healthz", "HEAD");
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });
});

describe("after the bot stops", () => {
  it("reports the gateway as disconnected, then closes", async () => {
    await bot?.stop();
    const response = await get("/healthz");
    expect(response.status).toBe(503);
    const body = JSON.parse(response.text) as { gateway: string; reason: string };
    expect(body.gateway).toBe("disconnected");
    expect(body.reason).toContain("gateway is not connected");
    bot = null;
    await health.close();
    await expect(fetch(`${health.url}/healthz`)).rejects.toThrow();
  });
});
