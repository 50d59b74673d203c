import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { ensureDay } from '../../delivery/ensure-day.ts';
import { compactEmbed } from '../../delivery/render-post.ts';
import { selectPapers } from '../../delivery/select-papers.ts';
import { fitEmbeds } from '../../discord/fit-embeds.ts';
import { UserError } from '../../discord/user-error.ts';
import { isCalendarDay } from '../../format/days.ts';
import { runDay } from '../../schedule/due.ts';
import { SUBSCRIPTION_DEFAULTS } from '../subscription.ts';
import { requireManager } from './require-manager.ts';

/** What a subscription would post for a day (its filters, or the defaults), shown only to the caller. */
export async function preview(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const channel = interaction.options.getChannel('channel');
  const sub = channel ? ctx.subscriptions.get(channel.id) : null;
  if (channel && (!sub || sub.guildId !== guild.id)) throw new UserError(`<#${channel.id}> has no subscription to preview.`);
  const settings = sub ?? SUBSCRIPTION_DEFAULTS;
  const typed = interaction.options.getString('date')?.trim();
  if (typed && !isCalendarDay(typed)) throw new UserError(`\`date\` must be a day written YYYY-MM-DD, for example 2025-09-10.`);
  const day = typed || runDay(settings, ctx.now());
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const fetched = await ensureDay(ctx, day, 10 * 60_000);
  const papers = selectPapers(ctx.papers.listDay(day), { ...settings, top: Math.min(settings.top, 10) }, {
    isDelivered: () => false,
    deliveredToday: 0,
  });
  if (papers.length === 0) {
    const why = fetched?.outcome === 'failed' ? `fetching it failed: ${fetched.error}` : 'no paper on that day passes the filters (weekends are usually empty)';
    await interaction.editReply(`Nothing to post for ${day}: ${why}.`);
    return;
  }
  await interaction.editReply({
    content: `Preview of ${day}${sub ? ` for <#${sub.channelId}>` : ' with the default settings'} (top ${papers.length}):`,
    embeds: fitEmbeds(papers.map((p, i) => compactEmbed(p, i + 1))),
    allowedMentions: { parse: [] },
  });
}
