import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Ledger } from '../outbox/outbox.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import { PAPERS_PER_MESSAGE, type FollowDelivery, type MemberCheck } from './follow.ts';
import type { FollowHitStore } from './follow-hit-store.ts';
import type { FollowMessage, FollowMessageStore } from './follow-message-store.ts';
import type { FollowStore } from './follow-store.ts';

/** What a notification says: the papers listed (at most `PAPERS_PER_MESSAGE`) and how many more were found. */
export interface FollowNotice {
  guildId: string;
  /** The server's name, for a direct message (null when the bot no longer sees it). */
  guildName: string | null;
  userId: string;
  delivery: FollowDelivery;
  papers: Array<{ paper: Paper; query: string }>;
  more: number;
}

/** How a notification looks: owned by the Discord adapter, handed in by the app. */
export interface FollowLayout {
  render(notice: FollowNotice): RESTPostAPIChannelMessageJSONBody;
  isRenderingOf(notice: FollowNotice, message: APIMessage): boolean;
}

export interface FollowLedgerContext {
  follows: FollowStore;
  messages: FollowMessageStore;
  hits: FollowHitStore;
  papers: Pick<PaperStore, 'get'>;
  layout: FollowLayout;
  guildName: (guildId: string) => string | null;
  members: Pick<MemberCheck, 'isKnownMember'>;
  atomically: <T>(work: () => T) => T;
}

export const DMS_CLOSED = 'Discord refused the direct message: your DMs are closed to this server or to the bot';
export const CHANNEL_CLOSED = 'the bot can no longer post in the channel where you added it';

/** Follows' notifications, as the outbox sees them. */
export function followLedger(ctx: FollowLedgerContext): Ledger<FollowMessage> {
  const notice = (m: FollowMessage): FollowNotice => {
    const hits = ctx.hits.ofMessage(m.id);
    const papers = hits.flatMap((h) => {
      const paper = ctx.papers.get(h.paperId);
      return paper ? [{ paper, query: h.query }] : [];
    });
    return {
      guildId: m.guildId,
      guildName: ctx.guildName(m.guildId),
      userId: m.userId,
      delivery: m.delivery,
      papers: papers.slice(0, PAPERS_PER_MESSAGE),
      more: Math.max(0, papers.length - PAPERS_PER_MESSAGE),
    };
  };
  return {
    name: 'follow notifications',
    channelsWithWork: () => ctx.messages.channelsWithPending(),
    guildOf: (channelId) => ctx.messages.guildOf(channelId),
    // A notification in a channel waits until its member was found still in the server: the notifier asks Discord
    // before it sends, so one resumed after a restart or a failure waits for the next run's check.
    pending: (channelId) =>
      ctx.messages
        .pending(channelId)
        .filter((m) => m.delivery === 'dm' || ctx.members.isKnownMember(m.guildId, m.userId)),
    render(m) {
      const n = notice(m);
      // The outbox gives it up as refused: it would only fail again.
      if (n.papers.length === 0) throw new Error(`notification ${m.id} lists no stored paper`);
      return ctx.layout.render(n);
    },
    isMessageOf: (m, message) => ctx.layout.isRenderingOf(notice(m), message),
    markAttempt: (m) => ctx.messages.markAttempt(m.id),
    markSent: (m, messageId) => ctx.messages.markSent(m.id, messageId),
    markFailed(m, failure, gaveUp) {
      if (!gaveUp) return;
      ctx.atomically(() => {
        ctx.messages.markFailed(m.id, failure.reason);
        // Retrying a destination Discord refuses helps no one: the follow waits for the member to resume it. A
        // message the bot could not build (no Discord code) is not the destination's fault.
        if (failure.kind === 'unknown' || failure.code === undefined) return;
        if (m.delivery === 'dm') ctx.follows.pauseDm(m.guildId, m.userId, DMS_CLOSED);
        else ctx.follows.pauseHere(m.guildId, m.userId, m.channelId, CHANNEL_CLOSED);
      });
    },
  };
}
