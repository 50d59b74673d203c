import { ChannelType, MessageFlags, PermissionFlagsBits, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { pickedPaper } from './picked-paper.ts';

/** Discuss under a post, and the digest's "Discuss…" menu: a link to the paper's thread, made on first use. */
export const actions = ['discuss', 'discuss-pick'] as const;

export async function handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  const paperId = pickedPaper(interaction, id);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // The member's permissions in this channel, as Discord sends them with the interaction.
  const mayCreate =
    interaction.memberPermissions?.has([
      PermissionFlagsBits.CreatePublicThreads,
      PermissionFlagsBits.SendMessagesInThreads,
    ]) ?? false;
  const announcement = interaction.channel?.type === ChannelType.GuildAnnouncement;
  const threadId = await ctx.threads.forPaper(interaction.channelId, paperId, {
    mayCreate,
    announcement,
    guildId: interaction.guildId ?? '',
  });
  await interaction.editReply(
    threadId
      ? `Discuss it here: <#${threadId}>`
      : 'No one has started a discussion thread for this paper here yet. A member who may create public threads ' +
          'in this channel (Create Public Threads and Send Messages in Threads) can start one with Discuss.',
  );
}
