import type { Database } from 'better-sqlite3';

export type SessionStatus = 'scheduled' | 'active' | 'completed' | 'cancelled';

/** A reading session: a Discord scheduled event about a paper, announced in the paper's discussion thread. */
export interface Session {
  eventId: string;
  guildId: string;
  paperId: string;
  threadId: string;
  /** The voice or stage channel it is held in; null for an external event located at the thread. */
  voiceChannelId: string | null;
  /** ISO 8601, UTC. */
  startsAt: string;
  endsAt: string;
  status: SessionStatus;
  createdBy: string;
  createdAt: string;
}

interface SessionRow {
  event_id: string;
  guild_id: string;
  paper_id: string;
  thread_id: string;
  voice_channel_id: string | null;
  starts_at: string;
  ends_at: string;
  status: SessionStatus;
  created_by: string;
  created_at: string;
}

const toSession = (r: SessionRow): Session => ({
  eventId: r.event_id,
  guildId: r.guild_id,
  paperId: r.paper_id,
  threadId: r.thread_id,
  voiceChannelId: r.voice_channel_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export type SessionStore = ReturnType<typeof createSessionStore>;

/** The reading club's sessions (club_sessions, migration 10). */
export function createSessionStore(db: Database, now: () => Date = () => new Date()) {
  const insert = db.prepare(
    `INSERT INTO club_sessions (event_id, guild_id, paper_id, thread_id, voice_channel_id, starts_at, ends_at,
       created_by, created_at)
     VALUES (@eventId, @guildId, @paperId, @threadId, @voiceChannelId, @startsAt, @endsAt, @createdBy, @createdAt)`,
  );
  const byId = db.prepare<[string], SessionRow>('SELECT * FROM club_sessions WHERE event_id = ?');
  const upcoming = db.prepare<[string], SessionRow>(
    `SELECT * FROM club_sessions WHERE guild_id = ? AND status IN ('scheduled', 'active') ORDER BY starts_at, event_id`,
  );
  const open = db.prepare<[], SessionRow>(
    "SELECT * FROM club_sessions WHERE status IN ('scheduled', 'active') ORDER BY starts_at, event_id",
  );
  const past = db.prepare<[string, number, number], SessionRow>(
    `SELECT * FROM club_sessions WHERE guild_id = ? AND status = 'completed'
     ORDER BY starts_at DESC, event_id DESC LIMIT ? OFFSET ?`,
  );
  const countPast = db
    .prepare<[string], number>("SELECT count(*) FROM club_sessions WHERE guild_id = ? AND status = 'completed'")
    .pluck();
  const readPapers = db
    .prepare<[string], string>(
      "SELECT DISTINCT paper_id FROM club_sessions WHERE guild_id = ? AND status = 'completed'",
    )
    .pluck();
  const move = db.prepare('UPDATE club_sessions SET starts_at = ?, ends_at = ? WHERE event_id = ?');
  // Completed and cancelled are final, and only a scheduled session starts: a late or repeated change (a gateway
  // event after the tick got there, a 10070 after the end) cannot undo what already happened.
  const setStatus = db.prepare(
    `UPDATE club_sessions SET status = @to WHERE event_id = @eventId
       AND (status = 'scheduled' OR (status = 'active' AND @to IN ('completed', 'cancelled')))`,
  );
  const cancelGuild = db.prepare(
    "UPDATE club_sessions SET status = 'cancelled' WHERE guild_id = ? AND status IN ('scheduled', 'active')",
  );

  return {
    add(s: Omit<Session, 'status' | 'createdAt'>): Session {
      insert.run({ ...s, createdAt: now().toISOString() });
      return toSession(byId.get(s.eventId)!);
    },
    get: (eventId: string): Session | null => {
      const row = byId.get(eventId);
      return row ? toSession(row) : null;
    },
    /** Scheduled and running sessions of a server, soonest first. */
    upcoming: (guildId: string): Session[] => upcoming.all(guildId).map(toSession),
    /** Every scheduled or running session, for the jobs and the re-read at start-up. */
    open: (): Session[] => open.all().map(toSession),
    /** Completed sessions of a server, newest first. */
    past: (guildId: string, offset: number, limit: number): { total: number; items: Session[] } => ({
      total: countPast.get(guildId) ?? 0,
      items: past.all(guildId, limit, offset).map(toSession),
    }),
    /** Papers read in a completed session of the server: left out of its polls. */
    readPaperIds: (guildId: string): Set<string> => new Set(readPapers.all(guildId)),
    move: (eventId: string, startsAt: string, endsAt: string): void => void move.run(startsAt, endsAt, eventId),
    /** Moves a session on: scheduled → active, completed or cancelled; active → completed or cancelled. */
    setStatus: (eventId: string, status: Exclude<SessionStatus, 'scheduled'>): boolean =>
      setStatus.run({ to: status, eventId }).changes === 1,
    /** The bot left the server: its open sessions will not be run. */
    cancelGuild: (guildId: string): number => cancelGuild.run(guildId).changes,
  };
}
