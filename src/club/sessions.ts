import type { AnnouncementBody, CancelledBody } from './club-bodies.ts';
import { sessionRef, titleOf, type ClubContext, type NewEvent } from './run-club.ts';
import type { Session } from './session-store.ts';

/** A session to schedule, once its paper's thread is known and the bot may create its event. */
export interface SessionPlan {
  guildId: string;
  paper: NewEvent['paper'];
  threadId: string;
  voiceChannel: NewEvent['voiceChannel'];
  start: Date;
  durationMinutes: number;
  memberId: string;
}

/**
 * Creates the session: its Discord event, its row, and its announcement in the paper's thread, sent at once.
 * The event comes first: with no event there is no session to record.
 */
export async function scheduleSession(
  ctx: Pick<ClubContext, 'events' | 'sessions' | 'posts' | 'send'>,
  p: SessionPlan,
): Promise<Session> {
  const end = new Date(p.start.getTime() + p.durationMinutes * 60_000);
  const eventId = await ctx.events.create(p.guildId, {
    paper: p.paper,
    startsAt: p.start,
    endsAt: end,
    threadId: p.threadId,
    voiceChannel: p.voiceChannel,
  });
  const session = ctx.sessions.add({
    eventId,
    guildId: p.guildId,
    paperId: p.paper.id,
    threadId: p.threadId,
    voiceChannelId: p.voiceChannel?.id ?? null,
    startsAt: p.start.toISOString(),
    endsAt: end.toISOString(),
    createdBy: p.memberId,
  });
  const body: AnnouncementBody = {
    ...sessionRef(session, p.paper.title),
    endsAt: session.endsAt,
    voiceChannelId: session.voiceChannelId,
  };
  ctx.posts.add({ key: `announce:${eventId}`, guildId: p.guildId, channelId: p.threadId, kind: 'announcement', body });
  await ctx.send(p.threadId);
  return session;
}

/** Cancels a scheduled session: its event in Discord, its row, and one line in its thread, sent at once. */
export async function cancelSession(
  ctx: Pick<ClubContext, 'events' | 'sessions' | 'posts' | 'papers' | 'send'>,
  session: Session,
): Promise<void> {
  await ctx.events.setStatus(session.guildId, session.eventId, 'cancelled');
  ctx.sessions.setStatus(session.eventId, 'cancelled');
  const body: CancelledBody = sessionRef(session, titleOf(ctx, session.paperId));
  ctx.posts.add({
    key: `cancelled:${session.eventId}`,
    guildId: session.guildId,
    channelId: session.threadId,
    kind: 'cancelled',
    body,
  });
  await ctx.send(session.threadId);
}
