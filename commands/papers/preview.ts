import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { dayTaste } from '../../src/delivery/deliver-day.ts';
import { selectPapers } from '../../src/delivery/select-papers.ts';
import { fitEmbeds } from '../../src/discord/fit-embeds.ts';
import { compactEmbed } from '../../src/discord/post-layout.ts';
import { channelOption, readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { isCalendarDay, utcDay } from '../../src/format/days.ts';
import { runDay } from '../../src/schedule/due.ts';
import { SUBSCRIPTION_DEFAULTS } from '../../src/subscriptions/subscription.ts';
import { withChannel } from './channel-option.ts';
import { requireManager } from './require-manager.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  withChannel(
    s.setName('preview').setDescription('See what would be posted (only you see it)'),
    "Use this channel's filters",
    false,
  ).addStringOption((o) =>
    o.setName('date').setDescription('Day of the list, YYYY-MM-DD (default today)').setMaxLength(10),
  );

/** How far back a preview may go: each new day is a fetch in the queue the daily deliveries wait in. */
const MAX_DAYS_BACK = 30;

export const options = z.object({ channel: channelOption().optional(), date: z.string().optional() });

/** What a subscription would post for a day (its filters, or the defaults), shown only to the caller. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const o = readOptions(interaction, options);
  const channel = o.channel;
  const sub = channel ? ctx.subscriptions.get(channel.id) : null;
  if (channel && (!sub || sub.guildId !== guild.id))
    throw new UserError(`<#${channel.id}> has no subscription to preview.`);
  const settings = sub ?? SUBSCRIPTION_DEFAULTS;
  const typed = o.date?.trim();
  if (typed && !isCalendarDay(typed))
    throw new UserError(`\`date\` must be a day written YYYY-MM-DD, for example 2025-09-10.`);
  // "Today" is the subscription's (or UTC's) local day, as for its deliveries.
  const today = runDay(settings, ctx.now());
  const day = typed || today;
  const earliest = utcDay(new Date(Date.parse(`${today}T00:00:00Z`) - MAX_DAYS_BACK * 86_400_000));
  if (day < earliest || day > today)
    throw new UserError(
      `\`date\` must be a day from ${earliest} to ${today} (the last ${MAX_DAYS_BACK} days, ${settings.timezone}).`,
    );
  if (ctx.days.isUnstored(day)) {
    const retryAt = ctx.fetchQuota.take(guild.id);
    if (retryAt)
      throw new UserError(
        `This server has fetched ${ctx.fetchQuota.limit} days not stored yet in the last ` +
          `${ctx.fetchQuota.windowMs / 60_000} minutes, the most it may. ` +
          `Try again <t:${Math.ceil(retryAt.getTime() / 1000)}:R>, or preview a day already stored.`,
      );
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // Today's list fills in over the day; an earlier day's stored list is used as it is.
  const fetched = await ctx.days.ensure(day, day === today ? 10 * 60_000 : Infinity, 'on-demand');
  const taste = sub ? await dayTaste(ctx, sub) : null;
  const papers = selectPapers(
    ctx.papers.listDay(day),
    { ...settings, top: Math.min(settings.top, 10) },
    {
      isDelivered: () => false,
      deliveredToday: 0,
      taste,
    },
  );
  if (papers.length === 0) {
    const why =
      fetched?.outcome === 'failed'
        ? `fetching it failed: ${fetched.error}`
        : 'no paper on that day passes the filters (weekends are usually empty)';
    await interaction.editReply(`Nothing to post for ${day}: ${why}.`);
    return;
  }
  const count = papers.length;
  const fallback = 'by HF upvotes until server-taste has enough upvotes';
  const order = sub?.rank !== 'server-taste' ? '' : `, ${taste ? 'by server taste' : fallback}`;
  const what = sub ? ` for <#${sub.channelId}>` : ' with the default settings';
  await interaction.editReply({
    content: `Preview of ${day}${what} (top ${count}${order}):`,
    embeds: fitEmbeds(papers.map((p, i) => compactEmbed(p, i + 1))),
    allowedMentions: { parse: [] },
  });
}
