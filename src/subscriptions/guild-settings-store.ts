import type { Database } from 'better-sqlite3';

export type EmptyDay = 'silent' | 'note';

export interface GuildSettings {
  guildId: string;
  logChannelId: string | null;
  emptyDay: EmptyDay;
}

export type GuildSettingsStore = ReturnType<typeof createGuildSettingsStore>;

export function createGuildSettingsStore(db: Database) {
  const select = db.prepare<[string], { log_channel_id: string | null; empty_day: EmptyDay }>(
    'SELECT log_channel_id, empty_day FROM guild_settings WHERE guild_id = ?',
  );
  const upsert = db.prepare(`
    INSERT INTO guild_settings (guild_id, log_channel_id, empty_day) VALUES (@guildId, @logChannelId, @emptyDay)
    ON CONFLICT (guild_id) DO UPDATE SET log_channel_id = excluded.log_channel_id, empty_day = excluded.empty_day
  `);
  const get = (guildId: string): GuildSettings => {
    const row = select.get(guildId);
    return { guildId, logChannelId: row?.log_channel_id ?? null, emptyDay: row?.empty_day ?? 'silent' };
  };
  return {
    get,
    update(guildId: string, change: Partial<Omit<GuildSettings, 'guildId'>>): GuildSettings {
      const next = { ...get(guildId), ...change };
      upsert.run(next);
      return next;
    },
  };
}
