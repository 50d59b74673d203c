export type PostFormat = 'per-paper' | 'digest';

/** How a day's list is ordered before the subscription's `top` is taken. */
export type DayRank = 'hf-upvotes' | 'server-taste';

export interface SubscriptionSettings {
  /** Minutes after local midnight: 540 is 09:00. */
  minutes: number;
  timezone: string;
  top: number;
  minUpvotes: number;
  include: string[];
  exclude: string[];
  format: PostFormat;
  threads: boolean;
  mentionRoleId: string | null;
  rank: DayRank;
}

export interface Subscription extends SubscriptionSettings {
  channelId: string;
  guildId: string;
  enabled: boolean;
  disabledReason: string | null;
  /** The local day of the last scheduled (or post-now) delivery. */
  lastRunDay: string | null;
  lastDeliveryAt: string | null;
  lastError: string | null;
}

/** The documented defaults of `/papers subscribe`. */
export const SUBSCRIPTION_DEFAULTS: SubscriptionSettings = {
  minutes: 9 * 60,
  timezone: 'UTC',
  top: 10,
  minUpvotes: 0,
  include: [],
  exclude: [],
  format: 'per-paper',
  threads: false,
  mentionRoleId: null,
  rank: 'hf-upvotes',
};

export const TOP_MAX = 30;
