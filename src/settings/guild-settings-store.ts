import type { Database } from 'better-sqlite3';

export type EmptyDay = 'silent' | 'note';

/** The emoji a new server counts as votes (the column default of `guild_settings.vote_emoji`). */
export const DEFAULT_VOTE_EMOJI: readonly string[] = ['👍', '⬆️', '🔥', '⭐'];
export const MAX_VOTE_EMOJI = 10;

export interface GuildSettings {
  guildId: string;
  logChannelId: string | null;
  emptyDay: EmptyDay;
}

export interface WeeklySettings {
  guildId: string;
  channelId: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  minutes: number;
  timezone: string;
  lastWeek: string | null;
}

interface WeeklyRow {
  guild_id: string;
  weekly_channel_id: string;
  weekly_day: number;
  weekly_minutes: number;
  weekly_timezone: string;
  weekly_last_week: string | null;
}

export type GuildSettingsStore = ReturnType<typeof createGuildSettingsStore>;

/**
 * The one writer of `guild_settings`: the log channel, empty days, vote emoji and the weekly digest's
 * settings and its weekly poll. A server may have no row yet; every column then has its default.
 */
export function createGuildSettingsStore(db: Database) {
  const select = db.prepare<[string], { log_channel_id: string | null; empty_day: EmptyDay }>(
    'SELECT log_channel_id, empty_day FROM guild_settings WHERE guild_id = ?',
  );
  const upsert = db.prepare(`
    INSERT INTO guild_settings (guild_id, log_channel_id, empty_day) VALUES (@guildId, @logChannelId, @emptyDay)
    ON CONFLICT (guild_id) DO UPDATE SET log_channel_id = excluded.log_channel_id, empty_day = excluded.empty_day
  `);
  const selectEmoji = db.prepare<[string], string>('SELECT vote_emoji FROM guild_settings WHERE guild_id = ?').pluck();
  const upsertEmoji = db.prepare<[string, string]>(
    'INSERT INTO guild_settings (guild_id, vote_emoji) VALUES (?, ?) ON CONFLICT (guild_id) DO UPDATE SET ' +
      'vote_emoji = excluded.vote_emoji',
  );
  const weeklyColumns = 'guild_id, weekly_channel_id, weekly_day, weekly_minutes, weekly_timezone, weekly_last_week';
  const weeklyEnabled = db.prepare<[], WeeklyRow>(
    `SELECT ${weeklyColumns} FROM guild_settings WHERE weekly_channel_id IS NOT NULL`,
  );
  const weeklyOf = db.prepare<[string], WeeklyRow>(
    `SELECT ${weeklyColumns} FROM guild_settings WHERE weekly_channel_id IS NOT NULL AND guild_id = ?`,
  );
  const configureWeekly = db.prepare(`
    INSERT INTO guild_settings
      (guild_id, weekly_channel_id, weekly_day, weekly_minutes, weekly_timezone, weekly_last_week)
    VALUES (@guildId, @channelId, @weekday, @minutes, @timezone, @lastWeek)
    ON CONFLICT (guild_id) DO UPDATE SET
      weekly_channel_id = excluded.weekly_channel_id, weekly_day = excluded.weekly_day,
      weekly_minutes = excluded.weekly_minutes, weekly_timezone = excluded.weekly_timezone,
      weekly_last_week = excluded.weekly_last_week
  `);
  const weeklyOff = db.prepare('UPDATE guild_settings SET weekly_channel_id = NULL WHERE guild_id = ?');
  const markWeek = db.prepare('UPDATE guild_settings SET weekly_last_week = ? WHERE guild_id = ?');
  const selectWeeklyPoll = db
    .prepare<[string], number>('SELECT weekly_poll FROM guild_settings WHERE guild_id = ?')
    .pluck();
  const upsertWeeklyPoll = db.prepare<[string, number]>(
    'INSERT INTO guild_settings (guild_id, weekly_poll) VALUES (?, ?) ON CONFLICT (guild_id) DO UPDATE SET ' +
      'weekly_poll = excluded.weekly_poll',
  );

  const get = (guildId: string): GuildSettings => {
    const row = select.get(guildId);
    return { guildId, logChannelId: row?.log_channel_id ?? null, emptyDay: row?.empty_day ?? 'silent' };
  };
  const weekly = (r: WeeklyRow): WeeklySettings => ({
    guildId: r.guild_id,
    channelId: r.weekly_channel_id,
    weekday: r.weekly_day,
    minutes: r.weekly_minutes,
    timezone: r.weekly_timezone,
    lastWeek: r.weekly_last_week,
  });

  return {
    get,
    update(guildId: string, change: Partial<Omit<GuildSettings, 'guildId'>>): GuildSettings {
      const next = { ...get(guildId), ...change };
      upsert.run(next);
      return next;
    },
    /** The emoji that count as votes in a server: its own list, else the default. */
    voteEmoji(guildId: string): string[] {
      const stored = selectEmoji.get(guildId);
      if (stored === undefined) return [...DEFAULT_VOTE_EMOJI];
      try {
        const list: unknown = JSON.parse(stored);
        if (Array.isArray(list) && list.length > 0 && list.every((e) => typeof e === 'string' && e !== '')) {
          return list as string[];
        }
      } catch {
        // A hand-edited, unreadable value: fall back rather than stop counting votes.
      }
      return [...DEFAULT_VOTE_EMOJI];
    },
    /** Stores a server's vote emoji (a list from parseVoteEmoji). */
    setVoteEmoji(guildId: string, list: readonly string[]): void {
      if (list.length === 0 || list.length > MAX_VOTE_EMOJI || list.some((e) => typeof e !== 'string' || e === '')) {
        throw new RangeError(`A vote emoji list holds 1 to ${MAX_VOTE_EMOJI} non-empty entries`);
      }
      upsertEmoji.run(guildId, JSON.stringify(list));
    },
    /** Every server with a weekly digest. */
    weeklyEnabled: (): WeeklySettings[] => weeklyEnabled.all().map(weekly),
    weekly(guildId: string): WeeklySettings | null {
      const row = weeklyOf.get(guildId);
      return row ? weekly(row) : null;
    },
    configureWeekly: (s: WeeklySettings) => void configureWeekly.run(s),
    weeklyOff: (guildId: string) => void weeklyOff.run(guildId),
    /** Marks a server's digest of `week` as planned; the weekly ledger's insert shares the transaction. */
    markWeek: (guildId: string, week: string) => void markWeek.run(week, guildId),
    /** Whether a reading-club poll follows the server's weekly digest (off by default). */
    weeklyPoll: (guildId: string): boolean => selectWeeklyPoll.get(guildId) === 1,
    setWeeklyPoll: (guildId: string, on: boolean) => void upsertWeeklyPoll.run(guildId, on ? 1 : 0),
  };
}
