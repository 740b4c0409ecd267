import { once } from "node:events";
import type {
  ChatInputCommandInteraction,
  ClientOptions,
  Guild,
  Interaction,
  Message,
} from "discord.js";
import {
  Client,
  GatewayIntentBits,
  InteractionType,
  Partials,
  PermissionFlagsBits,
} from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import type { FakeDiscord, FakeDiscordOptions } from "./fakeDiscord/index.ts";
import { DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, startFakeDiscord } from "./fakeDiscord/index.ts";

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

async function boot(
  options: FakeDiscordOptions = {},
  intents: number[] = [GatewayIntentBits.Guilds],
  clientOptions: Partial<ClientOptions> = {},
): Promise<{ fake: FakeDiscord; client: Client }> {
  fake = await startFakeDiscord({ heartbeatInterval: 200, ...options });
  client = new Client({
    intents,
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
    ...clientOptions,
  });
  const ready = once(client, "clientReady");
  await client.login(fake.token);
  await ready;
  return { fake, client };
}

function nextInteraction(c: Client): Promise<Interaction> {
  return new Promise((resolve) => c.once("interactionCreate", resolve));
}

describe("fake Discord with a real discord.js client", () => {
  it("logs in, becomes ready and receives its guilds", async () => {
    fake = await startFakeDiscord({ heartbeatInterval: 200 });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const events: string[] = [];
    client.on("raw", (packet: { t: string | null }) => events.push(String(packet.t)));
    const ready = once(client, "clientReady");
    await client.login(fake.token);
    await ready;
    await fake.waitForReady(0);

    expect(events.slice(0, 2)).toEqual(["READY", "GUILD_CREATE"]);
    expect(client.guilds.cache.get(DEFAULT_GUILD_ID)?.available).toBe(true);
    expect(client.user?.id).toBe("900000000000000001");
    expect(client.application?.id).toBe("900000000000000001");
    expect(client.channels.cache.get(DEFAULT_CHANNEL_ID)?.isTextBased()).toBe(true);
    expect(fake.connections()).toBe(1);
    expect(fake.identifies).toEqual([
      { shard: [0, 1], intents: GatewayIntentBits.Guilds, token: fake.token },
    ]);
    expect(fake.requests.some((r) => r.method === "GET" && r.path === "/gateway/bot")).toBe(true);

    // Joining a guild later emits guildCreate.
    const joined = once(client, "guildCreate") as Promise<[Guild]>;
    fake.addGuild({
      id: "1000000000000000002",
      name: "Second",
      channels: [{ id: "2000000000000000002" }],
    });
    const [guild] = await joined;
    expect(guild.name).toBe("Second");
    expect(guild.members.me?.id).toBe(fake.botUser.id);
  });

  it("rejects a wrong token over REST with 401", async () => {
    fake = await startFakeDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    await expect(client.login("not-the-token")).rejects.toThrow(/token/i);
    expect(fake.requests[0]?.status).toBe(401);
  });

  it("delivers a slash command and records the reply as a type 4 callback", async () => {
    const { fake, client } = await boot();
    await client.application?.commands.set([{ name: "ask", description: "Ask a question" }]);
    const seen = nextInteraction(client);
    let replied: Promise<unknown> | undefined;
    client.on("interactionCreate", (interaction) => {
      if (interaction.isChatInputCommand()) replied = interaction.reply({ content: "hi" });
    });
    const sent = fake.sendInteraction({
      type: InteractionType.ApplicationCommand,
      data: { name: "ask" },
    });
    const interaction = (await seen) as ChatInputCommandInteraction;
    expect(interaction.commandName).toBe("ask");
    expect(interaction.guildId).toBe(DEFAULT_GUILD_ID);
    expect(interaction.channelId).toBe(DEFAULT_CHANNEL_ID);

    const callback = await fake.waitForRequest(
      (r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`,
    );
    expect(callback.method).toBe("POST");
    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({ type: 4, data: { content: "hi" } });
    expect(callback.headers["authorization"]).toBeUndefined();
    expect(fake.originalResponse(sent.id)).toMatchObject({
      content: "hi",
      author: { id: fake.botUser.id },
    });

    await replied;
    // A second initial response is refused like Discord does.
    await expect(interaction.followUp({ content: "more" })).resolves.toBeDefined();
    const again = await fetch(`${fake.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: 4, data: { content: "twice" } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 40060 });
  });

  it("supports defer + editReply and with_response", async () => {
    const { fake, client } = await boot();
    const seen = nextInteraction(client);
    fake.sendInteraction({ type: InteractionType.ApplicationCommand, data: { name: "ask" } });
    const interaction = (await seen) as ChatInputCommandInteraction;
    const response = await interaction.deferReply({ withResponse: true });
    expect(response.interaction.responseMessageLoading).toBe(true);
    const edited = await interaction.editReply({ content: "answer" });
    expect(edited.content).toBe("answer");
    expect(fake.originalResponse(interaction.id)).toMatchObject({ content: "answer", flags: 0 });
  });

  it("retries a callback after an injected 429 and delivers it once", async () => {
    const { fake, client } = await boot();
    fake.failNext((r) => r.method === "POST" && r.path.endsWith("/callback"), {
      status: 429,
      body: { retry_after: 0.05 },
    });
    const seen = nextInteraction(client);
    const sent = fake.sendInteraction({
      type: InteractionType.ApplicationCommand,
      data: { name: "ask" },
    });
    const interaction = (await seen) as ChatInputCommandInteraction;
    await interaction.reply({ content: "after the limit" });

    const callbacks = fake.requests.filter(
      (r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`,
    );
    expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
    expect(fake.originalResponse(sent.id)?.content).toBe("after the limit");
  });

  it("resumes after the gateway closes with 4000 and replays missed events", async () => {
    const { fake, client } = await boot();
    const sessionId = fake.sessions()[0]?.sessionId;
    expect(sessionId).toBeDefined();
    fake.closeGateway(4000);
    // Sent while disconnected: must be replayed on RESUME.
    const seen = nextInteraction(client);
    const sent = fake.sendInteraction({
      type: InteractionType.ApplicationCommand,
      data: { name: "ask" },
    });
    await fake.waitUntil(() => fake.resumes.some((r) => r.resumed), 3000, "a RESUME");
    expect(fake.resumes[0]).toMatchObject({
      sessionId,
      shard: 0,
      token: fake.token,
      resumed: true,
    });
    expect((await seen).id).toBe(sent.id);
    expect(fake.identifies).toHaveLength(1);
    await fake.waitUntil(() => fake.connections() === 1);
  });

  it("hides message content without the MessageContent intent unless the bot is mentioned", async () => {
    const { fake, client } = await boot({}, [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
    ]);
    const messages: Message[] = [];
    client.on("messageCreate", (m) => messages.push(m));
    fake.sendMessage({ content: "hello there" });
    fake.sendMessage({ content: `<@${fake.botUser.id}> what happened?` });
    await fake.waitUntil(() => messages.length === 2, 1000, "two messages");
    expect(messages[0]?.content).toBe("");
    expect(messages[1]?.content).toBe(`<@${fake.botUser.id}> what happened?`);
    await messages[1]?.reply("it happened");
    const post = await fake.waitForRequest(
      (r) => r.method === "POST" && r.path === `/channels/${DEFAULT_CHANNEL_ID}/messages`,
    );
    expect(post.body).toMatchObject({
      content: "it happened",
      message_reference: { message_id: messages[1]?.id },
    });
  });

  it("enforces the bot's channel permissions on messages, as Discord documents them", async () => {
    const channelId = "2000000000000000003";
    const held = (permissions: bigint) => ({
      id: "1000000000000000003",
      channels: [{ id: channelId }],
      everyonePermissions: permissions.toString(),
      appPermissions: permissions.toString(),
    });
    const { ViewChannel, SendMessages } = PermissionFlagsBits;
    const { fake, client } = await boot({ guilds: [held(ViewChannel | SendMessages)] });
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error("the channel takes no messages");
    // discord.js computes the same permissions from the roles the fake sent.
    const permissions =
      "permissionsFor" in channel ? channel.permissionsFor(fake.botUser.id) : null;
    expect(permissions?.has(SendMessages)).toBe(true);
    expect(permissions?.has(PermissionFlagsBits.EmbedLinks)).toBe(false);
    // Without Embed Links the message is sent, with no embed shown.
    const sent = await channel.send({ content: "hi", embeds: [{ description: "hidden" }] });
    expect(sent.embeds).toEqual([]);
    // A reply needs Read Message History.
    await expect(
      channel.send({ content: "re", reply: { messageReference: sent.id } }),
    ).rejects.toMatchObject({ status: 403, code: 160002 });
  });

  it("resumes a zombie connection whose heartbeats are not acknowledged", async () => {
    const { fake } = await boot({ heartbeatInterval: 100 });
    fake.stopHeartbeatAcks(0);
    await fake.waitUntil(() => fake.resumes.some((r) => r.resumed), 3000, "a RESUME after zombie");
    await fake.waitUntil(() => fake.connections() === 1);
    expect(fake.identifies).toHaveLength(1);
  });

  it("resumes after an abnormal 1006 close", async () => {
    const { fake, client } = await boot();
    fake.closeGateway(1006);
    await fake.waitUntil(() => fake.resumes.some((r) => r.resumed), 3000, "a RESUME after 1006");
    const seen = nextInteraction(client);
    fake.sendInteraction({ type: InteractionType.ApplicationCommand, data: { name: "ask" } });
    expect((await seen).isChatInputCommand()).toBe(true);
  });

  it("routes guilds and interactions to the owning shard", async () => {
    const shard0Guild = "1000000000004194305";
    const shard1Guild = "1000000000000000001";
    const { fake, client } = await boot(
      {
        shardCount: 2,
        guilds: [
          { id: shard0Guild, channels: [{ id: "2000000000000000010" }] },
          { id: shard1Guild, channels: [{ id: "2000000000000000011" }] },
        ],
      },
      [GatewayIntentBits.Guilds],
      { shards: "auto" },
    );
    await fake.waitForReady(0);
    await fake.waitForReady(1);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.connections()).toBe(2);
    expect(client.guilds.cache.get(shard0Guild)?.shardId).toBe(0);
    expect(client.guilds.cache.get(shard1Guild)?.shardId).toBe(1);

    const seen = nextInteraction(client);
    fake.sendInteraction({
      type: InteractionType.ApplicationCommand,
      guild_id: shard1Guild,
      data: { name: "ask" },
    });
    const interaction = await seen;
    expect(interaction.guildId).toBe(shard1Guild);
    expect(interaction.channelId).toBe("2000000000000000011");
  });

  it("answers components, autocomplete and follow-ups per the documented flows", async () => {
    const { fake, client } = await boot();
    const channel = client.channels.cache.get(DEFAULT_CHANNEL_ID);
    if (!channel?.isSendable()) throw new Error("channel not sendable");
    const sent = await channel.send({
      content: "pick",
      components: [
        { type: 1, components: [{ type: 2, style: 1, label: "More", custom_id: "more" }] },
      ],
    });

    const click = nextInteraction(client);
    fake.sendInteraction({
      type: InteractionType.MessageComponent,
      data: { custom_id: "more", component_type: 2 },
    });
    const button = await click;
    if (!button.isButton()) throw new Error("expected a button");
    expect(button.message.id).toBe(sent.id);
    await button.update({ content: "picked", components: [] });
    expect(fake.channelMessages(DEFAULT_CHANNEL_ID).find((m) => m.id === sent.id)?.content).toBe(
      "picked",
    );

    const typing = nextInteraction(client);
    fake.sendInteraction({
      type: InteractionType.ApplicationCommandAutocomplete,
      data: { name: "ask", options: [{ name: "q", type: 3, value: "ele", focused: true }] },
    });
    const auto = await typing;
    if (!auto.isAutocomplete()) throw new Error("expected autocomplete");
    expect(auto.options.getFocused()).toBe("ele");
    await auto.respond([{ name: "election", value: "election" }]);

    const command = nextInteraction(client);
    fake.sendInteraction({ type: InteractionType.ApplicationCommand, data: { name: "ask" } });
    const slash = await command;
    if (!slash.isChatInputCommand()) throw new Error("expected a command");
    await slash.deferReply({ flags: 64 });
    const first = await slash.followUp({ content: "first" });
    const second = await slash.followUp({ content: "second" });
    // The first follow-up of a deferred reply replaces the "thinking" message.
    expect(first.id).toBe(fake.originalResponse(slash.id)?.id);
    expect(second.id).not.toBe(first.id);
    expect(fake.originalResponse(slash.id)?.flags).toBe(64);
  });

  it("surfaces injected errors and enforces the 3 s initial-response window", async () => {
    const { fake, client } = await boot({ interactionResponseTimeoutMs: 50 });
    fake.failNext((r) => r.path.endsWith("/callback"), {
      status: 404,
      body: { message: "Unknown interaction", code: 10062 },
    });
    const first = nextInteraction(client);
    fake.sendInteraction({ type: InteractionType.ApplicationCommand, data: { name: "ask" } });
    const a = await first;
    if (!a.isChatInputCommand()) throw new Error("expected a command");
    await expect(a.reply({ content: "x" })).rejects.toMatchObject({ code: 10062 });

    const second = nextInteraction(client);
    fake.sendInteraction({ type: InteractionType.ApplicationCommand, data: { name: "ask" } });
    const b = await second;
    if (!b.isChatInputCommand()) throw new Error("expected a command");
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(b.reply({ content: "too late" })).rejects.toMatchObject({ code: 10062 });

    await expect(
      client.application?.commands.set([{ name: "Bad Name", description: "x" }]),
    ).rejects.toMatchObject({ code: 50035 });
  });

  it("delivers DMs with content and closes everything on shutdown", async () => {
    const { fake, client } = await boot({}, [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.DirectMessages,
    ]);
    const received = once(client, "messageCreate") as Promise<[Message]>;
    fake.sendMessage({ content: "private question", guild_id: null });
    const [dm] = await received;
    expect(dm.content).toBe("private question");
    expect(dm.channel.isDMBased()).toBe(true);
    if (!dm.channel.isSendable()) throw new Error("DM channel not sendable");
    await dm.channel.send("private answer");
    const post = await fake.waitForRequest(
      (r) => r.method === "POST" && r.path === `/channels/${dm.channelId}/messages`,
    );
    expect(post.status).toBe(200);

    await client.destroy();
    await fake.waitUntil(() => fake.connections() === 0, 1000, "the bot to disconnect");
    expect(fake.sessions()[0]?.resumable).toBe(false);
  });

  it("resumes when told to reconnect and resolves message context menu targets", async () => {
    const { fake, client } = await boot({}, [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
    ]);
    fake.requestReconnect(0);
    await fake.waitUntil(() => fake.resumes.some((r) => r.resumed), 3000, "a RESUME after op 7");

    const target = fake.sendMessage({ content: "Quote this" });
    const seen = nextInteraction(client);
    fake.sendInteraction({
      type: InteractionType.ApplicationCommand,
      data: { name: "Cite", type: 3, target_id: target.id },
    });
    const interaction = await seen;
    if (!interaction.isMessageContextMenuCommand()) throw new Error("expected a message command");
    expect(interaction.targetMessage.id).toBe(target.id);
    // The bot sees the full content of the message it was asked about.
    expect(interaction.targetMessage.content).toBe("Quote this");
  });
});
