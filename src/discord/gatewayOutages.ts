/**
 * Gateway outages in the log, once each: a warning when a shard loses its connection, and one
 * line with the outage's duration when it is back. discord.js retries the connection about
 * twice a second while Discord is unreachable; each attempt is logged at debug level only.
 */
import { Events } from "discord.js";
import type { Client } from "discord.js";
import type { Logger } from "../ops/logger.ts";

interface Outage {
  startedAt: number;
  /** Reconnect attempts so far. */
  attempts: number;
}

/** What the bot tells the outage log. */
export interface GatewayOutageLog {
  /** The bot is closing its connection itself: the closes that follow are no outage. */
  closing(): void;
}

/** Logs every shard's outages on `client`; `now` in milliseconds (a monotonic clock). */
export function logGatewayOutages(
  client: Client,
  logger: Logger,
  now: () => number = () => performance.now(),
): GatewayOutageLog {
  const outages = new Map<number, Outage>();
  let closing = false;

  const reconnecting = (shard: number): void => {
    if (closing) return;
    const outage = outages.get(shard);
    if (outage) {
      outage.attempts += 1;
      logger.debug("shard reconnecting", { shard, attempt: outage.attempts });
      return;
    }
    outages.set(shard, { startedAt: now(), attempts: 1 });
    logger.warn("gateway connection lost, reconnecting", { shard });
  };

  const back = (shard: number, how: "resumed" | "new session", replayed?: number): void => {
    const outage = outages.get(shard);
    if (!outage) return;
    outages.delete(shard);
    logger.info("gateway connection back", {
      shard,
      how,
      outageMs: Math.round(now() - outage.startedAt),
      attempts: outage.attempts,
      ...(replayed === undefined ? {} : { replayed }),
    });
  };

  client.on(Events.ShardReconnecting, reconnecting);
  client.on(Events.ShardResume, (shard, replayed) => back(shard, "resumed", replayed));
  client.on(Events.ShardReady, (shard) => back(shard, "new session"));
  // A close Discord will not take back (a bad token, disallowed intents): no more attempts.
  client.on(Events.ShardDisconnect, (event, shard) => {
    outages.delete(shard);
    if (closing) return;
    logger.warn("shard disconnected", { shard, code: event.code });
  });
  return {
    closing() {
      closing = true;
    },
  };
}
