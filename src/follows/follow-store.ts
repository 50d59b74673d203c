import type { Database } from 'better-sqlite3';
import { immediate } from '../db/immediate.ts';
import { MAX_FOLLOWS, type Follow, type FollowDelivery } from './follow.ts';

interface FollowRow {
  id: number;
  guild_id: string;
  user_id: string;
  query: string;
  delivery: FollowDelivery;
  channel_id: string;
  after_pk: number;
  paused_reason: string | null;
  created_at: string;
}

const toFollow = (r: FollowRow): Follow => ({
  id: r.id,
  guildId: r.guild_id,
  userId: r.user_id,
  query: r.query,
  delivery: r.delivery,
  channelId: r.channel_id,
  afterPk: r.after_pk,
  pausedReason: r.paused_reason,
  createdAt: r.created_at,
});

/** A follow to add: it notifies of papers stored after position `afterPk`. */
export type NewFollow = Pick<Follow, 'guildId' | 'userId' | 'query' | 'delivery' | 'channelId' | 'afterPk'>;

export type AddFollowResult = { kind: 'added' | 'updated'; follow: Follow } | { kind: 'limit'; count: number };

export type FollowStore = ReturnType<typeof createFollowStore>;

/** Members' follows (saved searches that notify), per server. */
export function createFollowStore(db: Database, now: () => Date = () => new Date()) {
  const COLUMNS = 'id, guild_id, user_id, query, delivery, channel_id, after_pk, paused_reason, created_at';
  const byQuery = db.prepare<[string, string, string], FollowRow>(
    `SELECT ${COLUMNS} FROM follows WHERE guild_id = ? AND user_id = ? AND query = ?`,
  );
  const countOf = db
    .prepare<[string, string], number>('SELECT count(*) FROM follows WHERE guild_id = ? AND user_id = ?')
    .pluck();
  const insert = db.prepare<[string, string, string, FollowDelivery, string, number, string], FollowRow>(
    'INSERT INTO follows (guild_id, user_id, query, delivery, channel_id, after_pk, created_at) ' +
      `VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
  );
  // Adding a follow again is how a paused one resumes, possibly moved to another destination.
  const resume = db.prepare<[FollowDelivery, string, number], FollowRow>(
    `UPDATE follows SET delivery = ?, channel_id = ?, paused_reason = NULL WHERE id = ? RETURNING ${COLUMNS}`,
  );
  const ofMember = db.prepare<[string, string], FollowRow>(
    `SELECT ${COLUMNS} FROM follows WHERE guild_id = ? AND user_id = ? ORDER BY id`,
  );
  const active = db.prepare<[], FollowRow>(`SELECT ${COLUMNS} FROM follows WHERE paused_reason IS NULL ORDER BY id`);
  const oldestActive = db.prepare<[], { afterPk: number | null; since: string | null }>(
    'SELECT min(after_pk) AS afterPk, substr(min(created_at), 1, 10) AS since FROM follows ' +
      'WHERE paused_reason IS NULL',
  );
  const remove = db.prepare<[number, string, string], FollowRow>(
    `DELETE FROM follows WHERE id = ? AND guild_id = ? AND user_id = ? RETURNING ${COLUMNS}`,
  );
  const pauseDm = db.prepare(
    "UPDATE follows SET paused_reason = ? WHERE guild_id = ? AND user_id = ? AND delivery = 'dm' " +
      'AND paused_reason IS NULL',
  );
  const pauseHere = db.prepare(
    "UPDATE follows SET paused_reason = ? WHERE guild_id = ? AND user_id = ? AND delivery = 'here' " +
      'AND channel_id = ? AND paused_reason IS NULL',
  );
  const removeGuild = db.prepare('DELETE FROM follows WHERE guild_id = ?');
  const removeMember = db.prepare('DELETE FROM follows WHERE guild_id = ? AND user_id = ?');

  const add = immediate(db, (f: NewFollow): AddFollowResult => {
    const existing = byQuery.get(f.guildId, f.userId, f.query);
    if (existing) return { kind: 'updated', follow: toFollow(resume.get(f.delivery, f.channelId, existing.id)!) };
    const count = countOf.get(f.guildId, f.userId) ?? 0;
    if (count >= MAX_FOLLOWS) return { kind: 'limit', count };
    const at = now().toISOString();
    const row = insert.get(f.guildId, f.userId, f.query, f.delivery, f.channelId, f.afterPk, at)!;
    return { kind: 'added', follow: toFollow(row) };
  });

  return {
    /**
     * Adds a follow of the papers stored after `afterPk`. The same query again changes where it notifies and resumes
     * it if it was paused; past `MAX_FOLLOWS` the member must remove one first.
     */
    add: (f: NewFollow): AddFollowResult => add(f),
    /** A member's follows in a server, oldest first. */
    ofMember: (guildId: string, userId: string): Follow[] => ofMember.all(guildId, userId).map(toFollow),
    /** Every follow that notifies, across servers. */
    active: (): Follow[] => active.all().map(toFollow),
    /**
     * The lowest `afterPk` and the earliest day added of the follows that notify: papers stored at or below that
     * position, or first listed before that day, are news to none. Null when no follow notifies.
     */
    oldestActive: (): { afterPk: number; since: string } | null => {
      const row = oldestActive.get();
      return row?.afterPk != null && row.since != null ? { afterPk: row.afterPk, since: row.since } : null;
    },
    /** Removes one of the member's own follows: another member's id removes nothing. */
    remove: (guildId: string, userId: string, id: number): Follow | null => {
      const row = remove.get(id, guildId, userId);
      return row ? toFollow(row) : null;
    },
    /** The member's direct-message follows in a server stop notifying, with the reason shown in `/follow list`. */
    pauseDm: (guildId: string, userId: string, reason: string): number => pauseDm.run(reason, guildId, userId).changes,
    /** The member's follows posting in a channel stop notifying, with the reason. */
    pauseHere: (guildId: string, userId: string, channelId: string, reason: string): number =>
      pauseHere.run(reason, guildId, userId, channelId).changes,
    /** The bot left the server: its members' follows go. */
    removeGuild: (guildId: string): number => removeGuild.run(guildId).changes,
    /** The member left the server: their follows there go. */
    removeMember: (guildId: string, userId: string): number => removeMember.run(guildId, userId).changes,
  };
}
