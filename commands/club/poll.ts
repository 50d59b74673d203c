import {
  ChannelType,
  MessageFlags,
  type ChatInputCommandInteraction,
  type Guild,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { MIN_CANDIDATES, POLL_HOURS, pollBody, pollCandidates } from '../../src/club/poll-candidates.ts';
import { missingToPoll } from '../../src/discord/channel-permissions.ts';
import { channelOption, readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { requireEventManager } from './require-events.ts';

const MIN_HOURS = 1;
const MAX_HOURS = 168;

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('poll')
    .setDescription("Post a poll on what to read next: the server's most upvoted papers not read yet")
    .addStringOption((o) =>
      o
        .setName('period')
        .setDescription('Upvotes of the last week or month (default week)')
        .addChoices({ name: 'week', value: 'week' }, { name: 'month', value: 'month' }),
    )
    .addIntegerOption((o) =>
      o
        .setName('hours')
        .setDescription(`How long the poll stays open (default ${POLL_HOURS})`)
        .setMinValue(MIN_HOURS)
        .setMaxValue(MAX_HOURS),
    )
    .addChannelOption((o) =>
      o
        .setName('channel')
        .setDescription('Where to post it (default: here)')
        .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
    );

export const options = z.object({
  period: z.enum(['week', 'month']).default('week'),
  hours: z.number().int().min(MIN_HOURS).max(MAX_HOURS).default(POLL_HOURS),
  channel: channelOption().optional(),
});

/** The poll goes in a text or announcement channel where the bot may post it. */
function checkChannel(guild: Guild, channelId: string): void {
  const channel = guild.channels.cache.get(channelId);
  if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) {
    throw new UserError('Post the poll in a text or announcement channel: use it there, or pick one with `channel`.');
  }
  const me = guild.members.me;
  const granted = me ? channel.permissionsFor(me) : null;
  const missing = missingToPoll(granted);
  if (missing.length > 0) {
    throw new UserError(`I can't post a poll in <#${channelId}>: I'm missing ${missing.join(', ')} there.`);
  }
}

/** `/club poll`: a native Discord poll on the server's most upvoted papers of the period not read yet. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireEventManager(interaction);
  const o = readOptions(interaction, options);
  const channelId = o.channel?.id ?? interaction.channelId;
  checkChannel(guild, channelId);
  const now = ctx.now();
  const candidates = pollCandidates({ votes: ctx.votes, sessions: ctx.club.sessions }, guild.id, o.period, now);
  if (candidates.length < MIN_CANDIDATES) {
    const found = candidates.length === 0 ? 'No paper' : 'Only one paper';
    throw new UserError(
      `${found} upvoted in this server in the last ${o.period} is still unread: a poll needs at least ` +
        `${MIN_CANDIDATES}.${o.period === 'week' ? ' Try `period:month`.' : ''} Nothing was posted.`,
    );
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const key = `poll:${interaction.id}`;
  const body = pollBody(candidates, o.period, o.hours, now);
  ctx.club.posts.add({ key, guildId: guild.id, channelId, kind: 'poll', body });
  await ctx.club.send(channelId);
  const messageId = ctx.club.posts.messageOf(key);
  const ends = Math.floor(Date.parse(body.endsAt) / 1000);
  await interaction.editReply({
    content: messageId
      ? `Posted the poll on ${candidates.length} papers: https://discord.com/channels/${guild.id}/${channelId}/` +
        `${messageId}. It ends <t:${ends}:R>; I'll post the winner there.`
      : `I could not post the poll in <#${channelId}> yet; I'll keep trying for a while. Check my permissions there.`,
    allowedMentions: { parse: [] },
  });
}
