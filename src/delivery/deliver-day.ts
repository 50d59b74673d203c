import type { Database } from 'better-sqlite3';
import { immediate } from '../db/immediate.ts';
import type { Logger } from '../log/logger.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { FetchLog } from '../sources/fetch-log.ts';
import type { GuildSettingsStore } from '../settings/guild-settings-store.ts';
import type { Subscription } from '../subscriptions/subscription.ts';
import type { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import type { DeliveryStore, PlannedPost } from './delivery-store.ts';
import { planPosts } from './plan-posts.ts';
import { selectPapers, type TasteScores } from './select-papers.ts';

export interface DeliverContext {
  db: Database;
  papers: PaperStore;
  fetchLog: FetchLog;
  deliveries: DeliveryStore;
  subscriptions: SubscriptionStore;
  guildSettings: GuildSettingsStore;
  outbox: { send(channelId: string): Promise<void> };
  /** The server's taste model, null while it has too few upvotes to train one. */
  taste: { serverTaste(guildId: string): Promise<TasteScores | null> };
  log: Logger;
}

/** `scheduled` and `now` count as the day's run; `late` only tops up a day that already ran. */
export type DeliveryMode = 'scheduled' | 'late' | 'now';

/**
 * Plans a subscription's posts for `day` and sends them. Planning and marking the run happen in one
 * transaction before anything is sent: a crash before it repeats the run, a crash after it resumes the
 * recorded posts, and neither can post a paper twice.
 */
export async function deliverDay(
  ctx: DeliverContext,
  sub: Subscription,
  day: string,
  mode: DeliveryMode,
): Promise<number> {
  const taste = await dayTaste(ctx, sub);
  const planned = immediate(ctx.db, () => {
    const deliveredBefore = ctx.deliveries.deliveredOnDay(sub.channelId, day);
    const list = ctx.papers.listDay(day);
    const papers = selectPapers(list, sub, {
      isDelivered: (id) => ctx.deliveries.isDelivered(sub.channelId, id),
      deliveredToday: deliveredBefore,
      taste,
    });
    let posts: PlannedPost[] = planPosts(sub, papers, deliveredBefore === 0);
    if (posts.length === 0 && mode !== 'late' && list.length === 0 && wantsEmptyNote(ctx, sub, day)) {
      posts = [{ kind: 'note', paperIds: [], mentionRoleId: null, wantThread: false }];
    }
    ctx.deliveries.plan(sub.channelId, sub.guildId, day, posts);
    if (mode !== 'late') ctx.subscriptions.markRun(sub.channelId, day);
    return posts.length;
  })();
  await ctx.outbox.send(sub.channelId);
  return planned;
}

/**
 * The server's model when the subscription ranks by server taste and the server has enough upvotes for one.
 * Deliveries ask before their transaction: training may take a while and must not hold the write lock. A model
 * that cannot be had is no reason to skip a day: the list goes out by HF upvotes, as with too few upvotes.
 */
export async function dayTaste(
  ctx: Pick<DeliverContext, 'taste' | 'log'>,
  sub: Pick<Subscription, 'rank' | 'guildId'>,
): Promise<TasteScores | null> {
  if (sub.rank !== 'server-taste') return null;
  try {
    return await ctx.taste.serverTaste(sub.guildId);
  } catch (err) {
    ctx.log.error({ err, guild: sub.guildId }, "the server's taste model failed; ranking by HF upvotes");
    return null;
  }
}

function wantsEmptyNote(ctx: DeliverContext, sub: Subscription, day: string): boolean {
  return (
    ctx.guildSettings.get(sub.guildId).emptyDay === 'note' &&
    ctx.fetchLog.latestSuccess(day)?.outcome === 'empty' &&
    !ctx.deliveries.hasNote(sub.channelId, day)
  );
}
