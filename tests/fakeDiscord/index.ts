import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIInteraction, APIMessage, APIUser } from "discord.js";
import {
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionType,
} from "discord.js";
import { FakeGateway } from "./gateway.ts";
import { FakeRest } from "./rest.ts";
import type { InteractionState } from "./state.ts";
import { DEFAULT_APP_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, FakeState } from "./state.ts";
import type {
  FakeDiscord,
  FakeDiscordOptions,
  RecordedRequest,
  SendInteractionInput,
  SendMessageInput,
} from "./types.ts";
import type { Json } from "./util.ts";
import { asArray, asRecord, randomToken, snowflake } from "./util.ts";

export type * from "./types.ts";
export { DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, DEFAULT_USER } from "./state.ts";

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Starts an in-process stand-in for Discord (REST v10 + gateway v10, JSON, no compression)
 * on 127.0.0.1 and a random port. Point a real discord.js Client at it with
 * `new Client({ rest: { api: fake.apiUrl }, ... })` and `client.login(fake.token)`.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = new FakeState(options);
  const gateway = new FakeGateway(state);
  const rest = new FakeRest(state, gateway);

  const server = createServer((req, res) => {
    rest.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `500: Internal Server Error (${String(err)})`, code: 0 }));
    });
  });
  server.on("upgrade", (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const apiUrl = `http://127.0.0.1:${port}/api`;
  state.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  const firstGuildId = (): string | null => state.guilds[0]?.id ?? null;

  function sendInteraction(partial: SendInteractionInput): APIInteraction {
    const {
      member_permissions: memberPermissions,
      user: userInput,
      message: messageInput,
      data: dataInput,
      createdAt,
      ...rest
    } = partial;
    const guildId = partial.guild_id === undefined ? firstGuildId() : partial.guild_id;
    const user = state.userPayload(userInput ?? {});
    const guild = guildId ? state.guild(guildId) : undefined;
    if (guildId && !guild) throw new Error(`The fake has no guild ${guildId}`);

    const channelId =
      partial.channel_id ??
      partial.channel?.id ??
      (guildId ? state.defaultChannelFor(guildId) : state.dmChannel(user));
    const channelRecord = state.channels.get(channelId);
    const channel: Json = channelRecord
      ? { ...channelRecord.payload }
      : {
          id: channelId,
          type: ChannelType.GuildText,
          name: `channel-${channelId.slice(-4)}`,
          guild_id: guildId,
        };
    const appPermissions = guild?.appPermissions ?? DEFAULT_APP_PERMISSIONS;
    const permissions = memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS;
    if (guildId) channel["permissions"] = appPermissions;

    const data = buildInteractionData(partial.type, asRecord(dataInput), guildId, channelId);
    const payload: Json = {
      id: snowflake(createdAt),
      application_id: state.applicationId,
      type: partial.type,
      data,
      channel,
      channel_id: channelId,
      token: `aW50ZXJhY3Rpb246${randomToken(60)}`,
      version: 1,
      app_permissions: guildId
        ? appPermissions
        : (BigInt(appPermissions) & ~(1n << 13n)).toString(),
      locale: "en-US",
      entitlements: [],
      authorizing_integration_owners: { "0": guildId ?? "0" },
      context: guildId ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (guild && guildId) {
      const known = guild.members?.find((m) => m.user.id === user.id);
      payload["guild_id"] = guildId;
      payload["guild"] = { id: guildId, locale: guild.preferredLocale ?? "en-US", features: [] };
      payload["guild_locale"] = guild.preferredLocale ?? "en-US";
      payload["member"] = {
        ...state.memberPayload(guildId, known ?? { user }),
        user,
        permissions,
      };
    } else {
      payload["user"] = user;
    }
    if (partial.type === InteractionType.MessageComponent) {
      payload["message"] = messageInput ?? componentMessage(channelId, asRecord(data)["custom_id"]);
    }
    Object.assign(payload, rest);
    if (!guildId) delete payload["guild_id"];

    const interaction: InteractionState = {
      id: String(payload["id"]),
      token: String(payload["token"]),
      type: partial.type,
      payload,
      createdAt: Date.now(),
      guildId,
      channelId,
      responseType: null,
      original:
        partial.type === InteractionType.MessageComponent ? asRecord(payload["message"]) : null,
      followups: new Map(),
    };
    state.interactions.set(interaction.id, interaction);
    gateway.dispatchFor(guildId, GatewayDispatchEvents.InteractionCreate, payload, 0, true);
    return payload as unknown as APIInteraction;
  }

  function buildInteractionData(
    type: InteractionType,
    input: Json,
    guildId: string | null,
    channelId: string,
  ): Json {
    if (
      type === InteractionType.ApplicationCommand ||
      type === InteractionType.ApplicationCommandAutocomplete
    ) {
      const commandType = (
        typeof input["type"] === "number" ? input["type"] : ApplicationCommandType.ChatInput
      ) as ApplicationCommandType;
      const registered = [
        ...(guildId ? [...(state.guildCommands.get(guildId)?.values() ?? [])] : []),
        ...state.globalCommands.values(),
      ].find((c) => c["name"] === input["name"] && c["type"] === commandType);
      const data: Json = {
        id: registered?.["id"] ?? snowflake(),
        name: input["name"] ?? "command",
        type: commandType,
        ...(registered?.["guild_id"] ? { guild_id: registered["guild_id"] } : {}),
        ...input,
      };
      const targetId = typeof data["target_id"] === "string" ? data["target_id"] : undefined;
      if (targetId && !data["resolved"]) {
        if (commandType === ApplicationCommandType.Message) {
          const target = state.findMessage(targetId) ?? {
            ...state.messagePayload({ channelId, author: state.userPayload({}), content: "" }),
            id: targetId,
          };
          data["resolved"] = { messages: { [targetId]: target } };
        } else if (commandType === ApplicationCommandType.User) {
          data["resolved"] = { users: { [targetId]: state.userPayload({ id: targetId }) } };
        }
      }
      if (commandType === ApplicationCommandType.ChatInput && !("options" in data))
        data["options"] = [];
      return data;
    }
    if (type === InteractionType.MessageComponent) {
      return { custom_id: "button", component_type: ComponentType.Button, ...input };
    }
    if (type === InteractionType.ModalSubmit)
      return { custom_id: "modal", components: [], ...input };
    return input;
  }

  /** The newest stored message carrying a component with `customId`, or a stand-in bot message. */
  function componentMessage(channelId: string, customId: unknown): Json {
    const messages = [...state.channelMessages(channelId).values()].reverse();
    const interactionMessages = [...state.interactions.values()]
      .flatMap((i) => [i.original, ...i.followups.values()])
      .filter((m): m is Json => m !== null && m["channel_id"] === channelId)
      .reverse();
    const hasComponent = (components: unknown): boolean =>
      asArray(components).some((c) => {
        const comp = asRecord(c);
        return comp["custom_id"] === customId || hasComponent(comp["components"]);
      });
    const found = [...interactionMessages, ...messages].find((m) => hasComponent(m["components"]));
    if (found) return found;
    return state.messagePayload({
      channelId,
      author: state.botUser,
      content: "",
      body: {
        components: [
          {
            type: 1,
            components: [{ type: 2, style: 1, label: "Button", custom_id: customId ?? "button" }],
          },
        ],
      },
    });
  }

  function sendMessage(partial: SendMessageInput): APIMessage {
    const guildId = partial.guild_id === undefined ? firstGuildId() : partial.guild_id;
    const guild = guildId ? state.guild(guildId) : undefined;
    if (guildId && !guild) throw new Error(`The fake has no guild ${guildId}`);
    const author: APIUser = state.userPayload({
      ...partial.author,
      ...(partial.bot ? { bot: true } : {}),
    });
    const channelId =
      partial.channel_id ?? (guildId ? state.defaultChannelFor(guildId) : state.dmChannel(author));
    let mentions = partial.mentions ?? state.mentionsIn(partial.content);
    const referenced = partial.message_reference
      ? state.findMessage(partial.message_reference.message_id)
      : undefined;
    if (!partial.mentions && referenced) {
      // Replies ping the author of the referenced message by default.
      const refAuthor = asRecord(referenced["author"]) as unknown as APIUser;
      if (refAuthor.id && !mentions.some((u) => u.id === refAuthor.id))
        mentions = [...mentions, refAuthor];
    }
    const full = state.messagePayload({
      channelId,
      author,
      content: partial.content,
      body: partial.message_reference ? { message_reference: partial.message_reference } : {},
      extra: { mentions, mention_everyone: partial.mention_everyone ?? false },
      ...(partial.createdAt === undefined ? {} : { createdAt: partial.createdAt }),
    });
    state.channelMessages(channelId).set(String(full["id"]), full);

    const mentionsBot = mentions.some((u) => u.id === state.botUser.id);
    const canRead =
      !guildId ||
      mentionsBot ||
      author.id === state.botUser.id ||
      state.hasIntent(guildId, GatewayIntentBits.MessageContent);
    const delivered: Json = canRead
      ? { ...full }
      : { ...full, content: "", embeds: [], attachments: [], components: [] };
    if (!canRead) delete delivered["poll"];
    delivered["channel_type"] =
      state.channels.get(channelId)?.payload["type"] ?? ChannelType.GuildText;
    if (guild && guildId) {
      delivered["guild_id"] = guildId;
      const known = guild.members?.find((m) => m.user.id === author.id);
      delivered["member"] = state.memberPayload(guildId, known ?? { user: author }, false);
    }
    gateway.dispatchFor(
      guildId,
      GatewayDispatchEvents.MessageCreate,
      delivered,
      guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages,
      true,
    );
    return delivered as unknown as APIMessage;
  }

  const fake: FakeDiscord = {
    apiUrl,
    gatewayUrl: state.gatewayUrl,
    token: state.token,
    applicationId: state.applicationId,
    botUser: state.botUser,
    requests: state.requests,
    identifies: state.identifies,
    resumes: state.resumes,
    async waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS) {
      let found: RecordedRequest | undefined;
      await state.waitUntil(
        () => (found = state.requests.find(match)) !== undefined,
        timeoutMs,
        () =>
          `a matching REST request; recorded: ${state.requests.map((r) => `${r.method} ${r.path} -> ${r.status}`).join(", ") || "none"}`,
      );
      return found as RecordedRequest;
    },
    waitUntil(predicate, timeoutMs = DEFAULT_TIMEOUT_MS, description = "a condition") {
      return state.waitUntil(predicate, timeoutMs, () => description);
    },
    connections: () => gateway.connections(),
    sessions: () => gateway.sessionList(),
    waitForReady(shardId = 0, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return state.waitUntil(
        () => state.readyShards.has(shardId),
        timeoutMs,
        () => `READY on shard ${shardId}`,
      );
    },
    sendInteraction,
    sendMessage,
    addGuild(guild) {
      state.addGuild(guild);
      gateway.dispatchFor(
        guild.id,
        GatewayDispatchEvents.GuildCreate,
        state.guildPayload(guild, true),
        GatewayIntentBits.Guilds,
      );
    },
    closeGateway: (code, shardId) => gateway.closeGateway(code, shardId),
    gatewayOutage() {
      gateway.goDown();
      return () => gateway.up();
    },
    stopHeartbeatAcks: (shardId) => gateway.stopHeartbeatAcks(shardId),
    requestReconnect: (shardId) => gateway.requestReconnect(shardId),
    invalidateSession: (shardId, resumable) => gateway.invalidateSession(shardId, resumable),
    failNext(match, response, times = 1) {
      state.failures.push({ match, response, remaining: times });
    },
    channelMessages: (channelId) =>
      [...state.channelMessages(channelId).values()] as unknown as APIMessage[],
    originalResponse: (interactionId) =>
      (state.interactions.get(interactionId)?.original ?? undefined) as unknown as
        APIMessage | undefined,
    async close() {
      state.dispose();
      await gateway.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
