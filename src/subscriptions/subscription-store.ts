import type { Database } from 'better-sqlite3';
import type { DayRank, PostFormat, Subscription, SubscriptionSettings } from './subscription.ts';

interface Row {
  channel_id: string;
  guild_id: string;
  minutes: number;
  timezone: string;
  top: number;
  min_upvotes: number;
  include_terms: string;
  exclude_terms: string;
  format: PostFormat;
  threads: number;
  mention_role_id: string | null;
  rank: DayRank;
  enabled: number;
  disabled_reason: string | null;
  last_run_day: string | null;
  last_delivery_at: string | null;
  last_error: string | null;
}

const toSubscription = (r: Row): Subscription => ({
  channelId: r.channel_id,
  guildId: r.guild_id,
  minutes: r.minutes,
  timezone: r.timezone,
  top: r.top,
  minUpvotes: r.min_upvotes,
  include: JSON.parse(r.include_terms) as string[],
  exclude: JSON.parse(r.exclude_terms) as string[],
  format: r.format,
  threads: r.threads === 1,
  mentionRoleId: r.mention_role_id,
  rank: r.rank,
  enabled: r.enabled === 1,
  disabledReason: r.disabled_reason,
  lastRunDay: r.last_run_day,
  lastDeliveryAt: r.last_delivery_at,
  lastError: r.last_error,
});

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;

export function createSubscriptionStore(db: Database, now: () => Date = () => new Date()) {
  const upsert = db.prepare(`
    INSERT INTO subscriptions (channel_id, guild_id, minutes, timezone, top, min_upvotes, include_terms, exclude_terms,
      format, threads, mention_role_id, rank, enabled, disabled_reason, last_run_day, created_at, updated_at)
    VALUES (@channelId, @guildId, @minutes, @timezone, @top, @minUpvotes, @include, @exclude, @format, @threads,
      @mentionRoleId, @rank, 1, NULL, @lastRunDay, @now, @now)
    ON CONFLICT (channel_id) DO UPDATE SET
      minutes = excluded.minutes, timezone = excluded.timezone, top = excluded.top, min_upvotes = excluded.min_upvotes,
      include_terms = excluded.include_terms, exclude_terms = excluded.exclude_terms, format = excluded.format,
      threads = excluded.threads, mention_role_id = excluded.mention_role_id, rank = excluded.rank, enabled = 1,
      disabled_reason = NULL,
      last_error = NULL, last_run_day = excluded.last_run_day, updated_at = excluded.updated_at
  `);
  const byChannel = db.prepare<[string], Row>('SELECT * FROM subscriptions WHERE channel_id = ?');
  const byGuild = db.prepare<[string], Row>('SELECT * FROM subscriptions WHERE guild_id = ? ORDER BY channel_id');
  const allEnabled = db.prepare<[], Row>('SELECT * FROM subscriptions WHERE enabled = 1 ORDER BY channel_id');
  const remove = db.prepare('DELETE FROM subscriptions WHERE channel_id = ? AND guild_id = ?');
  const markRun = db.prepare('UPDATE subscriptions SET last_run_day = ? WHERE channel_id = ?');
  const markDelivered = db.prepare(
    'UPDATE subscriptions SET last_delivery_at = ?, last_error = NULL WHERE channel_id = ?',
  );
  const markError = db.prepare('UPDATE subscriptions SET last_error = ? WHERE channel_id = ?');
  const disable = db.prepare(
    'UPDATE subscriptions SET enabled = 0, disabled_reason = ?, last_error = ? WHERE channel_id = ?',
  );
  const disableGuild = db.prepare(
    'UPDATE subscriptions SET enabled = 0, disabled_reason = ?, last_error = ? WHERE guild_id = ? AND enabled = 1',
  );

  return {
    /** Creates or replaces a channel's subscription; `lastRunDay` decides when it first runs. */
    save(channelId: string, guildId: string, settings: SubscriptionSettings, lastRunDay: string | null): Subscription {
      upsert.run({
        ...settings,
        channelId,
        guildId,
        include: JSON.stringify(settings.include),
        exclude: JSON.stringify(settings.exclude),
        threads: settings.threads ? 1 : 0,
        lastRunDay,
        now: now().toISOString(),
      });
      return toSubscription(byChannel.get(channelId) as Row);
    },
    get(channelId: string): Subscription | null {
      const row = byChannel.get(channelId);
      return row ? toSubscription(row) : null;
    },
    /** Scoped to the server, so one server can never touch another's subscriptions. */
    remove: (channelId: string, guildId: string): boolean => remove.run(channelId, guildId).changes > 0,
    listGuild: (guildId: string): Subscription[] => byGuild.all(guildId).map(toSubscription),
    listEnabled: (): Subscription[] => allEnabled.all().map(toSubscription),
    markRun: (channelId: string, day: string) => void markRun.run(day, channelId),
    markDelivered: (channelId: string) => void markDelivered.run(now().toISOString(), channelId),
    markError: (channelId: string, error: string) => void markError.run(error, channelId),
    disable: (channelId: string, reason: string) => void disable.run(reason, reason, channelId),
    disableGuild: (guildId: string, reason: string) => void disableGuild.run(reason, reason, guildId),
  };
}
