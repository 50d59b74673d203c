import type { Paper } from '../papers/paper.ts';
import type { SubscriptionSettings } from '../subscriptions/subscription.ts';
import { passesTerms } from './paper-filter.ts';

/**
 * The papers a subscription should receive from a day's list, best HF upvotes first: those passing its
 * filters, not yet delivered to the channel, and no more than what is left of its `top` for the day.
 */
export function selectPapers(
  dayList: readonly Paper[],
  sub: Pick<SubscriptionSettings, 'top' | 'minUpvotes' | 'include' | 'exclude'>,
  opts: { isDelivered: (paperId: string) => boolean; deliveredToday: number },
): Paper[] {
  const room = Math.max(0, sub.top - opts.deliveredToday);
  if (room === 0) return [];
  return [...dayList]
    .sort((a, b) => b.hfUpvotes - a.hfUpvotes || a.id.localeCompare(b.id))
    .filter((p) => p.hfUpvotes >= sub.minUpvotes && passesTerms(p, sub.include, sub.exclude) && !opts.isDelivered(p.id))
    .slice(0, room);
}
