import {
  ChannelType,
  DiscordAPIError,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  PermissionFlagsBits,
  MessageFlags,
  RESTJSONErrorCodes,
  type Guild,
  type RepliableInteraction,
  type GuildBasedChannel,
} from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { AnnouncementBody } from '../../src/club/club-bodies.ts';
import { sessionRef } from '../../src/club/run-club.ts';
import type { Session } from '../../src/club/session-store.ts';
import { eventDescription, eventName } from '../../src/discord/club-layout.ts';
import { escapeLinkMarkdown } from '../../src/discord/safe-links.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { truncate } from '../../src/format/text.ts';
import { neutraliseMentions } from '../../src/summaries/mention-safe.ts';
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

const CREATE = [PermissionFlagsBits.CreateEvents];
const IN_VOICE = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.Connect];
const IN_STAGE = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.ManageChannels,
  PermissionFlagsBits.MuteMembers,
  PermissionFlagsBits.MoveMembers,
];
const NAMES: Record<string, string> = {
  [String(PermissionFlagsBits.CreateEvents)]: 'Create Events',
  [String(PermissionFlagsBits.ViewChannel)]: 'View Channel',
  [String(PermissionFlagsBits.Connect)]: 'Connect',
  [String(PermissionFlagsBits.ManageChannels)]: 'Manage Channels',
  [String(PermissionFlagsBits.MuteMembers)]: 'Mute Members',
  [String(PermissionFlagsBits.MoveMembers)]: 'Move Members',
};

/** What Discord requires of the bot for this event, checked before anything is created. */
function checkBotPermissions(guild: Guild, voice: GuildBasedChannel | null): void {
  const me = guild.members.me;
  const missing: string[] = [];
  const inGuild = me?.permissions;
  if (!inGuild?.has(PermissionFlagsBits.ManageEvents) && !CREATE.every((p) => inGuild?.has(p))) {
    missing.push('Create Events');
  }
  if (voice && me) {
    const needed = voice.type === ChannelType.GuildStageVoice ? IN_STAGE : IN_VOICE;
    const granted = voice.permissionsFor(me);
    for (const p of needed) if (!granted?.has(p)) missing.push(`${NAMES[String(p)]} in <#${voice.id}>`);
  }
  if (missing.length > 0) {
    throw new UserError(
      `I can't create this event: ask an admin to give me ${missing.join(', ')}. Nothing was created.`,
    );
  }
}

/**
 * Creates the session: the paper's thread (opened if there is none), the Discord scheduled event, the
 * session row and its announcement in the thread. Throws a UserError with what to fix, creating nothing.
 */
export async function scheduleSession(ctx: BotContext, r: SessionRequest): Promise<{ session: Session; url: string }> {
  if (
    r.voiceChannel &&
    r.voiceChannel.type !== ChannelType.GuildVoice &&
    r.voiceChannel.type !== ChannelType.GuildStageVoice
  ) {
    throw new UserError(
      'The `channel` must be a voice or stage channel; leave it out to hold the session in the thread.',
    );
  }
  checkBotPermissions(r.guild, r.voiceChannel);
  const threadId = await paperThread(ctx, r);
  const end = new Date(r.start.getTime() + r.durationMinutes * 60_000);
  const common = {
    name: eventName(r.paper.title),
    description: eventDescription(r.paper),
    privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
    scheduled_start_time: r.start.toISOString(),
    scheduled_end_time: end.toISOString(),
  } as const;
  const body = !r.voiceChannel
    ? {
        ...common,
        entity_type: GuildScheduledEventEntityType.External,
        entity_metadata: { location: `https://discord.com/channels/${r.guild.id}/${threadId}` },
      }
    : {
        ...common,
        channel_id: r.voiceChannel.id,
        entity_type:
          r.voiceChannel.type === ChannelType.GuildStageVoice
            ? GuildScheduledEventEntityType.StageInstance
            : GuildScheduledEventEntityType.Voice,
      };
  let eventId: string;
  try {
    eventId = (await ctx.scheduledEvents.create(r.guild.id, body)).id;
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.MissingPermissions) {
      throw new UserError(
        "Discord refused: I lack a permission this event needs (Create Events, and the channel's). " +
          'Nothing was created.',
      );
    }
    throw err;
  }
  const session = ctx.club.sessions.add({
    eventId,
    guildId: r.guild.id,
    paperId: r.paper.id,
    threadId,
    voiceChannelId: r.voiceChannel?.id ?? null,
    startsAt: r.start.toISOString(),
    endsAt: end.toISOString(),
    createdBy: r.memberId,
  });
  const body2: AnnouncementBody = {
    ...sessionRef(session, r.paper.title),
    endsAt: session.endsAt,
    voiceChannelId: session.voiceChannelId,
  };
  ctx.club.posts.add({
    key: `announce:${eventId}`,
    guildId: r.guild.id,
    channelId: threadId,
    kind: 'announcement',
    body: body2,
  });
  await ctx.club.send(threadId);
  return { session, url: `https://discord.com/events/${r.guild.id}/${eventId}` };
}

/** What the member who scheduled a session is told, privately. */
/** The zone a time is read in when none is given: the weekly digest's, else UTC. */
export const defaultZone = (ctx: BotContext, guildId: string) => ctx.guildSettings.weekly(guildId)?.timezone ?? 'UTC';

/** Defers privately, creates the session, and tells the member where it is announced. */
export async function scheduleAndReply(
  interaction: RepliableInteraction,
  ctx: BotContext,
  request: SessionRequest,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const { session, url } = await scheduleSession(ctx, request);
  await interaction.editReply({
    content: scheduledText(request.paper.title, session, url),
    allowedMentions: { parse: [] },
  });
}

/** A paper's title in a reply: cut, no masked links, no pings. */
const safeTitle = (title: string) => neutraliseMentions(escapeLinkMarkdown(truncate(title, 200)));

function scheduledText(paperTitle: string, session: Session, url: string): string {
  const at = Math.floor(Date.parse(session.startsAt) / 1000);
  return (
    `Scheduled the reading session on **${safeTitle(paperTitle)}** for <t:${at}:F> (<t:${at}:R>), announced in ` +
    `<#${session.threadId}>. Event: ${url}`
  );
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
