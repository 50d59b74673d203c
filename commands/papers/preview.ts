import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { selectPapers } from '../../src/delivery/select-papers.ts';
import { fitEmbeds } from '../../src/discord/fit-embeds.ts';
import { compactEmbed } from '../../src/discord/post-layout.ts';
import { channelOption, readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { isCalendarDay } from '../../src/format/days.ts';
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
  const day = typed || runDay(settings, ctx.now());
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const fetched = await ctx.days.ensure(day, 10 * 60_000);
  const papers = selectPapers(
    ctx.papers.listDay(day),
    { ...settings, top: Math.min(settings.top, 10) },
    {
      isDelivered: () => false,
      deliveredToday: 0,
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
  await interaction.editReply({
    content: `Preview of ${day}${sub ? ` for <#${sub.channelId}>` : ' with the default settings'} (top ${count}):`,
    embeds: fitEmbeds(papers.map((p, i) => compactEmbed(p, i + 1))),
    allowedMentions: { parse: [] },
  });
}
