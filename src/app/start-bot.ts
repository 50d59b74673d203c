import { EventEmitter } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { BotConfig } from '../config/env.ts';
import { openDatabase } from '../db/open.ts';
import type { CommandModule } from '../discord/command-module.ts';
import { createDiscordClient } from '../discord/create-client.ts';
import { routeInteraction } from '../discord/interaction-router.ts';
import { inviteUrl } from '../discord/invite.ts';
import { loadCommands } from '../discord/load-commands.ts';
import { eventStateOf } from '../discord/club-discord.ts';
import { readReaction } from '../discord/reaction-events.ts';
import { definitionsOf, registerCommandsIfChanged } from '../discord/register-commands.ts';
import type { Logger } from '../log/logger.ts';
import { followEvent, pollMessageChanged, rereadEvents } from '../club/run-club.ts';
import { countMessage, uncountMessage } from '../discussion/count-message.ts';
import { voteByReaction, type ReactionEvent } from '../votes/vote-by-reaction.ts';
import type { BotContext } from './context.ts';
import { createCpuPool } from './cpu-pool.ts';
import { createInFlight } from './in-flight.ts';
import { leaveServer } from './leave-server.ts';
import { registerJobs, type Jobs } from './jobs.ts';
import { buildContext } from './build-context.ts';

export interface BotOptions {
  config: BotConfig;
  log: Logger;
  commands?: ReadonlyMap<string, CommandModule<BotContext>>;
  now?: () => Date;
  /** How long shutdown waits for in-flight work before closing anyway. */
  drainMs?: number;
  /** Register the cron jobs (tests turn this off and call `tick()` with a controlled clock). */
  cron?: boolean;
  /**
   * Build the recommender's features, train its models and parse arXiv pages on a worker thread (default), so
   * interactions are answered meanwhile; false does it on the main thread, as before (bench:interactions' baseline).
   */
  cpuWorker?: boolean;
}

export interface BotEvents {
  reaction: [ReactionEvent];
}

export interface Bot {
  ctx: BotContext;
  client: Client;
  events: EventEmitter<BotEvents>;
  /** Resolves once logged in, registered and ready; catch-up and resumed posts continue in the background. */
  start(): Promise<void>;
  /** The every-minute delivery work, now. */
  tick(): Promise<void>;
  /** Resolves when no delivery or interaction work is in flight. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function createBot(opts: BotOptions): Promise<Bot> {
  const { config, log, now = () => new Date(), drainMs = 10_000, cron = true, cpuWorker = true } = opts;
  const commands = opts.commands ?? (await loadCommands<BotContext>());
  const db = openDatabase(config.DATABASE_PATH);
  const client = createDiscordClient({ apiUrl: config.DISCORD_API_URL });
  const inFlight = createInFlight();
  const cpu = cpuWorker ? createCpuPool({ log, databasePath: config.DATABASE_PATH }) : null;
  const ctx = buildContext({ config, log, now, db, client, cpu, track: (work) => inFlight.track(work) });
  const events = new EventEmitter<BotEvents>();
  let stopping = false;
  let jobs: Jobs | null = null;

  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) return;
    void inFlight.track(routeInteraction(interaction, ctx, commands));
  });
  const onReaction =
    (added: boolean) => (reaction: Parameters<typeof readReaction>[0], user: Parameters<typeof readReaction>[1]) => {
      if (stopping) return;
      const work = (async () => {
        const isBotPost = (messageId: string) => ctx.deliveries.byMessage(messageId) !== null;
        const event = await readReaction(reaction, user, added, client.user?.id ?? '', isBotPost);
        if (!event) return;
        events.emit('reaction', event);
        if (voteByReaction(ctx, event)) {
          ctx.taste.noteVote(event.guildId, event.userId);
          await ctx.voteRefresher.noteVote(event.messageId, false);
        }
      })().catch((err: unknown) => log.warn({ err }, 'could not handle a reaction'));
      void inFlight.track(work);
    };
  client.on(Events.MessageReactionAdd, onReaction(true));
  client.on(Events.MessageReactionRemove, onReaction(false));
  // GUILD_DELETE without `unavailable`: the bot was removed (an outage emits GuildUnavailable instead).
  client.on(Events.GuildDelete, (guild) => {
    if (stopping) return;
    try {
      leaveServer(ctx, guild.id);
    } catch (err) {
      log.error({ err, guild: guild.id }, 'could not stop the posts of a server the bot left');
    }
  });
  // A session follows its event when a member moves or deletes it, or Discord starts or ends it on its own.
  const onEvent = (event: Parameters<typeof eventStateOf>[0] | null, gone: boolean) => {
    if (stopping || !event) return;
    const state = gone ? { id: event.id, status: 'gone' as const } : eventStateOf(event);
    if (!state) return;
    void inFlight.track(
      followEvent(ctx.club, state).catch((err: unknown) =>
        log.warn({ err, event: event.id }, 'could not follow a scheduled event'),
      ),
    );
  };
  client.on(Events.GuildScheduledEventUpdate, (_old, event) => onEvent(event, false));
  client.on(Events.GuildScheduledEventDelete, (event) => onEvent(event, true));
  // A poll ends: Discord edits its message with the final results.
  client.on(Events.MessageUpdate, (_old, message) => {
    if (stopping || !ctx.club.polls.get(message.id)) return;
    void inFlight.track(
      pollMessageChanged(ctx.club, message.id).catch((err: unknown) =>
        log.warn({ err, poll: message.id }, 'could not decide a finished poll'),
      ),
    );
  });
  // Members' messages in papers' threads are counted (discussion as a signal); their content is never read.
  const discussion = { messages: ctx.threadMessages, paperOfThread: (id: string) => ctx.deliveries.paperOfThread(id) };
  client.on(Events.MessageCreate, (message) => {
    if (stopping) return;
    try {
      countMessage(discussion, {
        id: message.id,
        guildId: message.guildId,
        channelId: message.channelId,
        authorIsBot: message.author?.bot ?? null,
        system: message.system,
        createdTimestamp: message.createdTimestamp,
      });
    } catch (err) {
      log.warn({ err, message: message.id }, 'could not count a message');
    }
  });
  const onDeleted = (messageIds: Iterable<string>) => {
    if (stopping) return;
    try {
      for (const id of messageIds) uncountMessage(discussion, id);
    } catch (err) {
      log.warn({ err }, 'could not take back a deleted message');
    }
  };
  client.on(Events.MessageDelete, (message) => onDeleted([message.id]));
  client.on(Events.MessageBulkDelete, (messages) => onDeleted(messages.keys()));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway session resumed'));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));

  async function start(): Promise<void> {
    // Papers stored while the bot was off (a CLI backfill) are indexed now, not inside a member's search.
    const indexed = ctx.search.sync();
    if (indexed > 0) log.info({ papers: indexed }, 'search index caught up');
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(config.DISCORD_TOKEN);
    await ready;
    const applicationId = client.application?.id ?? client.user?.id ?? '';
    const registered = await registerCommandsIfChanged(
      client.rest,
      ctx.meta,
      { applicationId, guildId: config.DEV_GUILD_ID },
      definitionsOf(commands),
    );
    log.info(
      {
        servers: client.guilds.cache.size,
        database: config.DATABASE_PATH,
        papers: ctx.papers.count(),
        commands: registered ? `registered ${config.DEV_GUILD_ID ? 'to the dev server' : 'globally'}` : 'unchanged',
        invite: inviteUrl(applicationId),
      },
      `Paperboy is online as ${client.user?.tag ?? 'unknown'}`,
    );
    await rereadEvents(ctx.club);
    jobs = registerJobs(ctx, { cron });
    // Catch up on runs missed while the bot was down, and resume posts a crash left unsent.
    void jobs.tick();
  }

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    await jobs?.stop();
    const drained = await inFlight.drain(drainMs);
    await ctx.voteRefresher.close();
    await ctx.taste.close();
    await cpu?.close();
    if (!drained) log.warn({ pending: inFlight.size }, 'shutting down with work still in flight');
    await client.destroy();
    db.close();
  }

  async function settled(): Promise<void> {
    while (inFlight.size > 0) await inFlight.drain(60_000);
  }

  return { ctx, client, events, start, stop, settled, tick: () => jobs?.tick() ?? Promise.resolve() };
}
