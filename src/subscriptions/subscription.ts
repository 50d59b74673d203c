export type PostFormat = 'per-paper' | 'digest';

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
};

export const TOP_MAX = 30;
