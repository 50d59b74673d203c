import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { FollowDelivery } from './follow.ts';

/** One notification: the papers a member's follows found in one matching run, for one destination. */
export interface FollowMessage {
  id: number;
  guildId: string;
  userId: string;
  delivery: FollowDelivery;
  /** Where it is posted: the follow's channel, or the member's DM channel once Discord has opened it. */
  channelId: string;
  nonce: string;
  attempts: number;
  attemptedAt: string | null;
}

interface MessageRow {
  id: number;
  guild_id: string;
  user_id: string;
  delivery: FollowDelivery;
  channel_id: string;
  nonce: string;
  attempts: number;
  attempted_at: string | null;
}

export type FollowMessageStore = ReturnType<typeof createFollowMessageStore>;

/** The follow notifications' exactly-once ledger (follow_messages). */
export function createFollowMessageStore(db: Database, now: () => Date = () => new Date()) {
  const insert = db
    .prepare<[string, string, FollowDelivery, string | null, string, string], number>(
      'INSERT INTO follow_messages (guild_id, user_id, delivery, channel_id, nonce, created_at) ' +
        'VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    )
    .pluck();
  const pending = db.prepare<[string], MessageRow>(
    'SELECT id, guild_id, user_id, delivery, channel_id, nonce, attempts, attempted_at FROM follow_messages ' +
      "WHERE state = 'pending' AND channel_id = ? ORDER BY id",
  );
  const pendingChannels = db
    .prepare<[], string>(
      "SELECT channel_id FROM follow_messages WHERE state = 'pending' AND channel_id IS NOT NULL " +
        'GROUP BY channel_id ORDER BY min(id)',
    )
    .pluck();
  const unopened = db
    .prepare<[], string>(
      "SELECT DISTINCT user_id FROM follow_messages WHERE state = 'pending' AND delivery = 'dm' AND channel_id IS NULL",
    )
    .pluck();
  const open = db.prepare(
    "UPDATE follow_messages SET channel_id = ? WHERE state = 'pending' AND delivery = 'dm' AND channel_id IS NULL " +
      'AND user_id = ?',
  );
  const failUnopened = db
    .prepare<[string, string], string>(
      "UPDATE follow_messages SET state = 'failed', error = ? WHERE state = 'pending' AND delivery = 'dm' " +
        'AND channel_id IS NULL AND user_id = ? RETURNING guild_id',
    )
    .pluck();
  const guildOfChannel = db
    .prepare<[string], string>('SELECT guild_id FROM follow_messages WHERE channel_id = ? ORDER BY id DESC LIMIT 1')
    .pluck();
  const attempt = db.prepare('UPDATE follow_messages SET attempts = attempts + 1, attempted_at = ? WHERE id = ?');
  const sent = db.prepare(
    "UPDATE follow_messages SET state = 'sent', message_id = ?, error = NULL WHERE id = ? AND state = 'pending'",
  );
  const failed = db.prepare(
    "UPDATE follow_messages SET state = 'failed', error = ? WHERE id = ? AND state = 'pending'",
  );
  const hereMembers = db.prepare<[], { guildId: string; userId: string }>(
    "SELECT DISTINCT guild_id AS guildId, user_id AS userId FROM follow_messages WHERE state = 'pending' " +
      "AND delivery = 'here'",
  );
  const failMember = db.prepare(
    "UPDATE follow_messages SET state = 'failed', error = ? WHERE guild_id = ? AND user_id = ? AND state = 'pending'",
  );
  const failGuild = db.prepare(
    "UPDATE follow_messages SET state = 'failed', error = ? WHERE guild_id = ? AND state = 'pending'",
  );

  return {
    /** Records a notification before it is sent; a DM's channel is filled in once opened. */
    add: (guildId: string, userId: string, delivery: FollowDelivery, channelId: string | null): number =>
      insert.get(guildId, userId, delivery, channelId, randomBytes(8).toString('hex'), now().toISOString())!,
    /** Members with direct messages waiting for Discord to open their DM channel. */
    unopenedDms: (): string[] => unopened.all(),
    /** The member's DM channel is open: their waiting direct messages go there. */
    setDmChannel: (userId: string, channelId: string) => void open.run(channelId, userId),
    /** Discord would not open the member's DM channel: their waiting direct messages are given up. Returns the
     * servers they came from. */
    failUnopened: (userId: string, error: string): string[] => [...new Set(failUnopened.all(error, userId))],
    channelsWithPending: (): string[] => pendingChannels.all(),
    guildOf: (channelId: string): string | null => guildOfChannel.get(channelId) ?? null,
    pending: (channelId: string): FollowMessage[] =>
      pending.all(channelId).map((r) => ({
        id: r.id,
        guildId: r.guild_id,
        userId: r.user_id,
        delivery: r.delivery,
        channelId: r.channel_id,
        nonce: r.nonce,
        attempts: r.attempts,
        attemptedAt: r.attempted_at,
      })),
    markAttempt: (id: number) => void attempt.run(now().toISOString(), id),
    markSent: (id: number, messageId: string) => void sent.run(messageId, id),
    markFailed: (id: number, error: string) => void failed.run(error, id),
    /** The members with notifications waiting to be posted in a server's channel. */
    pendingHere: (): Array<{ guildId: string; userId: string }> => hereMembers.all(),
    /** Stops a member's unsent notifications from a server (they left it). */
    stopMember: (guildId: string, userId: string, reason: string): number =>
      failMember.run(reason, guildId, userId).changes,
    /** Stops a server's unsent notifications (the bot left it). */
    stopGuild: (guildId: string, reason: string): number => failGuild.run(reason, guildId).changes,
  };
}
