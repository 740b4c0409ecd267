/**
 * The health endpoint (`HEALTH_PORT`): `/healthz` says whether the bot can answer right now
 * (gateway connected and articles loaded), `/metrics` serves the Prometheus metrics. It binds
 * to `HEALTH_HOST` (127.0.0.1 unless configured otherwise) and answers nothing else.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Status } from "discord.js";
import type { Client } from "discord.js";
import type { Registry } from "prom-client";
import type { LibraryStore } from "../content/libraryStore.ts";
import type { Logger } from "./logger.ts";

export interface HealthReport {
  /** 200 when the bot can answer, 503 otherwise. */
  statusCode: 200 | 503;
  body: {
    status: "ok" | "unavailable";
    gateway: "connected" | "connecting" | "disconnected";
    articles: number;
    /** Shard ids this process runs, when sharded. */
    shards?: number[];
    /** Why the bot cannot answer; only when unavailable. */
    reason?: string;
  };
}

export interface HealthSources {
  /** The articles served (none while the bot still reads them at start). */
  library: { readonly current: Pick<LibraryStore["current"], "articles"> };
  /** The Discord client once there is one; null while starting or after shutting down. */
  client: () => Client | null;
}

export interface HealthServerOptions extends HealthSources {
  host: string;
  /** 0 picks a free port (see `HealthServer.port`). */
  port: number;
  registry: Registry;
  logger?: Logger;
}

export interface HealthServer {
  /** The port actually bound. */
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  close(): Promise<void>;
}

function gatewayState(client: Client | null): {
  gateway: HealthReport["body"]["gateway"];
  reason?: string;
} {
  if (!client) return { gateway: "connecting", reason: "not connected to Discord yet" };
  const waiting = [...client.ws.shards.values()]
    .filter((shard) => shard.status !== Status.Ready)
    .map((shard) => `shard ${shard.id}: ${Status[shard.status] ?? String(shard.status)}`);
  if (client.isReady() && waiting.length === 0) return { gateway: "connected" };
  const detail = waiting.length > 0 ? ` (${waiting.join(", ")})` : "";
  return {
    // A ready client with a shard down is reconnecting; otherwise it never connected or stopped.
    gateway: client.isReady() ? "connecting" : "disconnected",
    reason: `the Discord gateway is not connected${detail}`,
  };
}

/** What `/healthz` answers, from the library and the client's gateway state. */
export function checkHealth(sources: HealthSources): HealthReport {
  const client = sources.client();
  const articles = sources.library.current.articles.length;
  const { gateway, reason: gatewayReason } = gatewayState(client);
  const reasons = [
    ...(gatewayReason ? [gatewayReason] : []),
    ...(articles === 0 ? ["no articles are loaded"] : []),
  ];
  const shards = client?.shard ? client.shard.ids : undefined;
  return {
    statusCode: reasons.length === 0 ? 200 : 503,
    body: {
      status: reasons.length === 0 ? "ok" : "unavailable",
      gateway,
      articles,
      ...(shards ? { shards } : {}),
      ...(reasons.length > 0 ? { reason: reasons.join("; ") } : {}),
    },
  };
}

function send(
  res: ServerResponse,
  statusCode: number,
  contentType: string,
  body: string,
  head: boolean,
): void {
  res.writeHead(statusCode, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(head ? undefined : body);
}

async function handle(
  options: HealthServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const head = req.method === "HEAD";
  if (req.method !== "GET" && !head) {
    res.setHeader("allow", "GET, HEAD");
    send(res, 405, "text/plain; charset=utf-8", "Method Not Allowed\n", false);
    return;
  }
  const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
  if (pathname === "/healthz") {
    const report = checkHealth(options);
    send(res, report.statusCode, "application/json", JSON.stringify(report.body), head);
    return;
  }
  if (pathname === "/metrics") {
    const text = await options.registry.metrics();
    send(res, 200, options.registry.contentType, text, head);
    return;
  }
  send(res, 404, "text/plain; charset=utf-8", "Not Found\n", head);
}

/** Starts the health endpoint; resolves once it listens. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      options.logger?.error("health endpoint failed", { err, path: req.url });
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "Internal Error\n", false);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  server.on("error", (err) => options.logger?.error("health endpoint error", { err }));
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  options.logger?.info("health endpoint listening", { url: `http://${host}:${port}` });
  let closing: Promise<void> | null = null;
  return {
    port,
    url: `http://${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
