import { Routes, type REST } from 'discord.js';
import type { MetaStore } from '../db/meta-store.ts';
import { truncate } from '../format/text.ts';
import type { Logger } from '../log/logger.ts';
import type { GuildSettingsStore } from '../settings/guild-settings-store.ts';

export interface NotifyContext {
  rest: REST;
  meta: MetaStore;
  guildSettings: GuildSettingsStore;
  log: Logger;
  now: () => Date;
}

/**
 * Tells a server's log channel (when it set one) about a problem, once per `key`: a failure that repeats
 * on every tick still produces one message.
 */
export async function notifyLogChannel(ctx: NotifyContext, guildId: string, key: string, text: string): Promise<void> {
  const channelId = ctx.guildSettings.get(guildId).logChannelId;
  if (!channelId) return;
  const metaKey = `logged:${guildId}:${key}`;
  if (ctx.meta.get(metaKey)) return;
  ctx.meta.set(metaKey, ctx.now().toISOString());
  try {
    await ctx.rest.post(Routes.channelMessages(channelId), {
      body: { content: truncate(`⚠️ ${text}`, 2000), allowed_mentions: { parse: [] } },
    });
  } catch (err) {
    ctx.log.warn({ err, guild: guildId, channel: channelId }, 'could not write to the log channel');
  }
}
