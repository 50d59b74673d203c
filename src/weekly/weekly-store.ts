import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export interface WeeklyPost {
  guildId: string;
  week: string;
  channelId: string;
  paperIds: string[];
  nonce: string;
  attempts: number;
  attemptedAt: string | null;
  /** When the digest was planned: its week's votes and discussion are those of the 7 days before. */
  createdAt: string;
}

interface WeeklyRow {
  guild_id: string;
  week: string;
  channel_id: string;
  paper_ids: string;
  nonce: string;
  attempts: number;
  attempted_at: string | null;
  created_at: string;
}

export type WeeklyStore = ReturnType<typeof createWeeklyStore>;

/** The weekly digest's exactly-once ledger (weekly_posts); its settings live in the guild settings store. */
export function createWeeklyStore(db: Database, now: () => Date = () => new Date()) {
  const insert = db.prepare(
    'INSERT INTO weekly_posts (guild_id, week, channel_id, paper_ids, nonce, created_at) VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT DO NOTHING',
  );
  const columns = 'guild_id, week, channel_id, paper_ids, nonce, attempts, attempted_at, created_at';
  const pending = db.prepare<[string], WeeklyRow>(
    `SELECT ${columns} FROM weekly_posts WHERE state = 'pending' AND channel_id = ? ORDER BY created_at`,
  );
  const pendingChannels = db
    .prepare<[], string>("SELECT DISTINCT channel_id FROM weekly_posts WHERE state = 'pending'")
    .pluck();
  const guildOfChannel = db
    .prepare<[string], string>('SELECT guild_id FROM weekly_posts WHERE channel_id = ? LIMIT 1')
    .pluck();
  const attempt = db.prepare(
    'UPDATE weekly_posts SET attempts = attempts + 1, attempted_at = ? WHERE guild_id = ? AND week = ?',
  );
  const sent = db.prepare(
    "UPDATE weekly_posts SET state = 'sent', message_id = ?, error = NULL WHERE guild_id = ? AND week = ?",
  );
  const failed = db.prepare("UPDATE weekly_posts SET state = 'failed', error = ? WHERE guild_id = ? AND week = ?");
  const failGuild = db.prepare(
    "UPDATE weekly_posts SET state = 'failed', error = ? WHERE guild_id = ? AND state = 'pending'",
  );

  return {
    /**
     * Records a week's digest with its papers fixed. A week already recorded (the digest was moved to later
     * in a week it went out) stays as it is: returns false.
     */
    record(guildId: string, week: string, channelId: string, paperIds: readonly string[]): boolean {
      return (
        insert.run(
          guildId,
          week,
          channelId,
          JSON.stringify(paperIds),
          randomBytes(8).toString('hex'),
          now().toISOString(),
        ).changes > 0
      );
    },
    channelsWithPending: (): string[] => pendingChannels.all(),
    guildOf: (channelId: string): string | null => guildOfChannel.get(channelId) ?? null,
    pending: (channelId: string): WeeklyPost[] =>
      pending.all(channelId).map((r) => ({
        guildId: r.guild_id,
        week: r.week,
        channelId: r.channel_id,
        paperIds: JSON.parse(r.paper_ids) as string[],
        nonce: r.nonce,
        attempts: r.attempts,
        attemptedAt: r.attempted_at,
        createdAt: r.created_at,
      })),
    markAttempt: (p: WeeklyPost) => void attempt.run(now().toISOString(), p.guildId, p.week),
    markSent: (p: WeeklyPost, messageId: string) => void sent.run(messageId, p.guildId, p.week),
    markFailed: (p: WeeklyPost, error: string) => void failed.run(error, p.guildId, p.week),
    /** Stops a server's unsent digests (the bot left it). */
    stopGuild: (guildId: string, reason: string): number => failGuild.run(reason, guildId).changes,
  };
}
