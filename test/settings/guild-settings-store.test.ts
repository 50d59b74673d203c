import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.ts';
import { createGuildSettingsStore, DEFAULT_VOTE_EMOJI } from '../../src/settings/guild-settings-store.ts';

const CUSTOM = '123456789012345678';

describe('vote emoji setting', () => {
  it('defaults, stores per server, and creates the settings row when missing', () => {
    const db = openDatabase(':memory:');
    const settings = createGuildSettingsStore(db);
    expect(settings.voteEmoji('g1')).toEqual([...DEFAULT_VOTE_EMOJI]);
    settings.setVoteEmoji('g1', ['🔥', CUSTOM]);
    expect(settings.voteEmoji('g1')).toEqual(['🔥', CUSTOM]);
    expect(settings.voteEmoji('g2')).toEqual([...DEFAULT_VOTE_EMOJI]);
    // The row took the other settings' defaults.
    expect(db.prepare("SELECT empty_day, weekly_timezone FROM guild_settings WHERE guild_id = 'g1'").get()).toEqual({
      empty_day: 'silent',
      weekly_timezone: 'UTC',
    });
  });

  it('updates an existing row without touching its other settings', () => {
    const db = openDatabase(':memory:');
    const settings = createGuildSettingsStore(db);
    db.prepare("INSERT INTO guild_settings (guild_id, log_channel_id, empty_day) VALUES ('g1', 'c9', 'note')").run();
    expect(settings.voteEmoji('g1')).toEqual(['👍', '⬆️', '🔥', '⭐']);
    settings.setVoteEmoji('g1', ['⭐']);
    expect(
      db.prepare("SELECT log_channel_id, empty_day, vote_emoji FROM guild_settings WHERE guild_id = 'g1'").get(),
    ).toEqual({
      log_channel_id: 'c9',
      empty_day: 'note',
      vote_emoji: '["⭐"]',
    });
  });

  it('refuses an empty or oversized list, and falls back on an unreadable stored one', () => {
    const db = openDatabase(':memory:');
    const settings = createGuildSettingsStore(db);
    expect(() => settings.setVoteEmoji('g1', [])).toThrow(RangeError);
    expect(() =>
      settings.setVoteEmoji(
        'g1',
        Array.from({ length: 11 }, (_, i) => String(i)),
      ),
    ).toThrow(RangeError);
    db.prepare("INSERT INTO guild_settings (guild_id, vote_emoji) VALUES ('g1', 'not json')").run();
    expect(settings.voteEmoji('g1')).toEqual([...DEFAULT_VOTE_EMOJI]);
  });
});
