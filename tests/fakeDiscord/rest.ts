import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIUser } from "discord.js";
import {
  ApplicationCommandType,
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionType,
  PermissionFlagsBits,
} from "discord.js";
import type { FakeGateway } from "./gateway.ts";
import type { FakeState, InteractionState } from "./state.ts";
import type { RecordedRequest } from "./types.ts";
import type { Json } from "./util.ts";
import { asArray, asRecord, isRecord, snowflake } from "./util.ts";
import { FormErrors, isEmptyMessage, validateCommand, validateMessageBody } from "./validate.ts";

const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
const MESSAGE_FLAG_LOADING = 1 << 7;
const FOLLOWUP_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** Message flags an app may set when creating/editing. */
const SETTABLE_FLAGS = (1 << 2) | (1 << 6) | (1 << 12) | (1 << 15);

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Incoming {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  files: RecordedRequest["files"];
}

const json = (status: number, body: unknown): Reply => ({ status, body });
const noContent: Reply = { status: 204 };
const error = (status: number, code: number, message: string): Reply =>
  json(status, { message, code });
const unknownInteraction = () => error(404, 10062, "Unknown interaction");
const unknownMessage = () => error(404, 10008, "Unknown Message");
const unknownChannel = () => error(404, 10003, "Unknown Channel");
const unknownWebhook = () => error(404, 10015, "Unknown Webhook");
const missingAccess = () => error(403, 50001, "Missing Access");

/** Discord routes that authenticate through a token in the path rather than the Authorization header. */
function usesPathToken(path: string): boolean {
  return (
    /^\/interactions\/\d+\/[^/]+\/callback$/.test(path) || /^\/webhooks\/\d+\/[^/]+/.test(path)
  );
}

function bucketFor(method: string, path: string): string {
  const route = path
    .replace(/^\/(interactions|webhooks)\/(\d+)\/[^/]+/, "/$1/$2/:token")
    .replace(/\/reactions\/.*/, "/reactions/:reaction")
    .replace(/\/messages\/\d+/, "/messages/:id");
  return createHash("sha1").update(`${method}:${route}`).digest("hex").slice(0, 32);
}

function rateLimitHeaders(
  method: string,
  path: string,
  remaining: number,
  resetAfter: number,
): Record<string, string> {
  return {
    "x-ratelimit-limit": "5",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": ((Date.now() + resetAfter * 1000) / 1000).toFixed(3),
    "x-ratelimit-reset-after": resetAfter.toFixed(3),
    "x-ratelimit-bucket": bucketFor(method, path),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: RecordedRequest["files"] } | null> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
    const files: RecordedRequest["files"] = [];
    let body: unknown;
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") body = JSON.parse(value) as unknown;
      } else {
        files.push({ field, filename: value.name, contentType: value.type, size: value.size });
      }
    }
    return { body, files };
  }
  try {
    return { body: JSON.parse(raw.toString("utf8")) as unknown, files: [] };
  } catch {
    return null;
  }
}

export class FakeRest {
  constructor(
    private readonly state: FakeState,
    private readonly gateway: FakeGateway,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
    }
    const query = Object.fromEntries(url.searchParams.entries());
    const path = url.pathname.replace(/^\/api/, "").replace(/^\/v\d+(?=\/|$)/, "") || "/";
    const raw = await readBody(req);
    const parsed = await parseBody(raw, headers["content-type"] ?? "").catch(() => null);
    const incoming: Incoming = {
      method,
      path,
      query,
      body: parsed?.body,
      files: parsed?.files ?? [],
    };

    let reply: Reply;
    if (!url.pathname.startsWith("/api/")) reply = error(404, 0, "404: Not Found");
    else if (!parsed) reply = error(400, 50109, "The request body contains invalid JSON.");
    else
      reply = this.authorize(incoming, headers) ?? this.injected(incoming) ?? this.route(incoming);

    const record: RecordedRequest = { ...incoming, headers, at: Date.now(), status: reply.status };
    this.state.requests.push(record);
    this.state.changed();

    const outHeaders: Record<string, string> = {
      ...rateLimitHeaders(method, path, 4, 1),
      ...(reply.body !== undefined ? { "content-type": "application/json" } : {}),
      ...reply.headers,
    };
    res.writeHead(reply.status, outHeaders);
    res.end(reply.body !== undefined ? JSON.stringify(reply.body) : undefined);
  }

  private authorize(incoming: Incoming, headers: Record<string, string>): Reply | null {
    const auth = headers["authorization"];
    const ok = auth === `Bot ${this.state.token}`;
    if (auth !== undefined && !ok) return error(401, 0, "401: Unauthorized");
    if (auth === undefined && !usesPathToken(incoming.path) && incoming.path !== "/gateway") {
      return error(401, 0, "401: Unauthorized");
    }
    return null;
  }

  private injected(incoming: Incoming): Reply | null {
    const failure = this.state.failures.find(
      (f) => f.remaining > 0 && f.match({ method: incoming.method, path: incoming.path }),
    );
    if (!failure) return null;
    failure.remaining -= 1;
    const { status, body, headers } = failure.response;
    if (status === 429) {
      const given = asRecord(body);
      const retryAfter = typeof given["retry_after"] === "number" ? given["retry_after"] : 0.1;
      const global = given["global"] === true;
      return {
        status,
        body: { message: "You are being rate limited.", retry_after: retryAfter, global, ...given },
        headers: {
          ...rateLimitHeaders(incoming.method, incoming.path, 0, retryAfter),
          "retry-after": String(retryAfter),
          "x-ratelimit-scope": global ? "global" : "user",
          ...(global ? { "x-ratelimit-global": "true" } : {}),
          ...headers,
        },
      };
    }
    if (body === undefined && status >= 500)
      return { status, body: { message: "500: Internal Server Error", code: 0 }, headers };
    if (body === undefined && status === 404)
      return { ...unknownInteraction(), ...(headers ? { headers } : {}) };
    return { status, body, headers };
  }

  // ---- router -------------------------------------------------------------------

  private route(r: Incoming): Reply {
    const m = (pattern: RegExp): string[] | null => {
      const match = pattern.exec(r.path);
      return match
        ? match.slice(1).map((s) => (s === undefined ? "" : decodeURIComponent(s)))
        : null;
    };
    const s = this.state;
    const body = asRecord(r.body);
    let p: string[] | null;

    if (r.method === "GET" && r.path === "/gateway") return json(200, { url: s.gatewayUrl });
    if (r.method === "GET" && r.path === "/gateway/bot") {
      return json(200, {
        url: s.gatewayUrl,
        shards: s.shardCount,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: s.maxConcurrency,
        },
      });
    }
    if (r.method === "GET" && r.path === "/users/@me") return json(200, s.botUser);
    if (r.method === "POST" && r.path === "/users/@me/channels") {
      const recipient = typeof body["recipient_id"] === "string" ? body["recipient_id"] : "";
      const user = s.users.get(recipient);
      if (!user) return error(404, 10013, "Unknown User");
      const id = s.dmChannel(user);
      return json(200, s.channels.get(id)?.payload);
    }
    if (r.method === "GET" && (p = m(/^\/users\/(\d+)$/))) {
      const user = s.users.get(p[0] ?? "");
      return user ? json(200, user) : error(404, 10013, "Unknown User");
    }
    if (
      r.method === "GET" &&
      (r.path === "/applications/@me" || r.path === "/oauth2/applications/@me")
    ) {
      return json(200, this.application());
    }

    if ((p = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands(?:\/(\d+))?$/))) {
      return this.commands(r, p[0] ?? "", p[1] || null, p[2] || null);
    }
    if (r.method === "POST" && (p = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      return this.callback(r, p[0] ?? "", p[1] ?? "");
    }
    if ((p = m(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
      return this.webhook(r, p[0] ?? "", p[1] ?? "", p[2] || null);
    }

    if ((p = m(/^\/channels\/(\d+)$/)) && r.method === "GET") {
      const channel = s.channels.get(p[0] ?? "");
      return channel ? json(200, channel.payload) : unknownChannel();
    }
    if ((p = m(/^\/channels\/(\d+)\/typing$/)) && r.method === "POST") {
      return s.channels.has(p[0] ?? "") ? noContent : unknownChannel();
    }
    if ((p = m(/^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/[^/]+\/@me$/))) {
      if (!s.channels.has(p[0] ?? "")) return unknownChannel();
      if (!s.channelMessages(p[0] ?? "").has(p[1] ?? "")) return unknownMessage();
      if (r.method === "PUT" || r.method === "DELETE") return noContent;
    }
    if ((p = m(/^\/channels\/(\d+)\/messages(?:\/(\d+))?$/))) {
      return this.channelMessages(r, p[0] ?? "", p[1] || null);
    }

    if ((p = m(/^\/guilds\/(\d+)(\/.*)?$/))) {
      const guild = s.guild(p[0] ?? "");
      if (!guild) return error(404, 10004, "Unknown Guild");
      const rest = p[1] ?? "";
      if (r.method === "GET" && rest === "") {
        const payload = s.guildPayload(guild, false);
        if (r.query["with_counts"] === "true") {
          payload["approximate_member_count"] = s.guildMembers(guild).length;
          payload["approximate_presence_count"] = 0;
        }
        return json(200, payload);
      }
      if (r.method === "GET" && rest === "/channels") {
        return json(
          200,
          (guild.channels ?? []).map((c) => s.channelPayload(guild, c)),
        );
      }
      if (r.method === "GET" && rest === "/roles") return json(200, s.rolePayloads(guild));
      if (r.method === "GET" && rest === "/members") {
        return json(
          200,
          s.guildMembers(guild).map((mem) => s.memberPayload(guild.id, mem)),
        );
      }
      const member = /^\/members\/(\d+|@me)$/.exec(rest);
      if (r.method === "GET" && member) {
        const userId = member[1] === "@me" ? s.botUser.id : member[1];
        const found = s.guildMembers(guild).find((mem) => mem.user.id === userId);
        return found
          ? json(200, s.memberPayload(guild.id, found))
          : error(404, 10007, "Unknown Member");
      }
    }
    return error(404, 0, "404: Not Found");
  }

  private application(): Json {
    const s = this.state;
    return {
      id: s.applicationId,
      name: s.botUser.username,
      icon: null,
      description: "",
      summary: "",
      type: null,
      bot: s.botUser,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: "0".repeat(64),
      flags: 1 << 19,
      owner: { ...s.users.get("800000000000000001"), flags: 0 },
      team: null,
      hook: true,
      is_monetized: false,
      approximate_guild_count: s.guilds.length,
      interactions_endpoint_url: null,
      redirect_uris: [],
      tags: [],
      integration_types_config: { "0": {} },
    };
  }

  // ---- application commands -----------------------------------------------------------

  private commands(
    r: Incoming,
    appId: string,
    guildId: string | null,
    commandId: string | null,
  ): Reply {
    const s = this.state;
    if (appId !== s.applicationId) return missingAccess();
    if (guildId && !s.guild(guildId)) return missingAccess();
    let store: Map<string, Json>;
    if (guildId) {
      store = s.guildCommands.get(guildId) ?? new Map<string, Json>();
      s.guildCommands.set(guildId, store);
    } else store = s.globalCommands;

    if (commandId) {
      const existing = store.get(commandId);
      if (!existing) return error(404, 10063, "Unknown application command");
      if (r.method === "GET") return json(200, existing);
      if (r.method === "DELETE") {
        store.delete(commandId);
        return noContent;
      }
      if (r.method === "PATCH") {
        const merged = { ...existing, ...asRecord(r.body) };
        const errors = new FormErrors();
        validateCommand(merged, errors, []);
        if (errors.count) return json(400, errors.body());
        const updated = this.commandPayload(merged, existing, guildId);
        store.set(commandId, updated);
        return json(200, updated);
      }
      return error(405, 0, "405: Method Not Allowed");
    }

    if (r.method === "GET") return json(200, [...store.values()]);
    if (r.method === "POST") {
      const input = asRecord(r.body);
      const errors = new FormErrors();
      validateCommand(input, errors, []);
      if (errors.count) return json(400, errors.body());
      const existing = [...store.values()].find(
        (c) => c["name"] === input["name"] && c["type"] === (input["type"] ?? 1),
      );
      const created = this.commandPayload(input, existing, guildId);
      store.set(String(created["id"]), created);
      return json(existing ? 200 : 201, created);
    }
    if (r.method === "PUT") {
      if (!Array.isArray(r.body))
        return json(400, {
          code: 50035,
          message: "Invalid Form Body",
          errors: { _errors: [{ code: "BASE_TYPE_ARRAY", message: "Must be an array." }] },
        });
      const list = r.body.map(asRecord);
      const errors = new FormErrors();
      const seen = new Set<string>();
      list.forEach((input, i) => {
        validateCommand(input, errors, [i]);
        const key = `${typeof input["type"] === "number" ? input["type"] : 1}:${String(input["name"])}`;
        if (seen.has(key))
          errors.add(
            [i, "name"],
            "APPLICATION_COMMANDS_DUPLICATE_NAME",
            "Application command names must be unique",
          );
        seen.add(key);
      });
      if (errors.count) return json(400, errors.body());
      const previous = [...store.values()];
      store.clear();
      const result = list.map((input) => {
        const existing = previous.find(
          (c) => c["name"] === input["name"] && c["type"] === (input["type"] ?? 1),
        );
        const payload = this.commandPayload(input, existing, guildId);
        store.set(String(payload["id"]), payload);
        return payload;
      });
      return json(200, result);
    }
    return error(405, 0, "405: Method Not Allowed");
  }

  private commandPayload(input: Json, existing: Json | undefined, guildId: string | null): Json {
    const type = (
      typeof input["type"] === "number" ? input["type"] : ApplicationCommandType.ChatInput
    ) as ApplicationCommandType;
    const chatInput = type === ApplicationCommandType.ChatInput;
    return {
      id: existing?.["id"] ?? snowflake(),
      application_id: this.state.applicationId,
      version: snowflake(),
      default_member_permissions: input["default_member_permissions"] ?? null,
      type,
      name: input["name"],
      name_localizations: input["name_localizations"] ?? null,
      description: chatInput ? input["description"] : "",
      description_localizations: input["description_localizations"] ?? null,
      ...(guildId ? { guild_id: guildId } : { dm_permission: input["dm_permission"] ?? true }),
      ...(chatInput && Array.isArray(input["options"]) ? { options: input["options"] } : {}),
      contexts: input["contexts"] ?? null,
      integration_types: input["integration_types"] ?? [0],
      nsfw: input["nsfw"] ?? false,
    };
  }

  // ---- interactions -------------------------------------------------------------------

  private messageBody(r: Incoming): Json {
    const body = { ...asRecord(r.body) };
    // Attachments reference multipart parts `files[n]` by id.
    if (r.files.length) {
      const listed = asArray(body["attachments"]).map(asRecord);
      body["attachments"] = r.files.map((file, index) => {
        const n = /\[(\d+)\]/.exec(file.field)?.[1] ?? String(index);
        const meta = listed.find((a) => String(a["id"]) === n) ?? {};
        return {
          ...meta,
          filename: meta["filename"] ?? file.filename,
          size: file.size,
          content_type: file.contentType,
        };
      });
    }
    return body;
  }

  private callback(r: Incoming, id: string, token: string): Reply {
    const s = this.state;
    const interaction = s.interactions.get(id);
    if (!interaction || interaction.token !== token) return unknownInteraction();
    if (interaction.responseType !== null)
      return error(400, 40060, "Interaction has already been acknowledged.");
    if (
      s.interactionResponseTimeoutMs > 0 &&
      Date.now() - interaction.createdAt > s.interactionResponseTimeoutMs
    ) {
      return unknownInteraction();
    }
    const body = asRecord(r.body);
    const type = body["type"];
    const allowed: Record<number, number[]> = {
      [InteractionType.ApplicationCommand]: [1, 4, 5, 9, 10, 12],
      [InteractionType.MessageComponent]: [1, 4, 5, 6, 7, 9, 10, 12],
      [InteractionType.ApplicationCommandAutocomplete]: [1, 8],
      [InteractionType.ModalSubmit]: [1, 4, 5, 6, 7],
    };
    if (typeof type !== "number" || !(allowed[interaction.type] ?? []).includes(type)) {
      const errors = new FormErrors();
      errors.add(
        ["type"],
        "INTERACTION_RESPONSE_TYPE_INVALID",
        "Interaction response type is invalid for this interaction",
      );
      return json(400, errors.body());
    }
    const data =
      type === 4 || type === 7
        ? this.messageBody({ ...r, body: body["data"] })
        : asRecord(body["data"]);
    const errors = new FormErrors();
    if (type === 4 || type === 7) validateMessageBody(data, errors);
    if (type === 4 && errors.count === 0 && isEmptyMessage(data, r.files.length)) {
      return error(400, 50006, "Cannot send an empty message");
    }
    if (type === 8) {
      const choices = asArray(data["choices"]);
      errors.maxLength(["choices"], choices, 25);
      choices.forEach((c, i) => errors.maxLength(["choices", i, "name"], asRecord(c)["name"], 100));
    }
    if (type === 9) {
      errors.required(["custom_id"], data["custom_id"]);
      errors.required(["title"], data["title"]);
      errors.maxLength(["title"], data["title"], 45);
      errors.maxLength(["components"], data["components"], 5);
    }
    if (errors.count) return json(400, errors.body("data"));

    interaction.responseType = type;
    let message: Json | null = null;
    if (type === 4 || type === 5) {
      const flags = (typeof data["flags"] === "number" ? data["flags"] : 0) & SETTABLE_FLAGS;
      message = this.interactionMessage(
        interaction,
        type === 5
          ? { flags: (flags & MESSAGE_FLAG_EPHEMERAL) | MESSAGE_FLAG_LOADING }
          : { ...data, flags },
      );
      interaction.original = message;
      this.announce(interaction.guildId, message, "create");
    } else if (type === 7 && interaction.original) {
      message = this.applyEdit(interaction.original, data);
      this.announce(interaction.guildId, message, "update");
    }

    if (r.query["with_response"] !== "true") return noContent;
    const flags = typeof message?.["flags"] === "number" ? message["flags"] : 0;
    return json(200, {
      interaction: {
        id: interaction.id,
        type: interaction.type,
        ...(message
          ? {
              response_message_id: message["id"],
              response_message_loading: (flags & MESSAGE_FLAG_LOADING) !== 0,
              response_message_ephemeral: (flags & MESSAGE_FLAG_EPHEMERAL) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message ? { message } : {}) },
    });
  }

  /** A message posted through an interaction's webhook, authored by the bot. */
  private interactionMessage(interaction: InteractionState, body: Json): Json {
    const payload = interaction.payload;
    const data = asRecord(payload["data"]);
    const user = (payload["user"] ?? asRecord(payload["member"])["user"]) as APIUser;
    const commandType = typeof data["type"] === "number" ? data["type"] : undefined;
    const messageType =
      interaction.type === InteractionType.ApplicationCommand ? (commandType === 1 ? 20 : 23) : 0;
    const metadata: Json = {
      id: interaction.id,
      type: interaction.type,
      user,
      authorizing_integration_owners: payload["authorizing_integration_owners"] ?? {},
      ...(interaction.type === InteractionType.ApplicationCommand
        ? { name: data["name"], command_type: commandType }
        : {}),
      ...(interaction.type === InteractionType.MessageComponent
        ? { interacted_message_id: asRecord(payload["message"])["id"] }
        : {}),
      ...(data["target_id"]
        ? { target_user: undefined, target_message_id: data["target_id"] }
        : {}),
    };
    return this.state.messagePayload({
      channelId: interaction.channelId,
      author: this.state.botUser,
      body,
      type: messageType,
      webhookId: this.state.applicationId,
      extra: {
        interaction_metadata: metadata,
        interaction: { id: interaction.id, type: interaction.type, name: data["name"] ?? "", user },
      },
    });
  }

  /** Validates an edit request, applies it to a stored message and announces the update. */
  private editMessage(r: Incoming, message: Json, guildId: string | null): Reply {
    const body = this.messageBody(r);
    const errors = new FormErrors();
    validateMessageBody(body, errors);
    if (errors.count) return json(400, errors.body());
    const edited = this.applyEdit(message, body);
    this.announce(guildId, edited, "update");
    return json(200, edited);
  }

  /** Applies an edit body to a stored message in place and returns it. */
  private applyEdit(message: Json, body: Json): Json {
    for (const key of [
      "content",
      "embeds",
      "components",
      "attachments",
      "allowed_mentions",
      "poll",
    ] as const) {
      if (key in body) {
        if (key === "embeds")
          message[key] = asArray(body[key]).map((e) => (isRecord(e) ? { type: "rich", ...e } : e));
        else if (key === "content") {
          message[key] = typeof body[key] === "string" ? body[key] : "";
          message["mentions"] = this.state.mentionsIn(String(message[key]));
        } else if (key === "attachments") {
          message[key] = asArray(body[key]).map((a) => ({
            id: snowflake(),
            size: 0,
            ...asRecord(a),
          }));
        } else if (key !== "allowed_mentions") message[key] = body[key];
      }
    }
    const flags = typeof message["flags"] === "number" ? message["flags"] : 0;
    const requested =
      typeof body["flags"] === "number"
        ? body["flags"] & SETTABLE_FLAGS & ~MESSAGE_FLAG_EPHEMERAL
        : 0;
    message["flags"] = (flags & ~MESSAGE_FLAG_LOADING) | requested;
    message["edited_timestamp"] = new Date().toISOString();
    return message;
  }

  /** Sends MESSAGE_CREATE/UPDATE/DELETE for a non-ephemeral message, as Discord would. */
  private announce(
    guildId: string | null,
    message: Json,
    kind: "create" | "update" | "delete",
  ): void {
    const flags = typeof message["flags"] === "number" ? message["flags"] : 0;
    if ((flags & MESSAGE_FLAG_EPHEMERAL) !== 0) return;
    const intent = guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    const channelId = String(message["channel_id"]);
    if (kind === "delete") {
      this.state.channelMessages(channelId).delete(String(message["id"]));
      this.gateway.dispatchFor(
        guildId,
        GatewayDispatchEvents.MessageDelete,
        {
          id: message["id"],
          channel_id: channelId,
          ...(guildId ? { guild_id: guildId } : {}),
        },
        intent,
      );
      return;
    }
    if (kind === "create")
      this.state.channelMessages(channelId).set(String(message["id"]), message);
    const guild = guildId ? this.state.guild(guildId) : undefined;
    const d: Json = {
      ...message,
      ...(guildId ? { guild_id: guildId } : {}),
      channel_type: this.state.channels.get(channelId)?.payload["type"] ?? ChannelType.GuildText,
    };
    if (guild) d["member"] = this.state.memberPayload(guild.id, this.state.botMember(guild), false);
    this.gateway.dispatchFor(
      guildId,
      kind === "create" ? GatewayDispatchEvents.MessageCreate : GatewayDispatchEvents.MessageUpdate,
      d,
      intent,
    );
  }

  private webhook(r: Incoming, appId: string, token: string, messageId: string | null): Reply {
    const s = this.state;
    const interaction = [...s.interactions.values()].find((i) => i.token === token);
    if (!interaction || appId !== s.applicationId) return unknownWebhook();
    if (Date.now() - interaction.createdAt > FOLLOWUP_TOKEN_LIFETIME_MS)
      return error(401, 50027, "Invalid Webhook Token");

    if (messageId === null) {
      if (r.method !== "POST") return error(405, 0, "405: Method Not Allowed");
      if (interaction.responseType === null) return unknownWebhook();
      const body = this.messageBody(r);
      const errors = new FormErrors();
      validateMessageBody(body, errors);
      if (errors.count) return json(400, errors.body());
      if (isEmptyMessage(body, r.files.length))
        return error(400, 50006, "Cannot send an empty message");
      let message: Json;
      const original = interaction.original;
      const originalFlags = typeof original?.["flags"] === "number" ? original["flags"] : 0;
      if (original && (originalFlags & MESSAGE_FLAG_LOADING) !== 0) {
        // The first follow-up of a deferred response replaces the "thinking" message.
        message = this.applyEdit(original, body);
        message["edited_timestamp"] = null;
        this.announce(interaction.guildId, message, "update");
      } else {
        const flags = (typeof body["flags"] === "number" ? body["flags"] : 0) & SETTABLE_FLAGS;
        message = this.interactionMessage(interaction, { ...body, flags });
        interaction.followups.set(String(message["id"]), message);
        this.announce(interaction.guildId, message, "create");
      }
      return r.query["wait"] === "true" ? json(200, message) : noContent;
    }

    const target =
      messageId === "@original"
        ? interaction.original
        : interaction.original?.["id"] === messageId
          ? interaction.original
          : interaction.followups.get(messageId);
    if (!target) return unknownMessage();
    if (r.method === "GET") return json(200, target);
    if (r.method === "DELETE") {
      if (target === interaction.original) interaction.original = null;
      else interaction.followups.delete(String(target["id"]));
      s.channelMessages(String(target["channel_id"])).delete(String(target["id"]));
      this.announce(interaction.guildId, target, "delete");
      return noContent;
    }
    if (r.method === "PATCH") {
      return this.editMessage(r, target, interaction.guildId);
    }
    return error(405, 0, "405: Method Not Allowed");
  }

  // ---- channel messages --------------------------------------------------------------

  private botMay(guildId: string, permission: bigint): boolean {
    return (this.state.botPermissions(guildId) & permission) === permission;
  }

  /**
   * Discord's refusal of a message the bot may not send in a guild channel: without View
   * Channel (Missing Access), without Send Messages (Send Messages in Threads in a thread),
   * or a reply without Read Message History. Null when it may.
   */
  private refusedInChannel(
    channel: { guildId: string | null; payload: Json },
    isReply: boolean,
  ): Reply | null {
    const { guildId } = channel;
    if (!guildId) return null;
    const p = PermissionFlagsBits;
    if (!this.botMay(guildId, p.ViewChannel)) return error(403, 50001, "Missing Access");
    const type = channel.payload["type"];
    const inThread =
      type === ChannelType.PublicThread ||
      type === ChannelType.PrivateThread ||
      type === ChannelType.AnnouncementThread;
    if (!this.botMay(guildId, inThread ? p.SendMessagesInThreads : p.SendMessages)) {
      return error(403, 50013, "Missing Permissions");
    }
    if (isReply && !this.botMay(guildId, p.ReadMessageHistory)) {
      return error(403, 160002, "Cannot reply without permission to read message history");
    }
    return null;
  }

  private channelMessages(r: Incoming, channelId: string, messageId: string | null): Reply {
    const s = this.state;
    const channel = s.channels.get(channelId);
    if (!channel) return unknownChannel();
    const type = channel.payload["type"];
    if (type === ChannelType.GuildCategory || type === ChannelType.GuildForum) {
      return error(400, 50008, "Cannot send messages in a non-text channel");
    }
    const store = s.channelMessages(channelId);

    if (messageId === null) {
      if (r.method === "GET") {
        const limit = Math.min(100, Number(r.query["limit"] ?? 50) || 50);
        let list = [...store.values()].reverse();
        const before = r.query["before"];
        const after = r.query["after"];
        if (before) list = list.filter((msg) => BigInt(String(msg["id"])) < BigInt(before));
        if (after) list = list.filter((msg) => BigInt(String(msg["id"])) > BigInt(after));
        return json(200, list.slice(0, limit));
      }
      if (r.method !== "POST") return error(405, 0, "405: Method Not Allowed");
      const body = this.messageBody(r);
      const errors = new FormErrors();
      validateMessageBody(body, errors);
      if (errors.count) return json(400, errors.body());
      if (isEmptyMessage(body, r.files.length))
        return error(400, 50006, "Cannot send an empty message");
      const reference = asRecord(body["message_reference"]);
      const refused = this.refusedInChannel(channel, typeof reference["message_id"] === "string");
      if (refused) return refused;
      // Without Embed Links, a bot's embeds are not shown: the message has none.
      if (channel.guildId && !this.botMay(channel.guildId, PermissionFlagsBits.EmbedLinks)) {
        body["embeds"] = [];
      }
      if (
        typeof reference["message_id"] === "string" &&
        reference["fail_if_not_exists"] !== false &&
        !s.findMessage(reference["message_id"])
      ) {
        const refErrors = new FormErrors();
        refErrors.add(["message_reference"], "REPLIES_UNKNOWN_MESSAGE", "Unknown message");
        return json(400, refErrors.body());
      }
      const flags =
        (typeof body["flags"] === "number" ? body["flags"] : 0) &
        (SETTABLE_FLAGS & ~MESSAGE_FLAG_EPHEMERAL);
      const message = s.messagePayload({ channelId, author: s.botUser, body: { ...body, flags } });
      store.set(String(message["id"]), message);
      this.announce(channel.guildId, message, "create");
      return json(200, message);
    }

    const message = store.get(messageId);
    if (!message) return unknownMessage();
    if (r.method === "GET") return json(200, message);
    const own = asRecord(message["author"])["id"] === s.botUser.id;
    if (r.method === "PATCH") {
      if (!own) return error(403, 50005, "Cannot edit a message authored by another user");
      return this.editMessage(r, message, channel.guildId);
    }
    if (r.method === "DELETE") {
      store.delete(messageId);
      this.announce(channel.guildId, message, "delete");
      return noContent;
    }
    return error(405, 0, "405: Method Not Allowed");
  }
}
