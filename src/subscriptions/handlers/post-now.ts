import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { deliverDay } from '../../delivery/deliver-day.ts';
import { ensureDay } from '../../delivery/ensure-day.ts';
import { UserError } from '../../discord/user-error.ts';
import { runDay } from '../../schedule/due.ts';
import { requireManager } from './require-manager.ts';

/** Delivers today's list to a subscribed channel now (only what it has not received yet). */
export async function postNow(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const channelId = interaction.options.getChannel('channel', true).id;
  const sub = ctx.subscriptions.get(channelId);
  if (!sub || sub.guildId !== guild.id) throw new UserError(`<#${channelId}> has no subscription. Subscribe it first with \`/papers subscribe\`.`);
  if (!sub.enabled) throw new UserError(`<#${channelId}>'s subscription is disabled (${sub.disabledReason}). Subscribe it again to re-enable it.`);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const day = runDay(sub, ctx.now());
  const fetched = await ensureDay(ctx, day, 5 * 60_000);
  const planned = await ctx.track(deliverDay(ctx, sub, day, 'now'));
  const after = ctx.subscriptions.get(channelId);
  if (planned === 0) {
    const why = fetched?.outcome === 'failed' ? `fetching ${day} failed: ${fetched.error}` : `everything for ${day} that passes its filters was already posted, or the list is empty`;
    await interaction.editReply(`Nothing new to post in <#${channelId}>: ${why}.`);
  } else if (after?.lastError) {
    await interaction.editReply(`Some posts for ${day} could not be sent to <#${channelId}>: ${after.lastError}.`);
  } else {
    await interaction.editReply(`Posted ${planned} message(s) for ${day} in <#${channelId}>.`);
  }
}
