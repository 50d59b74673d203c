/**
 * Gateway v10 over JSON text frames (discord.js only asks for zlib-stream when the optional
 * zlib-sync package is installed; it is not): HELLO, IDENTIFY -> READY + GUILD_CREATEs,
 * heartbeats, RESUME with replay of missed dispatches, RECONNECT, sharding, and session bookkeeping.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';

const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

export interface GatewayHooks {
  isValidToken(token: unknown): boolean;
  /** Privileged intent bits enabled "in the developer portal"; others close the socket with 4014. */
  allowedPrivilegedIntents: number;
  heartbeatIntervalMs: number;
  /** READY `d` for a new session of a shard (its guilds only). */
  ready(sessionId: string, shard: Shard): unknown;
  /** The GUILD_CREATE payloads sent right after READY, of the guilds of a shard. */
  guildCreates(shard: Shard): unknown[];
  /** The ids of the guilds the bot is in. */
  guildIds(): string[];
  /** The shard count GET /gateway/bot recommends (default: one per 1,000 guilds, at least 1). */
  recommendedShards?: number;
  /** Shards that may IDENTIFY at once, every 5 s (session_start_limit.max_concurrency; default 1). */
  maxConcurrency?: number;
  /** Guilds one session may hold; a session that would hold more is closed with 4011 (default 2,500). */
  maxGuildsPerShard?: number;
}

/** [shard id, number of shards], as IDENTIFY sends it. */
export type Shard = [id: number, count: number];

/** The shard that receives a guild's events (Discord: (guild_id >> 22) % num_shards). */
export const shardOf = (guildId: string, count: number): number => Number((BigInt(guildId) >> 22n) % BigInt(count));

/** Whether a shard receives a guild's events; events outside guilds (DMs) go to shard 0 only. */
export const onShard = ([id, count]: Shard, guildId: string | undefined): boolean =>
  guildId === undefined ? id === 0 : shardOf(guildId, count) === id;

/** The guild a dispatch is about: its `guild_id`, or the guild itself for GUILD_CREATE/UPDATE/DELETE. */
function guildOf(t: string, d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null) return undefined;
  const { guild_id: guildId, id } = d as { guild_id?: unknown; id?: unknown };
  if (typeof guildId === 'string') return guildId;
  return /^GUILD_(CREATE|UPDATE|DELETE)$/.test(t) && typeof id === 'string' ? id : undefined;
}

/** Sessions started per day (Discord's session_start_limit.total for most bots). */
const SESSION_STARTS_PER_DAY = 1000;
const DAY_MS = 86_400_000;

/** Dispatches kept per session for RESUME. */
const REPLAY_BUFFER = 20_000;

export class GatewaySession {
  seq = 0;
  socket: WebSocket | null = null;
  invalidated = false;
  readonly buffer: { s: number; text: string }[] = [];
  constructor(
    readonly id: string,
    readonly intents: number,
    readonly shard: Shard = [0, 1],
  ) {}

  send(t: string, d: unknown): void {
    this.seq += 1;
    const text = JSON.stringify({ op: GatewayOpcodes.Dispatch, t, s: this.seq, d });
    this.buffer.push({ s: this.seq, text });
    // Trimmed a quarter at a time: amortised O(1).
    if (this.buffer.length > REPLAY_BUFFER * 1.25) this.buffer.splice(0, this.buffer.length - REPLAY_BUFFER);
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
  }
}

interface Connection {
  socket: WebSocket;
  session: GatewaySession | null;
}

const op = (code: GatewayOpcodes, d: unknown = null): string => JSON.stringify({ op: code, d, s: null, t: null });

export class GatewayServer {
  readonly sessions = new Map<string, GatewaySession>();
  readonly #wss: WebSocketServer;
  resumes = 0;
  identifies = 0;
  connections = 0;
  dispatches = 0;
  /** performance.now() of the IDENTIFYs of the last day, for session_start_limit. */
  readonly #starts: number[] = [];

  constructor(
    server: Server,
    private readonly hooks: GatewayHooks,
  ) {
    this.#wss = new WebSocketServer({ server });
    this.#wss.on('connection', (socket) => this.#onConnection(socket));
  }

  /** Sessions that still receive (and buffer) dispatches. */
  get liveSessions(): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => !s.invalidated);
  }

  /** GET /gateway/bot: the recommended shard count and the session start limit, as Discord documents them. */
  botGateway(url: string): Record<string, unknown> {
    const now = performance.now();
    while (this.#starts.length > 0 && this.#starts[0]! <= now - DAY_MS) this.#starts.shift();
    const guilds = this.hooks.guildIds().length;
    return {
      url,
      shards: this.hooks.recommendedShards ?? Math.max(1, Math.ceil(guilds / 1000)),
      session_start_limit: {
        total: SESSION_STARTS_PER_DAY,
        remaining: Math.max(0, SESSION_STARTS_PER_DAY - this.#starts.length),
        reset_after: this.#starts.length === 0 ? 0 : Math.ceil(this.#starts[0]! + DAY_MS - now),
        max_concurrency: this.hooks.maxConcurrency ?? 1,
      },
    };
  }

  /**
   * Sends a dispatch to every live session whose intents include `intent` (0 = always) and whose shard has the
   * guild the event is about (shard 0 for events outside guilds); a function for `d` gives each session its own
   * payload. Returns how many got it.
   */
  dispatch(t: string, d: unknown, intent = 0): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.invalidated || (intent !== 0 && (s.intents & intent) === 0)) continue;
      const payload = typeof d === 'function' ? (d as (session: GatewaySession) => unknown)(s) : d;
      if (!onShard(s.shard, guildOf(t, payload))) continue;
      s.send(t, payload);
      n += 1;
    }
    if (n > 0) this.dispatches += 1;
    return n;
  }

  /** Kills the sockets without a close frame (like a network drop); sessions stay resumable. */
  dropConnection(): void {
    for (const s of this.sessions.values()) s.socket?.terminate();
  }

  /** Sends op 7 RECONNECT; discord.js closes with 4200 and resumes. */
  requestReconnect(): void {
    for (const s of this.liveSessions) s.socket?.send(op(GatewayOpcodes.Reconnect));
  }

  /** Sends op 9 INVALID_SESSION (d=resumable) to every live session. */
  invalidateSessions(resumable = false): void {
    for (const s of this.liveSessions) {
      if (!resumable) s.invalidated = true;
      s.socket?.send(op(GatewayOpcodes.InvalidSession, resumable));
    }
  }

  /**
   * Closes every connection as Discord does, with a close frame (1001), and only cuts the ones that have not
   * closed within half a second: cutting at once resets the clients' sockets mid-read.
   */
  async close(): Promise<void> {
    const open = [...this.#wss.clients];
    const closed = Promise.all(open.map((c) => new Promise<void>((resolve) => c.once('close', () => resolve()))));
    for (const client of open) client.close(1001, 'Going away');
    await Promise.race([closed, new Promise((r) => setTimeout(r, 500))]);
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #onConnection(socket: WebSocket): void {
    this.connections += 1;
    const conn: Connection = { socket, session: null };
    socket.send(
      op(GatewayOpcodes.Hello, {
        heartbeat_interval: this.hooks.heartbeatIntervalMs,
        _trace: ['["paperboy-emulator"]'],
      }),
    );
    // The server keeps ws's default binaryType ('nodebuffer'), so every message arrives as one Buffer.
    socket.on('message', (data, isBinary) => this.#onMessage(conn, (data as Buffer).toString(), isBinary));
    socket.on('close', (code) => {
      const session = conn.session;
      if (!session || session.socket !== socket) return;
      session.socket = null;
      // A client closing with 1000/1001 ends its session on Discord; other codes keep it resumable.
      if (code === 1000 || code === 1001) session.invalidated = true;
    });
    socket.on('error', () => undefined);
  }

  #onMessage(conn: Connection, text: string, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch {
      conn.socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const d = (payload.d ?? {}) as Record<string, unknown>;
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        conn.socket.send(op(GatewayOpcodes.HeartbeatAck));
        return;
      case GatewayOpcodes.Identify:
        return this.#identify(conn, d);
      case GatewayOpcodes.Resume:
        return this.#resume(conn, d);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (!conn.session) conn.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        conn.socket.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  #identify(conn: Connection, d: Record<string, unknown>): void {
    if (conn.session) {
      conn.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!this.hooks.isValidToken(d.token)) {
      conn.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    if ((intents & PRIVILEGED_INTENTS & ~this.hooks.allowedPrivilegedIntents) !== 0) {
      conn.socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    const shard: Shard = d.shard === undefined ? [0, 1] : (d.shard as Shard);
    const [shardId, shardCount] = Array.isArray(shard) ? shard : [];
    if (
      !Number.isInteger(shardId) ||
      !Number.isInteger(shardCount) ||
      shardCount! < 1 ||
      shardId! < 0 ||
      shardId! >= shardCount!
    ) {
      conn.socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    const guilds = this.hooks.guildIds().filter((id) => onShard(shard, id)).length;
    if (guilds > (this.hooks.maxGuildsPerShard ?? 2500)) {
      conn.socket.close(GatewayCloseCodes.ShardingRequired, 'Sharding required.');
      return;
    }
    this.identifies += 1;
    this.#starts.push(performance.now());
    const session = new GatewaySession(randomBytes(16).toString('hex'), intents, shard);
    session.socket = conn.socket;
    conn.session = session;
    this.sessions.set(session.id, session);
    session.send('READY', this.hooks.ready(session.id, shard));
    for (const guild of this.hooks.guildCreates(shard)) session.send('GUILD_CREATE', guild);
  }

  #resume(conn: Connection, d: Record<string, unknown>): void {
    if (!this.hooks.isValidToken(d.token)) {
      conn.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = this.sessions.get(String(d.session_id));
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    const oldest = session?.buffer[0]?.s ?? 1;
    if (!session || session.invalidated || seq > session.seq || seq < oldest - 1) {
      conn.socket.send(op(GatewayOpcodes.InvalidSession, false));
      return;
    }
    if (session.socket && session.socket !== conn.socket) session.socket.terminate();
    session.socket = conn.socket;
    conn.session = session;
    this.resumes += 1;
    for (const entry of session.buffer) if (entry.s > seq) conn.socket.send(entry.text);
    session.send('RESUMED', { _trace: ['["paperboy-emulator"]'] });
  }
}
