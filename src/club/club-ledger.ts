import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Ledger } from '../outbox/outbox.ts';
import type { PollBody } from './club-bodies.ts';
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
  /** Runs writes to several stores as one transaction. */
  atomically: (work: () => void) => void;
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
    const { paperIds, endsAt } = post.body as Pick<PollBody, 'paperIds' | 'endsAt'>;
    ctx.polls.add({ messageId, guildId: post.guildId, channelId: post.channelId, paperIds, endsAt });
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
    // A sent poll and the record its winner is decided from are written together: no crash falls between. A
    // poll stopped while in flight (the bot left the server) gets no winner: nothing more goes there.
    markSent: (post, messageId, stopped) =>
      ctx.atomically(() => {
        ctx.posts.markSent(post, messageId);
        if (post.kind === 'poll' && !stopped) trackPoll(post, messageId);
      }),
    markFailed(post, failure, gaveUp) {
      if (gaveUp) ctx.posts.markFailed(post, failure.reason);
    },
  };
}
