import type { APIInteraction, APIMessage, APIUser, ChannelType, InteractionType } from "discord.js";

export interface FakeChannel {
  id: string;
  name?: string;
  /** Defaults to a guild text channel. */
  type?: ChannelType;
  topic?: string | null;
  parentId?: string | null;
  nsfw?: boolean;
}

export interface FakeRole {
  id: string;
  name?: string;
  /** Permission bitfield as a decimal string. */
  permissions?: string;
  position?: number;
  color?: number;
}

export interface FakeMember {
  user: Partial<APIUser> & { id: string };
  roles?: string[];
  nick?: string | null;
  joinedAt?: string;
}

export interface FakeGuild {
  id: string;
  name?: string;
  ownerId?: string;
  preferredLocale?: string;
  channels?: FakeChannel[];
  /** Extra roles; the @everyone role (id = guild id) is always present. */
  roles?: FakeRole[];
  /** Members besides the bot itself (which is always a member). */
  members?: FakeMember[];
  /** Permissions of the bot in this guild's channels (decimal string), sent as `app_permissions`. */
  appPermissions?: string;
  /**
   * Permissions of the @everyone role (decimal string; default an ordinary member's). The
   * bot holds these and its own role's (`appPermissions`) in every channel of the guild.
   */
  everyonePermissions?: string;
}

export interface FakeDiscordOptions {
  /** `shards` recommendation of GET /gateway/bot (default 1). */
  shardCount?: number;
  guilds?: FakeGuild[];
  botUser?: { id: string; username: string };
  /** Defaults to the bot user id. */
  applicationId?: string;
  /** HELLO heartbeat_interval in ms (default 41250). */
  heartbeatInterval?: number;
  /** `session_start_limit.max_concurrency` of GET /gateway/bot (default 16, so shards identify without waiting). */
  maxConcurrency?: number;
  /** The token the fake accepts (default: a random bot-token-like string). */
  token?: string;
  /**
   * How long an interaction may go without an initial response before its token
   * stops accepting callbacks (Discord: 3 s). Set to 0 to disable.
   */
  interactionResponseTimeoutMs?: number;
  /** Intents that are privileged but not enabled for the application: IDENTIFY with them is closed with 4014. */
  disallowedIntents?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path without the `/api/v10` prefix, e.g. `/interactions/123/tok/callback`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; for multipart requests the `payload_json` part. `undefined` when there is no body. */
  body: unknown;
  /** Files of a multipart request (name of the form field, file name, content type, size in bytes). */
  files: Array<{ field: string; filename: string; contentType: string; size: number }>;
  headers: Record<string, string>;
  at: number;
  /** Status the fake answered with. */
  status: number;
}

export interface IdentifyRecord {
  shard: [number, number];
  intents: number;
  token: string;
}

export interface ResumeRecord {
  sessionId: string;
  seq: number;
  token: string;
  shard: number | null;
  /** Whether the session could be resumed (false: the fake answered with INVALID_SESSION). */
  resumed: boolean;
}

export interface SessionInfo {
  sessionId: string;
  shard: [number, number];
  intents: number;
  /** Sequence number of the last dispatch. */
  seq: number;
  connected: boolean;
  resumable: boolean;
}

export interface FailureResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type SendInteractionInput = Partial<Omit<APIInteraction, "type" | "data" | "user">> & {
  type: InteractionType;
  data?: unknown;
  guild_id?: string | null;
  channel_id?: string;
  user?: Partial<APIUser>;
  member_permissions?: string;
  /** For component interactions: the message the component is attached to. */
  message?: unknown;
  /**
   * When the interaction was created (ms since the epoch; default now): its id is a
   * snowflake holding this time, as Discord's are. The 3-second reply window still runs
   * from when it is sent.
   */
  createdAt?: number;
};

export interface SendMessageInput {
  content: string;
  author?: Partial<APIUser>;
  guild_id?: string | null;
  channel_id?: string;
  mentions?: APIUser[];
  mention_everyone?: boolean;
  bot?: boolean;
  message_reference?: { message_id: string; channel_id?: string; guild_id?: string };
  /** When the message was sent (ms since 1970; its id's snowflake holds it). Default: now. */
  createdAt?: number;
}

export interface FakeDiscord {
  apiUrl: string;
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUser: APIUser;
  requests: RecordedRequest[];
  identifies: IdentifyRecord[];
  resumes: ResumeRecord[];
  waitForRequest(
    match: (r: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  /** Resolves once `predicate` holds, re-checked whenever the fake records something. */
  waitUntil(predicate: () => boolean, timeoutMs?: number, description?: string): Promise<void>;
  connections(): number;
  /** Every gateway session the fake created, oldest first. */
  sessions(): SessionInfo[];
  waitForReady(shardId?: number, timeoutMs?: number): Promise<void>;
  sendInteraction(partial: SendInteractionInput): APIInteraction;
  sendMessage(partial: SendMessageInput): APIMessage;
  /** Adds a guild as if the bot had just joined it: GUILD_CREATE goes to the owning shard (GUILDS intent). */
  addGuild(guild: FakeGuild): void;
  closeGateway(code: number, shardId?: number): void;
  /**
   * A gateway outage: open connections drop and new ones fail until the returned function is
   * called. Sessions stay resumable.
   */
  gatewayOutage(): () => void;
  stopHeartbeatAcks(shardId?: number): void;
  /** Sends op 7 RECONNECT to a shard (the client should reconnect and RESUME). */
  requestReconnect(shardId?: number): void;
  /** Sends op 9 INVALID_SESSION to a shard (d = resumable). */
  invalidateSession(shardId?: number, resumable?: boolean): void;
  failNext(
    match: (r: { method: string; path: string }) => boolean,
    response: FailureResponse,
    times?: number,
  ): void;
  /** Messages the fake holds for a channel (bot-sent, user-sent and interaction responses), oldest first. */
  channelMessages(channelId: string): APIMessage[];
  /** The stored original response of an interaction, if any. */
  originalResponse(interactionId: string): APIMessage | undefined;
  close(): Promise<void>;
}
