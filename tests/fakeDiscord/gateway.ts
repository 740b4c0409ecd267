import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
} from "discord.js";
import { WebSocket, WebSocketServer } from "ws";
import type { FakeState } from "./state.ts";
import type { SessionInfo } from "./types.ts";
import type { Json } from "./util.ts";
import { asArray, asNumber, asRecord, asString, randomToken, shardForGuild } from "./util.ts";

/** Every intent bit Discord currently defines. */
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === "number")
  .reduce((all, bit) => all | bit, 0);

/** Close codes after which Discord will not let the session be resumed. */
const NON_RESUMABLE_CLOSE_CODES = new Set<number>([
  GatewayCloseCodes.AuthenticationFailed,
  GatewayCloseCodes.InvalidSeq,
  GatewayCloseCodes.SessionTimedOut,
  GatewayCloseCodes.InvalidShard,
  GatewayCloseCodes.ShardingRequired,
  GatewayCloseCodes.InvalidAPIVersion,
  GatewayCloseCodes.InvalidIntents,
  GatewayCloseCodes.DisallowedIntents,
]);

interface Dispatch {
  op: GatewayOpcodes.Dispatch;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  /** Every dispatch of the session, for replay on RESUME. */
  events: Dispatch[];
  connection: Connection | null;
  resumable: boolean;
}

interface Connection {
  socket: WebSocket;
  session: Session | null;
  ackHeartbeats: boolean;
}

export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly open = new Set<Connection>();
  private readonly sessions = new Map<string, Session>();
  /** The current session of each shard id. */
  private readonly shards = new Map<number, Session>();

  constructor(private readonly state: FakeState) {
    this.wss.on("connection", (socket) => this.onConnection(socket));
    state.dispatch = (guildId, t, d, requiredIntents) =>
      this.dispatchFor(guildId, t, d, requiredIntents);
    state.intentsFor = (guildId) => this.sessionFor(guildId)?.intents ?? null;
  }

  /** While true, every new gateway connection is cut before the WebSocket handshake. */
  private down = false;

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (this.down || (path !== "/gateway" && path !== "/gateway/")) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit("connection", ws, request));
  }

  /** Sessions whose socket is open and that completed IDENTIFY or RESUME. */
  connections(): number {
    return [...this.open].filter((c) => c.session && c.socket.readyState === WebSocket.OPEN).length;
  }

  sessionList(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => ({
      sessionId: s.id,
      shard: s.shard,
      intents: s.intents,
      seq: s.seq,
      connected: s.connection !== null,
      resumable: s.resumable,
    }));
  }

  shardCountInUse(): number {
    for (const session of this.shards.values()) return session.shard[1];
    return this.state.shardCount;
  }

  /** The session responsible for a guild (DMs go to shard 0). */
  sessionFor(guildId: string | null): Session | undefined {
    const shardId = guildId ? shardForGuild(guildId, this.shardCountInUse()) : 0;
    return this.shards.get(shardId);
  }

  shardOf(guildId: string | null): number {
    return guildId ? shardForGuild(guildId, this.shardCountInUse()) : 0;
  }

  /**
   * Sends a dispatch to the shard owning `guildId`; throws when no bot session owns it.
   * Returns false when the session lacks `requiredIntents` (Discord then does not send it).
   */
  dispatchFor(
    guildId: string | null,
    t: string,
    d: unknown,
    requiredIntents = 0,
    mustExist = false,
  ): boolean {
    const session = this.sessionFor(guildId);
    if (!session) {
      if (mustExist)
        throw new Error(
          `No gateway session owns shard ${this.shardOf(guildId)}; is the bot logged in?`,
        );
      return false;
    }
    if ((session.intents & requiredIntents) !== requiredIntents) return false;
    this.dispatch(session, t, d);
    return true;
  }

  closeGateway(code: number, shardId = 0): void {
    const session = this.shards.get(shardId);
    const connection = session?.connection;
    if (!session || !connection) throw new Error(`Shard ${shardId} has no open gateway connection`);
    if (NON_RESUMABLE_CLOSE_CODES.has(code)) session.resumable = false;
    this.detach(connection);
    if (code === 1006) connection.socket.terminate();
    else connection.socket.close(code);
  }

  /**
   * Takes the gateway down: every open connection drops (1006) and new ones are cut at the
   * handshake until `up()`. Sessions stay resumable, as after a short Discord outage.
   */
  goDown(): void {
    this.down = true;
    for (const connection of [...this.open]) {
      this.detach(connection);
      connection.socket.terminate();
    }
  }

  up(): void {
    this.down = false;
  }

  /** Sends op 7 RECONNECT; the client is expected to reconnect and RESUME. */
  requestReconnect(shardId = 0): void {
    const connection = this.shards.get(shardId)?.connection;
    if (!connection) throw new Error(`Shard ${shardId} has no open gateway connection`);
    this.send(connection, { op: GatewayOpcodes.Reconnect, d: null, s: null, t: null });
  }

  /** Sends op 9 INVALID_SESSION; with `resumable` false the session can no longer be resumed. */
  invalidateSession(shardId = 0, resumable = false): void {
    const session = this.shards.get(shardId);
    const connection = session?.connection;
    if (!session || !connection) throw new Error(`Shard ${shardId} has no open gateway connection`);
    if (!resumable) session.resumable = false;
    this.send(connection, { op: GatewayOpcodes.InvalidSession, d: resumable, s: null, t: null });
  }

  stopHeartbeatAcks(shardId = 0): void {
    const connection = this.shards.get(shardId)?.connection;
    if (!connection) throw new Error(`Shard ${shardId} has no open gateway connection`);
    connection.ackHeartbeats = false;
  }

  async close(): Promise<void> {
    for (const connection of this.open) connection.socket.terminate();
    this.open.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // ---- connection handling -----------------------------------------------------

  private onConnection(socket: WebSocket): void {
    const connection: Connection = { socket, session: null, ackHeartbeats: true };
    this.open.add(connection);
    socket.on("message", (data, isBinary) => this.onMessage(connection, data, isBinary));
    socket.on("close", (code) => {
      this.open.delete(connection);
      const session = connection.session;
      if (session && session.connection === connection) {
        // A client closing with 1000/1001 ends its session for good.
        if (code === 1000 || code === 1001) session.resumable = false;
        session.connection = null;
      }
      this.state.changed();
    });
    socket.on("error", () => {});
    this.send(connection, {
      op: GatewayOpcodes.Hello,
      d: { heartbeat_interval: this.state.heartbeatInterval },
      s: null,
      t: null,
    });
  }

  private detach(connection: Connection): void {
    if (connection.session?.connection === connection) connection.session.connection = null;
    this.open.delete(connection);
    this.state.changed();
  }

  private send(connection: Connection, payload: unknown): void {
    if (connection.socket.readyState === WebSocket.OPEN)
      connection.socket.send(JSON.stringify(payload));
  }

  private closeWith(connection: Connection, code: number, reason: string): void {
    if (connection.session && NON_RESUMABLE_CLOSE_CODES.has(code))
      connection.session.resumable = false;
    this.detach(connection);
    connection.socket.close(code, reason);
  }

  private onMessage(connection: Connection, data: WebSocket.RawData, isBinary: boolean): void {
    let payload: Json;
    try {
      const text = (
        Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
      ).toString("utf8");
      if (isBinary)
        throw new Error("binary frames need ETF/compression, which the fake does not speak");
      const parsed: unknown = JSON.parse(text);
      payload = asRecord(parsed);
      if (typeof payload["op"] !== "number") throw new Error("missing op");
    } catch {
      this.closeWith(connection, GatewayCloseCodes.DecodeError, "Error while decoding payload.");
      return;
    }
    const d = payload["d"];
    switch (payload["op"] as GatewayOpcodes) {
      case GatewayOpcodes.Heartbeat:
        if (connection.ackHeartbeats) this.send(connection, { op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        this.onIdentify(connection, asRecord(d));
        return;
      case GatewayOpcodes.Resume:
        this.onResume(connection, asRecord(d));
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!connection.session)
          this.closeWith(connection, GatewayCloseCodes.NotAuthenticated, "Not authenticated.");
        return;
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) {
          this.closeWith(connection, GatewayCloseCodes.NotAuthenticated, "Not authenticated.");
          return;
        }
        this.onRequestGuildMembers(connection.session, asRecord(d));
        return;
      default:
        this.closeWith(connection, GatewayCloseCodes.UnknownOpcode, "Unknown opcode.");
    }
  }

  private onIdentify(connection: Connection, d: Json): void {
    if (connection.session) {
      this.closeWith(connection, GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.");
      return;
    }
    const token = asString(d["token"]) ?? "";
    const shardArray = asArray(d["shard"]);
    const shard: [number, number] =
      shardArray.length === 2
        ? [asNumber(shardArray[0]) ?? -1, asNumber(shardArray[1]) ?? 0]
        : [0, 1];
    const intents = asNumber(d["intents"]);
    this.state.identifies.push({ shard, intents: intents ?? -1, token });
    this.state.changed();
    if (token.replace(/^Bot /, "") !== this.state.token) {
      this.closeWith(connection, GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
      return;
    }
    if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1] || !Number.isInteger(shard[0])) {
      this.closeWith(connection, GatewayCloseCodes.InvalidShard, "Invalid shard.");
      return;
    }
    if (
      intents === undefined ||
      !Number.isInteger(intents) ||
      intents < 0 ||
      (intents & ~KNOWN_INTENTS) !== 0
    ) {
      this.closeWith(connection, GatewayCloseCodes.InvalidIntents, "Invalid intent(s).");
      return;
    }
    if ((intents & this.state.disallowedIntents) !== 0) {
      this.closeWith(connection, GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s).");
      return;
    }
    const session: Session = {
      id: randomToken(16)
        .replace(/[^a-zA-Z0-9]/g, "a")
        .toLowerCase(),
      shard,
      intents,
      seq: 0,
      events: [],
      connection,
      resumable: true,
    };
    connection.session = session;
    this.sessions.set(session.id, session);
    const previous = this.shards.get(shard[0]);
    if (previous && previous !== session) previous.resumable = false;
    this.shards.set(shard[0], session);

    const guilds = this.state.guilds.filter((g) => shardForGuild(g.id, shard[1]) === shard[0]);
    this.dispatch(session, GatewayDispatchEvents.Ready, {
      v: 10,
      user_settings: {},
      user: this.state.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.state.gatewayUrl,
      shard,
      application: { id: this.state.applicationId, flags: 1 << 19 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ["local"],
      auth: {},
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    // GUILD_CREATE belongs to the GUILDS intent.
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of guilds)
        this.dispatch(
          session,
          GatewayDispatchEvents.GuildCreate,
          this.state.guildPayload(guild, true),
        );
    }
    this.state.readyShards.add(shard[0]);
    this.state.changed();
  }

  private onResume(connection: Connection, d: Json): void {
    if (connection.session) {
      this.closeWith(connection, GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated.");
      return;
    }
    const token = (asString(d["token"]) ?? "").replace(/^Bot /, "");
    const sessionId = asString(d["session_id"]) ?? "";
    const seq = asNumber(d["seq"]) ?? 0;
    const session = this.sessions.get(sessionId);
    const record = { sessionId, seq, token, shard: session?.shard[0] ?? null, resumed: false };
    this.state.resumes.push(record);
    if (token !== this.state.token) {
      this.state.changed();
      this.closeWith(connection, GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
      return;
    }
    if (!session || !session.resumable) {
      this.state.changed();
      this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (seq > session.seq) {
      session.resumable = false;
      this.state.changed();
      this.closeWith(connection, GatewayCloseCodes.InvalidSeq, "Invalid seq.");
      return;
    }
    // A session lives on one socket at a time.
    const old = session.connection;
    if (old && old !== connection) {
      this.detach(old);
      old.socket.close(GatewayCloseCodes.SessionTimedOut, "Session resumed elsewhere.");
    }
    session.connection = connection;
    connection.session = session;
    for (const event of session.events) if (event.s > seq) this.send(connection, event);
    this.dispatch(session, GatewayDispatchEvents.Resumed, {});
    record.resumed = true;
    this.state.changed();
  }

  private onRequestGuildMembers(session: Session, d: Json): void {
    const guildId = asString(d["guild_id"]) ?? "";
    const guild = this.state.guild(guildId);
    const query = asString(d["query"]);
    const userIds = asArray(d["user_ids"]).concat(
      typeof d["user_ids"] === "string" ? [d["user_ids"]] : [],
    );
    const limit = asNumber(d["limit"]) ?? 0;
    let members = guild ? this.state.guildMembers(guild) : [];
    if (userIds.length) members = members.filter((m) => userIds.includes(m.user.id));
    else if (query !== undefined) {
      members = members.filter((m) =>
        (m.user.username ?? "").toLowerCase().startsWith(query.toLowerCase()),
      );
      if (limit > 0) members = members.slice(0, limit);
    }
    this.dispatch(session, GatewayDispatchEvents.GuildMembersChunk, {
      guild_id: guildId,
      members: members.map((m) => this.state.memberPayload(guildId, m)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: userIds.filter((id) => !members.some((m) => m.user.id === id)),
      ...(d["presences"] === true ? { presences: [] } : {}),
      ...(d["nonce"] !== undefined ? { nonce: d["nonce"] } : {}),
    });
  }

  /** Sequences a dispatch into the session and sends it if the session is connected. */
  private dispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const event: Dispatch = { op: GatewayOpcodes.Dispatch, t, s: session.seq, d };
    session.events.push(event);
    if (session.connection) this.send(session.connection, event);
  }
}
