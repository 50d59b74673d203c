import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { deliverDay } from '../../src/delivery/deliver-day.ts';
import { channelOption, readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { runDay } from '../../src/schedule/due.ts';
import { withChannel } from './channel-option.ts';
import { requireManager } from './require-manager.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  withChannel(s.setName('post-now').setDescription("Post today's list in a subscribed channel now"), 'The channel');

export const options = z.object({ channel: channelOption() });

/** Delivers today's list to a subscribed channel now (only what it has not received yet). */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const channelId = readOptions(interaction, options).channel.id;
  const sub = ctx.subscriptions.get(channelId);
  if (!sub || sub.guildId !== guild.id)
    throw new UserError(`<#${channelId}> has no subscription. Subscribe it first with \`/papers subscribe\`.`);
  if (!sub.enabled)
    throw new UserError(
      `<#${channelId}>'s subscription is disabled (${sub.disabledReason}). Subscribe it again to re-enable it.`,
    );
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const day = runDay(sub, ctx.now());
  const fetched = await ctx.days.ensure(day, 5 * 60_000, 'on-demand');
  const planned = await ctx.track(deliverDay(ctx, sub, day, 'now'));
  const after = ctx.subscriptions.get(channelId);
  if (planned === 0) {
    const why =
      fetched?.outcome === 'failed'
        ? `fetching ${day} failed: ${fetched.error}`
        : `everything for ${day} that passes its filters was already posted, or the list is empty`;
    await interaction.editReply(`Nothing new to post in <#${channelId}>: ${why}.`);
  } else if (after?.lastError) {
    await interaction.editReply(`Some posts for ${day} could not be sent to <#${channelId}>: ${after.lastError}.`);
  } else {
    await interaction.editReply(`Posted ${planned} message(s) for ${day} in <#${channelId}>.`);
  }
}
