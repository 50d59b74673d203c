/** Where a follow's notifications go: the member's direct messages, or the channel where it was added. */
export type FollowDelivery = 'dm' | 'here';

export interface Follow {
  id: number;
  guildId: string;
  userId: string;
  query: string;
  delivery: FollowDelivery;
  /** Where it was added; a `here` follow posts there. */
  channelId: string;
  /**
   * Only papers stored after the follow was added (a higher `pk`) are news to it, and of those only the ones first
   * listed on the day it was added (`createdAt`'s UTC day) or later: a backfill of past days is not news.
   */
  afterPk: number;
  /** Why it stopped notifying; null while it notifies. */
  pausedReason: string | null;
  createdAt: string;
}

/**
 * Whether a member is still in a server, asked of Discord: the bot hears of no departure (that needs the privileged
 * GuildMembers intent), so a `here` follow's member is checked before their notification is posted.
 */
export interface MemberCheck {
  /** Whether the member was found in the server a short while ago: no request. */
  isKnownMember(guildId: string, userId: string): boolean;
  /** Asks Discord unless known: `left` when it answers they are not a member. Throws when it cannot tell. */
  check(guildId: string, userId: string): Promise<'member' | 'left'>;
}

/** The UTC day a follow was added: papers first listed before it are not news to it. */
export const followSince = (f: Pick<Follow, 'createdAt'>): string => f.createdAt.slice(0, 10);

/** A member may follow at most this many queries per server. */
export const MAX_FOLLOWS = 25;
/** Papers listed in one notification; the rest are counted. */
export const PAPERS_PER_MESSAGE = 10;
