/**
 * Gateway v10 over JSON text frames (discord.js only asks for zlib-stream when the optional
 * zlib-sync package is installed; it is not): HELLO, IDENTIFY -> READY + GUILD_CREATEs,
 * heartbeats, RESUME with replay of missed dispatches, RECONNECT, and session bookkeeping.
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
  /** READY `d` for a new session. */
  ready(sessionId: string, shard: [number, number]): unknown;
  /** GUILD_CREATE payloads sent right after READY. */
  guildCreates(): unknown[];
}

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

  /**
   * Sends a dispatch to every live session whose intents include `intent` (0 = always); a function for `d` gives
   * each session its own payload. Returns how many got it.
   */
  dispatch(t: string, d: unknown, intent = 0): number {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.invalidated || (intent !== 0 && (s.intents & intent) === 0)) continue;
      s.send(t, typeof d === 'function' ? (d as (session: GatewaySession) => unknown)(s) : d);
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
    this.identifies += 1;
    const shard = (Array.isArray(d.shard) ? d.shard : [0, 1]) as [number, number];
    const session = new GatewaySession(randomBytes(16).toString('hex'), intents);
    session.socket = conn.socket;
    conn.session = session;
    this.sessions.set(session.id, session);
    session.send('READY', this.hooks.ready(session.id, shard));
    for (const guild of this.hooks.guildCreates()) session.send('GUILD_CREATE', guild);
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
