import { Routes, type REST } from 'discord.js';
import type { DeliveryStore } from '../delivery/delivery-store.ts';
import type { Logger } from '../log/logger.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { VoteStore } from '../votes/vote-store.ts';
import { voteRows } from './post-layout.ts';

export interface RefreshContext {
  rest: REST;
  deliveries: DeliveryStore;
  papers: PaperStore;
  votes: VoteStore;
  log: Logger;
}

interface Burst {
  votes: number;
  firstAt: number;
  timer: NodeJS.Timeout | undefined;
  waiters: Array<() => void>;
}

/**
 * Keeps a post's vote counts true with as few edits as possible. Each click already answers with the
 * count it saw; when several votes land on one message close together those answers can reach Discord in
 * any order, so once the burst settles one edit re-reads the stored counts and the message ends right.
 * A lone vote costs no edit; a thousand simultaneous ones cost one (or one every `maxWaitMs` while they last).
 */
export function createVoteRefresher(ctx: RefreshContext, { quietMs = 750, maxWaitMs = 3_000 } = {}) {
  const bursts = new Map<string, Burst>();
  let edits = 0;
  let closed = false;

  async function edit(messageId: string): Promise<void> {
    try {
      const post = ctx.deliveries.byMessage(messageId);
      if (!post) return;
      const papers = post.paperIds.map((id) => ctx.papers.get(id)).filter((p): p is Paper => p !== null);
      const counts = ctx.votes.counts(post.guildId, post.paperIds);
      const components = voteRows(post, papers, (id) => counts.get(id) ?? 0);
      if (!components) return;
      await ctx.rest.patch(Routes.channelMessage(post.channelId, messageId), { body: { components } });
      edits++;
    } catch (err) {
      ctx.log.warn({ err, message: messageId }, 'could not refresh vote counts');
    }
  }

  function settle(messageId: string): void {
    const burst = bursts.get(messageId);
    if (!burst) return;
    bursts.delete(messageId);
    const work = burst.votes > 1 ? edit(messageId) : Promise.resolve();
    void work.finally(() => burst.waiters.forEach((w) => w()));
  }

  return {
    /**
     * Records a vote on `messageId` whose answer showed the counts of that moment. `fixed` says whether
     * that answer already edited the message (a button's update); a reaction's vote needs an edit anyway.
     */
    noteVote(messageId: string, fixed: boolean): Promise<void> {
      // Shutting down: the vote is stored and its answer showed the count; no timer may outlive the database.
      if (closed) return Promise.resolve();
      const now = Date.now();
      const burst = bursts.get(messageId) ?? { votes: 0, firstAt: now, timer: undefined, waiters: [] };
      clearTimeout(burst.timer);
      burst.votes += fixed ? 1 : 2;
      const wait = Math.max(0, Math.min(quietMs, burst.firstAt + maxWaitMs - now));
      burst.timer = setTimeout(() => settle(messageId), wait);
      bursts.set(messageId, burst);
      return new Promise<void>((resolve) => burst.waiters.push(resolve));
    },
    /** The bot left a server: its posts' counts waiting for an edit stay as they are (nothing more goes there). */
    forgetGuild(guildId: string): void {
      for (const [messageId, burst] of bursts) {
        if (ctx.deliveries.byMessage(messageId)?.guildId !== guildId) continue;
        clearTimeout(burst.timer);
        bursts.delete(messageId);
        burst.waiters.forEach((w) => w());
      }
    },
    /** At shutdown, before the database closes: settles every burst, and no vote noted later starts a timer. */
    close(): Promise<void> {
      closed = true;
      return flush();
    },
    get edits() {
      return edits;
    },
  };

  /** Settles every burst now. */
  async function flush(): Promise<void> {
    await Promise.all(
      [...bursts.keys()].map((id) => {
        const burst = bursts.get(id);
        if (burst) clearTimeout(burst.timer);
        return new Promise<void>((resolve) => {
          burst?.waiters.push(resolve);
          settle(id);
        });
      }),
    );
  }
}

export type VoteRefresher = ReturnType<typeof createVoteRefresher>;
