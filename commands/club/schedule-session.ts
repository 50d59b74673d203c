import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits,
  MessageFlags,
  RESTJSONErrorCodes,
  type Guild,
  type RepliableInteraction,
  type GuildBasedChannel,
} from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { scheduleSession } from '../../src/club/sessions.ts';
import { missingForSession } from '../../src/discord/channel-permissions.ts';
import { scheduledReply } from '../../src/discord/club-layout.ts';
import { UserError } from '../../src/discord/user-error.ts';
import type { Paper } from '../../src/papers/paper.ts';

export interface SessionRequest {
  guild: Guild;
  /** Where the command was used: the paper's thread there is used, or opened. */
  channelId: string;
  paper: Paper;
  start: Date;
  durationMinutes: number;
  voiceChannel: GuildBasedChannel | null;
  memberId: string;
}

/** What Discord requires of the bot for this event, checked before anything is created. */
function checkBotPermissions(guild: Guild, voice: GuildBasedChannel | null): void {
  const me = guild.members.me;
  const missing: string[] = [];
  // Manage Events lets the bot create events too.
  if (!me?.permissions.any([PermissionFlagsBits.ManageEvents, PermissionFlagsBits.CreateEvents])) {
    missing.push('Create Events');
  }
  if (voice && me) {
    const lacking = missingForSession(voice.permissionsFor(me), voice.type === ChannelType.GuildStageVoice);
    missing.push(...lacking.map((name) => `${name} in <#${voice.id}>`));
  }
  if (missing.length > 0) {
    throw new UserError(
      `I can't create this event: ask an admin to give me ${missing.join(', ')}. Nothing was created.`,
    );
  }
}

/** The zone a time is read in when none is given: the weekly digest's, else UTC. */
export const defaultZone = (ctx: BotContext, guildId: string) => ctx.guildSettings.weekly(guildId)?.timezone ?? 'UTC';

/**
 * Defers privately, creates the session (the paper's thread, opened if there is none, then the event, the
 * session and its announcement there), and tells the member where it is announced. Refuses with a UserError
 * with what to fix, creating nothing.
 */
export async function scheduleAndReply(
  interaction: RepliableInteraction,
  ctx: BotContext,
  r: SessionRequest,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const voice = r.voiceChannel;
  if (voice && voice.type !== ChannelType.GuildVoice && voice.type !== ChannelType.GuildStageVoice) {
    throw new UserError(
      'The `channel` must be a voice or stage channel; leave it out to hold the session in the thread.',
    );
  }
  checkBotPermissions(r.guild, voice);
  const threadId = await paperThread(ctx, r);
  const session = await scheduleSession(ctx.club, {
    guildId: r.guild.id,
    paper: r.paper,
    threadId,
    voiceChannel: voice ? { id: voice.id, stage: voice.type === ChannelType.GuildStageVoice } : null,
    start: r.start,
    durationMinutes: r.durationMinutes,
    memberId: r.memberId,
  }).catch((err: unknown) => {
    if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.MissingPermissions) {
      throw new UserError(
        "Discord refused: I lack a permission this event needs (Create Events, and the channel's). " +
          'Nothing was created.',
      );
    }
    throw err;
  });
  await interaction.editReply({ content: scheduledReply(r.paper.title, session), allowedMentions: { parse: [] } });
}

/** The paper's discussion thread where the command was used: this thread, the channel's, or a new one. */
async function paperThread(ctx: BotContext, r: SessionRequest): Promise<string> {
  if (ctx.deliveries.paperOfThread(r.channelId) === r.paper.id) return r.channelId;
  const channel = r.guild.channels.cache.get(r.channelId);
  if (channel?.isThread()) {
    throw new UserError("Use this in a text channel, or in the paper's own thread: I open the paper's thread there.");
  }
  const threadId = await ctx.threads.forPaper(r.channelId, r.paper.id, {
    mayCreate: true,
    announcement: channel?.type === ChannelType.GuildAnnouncement,
    guildId: r.guild.id,
  });
  if (!threadId) throw new UserError("I could not open the paper's thread here.");
  return threadId;
}
