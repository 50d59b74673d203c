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
  /** Only papers stored after the follow was added (a higher `pk`) are news to it. */
  afterPk: number;
  /** Why it stopped notifying; null while it notifies. */
  pausedReason: string | null;
  createdAt: string;
}

/** A member may follow at most this many queries per server. */
export const MAX_FOLLOWS = 25;
/** Papers listed in one notification; the rest are counted. */
export const PAPERS_PER_MESSAGE = 10;
