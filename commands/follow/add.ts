import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { missingToPost } from '../../src/discord/channel-permissions.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { MAX_FOLLOWS } from '../../src/follows/follow.ts';

export const QUERY_MAX = 200;

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('add')
    .setDescription('Be told of every new paper a search finds')
    .addStringOption((o) =>
      o
        .setName('query')
        .setDescription('As in /paper search: words, "a phrase", -excluded, author:"Full Name"')
        .setRequired(true)
        .setMaxLength(QUERY_MAX),
    )
    .addStringOption((o) =>
      o
        .setName('where')
        .setDescription('dm (default): by direct message; here: in this channel, mentioning you')
        .addChoices({ name: 'dm', value: 'dm' }, { name: 'here', value: 'here' }),
    );

export const options = z.object({
  query: z.string().max(QUERY_MAX),
  where: z.enum(['dm', 'here']).default('dm'),
});

/** `/follow add`: saves a follow of papers stored from now on, refusing one that would find nothing or everything. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inCachedGuild()) throw new UserError('Follows belong to a server: use this in one.');
  const { query: typed, where } = readOptions(interaction, options);
  const query = typed.trim().replace(/\s+/g, ' ');
  if (where === 'here') requireWritable(interaction);
  const result = ctx.follows.add({
    guildId: interaction.guildId,
    userId: interaction.user.id,
    query,
    delivery: where,
    channelId: interaction.channelId,
  });
  if (result.kind === 'rejected')
    throw new UserError(`Can't follow \`${query.replace(/`/g, "'")}\`: ${result.reason}.`);
  if (result.kind === 'limit') {
    throw new UserError(
      `You already follow ${result.count} searches here, the most allowed (${MAX_FOLLOWS}): ` +
        'remove one with `/follow remove` first.',
    );
  }
  const destination = where === 'dm' ? 'by direct message' : `in <#${interaction.channelId}>, mentioning you`;
  const verb = result.kind === 'added' ? 'Following' : 'Still following';
  await interaction.reply({
    content:
      `${verb} \`${query.replace(/`/g, "'")}\`: new papers it finds will come ${destination}, ` +
      'one message per fetch. See yours with `/follow list`.',
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

/** A `here` follow must be able to post where it is added. */
function requireWritable(interaction: ChatInputCommandInteraction<'cached'>): void {
  const channel = interaction.channel;
  const me = interaction.guild.members.me;
  const missing = missingToPost(channel && me ? channel.permissionsFor(me) : null, channel?.isThread() ?? false);
  if (missing.length > 0) {
    throw new UserError(
      `I can't post in this channel (I'm missing ${missing.join(', ')} here), so I can't notify you here. ` +
        'Use `where:dm`, or add it in a channel where I can post.',
    );
  }
}
