import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Ledger } from '../outbox/outbox.ts';
import type { ClubPost, ClubPostStore } from './club-post-store.ts';
import type { PollStore } from './poll-store.ts';
import type { SessionStore } from './session-store.ts';

/** How the club's posts look: owned by the Discord adapter, handed in by the app. */
export interface ClubLayout {
  render(post: ClubPost): RESTPostAPIChannelMessageJSONBody;
  isRenderingOf(post: ClubPost, message: APIMessage): boolean;
}

/** A post about a session carries the session and the start it was written for. */
interface AboutSession {
  eventId: string;
  startsAt: string;
}

const aboutSession = (body: unknown): AboutSession | null => {
  const b = body as Partial<AboutSession> | null;
  return b && typeof b.eventId === 'string' && typeof b.startsAt === 'string'
    ? { eventId: b.eventId, startsAt: b.startsAt }
    : null;
};

export interface ClubLedgerContext {
  posts: ClubPostStore;
  sessions: SessionStore;
  polls: PollStore;
  layout: ClubLayout;
}

/** The reading club's posts, as the outbox sees them. */
export function clubLedger(ctx: ClubLedgerContext): Ledger<ClubPost> {
  // A reminder or "starting now" for a session since moved or cancelled is never sent.
  const stale = (post: ClubPost): boolean => {
    if (post.kind !== 'reminder' && post.kind !== 'starting') return false;
    const about = aboutSession(post.body);
    const session = about ? ctx.sessions.get(about.eventId) : null;
    return !session || session.startsAt !== about?.startsAt || !['scheduled', 'active'].includes(session.status);
  };
  const trackPoll = (post: ClubPost, messageId: string) => {
    const body = post.body as { paperIds: string[]; endsAt: string };
    ctx.polls.add({ messageId, guildId: post.guildId, channelId: post.channelId, ...body });
  };
  return {
    name: 'reading club posts',
    channelsWithWork: () => ctx.posts.channelsWithPending(),
    guildOf: (channelId) => ctx.posts.guildOf(channelId),
    pending: (channelId) =>
      ctx.posts.pending(channelId).filter((post) => {
        if (!stale(post)) return true;
        ctx.posts.skip(post.key, 'the session was moved or cancelled');
        return false;
      }),
    render: (post) => ctx.layout.render(post),
    isMessageOf: (post, message) => ctx.layout.isRenderingOf(post, message),
    markAttempt: (post) => ctx.posts.markAttempt(post),
    markSent(post, messageId) {
      ctx.posts.markSent(post, messageId);
      if (post.kind === 'poll') trackPoll(post, messageId);
    },
    // A crash between sending a poll and recording it: record it now.
    resumeFollowUps(channelId) {
      for (const post of ctx.posts.sent(channelId, 'poll')) {
        if (!ctx.polls.get(post.messageId)) trackPoll(post, post.messageId);
      }
      return Promise.resolve();
    },
    markFailed(post, failure, gaveUp) {
      if (gaveUp) ctx.posts.markFailed(post, failure.reason);
    },
  };
}
