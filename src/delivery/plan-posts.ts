import type { Paper } from '../papers/paper.ts';
import type { SubscriptionSettings } from '../subscriptions/subscription.ts';
import type { PlannedPost } from './delivery-store.ts';

export const DIGEST_SIZE = 10;

/**
 * Splits a delivery into messages. The role is mentioned once, on the first message, and only on the
 * day's first delivery: late arrivals later in the day do not ping again.
 */
export function planPosts(
  sub: Pick<SubscriptionSettings, 'format' | 'threads' | 'mentionRoleId'>,
  papers: readonly Paper[],
  firstOfDay: boolean,
): PlannedPost[] {
  const mention = firstOfDay ? sub.mentionRoleId : null;
  if (sub.format === 'digest') {
    const posts: PlannedPost[] = [];
    for (let i = 0; i < papers.length; i += DIGEST_SIZE) {
      posts.push({
        kind: 'digest',
        paperIds: papers.slice(i, i + DIGEST_SIZE).map((p) => p.id),
        mentionRoleId: i === 0 ? mention : null,
        wantThread: false,
      });
    }
    return posts;
  }
  return papers.map((p, i) => ({
    kind: 'paper' as const,
    paperIds: [p.id],
    mentionRoleId: i === 0 ? mention : null,
    wantThread: sub.threads,
  }));
}
