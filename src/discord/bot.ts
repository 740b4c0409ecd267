/**
 * Starts the bot: creates the client, wires the interaction and mention handlers, logs in,
 * and registers the commands once connected. `stop()` waits for answers in flight, then
 * disconnects. Production (`src/index.ts`) and the end-to-end tests start it the same way.
 */
import { Events } from "discord.js";
import type { Client } from "discord.js";
import type { Context } from "../app/context.ts";
import type { CommandRegistry } from "./command.ts";
import { createClient } from "./client.ts";
import { deployCommands } from "./deployCommands.ts";
import { logGatewayOutages } from "./gatewayOutages.ts";
import { createInteractionHandler } from "./interactions.ts";
import { createMentionHandler } from "./mentions.ts";

export interface Bot {
  client: Client<true>;
  /** Finishes answers in flight (up to `graceMs`), then disconnects. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartBotOptions {
  /** The commands and buttons to answer (`registry` from `commands/index.ts`). */
  registry: CommandRegistry;
  /** Register the commands on start-up (default true). */
  registerCommands?: boolean;
  /**
   * Aborts a start still logging in or waiting for Discord to be ready (a shutdown while the
   * gateway cannot be reached): the start rejects with {@link StartAborted}, and the process
   * is expected to exit.
   */
  signal?: AbortSignal;
}

/** Why a start stopped before the bot was connected. */
export class StartAborted extends Error {
  constructor() {
    super("the start was stopped before the bot connected");
    this.name = "StartAborted";
  }
}

/**
 * Closes the connection of a start that was stopped, once `login` has opened it: destroying
 * a socket that is still opening makes the gateway's WebSocket throw an error no one can
 * catch.
 */
function closeOnceConnected(client: Client, login: Promise<string>): void {
  void login.then(() => client.destroy()).catch(() => undefined);
}

/** A promise that rejects once `signal` aborts (never without one); its rejection is handled. */
function abortionOf(signal: AbortSignal | undefined): Promise<never> {
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(new StartAborted());
    signal?.addEventListener("abort", () => reject(new StartAborted()), { once: true });
  });
  aborted.catch(() => undefined);
  return aborted;
}

export async function startBot(context: Context, options: StartBotOptions): Promise<Bot> {
  const { config, logger } = context;
  if (!config.discordToken) throw new Error("startBot needs DISCORD_TOKEN");
  const client = createClient(config);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const onInteraction = createInteractionHandler(options.registry, context);
  const onMessage = createMentionHandler(context);
  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) track(onMessage(message));
  });
  client.on(Events.GuildCreate, (guild) => {
    logger.info("joined guild", { guild: guild.id, members: guild.memberCount });
  });
  client.on(Events.Error, (err) => logger.error("discord client error", { err }));
  client.on(Events.Warn, (message) => logger.warn("discord client warning", { message }));
  const outages = logGatewayOutages(client, logger);

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  const aborted = abortionOf(options.signal);
  let readyClient: Client<true>;
  const login = client.login(config.discordToken);
  try {
    await Promise.race([login, aborted]);
    readyClient = await Promise.race([ready, aborted]);
  } catch (err) {
    outages.closing();
    if (err instanceof StartAborted) {
      // Until its connection closes, the client takes no question, so none is begun and
      // then cut off by the process's exit.
      stopping = true;
      closeOnceConnected(client, login);
    } else {
      await client.destroy();
    }
    throw err;
  }
  logger.info("connected to Discord", {
    user: readyClient.user.tag,
    id: readyClient.user.id,
    guilds: readyClient.guilds.cache.size,
    articles: context.library.current.articles.length,
  });

  // Shard 0 (or an unsharded bot) keeps the registered commands in step with the code.
  const isFirstShard = readyClient.shard ? readyClient.shard.ids.includes(0) : true;
  if ((options.registerCommands ?? true) && isFirstShard) {
    try {
      const count = await deployCommands(
        readyClient.rest,
        {
          clientId: config.discordClientId ?? readyClient.application.id,
          guildId: config.discordGuildId,
        },
        options.registry.commands,
      );
      logger.info("commands registered", {
        count,
        scope: config.discordGuildId ? `guild ${config.discordGuildId}` : "global",
      });
    } catch (err) {
      logger.error("registering commands failed; the previous registration stays", { err });
    }
  }

  return {
    client: readyClient,
    async stop(graceMs = 10_000) {
      stopping = true;
      if (inFlight.size > 0) {
        logger.info("finishing answers in flight", { count: inFlight.size });
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...inFlight]),
          new Promise((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      outages.closing();
      await client.destroy();
      logger.info("disconnected from Discord");
    },
  };
}
