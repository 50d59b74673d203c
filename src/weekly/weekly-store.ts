import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';

export interface WeeklySettings {
  guildId: string;
  channelId: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  minutes: number;
  timezone: string;
  lastWeek: string | null;
}

export interface WeeklyPost {
  guildId: string;
  week: string;
  channelId: string;
  paperIds: string[];
  nonce: string;
  attempts: number;
  attemptedAt: string | null;
}

export type WeeklyStore = ReturnType<typeof createWeeklyStore>;

/** The weekly digest's settings (on guild_settings) and its exactly-once ledger (weekly_posts). */
export function createWeeklyStore(db: Database, now: () => Date = () => new Date()) {
  const enabled = db.prepare<[], { guild_id: string; weekly_channel_id: string; weekly_day: number; weekly_minutes: number; weekly_timezone: string; weekly_last_week: string | null }>(
    'SELECT guild_id, weekly_channel_id, weekly_day, weekly_minutes, weekly_timezone, weekly_last_week FROM guild_settings WHERE weekly_channel_id IS NOT NULL',
  );
  const configure = db.prepare(`
    INSERT INTO guild_settings (guild_id, weekly_channel_id, weekly_day, weekly_minutes, weekly_timezone, weekly_last_week)
    VALUES (@guildId, @channelId, @weekday, @minutes, @timezone, @lastWeek)
    ON CONFLICT (guild_id) DO UPDATE SET weekly_channel_id = excluded.weekly_channel_id, weekly_day = excluded.weekly_day,
      weekly_minutes = excluded.weekly_minutes, weekly_timezone = excluded.weekly_timezone, weekly_last_week = excluded.weekly_last_week
  `);
  const off = db.prepare('UPDATE guild_settings SET weekly_channel_id = NULL WHERE guild_id = ?');
  const markWeek = db.prepare('UPDATE guild_settings SET weekly_last_week = ? WHERE guild_id = ?');
  const insert = db.prepare(
    'INSERT INTO weekly_posts (guild_id, week, channel_id, paper_ids, nonce, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const pending = db.prepare<[], { guild_id: string; week: string; channel_id: string; paper_ids: string; nonce: string; attempts: number; attempted_at: string | null }>(
    "SELECT guild_id, week, channel_id, paper_ids, nonce, attempts, attempted_at FROM weekly_posts WHERE state = 'pending' ORDER BY created_at",
  );
  const attempt = db.prepare('UPDATE weekly_posts SET attempts = attempts + 1, attempted_at = ? WHERE guild_id = ? AND week = ?');
  const sent = db.prepare("UPDATE weekly_posts SET state = 'sent', message_id = ?, error = NULL WHERE guild_id = ? AND week = ?");
  const failed = db.prepare("UPDATE weekly_posts SET state = 'failed', error = ? WHERE guild_id = ? AND week = ?");

  return {
    enabled: (): WeeklySettings[] =>
      enabled.all().map((r) => ({
        guildId: r.guild_id,
        channelId: r.weekly_channel_id,
        weekday: r.weekly_day,
        minutes: r.weekly_minutes,
        timezone: r.weekly_timezone,
        lastWeek: r.weekly_last_week,
      })),
    configure: (s: WeeklySettings) => void configure.run(s),
    turnOff: (guildId: string) => void off.run(guildId),
    /** Records the week's digest (papers fixed) and marks the week done, together: at most one a week. */
    plan: db.transaction((guildId: string, week: string, channelId: string, paperIds: string[]) => {
      markWeek.run(week, guildId);
      if (paperIds.length > 0) insert.run(guildId, week, channelId, JSON.stringify(paperIds), randomBytes(8).toString('hex'), now().toISOString());
    }),
    pending: (): WeeklyPost[] =>
      pending.all().map((r) => ({
        guildId: r.guild_id,
        week: r.week,
        channelId: r.channel_id,
        paperIds: JSON.parse(r.paper_ids) as string[],
        nonce: r.nonce,
        attempts: r.attempts,
        attemptedAt: r.attempted_at,
      })),
    markAttempt: (p: WeeklyPost) => void attempt.run(now().toISOString(), p.guildId, p.week),
    markSent: (p: WeeklyPost, messageId: string) => void sent.run(messageId, p.guildId, p.week),
    markFailed: (p: WeeklyPost, error: string) => void failed.run(error, p.guildId, p.week),
  };
}
