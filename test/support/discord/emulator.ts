/**
 * A local Discord (REST v10 + Gateway) for end-to-end tests with the real discord.js Client.
 *
 *   const emu = await startDiscordEmulator({ heartbeatIntervalMs: 1000 });
 *   const client = new Client({ ..., rest: { api: `${emu.url}/api` } });
 *   await client.login(emu.token);
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayIntentBits, InteractionType } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIDMChannel, APIMessage, APIUser } from 'discord-api-types/v10';
import type { EmulatorContext } from './context.ts';
import { FaultInjector } from './faults.ts';
import { GatewayServer, onShard } from './gateway.ts';
import { InteractionHandle } from './interaction-handle.ts';
import { commandData, componentData, envelope, modalData } from './interaction-payloads.ts';
import type { AutocompleteSpec, ComponentSpec, ModalSubmitSpec, SlashCommandSpec } from './interaction-payloads.ts';
import { InteractionRegistry } from './interactions.ts';
import type { InteractionKind } from './interactions.ts';
import { RateLimiter } from './rate-limits.ts';
import { RestRouter } from './rest-router.ts';
import { RestServer } from './rest-server.ts';
import { ChannelAccess, registerChannelRoutes } from './routes-channels.ts';
import { registerInteractionRoutes } from './routes-interactions.ts';
import { registerMetaRoutes } from './routes-meta.ts';
import { registerReactionThreadRoutes, setReaction } from './routes-reactions-threads.ts';
import { registerPollRoutes } from './routes-polls.ts';
import { registerDmRoutes } from './routes-dms.ts';
import { dmChannelJSON, openDmChannel } from './dms.ts';
import { automateEvents } from './event-automation.ts';
import { expireDuePolls, removeVote, setVote } from './polls.ts';
import { deleteMessageAsUser, postAsUser } from './user-messages.ts';
import type { UserMessageOptions } from './user-messages.ts';
import { registerScheduledEventRoutes } from './routes-scheduled-events.ts';
import { guildCreateJSON, readyJSON } from './serialize.ts';
import { EmulatorState } from './state.ts';
import type { DiscordEmulatorOptions, EmulatorStats, FaultSpec, RecordedRequest } from './types.ts';
import { ScheduledEventsEditor } from './scheduled-events-world.ts';

export interface ReactionSpec {
  channelId: string;
  messageId: string;
  /** Default: the guild's first human member. */
  userId?: string;
  /** Unicode emoji ('👍'), 'name:id', or { name, id? }. */
  emoji: string | { name: string; id?: string | null };
  burst?: boolean;
}

export class DiscordEmulator extends ScheduledEventsEditor {
  readonly url: string;
  readonly token: string;
  readonly #faults: FaultInjector;
  readonly #interactions: InteractionRegistry;
  readonly #rest: RestServer;
  readonly #close: () => Promise<void>;

  constructor(
    ctx: EmulatorContext,
    parts: { rest: RestServer; faults: FaultInjector; interactions: InteractionRegistry; close: () => Promise<void> },
  ) {
    super(ctx);
    this.url = ctx.baseUrl;
    this.token = ctx.token;
    this.#faults = parts.faults;
    this.#interactions = parts.interactions;
    this.#rest = parts.rest;
    this.#close = parts.close;
  }

  /** What time it is for Discord: the clock the emulator was started with. The bot harness gives the bot this one. */
  now(): Date {
    return new Date(this.ctx.state.now());
  }

  get applicationId(): string {
    return this.ctx.state.applicationId;
  }
  get botUser(): APIUser {
    return this.ctx.state.bot;
  }
  /** Every REST request, in arrival order (status 0 while in flight). */
  get requests(): readonly RecordedRequest[] {
    return this.#rest.requests;
  }
  /** Sequence number of the last recorded request; use with `r.seq > mark` in waitFor predicates. */
  mark(): number {
    return this.#rest.requests.length;
  }
  /** Gateway RESUMEs accepted, and IDENTIFYs. */
  get resumes(): number {
    return this.ctx.gateway.resumes;
  }
  get identifies(): number {
    return this.ctx.gateway.identifies;
  }
  get stats(): EmulatorStats {
    return {
      requests: this.#rest.requests.length,
      rateLimited: this.#rest.rateLimited,
      globalRateLimited: this.#rest.globalRateLimited,
      faultsServed: this.#faults.served,
      interactions: this.#interactions.count,
      dispatches: this.ctx.gateway.dispatches,
    };
  }
  /** Commands as last bulk-overwritten. */
  get commands(): { global: APIApplicationCommand[]; guild: (guildId: string) => APIApplicationCommand[] } {
    return { global: this.ctx.state.globalCommands, guild: (id) => this.ctx.state.guildCommands.get(id) ?? [] };
  }

  sendSlashCommand(spec: SlashCommandSpec): InteractionHandle {
    const { payload, guild, userId } = envelope(this.ctx.state, spec, InteractionType.ApplicationCommand);
    payload.data = commandData(this.ctx.state, guild, spec);
    return this.#dispatch('command', payload, userId);
  }

  sendAutocomplete(spec: AutocompleteSpec): InteractionHandle {
    const { payload, guild, userId } = envelope(this.ctx.state, spec, InteractionType.ApplicationCommandAutocomplete);
    payload.data = commandData(this.ctx.state, guild, spec, spec.focused);
    return this.#dispatch('autocomplete', payload, userId);
  }

  clickButton(spec: ComponentSpec): InteractionHandle {
    return this.#component(spec);
  }
  selectMenu(spec: ComponentSpec & { values: string[] }): InteractionHandle {
    return this.#component(spec);
  }

  submitModal(spec: ModalSubmitSpec): InteractionHandle {
    const { payload, userId } = envelope(this.ctx.state, spec, InteractionType.ModalSubmit);
    payload.data = modalData(spec);
    const message = spec.messageId ? this.message(spec.messageId) : undefined;
    if (message) payload.message = message;
    return this.#dispatch('modal', payload, userId, message?.id);
  }

  #component(spec: ComponentSpec): InteractionHandle {
    const message = this.message(spec.messageId);
    if (!message) throw new Error(`Unknown message ${spec.messageId}`);
    const { payload, guild, userId } = envelope(this.ctx.state, spec, InteractionType.MessageComponent);
    payload.data = componentData(this.ctx.state, guild, message, spec);
    payload.message = message;
    return this.#dispatch('component', payload, userId, message.id);
  }

  #dispatch(
    kind: InteractionKind,
    payload: Record<string, unknown>,
    userId: string,
    componentMessageId?: string,
  ): InteractionHandle {
    const rec = this.#interactions.dispatch(kind, payload, {
      userId,
      ...(componentMessageId ? { componentMessageId } : {}),
    });
    return new InteractionHandle(rec, this.ctx, this.#interactions);
  }

  /** A member reacts (MESSAGE_REACTION_ADD with member). */
  addReaction(spec: ReactionSpec): void {
    this.#react(spec, true);
  }
  removeReaction(spec: ReactionSpec): void {
    this.#react(spec, false);
  }
  #react(spec: ReactionSpec, add: boolean): void {
    const record = this.ctx.state.messages.get(spec.messageId);
    if (!record || record.message.channel_id !== spec.channelId)
      throw new Error(`Unknown message ${spec.messageId} in ${spec.channelId}`);
    const guild = this.channelGuild(spec.channelId);
    const userId = this.ctx.state.ensureMember(guild, spec.userId).userId;
    setReaction(this.ctx, record, spec.emoji, userId, add, spec.burst ?? false);
  }

  /** A member votes in a poll: `answerIds` replace the user's earlier vote (MESSAGE_POLL_VOTE_REMOVE/ADD). */
  votePoll(channelId: string, messageId: string, userId: string, answerIds: number[]): void {
    setVote(this.ctx, this.#pollRecord(channelId, messageId, userId), userId, answerIds);
  }
  /** Removes a member's votes for `answerIds` (default: all of them). */
  removePollVote(channelId: string, messageId: string, userId: string, answerIds?: number[]): void {
    removeVote(this.ctx, this.#pollRecord(channelId, messageId, userId), userId, answerIds);
  }
  /** Ends every open poll whose expiry is at or before `at` (default: the emulator's now); returns their ids. */
  expirePolls(at: Date = new Date(this.ctx.state.now())): string[] {
    return expireDuePolls(this.ctx, at.getTime());
  }
  #pollRecord(channelId: string, messageId: string, userId: string) {
    const record = this.ctx.state.messages.inChannel(channelId, messageId);
    if (!record) throw new Error(`Unknown message ${messageId} in ${channelId}`);
    if (!this.channelGuild(channelId).members.has(userId)) throw new Error(`User ${userId} is not a member`);
    return record;
  }

  /** A member (or, with `opts.bot`, another bot) writes in a channel or thread: MESSAGE_CREATE. */
  postAsUser(channelId: string, userId: string, content: string, opts?: UserMessageOptions): APIMessage {
    return postAsUser(this.ctx, channelId, userId, content, opts);
  }
  /** Someone deletes a message: MESSAGE_DELETE. */
  deleteMessageAsUser(channelId: string, messageId: string): void {
    deleteMessageAsUser(this.ctx, channelId, messageId);
  }

  /** The user stops accepting DMs from the bot: sending in their DM channel answers 403 / 50007. */
  closeDms(userId: string): void {
    this.ctx.state.dms.setClosed(userId, true);
  }
  /** The user accepts DMs from the bot again (the default). */
  openDms(userId: string): void {
    this.ctx.state.dms.setClosed(userId, false);
  }
  /** The id of the bot's DM channel with a user, once the bot has opened it (POST /users/@me/channels). */
  dmChannelOf(userId: string): string | undefined {
    return this.ctx.state.dms.channelOf(userId);
  }
  /** The DM channel with a user as the API returns it, opening it (without any event) if needed. */
  dmChannel(userId: string): APIDMChannel {
    const { state } = this.ctx;
    if (!state.users.has(userId)) throw new Error(`Unknown user ${userId}`);
    return dmChannelJSON(state, openDmChannel(state, userId));
  }

  /** Closes the gateway socket abnormally (no close frame); discord.js reconnects and RESUMEs. */
  dropConnection(): void {
    this.ctx.gateway.dropConnection();
  }
  /** Sends op 7 RECONNECT. */
  requestReconnect(): void {
    this.ctx.gateway.requestReconnect();
  }
  /** Sends op 9 INVALID_SESSION; non-resumable by default, forcing a fresh IDENTIFY. */
  invalidateSession(resumable = false): void {
    this.ctx.gateway.invalidateSessions(resumable);
  }

  /** The next `times` requests matching the pattern fail (see FaultSpec). */
  injectFault(spec: FaultSpec): void {
    this.#faults.add(spec);
  }
  clearFaults(): void {
    this.#faults.clear();
  }

  /** Resolves with the first request (past or future) matching `predicate` once it has been answered. */
  waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 2000): Promise<RecordedRequest> {
    const past = this.#rest.requests.find((r) => r.status !== 0 && predicate(r));
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const onRequest = (r: RecordedRequest) => {
        if (!predicate(r)) return;
        cleanup();
        resolve(r);
      };
      const timer = setTimeout(() => {
        cleanup();
        const recent = this.#rest.requests
          .slice(-5)
          .map((r) => `${r.method} ${r.path} -> ${r.status}`)
          .join('; ');
        reject(new Error(`waitFor: no matching request within ${timeoutMs} ms (last: ${recent || 'none'})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#rest.events.off('request', onRequest);
      };
      this.#rest.events.on('request', onRequest);
    });
  }

  close(): Promise<void> {
    this.#interactions.close();
    return this.#close();
  }
}

export async function startDiscordEmulator(options: DiscordEmulatorOptions = {}): Promise<DiscordEmulator> {
  const now = options.now ?? (() => new Date());
  const state = new EmulatorState(options.botName ?? 'Paperboy', () => now().getTime());
  for (const spec of options.guilds ?? [{}]) state.createGuild(spec);
  const token =
    options.token ??
    [Buffer.from(state.bot.id), randomBytes(4), randomBytes(20)].map((part) => part.toString('base64url')).join('.');
  const server = createServer();
  // A client resetting its connection (a discord.js client torn down mid-request, a socket handed to the
  // gateway) is the client's business: it must not surface as an uncaught error in the test process.
  server.on('connection', (socket) => socket.on('error', () => undefined));
  // A deep accept backlog: 1,000 simultaneous interaction callbacks open ~1,000 connections at once,
  // and with Node's default (511) dropped SYNs are retried only after 1-3 s.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const isValidToken = (t: unknown) => t === token || t === `Bot ${token}`;
  const gateway = new GatewayServer(server, {
    isValidToken,
    allowedPrivilegedIntents: (options.privilegedIntents ?? []).reduce(
      (bits, name) => bits | GatewayIntentBits[name],
      0,
    ),
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    ready: (sessionId, shard) => readyJSON(state, sessionId, shard, baseUrl.replace(/^http/, 'ws')),
    guildCreates: (shard) =>
      [...state.guilds.values()].filter((g) => onShard(shard, g.id)).map((g) => guildCreateJSON(state, g)),
    guildIds: () => [...state.guilds.keys()],
    ...(options.recommendedShards === undefined ? {} : { recommendedShards: options.recommendedShards }),
    ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }),
    ...(options.maxGuildsPerShard === undefined ? {} : { maxGuildsPerShard: options.maxGuildsPerShard }),
  });
  const ctx: EmulatorContext = {
    state,
    gateway,
    baseUrl,
    token,
    interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
  };
  const faults = new FaultInjector();
  const interactions = new InteractionRegistry(ctx);
  const router = new RestRouter();
  const access = new ChannelAccess(ctx);
  registerMetaRoutes(router, ctx);
  registerChannelRoutes(router, ctx, access);
  registerReactionThreadRoutes(router, ctx, access);
  registerInteractionRoutes(router, ctx, interactions);
  registerPollRoutes(router, ctx, access);
  registerScheduledEventRoutes(router, ctx);
  registerDmRoutes(router, ctx);
  const rl = options.rateLimits;
  const rest = new RestServer({
    router,
    faults,
    latencyMs: options.latencyMs ?? 0,
    responseLatencyMs: options.responseLatencyMs ?? 0,
    limiter: new RateLimiter(rl !== undefined && rl !== false, typeof rl === 'object' ? rl : {}),
    isValidAuth: (h) => h === `Bot ${token}`,
  });
  server.on('request', rest.handle);
  // Discord moves events on by itself, whether or not anyone asks (event-automation.ts).
  const automation = setInterval(() => automateEvents(ctx), 100);
  automation.unref();
  const close = async () => {
    clearInterval(automation);
    await gateway.close();
    // Idle keep-alive connections end with a FIN; only what is still busy after that is cut.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 20));
    server.closeAllConnections();
    await closed;
  };
  return new DiscordEmulator(ctx, { rest, faults, interactions, close });
}

export { InteractionHandle };
export type { UserMessageOptions } from './user-messages.ts';
export type { AutocompleteSpec, ComponentSpec, ModalSubmitSpec, SlashCommandSpec } from './interaction-payloads.ts';
export type * from './types.ts';
