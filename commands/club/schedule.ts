import { ChannelType, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { DEFAULT_DURATION, MAX_DURATION, MIN_DURATION, parseWhen } from '../../src/club/session-time.ts';
import { channelOption, readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { resolvePaper } from '../../src/papers/find-paper.ts';
import { noPaperMatches, paperOption } from '../paper/paper-option.ts';
import { requireEventManager } from './require-events.ts';
import { defaultZone, scheduleAndReply } from './schedule-session.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('schedule')
    .setDescription('Schedule a reading session on a paper: a Discord event, announced in its thread')
    .addStringOption((o) => paperOption(o).setDescription('arXiv id, link or title of the paper to read'))
    .addStringOption((o) =>
      o.setName('when').setDescription('Start, as YYYY-MM-DD HH:MM').setRequired(true).setMaxLength(40),
    )
    .addStringOption((o) =>
      o
        .setName('timezone')
        .setDescription("Time zone of `when` (default: the weekly digest's, else UTC)")
        .setAutocomplete(true)
        .setMaxLength(64),
    )
    .addChannelOption((o) =>
      o
        .setName('channel')
        .setDescription("Voice or stage channel to meet in (default: the paper's thread)")
        .addChannelTypes(ChannelType.GuildVoice, ChannelType.GuildStageVoice),
    )
    .addIntegerOption((o) =>
      o
        .setName('duration')
        .setDescription(`Minutes (default ${DEFAULT_DURATION})`)
        .setMinValue(MIN_DURATION)
        .setMaxValue(MAX_DURATION),
    );

export const options = z.object({
  paper: z.string(),
  when: z.string(),
  timezone: z.string().optional(),
  channel: channelOption().optional(),
  duration: z.number().int().min(MIN_DURATION).max(MAX_DURATION).default(DEFAULT_DURATION),
});

/** `/club schedule`: a reading session, as a Discord scheduled event announced in the paper's thread. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireEventManager(interaction);
  const o = readOptions(interaction, options);
  const paper = resolvePaper(ctx, guild.id, o.paper);
  if (!paper) throw new UserError(noPaperMatches(o.paper));
  const zone = o.timezone?.trim() || defaultZone(ctx, guild.id);
  const when = parseWhen(o.when, zone, ctx.now());
  if (!when.ok) throw new UserError(when.problem);
  const voiceChannel = o.channel ? (guild.channels.cache.get(o.channel.id) ?? null) : null;
  if (o.channel && !voiceChannel)
    throw new UserError("I can't see that channel: pick a voice or stage channel I can view.");
  await scheduleAndReply(interaction, ctx, {
    guild,
    channelId: interaction.channelId,
    paper,
    start: when.start,
    durationMinutes: o.duration,
    voiceChannel,
    memberId: interaction.user.id,
  });
}
