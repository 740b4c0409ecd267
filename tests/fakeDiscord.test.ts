import { once } from "node:events";
import type { ChatInputCommandInteraction, Guild, Interaction, Message } from "discord.js";
import { Client, GatewayIntentBits, InteractionType, Partials } from "discord.js";
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
): Promise<{ fake: FakeDiscord; client: Client }> {
  fake = await startFakeDiscord({ heartbeatInterval: 200, ...options });
  client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl } });
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
});
