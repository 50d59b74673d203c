import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { immediate } from '../db/immediate.ts';

/** What the club posts on its own. */
export type ClubPostKind = 'announcement' | 'reminder' | 'starting' | 'cancelled' | 'poll' | 'winner';

/** A row of the club's ledger (club_posts): recorded before it is sent, sent once by the outbox. */
export interface ClubPost {
  key: string;
  guildId: string;
  channelId: string;
  kind: ClubPostKind;
  /** What the layout needs, as stored (JSON). */
  body: unknown;
  nonce: string;
  attempts: number;
  attemptedAt: string | null;
}

interface PostRow {
  key: string;
  guild_id: string;
  channel_id: string;
  kind: ClubPostKind;
  body: string;
  nonce: string;
  attempts: number;
  attempted_at: string | null;
}

const toPost = (r: PostRow): ClubPost => ({
  key: r.key,
  guildId: r.guild_id,
  channelId: r.channel_id,
  kind: r.kind,
  body: JSON.parse(r.body) as unknown,
  nonce: r.nonce,
  attempts: r.attempts,
  attemptedAt: r.attempted_at,
});

export interface NewClubPost {
  key: string;
  guildId: string;
  channelId: string;
  kind: ClubPostKind;
  body: unknown;
}

export type ClubPostStore = ReturnType<typeof createClubPostStore>;

export function createClubPostStore(db: Database, now: () => Date = () => new Date()) {
  const insert = db.prepare(
    `INSERT INTO club_posts (key, guild_id, channel_id, kind, body, nonce, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const columns = 'key, guild_id, channel_id, kind, body, nonce, attempts, attempted_at';
  const pending = db.prepare<[string], PostRow>(
    `SELECT ${columns} FROM club_posts WHERE state = 'pending' AND channel_id = ? ORDER BY created_at, key`,
  );
  const pendingChannels = db
    .prepare<[], string>("SELECT DISTINCT channel_id FROM club_posts WHERE state = 'pending'")
    .pluck();
  const guildOf = db.prepare<[string], string>('SELECT guild_id FROM club_posts WHERE channel_id = ? LIMIT 1').pluck();
  const state = db.prepare<[string], { state: string; message_id: string | null }>(
    'SELECT state, message_id FROM club_posts WHERE key = ?',
  );
  const attempt = db.prepare('UPDATE club_posts SET attempts = attempts + 1, attempted_at = ? WHERE key = ?');
  const sent = db.prepare("UPDATE club_posts SET state = 'sent', message_id = ? WHERE key = ?");
  const failed = db.prepare("UPDATE club_posts SET state = 'failed', error = ? WHERE key = ? AND state = 'pending'");
  const skipped = db.prepare("UPDATE club_posts SET state = 'skipped', error = ? WHERE key = ? AND state = 'pending'");
  const failGuild = db.prepare(
    "UPDATE club_posts SET state = 'failed', error = ? WHERE guild_id = ? AND state = 'pending'",
  );

  function add(p: NewClubPost): boolean {
    const nonce = randomBytes(12).toString('base64url').slice(0, 25);
    const r = insert.run(p.key, p.guildId, p.channelId, p.kind, JSON.stringify(p.body), nonce, now().toISOString());
    return r.changes === 1;
  }

  return {
    /** Records a post to send; false when one with this key exists (it is sent once, whatever happens). */
    add,
    /** Records several posts at once, or none (a reminder to more than 100 members is several messages). */
    addAll: immediate(db, (posts: readonly NewClubPost[]) => posts.map(add)),
    has: (key: string): boolean => state.get(key) !== undefined,
    /** The message a sent post became, or null. */
    messageOf: (key: string): string | null => state.get(key)?.message_id ?? null,
    channelsWithPending: (): string[] => pendingChannels.all(),
    guildOf: (channelId: string): string | null => guildOf.get(channelId) ?? null,
    pending: (channelId: string): ClubPost[] => pending.all(channelId).map(toPost),
    markAttempt: (p: ClubPost): void => void attempt.run(now().toISOString(), p.key),
    markSent: (p: ClubPost, messageId: string): void => void sent.run(messageId, p.key),
    markFailed: (p: ClubPost, error: string): void => void failed.run(error, p.key),
    /** A post that no longer applies (a reminder for a session since moved or cancelled) is never sent. */
    skip: (key: string, reason: string): void => void skipped.run(reason, key),
    stopGuild: (guildId: string, reason: string): number => failGuild.run(reason, guildId).changes,
  };
}
