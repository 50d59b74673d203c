import type { Paper } from '../papers/paper.ts';
import { serverTasteOrder } from '../recommend/blend.ts';
import type { SubscriptionSettings } from '../subscriptions/subscription.ts';
import { passesTerms } from './paper-filter.ts';

/** The server model's score of a paper, as `rank:server-taste` blends it. */
export interface TasteScores {
  score(paperId: string): number;
}

const byHfUpvotes = (list: readonly Paper[]) =>
  [...list].sort((a, b) => b.hfUpvotes - a.hfUpvotes || a.id.localeCompare(b.id));

/**
 * The day's list in delivery order. Blend percentiles are taken over the whole day, not the papers left after
 * the filters, so a paper's place does not depend on the channel's filters or on what it already received.
 */
function dayOrder(list: readonly Paper[], taste: TasteScores | null): Paper[] {
  if (!taste) return byHfUpvotes(list);
  const byId = new Map(list.map((p) => [p.id, p]));
  return serverTasteOrder(list.map((p) => ({ id: p.id, modelScore: taste.score(p.id), hfUpvotes: p.hfUpvotes }))).map(
    (item) => byId.get(item.id)!,
  );
}

/**
 * The papers a subscription should receive from a day's list, best first: those passing its filters, not yet
 * delivered to the channel, and no more than what is left of its `top` for the day. Best is by HF upvotes, or,
 * given the server's `taste` (rank:server-taste with a trained model), by the blend of its score and HF upvotes.
 */
export function selectPapers(
  dayList: readonly Paper[],
  sub: Pick<SubscriptionSettings, 'top' | 'minUpvotes' | 'include' | 'exclude'>,
  opts: { isDelivered: (paperId: string) => boolean; deliveredToday: number; taste?: TasteScores | null },
): Paper[] {
  const room = Math.max(0, sub.top - opts.deliveredToday);
  if (room === 0) return [];
  return dayOrder(dayList, opts.taste ?? null)
    .filter((p) => p.hfUpvotes >= sub.minUpvotes && passesTerms(p, sub.include, sub.exclude) && !opts.isDelivered(p.id))
    .slice(0, room);
}
