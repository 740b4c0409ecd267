import type { APIUser, UserFlags } from "discord.js";
import type { InteractionType } from "discord.js";
import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from "discord.js";
import type {
  FakeChannel,
  FakeDiscordOptions,
  FakeGuild,
  FakeMember,
  IdentifyRecord,
  RecordedRequest,
  ResumeRecord,
} from "./types.ts";
import type { Json } from "./util.ts";
import { randomToken, snowflake } from "./util.ts";

export const DEFAULT_GUILD_ID = "1000000000000000001";
export const DEFAULT_CHANNEL_ID = "2000000000000000001";
export const DEFAULT_BOT = { id: "900000000000000001", username: "citebot" };
export const DEFAULT_USER: APIUser = {
  id: "800000000000000001",
  username: "tester",
  discriminator: "0",
  global_name: "Tester",
  avatar: null,
  public_flags: 0 as UserFlags,
};

const p = PermissionFlagsBits;
/** Permissions an ordinary member has. */
export const DEFAULT_MEMBER_PERMISSIONS = (
  p.ViewChannel |
  p.SendMessages |
  p.SendMessagesInThreads |
  p.ReadMessageHistory |
  p.EmbedLinks |
  p.AttachFiles |
  p.AddReactions |
  p.UseExternalEmojis |
  p.UseApplicationCommands |
  p.CreatePublicThreads |
  p.ChangeNickname
).toString();
/** Permissions of the bot in a channel. */
export const DEFAULT_APP_PERMISSIONS = (
  BigInt(DEFAULT_MEMBER_PERMISSIONS) | p.ManageMessages
).toString();

export interface InteractionState {
  id: string;
  token: string;
  type: InteractionType;
  payload: Json;
  createdAt: number;
  guildId: string | null;
  channelId: string;
  /** Callback type of the initial response, once there is one. */
  responseType: number | null;
  original: Json | null;
  followups: Map<string, Json>;
}

export interface ChannelRecord {
  payload: Json;
  guildId: string | null;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
  cancel: (reason: Error) => void;
}

/** Everything the fake knows; shared by the REST and gateway halves. */
export class FakeState {
  readonly token: string;
  readonly botUser: APIUser;
  readonly applicationId: string;
  readonly shardCount: number;
  readonly heartbeatInterval: number;
  readonly maxConcurrency: number;
  readonly interactionResponseTimeoutMs: number;
  readonly disallowedIntents: number;
  readonly guilds: FakeGuild[];
  readonly channels = new Map<string, ChannelRecord>();
  readonly users = new Map<string, APIUser>();
  readonly messages = new Map<string, Map<string, Json>>();
  readonly interactions = new Map<string, InteractionState>();
  readonly globalCommands = new Map<string, Json>();
  readonly guildCommands = new Map<string, Map<string, Json>>();
  readonly requests: RecordedRequest[] = [];
  readonly identifies: IdentifyRecord[] = [];
  readonly resumes: ResumeRecord[] = [];
  readonly readyShards = new Set<number>();
  readonly failures: Array<{
    match: (r: { method: string; path: string }) => boolean;
    response: { status: number; body?: unknown; headers?: Record<string, string> };
    remaining: number;
  }> = [];
  private waiters = new Set<Waiter>();

  /** Set by the gateway: delivers a dispatch to the shard owning `guildId` (null: DMs, shard 0). */
  dispatch: (guildId: string | null, t: string, d: unknown, requiredIntents?: number) => void =
    () => {};
  /** Set by the gateway: the intents of the session that owns `guildId`, or null when not connected. */
  intentsFor: (guildId: string | null) => number | null = () => null;

  gatewayUrl = "";

  constructor(options: FakeDiscordOptions = {}) {
    const bot = options.botUser ?? DEFAULT_BOT;
    this.token =
      options.token ?? `${Buffer.from(bot.id).toString("base64url")}.fake.${randomToken(20)}`;
    this.botUser = {
      id: bot.id,
      username: bot.username,
      discriminator: "0",
      global_name: null,
      avatar: null,
      bot: true,
      system: false,
      mfa_enabled: false,
      verified: true,
      flags: 0 as UserFlags,
      public_flags: 0 as UserFlags,
      banner: null,
      accent_color: null,
    };
    this.applicationId = options.applicationId ?? bot.id;
    this.shardCount = Math.max(1, options.shardCount ?? 1);
    this.heartbeatInterval = options.heartbeatInterval ?? 41250;
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 16);
    this.interactionResponseTimeoutMs = options.interactionResponseTimeoutMs ?? 3000;
    this.disallowedIntents = options.disallowedIntents ?? 0;
    this.guilds = options.guilds
      ? [...options.guilds]
      : [
          {
            id: DEFAULT_GUILD_ID,
            name: "Test Guild",
            channels: [{ id: DEFAULT_CHANNEL_ID, name: "general" }],
          },
        ];
    this.users.set(this.botUser.id, this.botUser);
    this.users.set(DEFAULT_USER.id, DEFAULT_USER);
    for (const guild of this.guilds) this.indexGuild(guild);
  }

  addGuild(guild: FakeGuild): void {
    if (this.guild(guild.id)) throw new Error(`Guild ${guild.id} already exists`);
    this.guilds.push(guild);
    this.indexGuild(guild);
  }

  private indexGuild(guild: FakeGuild): void {
    for (const channel of guild.channels ?? []) {
      this.channels.set(channel.id, {
        payload: this.channelPayload(guild, channel),
        guildId: guild.id,
      });
    }
    for (const member of guild.members ?? [])
      this.users.set(member.user.id, this.userPayload(member.user));
  }

  // ---- change notification -------------------------------------------------

  /** Re-checks every pending `waitUntil`. Call after recording anything. */
  changed(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Rejects every pending wait (the fake is shutting down) so no timers outlive it. */
  dispose(): void {
    for (const waiter of this.waiters)
      waiter.cancel(new Error("The fake Discord server was closed"));
    this.waiters.clear();
  }

  waitUntil(check: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          clearInterval(poll);
          resolve();
        },
        cancel: (reason) => {
          clearTimeout(timer);
          clearInterval(poll);
          reject(reason);
        },
      };
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      // Conditions may also depend on state outside the fake (e.g. the bot's caches).
      const poll = setInterval(() => this.changed(), 10);
      this.waiters.add(waiter);
    });
  }

  // ---- lookups ---------------------------------------------------------------

  guild(id: string): FakeGuild | undefined {
    return this.guilds.find((g) => g.id === id);
  }

  userPayload(user: Partial<APIUser> & { id?: string }): APIUser {
    const id = user.id ?? DEFAULT_USER.id;
    const known = this.users.get(id);
    return {
      ...(known ?? {
        id,
        username: `user${id.slice(-4)}`,
        discriminator: "0",
        global_name: null,
        avatar: null,
        public_flags: 0,
      }),
      ...user,
      id,
    } as APIUser;
  }

  /** The text channel to use for a guild when the caller does not name one. */
  defaultChannelFor(guildId: string): string {
    const guild = this.guild(guildId);
    const text = guild?.channels?.find(
      (c) => (c.type ?? ChannelType.GuildText) === ChannelType.GuildText,
    );
    return text?.id ?? guild?.channels?.[0]?.id ?? DEFAULT_CHANNEL_ID;
  }

  /** Returns (creating if needed) the DM channel between the bot and `user`. */
  dmChannel(user: APIUser): string {
    for (const [id, record] of this.channels) {
      const recipients = record.payload["recipients"];
      if (
        record.guildId === null &&
        Array.isArray(recipients) &&
        recipients.some((r) => (r as APIUser).id === user.id)
      ) {
        return id;
      }
    }
    const id = snowflake();
    this.channels.set(id, {
      guildId: null,
      payload: { id, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [user] },
    });
    return id;
  }

  channelMessages(channelId: string): Map<string, Json> {
    let map = this.messages.get(channelId);
    if (!map) {
      map = new Map();
      this.messages.set(channelId, map);
    }
    return map;
  }

  findMessage(messageId: string): Json | undefined {
    for (const map of this.messages.values()) {
      const found = map.get(messageId);
      if (found) return found;
    }
    for (const interaction of this.interactions.values()) {
      if (interaction.original?.["id"] === messageId) return interaction.original;
      const followup = interaction.followups.get(messageId);
      if (followup) return followup;
    }
    return undefined;
  }

  hasIntent(guildId: string | null, intent: number): boolean {
    const intents = this.intentsFor(guildId);
    return intents !== null && (intents & intent) === intent;
  }

  // ---- payload builders --------------------------------------------------------

  channelPayload(guild: FakeGuild, channel: FakeChannel): Json {
    const type = channel.type ?? ChannelType.GuildText;
    const base: Json = {
      id: channel.id,
      type,
      guild_id: guild.id,
      name: channel.name ?? `channel-${channel.id.slice(-4)}`,
      position: (guild.channels ?? []).indexOf(channel),
      permission_overwrites: [],
      parent_id: channel.parentId ?? null,
      nsfw: channel.nsfw ?? false,
      flags: 0,
    };
    if (type === ChannelType.GuildText || type === ChannelType.GuildAnnouncement) {
      base["topic"] = channel.topic ?? null;
      base["last_message_id"] = null;
      base["rate_limit_per_user"] = 0;
      base["default_thread_rate_limit_per_user"] = 0;
    }
    if (type === ChannelType.GuildVoice || type === ChannelType.GuildStageVoice) {
      base["bitrate"] = 64000;
      base["user_limit"] = 0;
      base["rtc_region"] = null;
      base["last_message_id"] = null;
      base["rate_limit_per_user"] = 0;
    }
    return base;
  }

  /**
   * The bot's permissions in a guild's channels: those of @everyone and of its own role
   * (channel overwrites are not modelled); every permission with Administrator.
   */
  botPermissions(guildId: string): bigint {
    const guild = this.guild(guildId);
    const held =
      BigInt(guild?.everyonePermissions ?? DEFAULT_MEMBER_PERMISSIONS) |
      BigInt(guild?.appPermissions ?? DEFAULT_APP_PERMISSIONS);
    return held & p.Administrator ? ~0n : held;
  }

  rolePayloads(guild: FakeGuild): Json[] {
    const everyone: Json = {
      id: guild.id,
      name: "@everyone",
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: guild.everyonePermissions ?? DEFAULT_MEMBER_PERMISSIONS,
      managed: false,
      mentionable: false,
      flags: 0,
    };
    const botRole: Json = {
      ...everyone,
      id: botRoleId(guild.id),
      name: this.botUser.username,
      position: 1,
      permissions: guild.appPermissions ?? DEFAULT_APP_PERMISSIONS,
      managed: true,
      tags: { bot_id: this.botUser.id },
    };
    const extra = (guild.roles ?? []).map((role, index) => ({
      ...everyone,
      id: role.id,
      name: role.name ?? `role-${role.id.slice(-4)}`,
      color: role.color ?? 0,
      position: role.position ?? index + 2,
      permissions: role.permissions ?? "0",
    }));
    return [everyone, botRole, ...extra];
  }

  memberPayload(guildId: string, member: FakeMember, withUser = true): Json {
    const payload: Json = {
      roles: member.roles ?? [],
      nick: member.nick ?? null,
      avatar: null,
      banner: null,
      premium_since: null,
      joined_at: member.joinedAt ?? "2024-01-01T00:00:00.000000+00:00",
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
    if (withUser) payload["user"] = this.userPayload(member.user);
    void guildId;
    return payload;
  }

  botMember(guild: FakeGuild): FakeMember {
    return { user: this.botUser, roles: [botRoleId(guild.id)] };
  }

  guildMembers(guild: FakeGuild): FakeMember[] {
    return [this.botMember(guild), ...(guild.members ?? [])];
  }

  /** The guild object as in GUILD_CREATE / GET /guilds/{id}. */
  guildPayload(guild: FakeGuild, forGateway: boolean): Json {
    const base: Json = {
      id: guild.id,
      name: guild.name ?? `Guild ${guild.id.slice(-4)}`,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId ?? DEFAULT_USER.id,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: this.rolePayloads(guild),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500000,
      max_presences: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: guild.preferredLocale ?? "en-US",
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      incidents_data: null,
    };
    if (!forGateway) return base;
    const members = this.guildMembers(guild);
    const intents = this.intentsFor(guild.id) ?? 0;
    // Without the GUILD_MEMBERS intent Discord only includes the bot's own member.
    const visible =
      (intents & GatewayIntentBits.GuildMembers) !== 0 ? members : members.slice(0, 1);
    return {
      ...base,
      joined_at: "2024-01-01T00:00:00.000000+00:00",
      large: members.length > 250,
      unavailable: false,
      member_count: members.length,
      voice_states: [],
      members: visible.map((m) => this.memberPayload(guild.id, m)),
      channels: (guild.channels ?? []).map((c) => {
        const payload = { ...this.channelPayload(guild, c) };
        delete payload["guild_id"];
        return payload;
      }),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      lazy: true,
    };
  }

  /** A complete message object as REST returns it. */
  messagePayload(input: {
    channelId: string;
    author: APIUser;
    content?: string;
    body?: Json;
    type?: number;
    webhookId?: string;
    extra?: Json;
    /** When it was sent (ms since 1970); default now. */
    createdAt?: number;
  }): Json {
    const body = input.body ?? {};
    const sentAt = input.createdAt ?? Date.now();
    const id = snowflake(sentAt);
    const content = input.content ?? (typeof body["content"] === "string" ? body["content"] : "");
    const flags = typeof body["flags"] === "number" ? body["flags"] : 0;
    const message: Json = {
      id,
      channel_id: input.channelId,
      author: input.author,
      content,
      timestamp: new Date(sentAt).toISOString(),
      edited_timestamp: null,
      tts: body["tts"] === true,
      mention_everyone: false,
      mentions: this.mentionsIn(content),
      mention_roles: [],
      attachments: Array.isArray(body["attachments"])
        ? attachmentsFrom(body["attachments"], input.channelId)
        : [],
      embeds: Array.isArray(body["embeds"]) ? body["embeds"].map(normaliseEmbed) : [],
      components: Array.isArray(body["components"]) ? body["components"] : [],
      pinned: false,
      type: input.type ?? 0,
      flags,
      ...(body["poll"] ? { poll: body["poll"] } : {}),
      ...(input.webhookId
        ? { webhook_id: input.webhookId, application_id: this.applicationId }
        : {}),
      ...input.extra,
    };
    const reference = body["message_reference"];
    if (reference && typeof reference === "object") {
      const ref = reference as Json;
      const referenced =
        typeof ref["message_id"] === "string" ? this.findMessage(ref["message_id"]) : undefined;
      message["message_reference"] = {
        type: 0,
        message_id: ref["message_id"],
        channel_id: ref["channel_id"] ?? input.channelId,
        ...(this.channels.get(input.channelId)?.guildId
          ? { guild_id: this.channels.get(input.channelId)?.guildId }
          : {}),
      };
      message["referenced_message"] = referenced ?? null;
      message["type"] = 19; // REPLY
    }
    if (typeof body["nonce"] === "string" || typeof body["nonce"] === "number")
      message["nonce"] = body["nonce"];
    return message;
  }

  /** Users mentioned as `<@id>` / `<@!id>` in some content. */
  mentionsIn(content: string): APIUser[] {
    const ids = new Set<string>();
    for (const match of content.matchAll(/<@!?(\d{17,20})>/g)) if (match[1]) ids.add(match[1]);
    return [...ids].map((id) => this.userPayload({ id }));
  }
}

export function botRoleId(guildId: string): string {
  return (BigInt(guildId) + 1n).toString();
}

function normaliseEmbed(embed: unknown): unknown {
  if (!embed || typeof embed !== "object") return embed;
  return { type: "rich", ...(embed as Json) };
}

function attachmentsFrom(list: unknown[], channelId: string): Json[] {
  return list
    .filter((a): a is Json => typeof a === "object" && a !== null)
    .map((a) => {
      const id = snowflake();
      const filename = typeof a["filename"] === "string" ? a["filename"] : `file-${id}`;
      const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${filename}`;
      return {
        id,
        filename,
        size: typeof a["size"] === "number" ? a["size"] : 0,
        url,
        proxy_url: url.replace("cdn.discordapp.com", "media.discordapp.net"),
        ...(typeof a["description"] === "string" ? { description: a["description"] } : {}),
        ...(typeof a["content_type"] === "string" ? { content_type: a["content_type"] } : {}),
      };
    });
}
