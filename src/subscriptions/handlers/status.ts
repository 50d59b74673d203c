import { MessageFlags, time, TimestampStyles, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { truncate } from '../../format/text.ts';
import { describeSubscription } from '../describe.ts';
import { requireManager } from './require-manager.ts';

const ICON = { ok: '✅', empty: '▫️', failed: '❌' } as const;

export async function status(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const days = ctx.fetchLog.recentDays(7).map((f) => {
    const when = time(new Date(f.fetchedAt), TimestampStyles.RelativeTime);
    const what = f.outcome === 'failed' ? `failed: ${f.error}` : f.outcome === 'empty' ? 'empty (no papers listed)' : `${f.papers} papers`;
    return `${ICON[f.outcome]} ${f.day}: ${what} · fetched ${when}${f.skipped ? ` · ${f.skipped} skipped` : ''}`;
  });
  const subs = ctx.subscriptions.listGuild(guild.id).map((s) => describeSubscription(s, ctx.now()));
  const content = [
    '**Hugging Face fetches**',
    days.length ? days.join('\n') : 'None yet.',
    '',
    '**Subscriptions**',
    subs.length ? subs.join('\n') : 'None. Start with `/papers subscribe`.',
  ].join('\n');
  await interaction.reply({ content: truncate(content, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
