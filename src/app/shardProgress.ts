/**
 * How a shard process of `npm run start:sharded` shows its sharding manager that its start is
 * under way, over the IPC channel discord.js's ShardingManager already listens on. A first
 * build of a large library can take minutes on a busy machine; the manager waits for a shard
 * as long as these messages come, and takes one that goes silent, or that has loaded its
 * library and does not connect to Discord, as stuck (app/shardStartWatch.ts).
 *
 * The shard says "starting" as soon as its process runs, "loading" while it reads its word
 * relations and its library, and "connecting" once, when its library is loaded and it signs
 * in to Discord. "starting" is repeated every sixth of SHARD_START_TIMEOUT_SECONDS, so a few
 * late ones on a busy machine are no silence; "loading" too, but only when the load moved on
 * since the last one ({@link noteShardProgress}: the build thread indexed articles, say), so
 * a build that is stuck goes silent and the manager stops waiting for it. Its connection itself reaches the manager as discord.js's
 * own "ready" message.
 */

export type ShardStartStage = "starting" | "loading" | "connecting";

/** The message a shard sends its manager. */
export interface ShardStartMessage {
  citebotShardStart: ShardStartStage;
}

const STAGES: ReadonlySet<unknown> = new Set<ShardStartStage>([
  "starting",
  "loading",
  "connecting",
]);

/** Heartbeats sent within one timeout. */
const HEARTBEATS_PER_TIMEOUT = 6;

/** The stage a message from a shard reports, or null for any other message. */
export function shardStartStageOf(message: unknown): ShardStartStage | null {
  if (typeof message !== "object" || message === null) return null;
  const stage = (message as Partial<ShardStartMessage>).citebotShardStart;
  return STAGES.has(stage) ? (stage as ShardStartStage) : null;
}

/** How a stage reads in the manager's log lines: "shard 1 is still loading its library". */
export function describeShardStartStage(stage: ShardStartStage): string {
  switch (stage) {
    case "starting":
      return "starting";
    case "loading":
      return "loading its library";
    case "connecting":
      return "connecting to Discord";
  }
}

/** Sends to the manager while the channel is open; a channel closed meanwhile is no error here. */
function sendToManager(stage: ShardStartStage): void {
  if (!process.connected || process.send === undefined) return;
  const message: ShardStartMessage = { citebotShardStart: stage };
  process.send(message, undefined, {}, () => undefined);
}

/**
 * This process's start as last reported, the heartbeat repeating it, and whether the load
 * moved on since the heartbeat last said so (in a shard process).
 */
let report: { stage: ShardStartStage; heartbeat: NodeJS.Timeout; moved: boolean } | null = null;

/**
 * In a shard process started by the sharding manager (with its IPC channel), starts telling
 * the manager that the start is under way: "starting" now, and the stage reached every
 * `timeoutMs / 6` until {@link reportShardStart} says "connecting". Anywhere else it does
 * nothing. The heartbeat keeps no process alive.
 */
export function startShardStartReport(timeoutMs: number): void {
  if (report !== null || !process.env.SHARDING_MANAGER || process.send === undefined) return;
  const heartbeat = setInterval(() => {
    if (report === null || (report.stage === "loading" && !report.moved)) return;
    report.moved = false;
    sendToManager(report.stage);
  }, timeoutMs / HEARTBEATS_PER_TIMEOUT);
  heartbeat.unref();
  report = { stage: "starting", heartbeat, moved: false };
  sendToManager("starting");
}

/** Notes that the library's load moved on: the next heartbeat says "loading" again. */
export function noteShardProgress(): void {
  if (report !== null) report.moved = true;
}

/**
 * Tells the manager the start has reached `stage`: "loading" is repeated while the load moves;
 * "connecting" is said once and ends the report (the connection must follow in time).
 */
export function reportShardStart(stage: ShardStartStage): void {
  if (report === null) return;
  report.stage = stage;
  report.moved = false;
  sendToManager(stage);
  if (stage === "connecting") stopShardStartReport();
}

/** Ends the report (the start is over, or stopped). */
export function stopShardStartReport(): void {
  if (report !== null) clearInterval(report.heartbeat);
  report = null;
}
