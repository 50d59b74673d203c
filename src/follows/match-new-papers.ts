import type { IndexedText } from '../search/analyse.ts';
import type { Tokenizer } from '../search/tokenizer.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import { followSince, type Follow } from './follow.ts';
import type { FollowHitStore } from './follow-hit-store.ts';
import type { FollowMessageStore } from './follow-message-store.ts';
import type { FollowStore } from './follow-store.ts';
import { compileFollow, createPercolator, tokenizePapers, type FollowTerm, type TermStats } from './percolator.ts';

/** Papers matched per transaction: a backfill of thousands is matched in steps, never holding the lock long. */
export const MATCH_BATCH = 1_000;
/**
 * Stored papers one step looks through for news, so a step of a long backfill stays short (reading 20,000 papers'
 * first listing days took some 20 ms, against 130 ms for a 100,000-paper backfill in one go). A step's news is taken
 * from the first news paper on, so the papers of one fetch, stored together, are matched in one step: one message
 * per member.
 */
const SCAN_WINDOW = 20_000;

export interface FollowMatchContext {
  follows: Pick<FollowStore, 'active' | 'oldestActive'>;
  messages: Pick<FollowMessageStore, 'add'>;
  hits: Pick<FollowHitStore, 'has' | 'add'>;
  papers: Pick<PaperStore, 'newestPk' | 'newsAfter' | 'firstNewsAfter'>;
  /** The newest paper already matched (kept in the database, so a restart neither skips nor repeats papers). */
  cursor: { get(): number | null; set(pk: number): void };
  tokenizer: Pick<Tokenizer, 'tokens' | 'prime' | 'ids' | 'term'>;
  stats: () => TermStats;
  /** Compiled follows by id, kept between runs: compiling means tokenising every follow's words. */
  compiled: Map<number, { query: string; terms: readonly FollowTerm[] }>;
  atomically: <T>(work: () => T) => T;
  /** `SCAN_WINDOW` unless a test makes it smaller. */
  scanWindow?: number;
}

/**
 * Matches the papers stored since the last run (by this process or `paperboy ingest`) against every follow that
 * notifies, and records, in the same transaction as the cursor moves, one notification per member and destination
 * listing each paper the member was never notified of. A paper is news to a follow when it was stored after the
 * follow was added and first listed on the day it was added or later, so a backfill of past days notifies no one.
 * Returns how many papers were matched and whether papers are left for another step.
 */
export function matchNewPapers(ctx: FollowMatchContext): { papers: number; messages: number; more: boolean } {
  return ctx.atomically(() => {
    const newest = ctx.papers.newestPk();
    const oldest = ctx.follows.oldestActive();
    // Papers at or below every follow's start are news to none: skip them (and all papers, with no follows).
    const cursor = ctx.cursor.get();
    const from = Math.max(cursor ?? 0, oldest?.afterPk ?? newest);
    if (!oldest || from >= newest) {
      // Most minutes bring no paper: write nothing then.
      if (cursor !== Math.max(from, newest)) ctx.cursor.set(Math.max(from, newest));
      return { papers: 0, messages: 0, more: false };
    }
    // Papers first listed before every follow's day are passed over unread, a window at a time: a backfill of
    // years of lists is news to none.
    const window = (pk: number) => Math.min(newest, pk + (ctx.scanWindow ?? SCAN_WINDOW));
    const first = ctx.papers.firstNewsAfter(from, window(from), oldest.since);
    const papers = first === null ? [] : ctx.papers.newsAfter(first - 1, window(first), oldest.since, MATCH_BATCH);
    const last = papers.length === MATCH_BATCH ? papers.at(-1)!.pk : window(first ?? from);
    // Only with papers to match are the follows read: most minutes bring none, and there may be many follows.
    const messages = papers.length > 0 ? record(ctx, papers, percolate(ctx, ctx.follows.active(), papers)) : 0;
    ctx.cursor.set(last);
    return { papers: papers.length, messages, more: last < newest };
  });
}

function percolate(
  ctx: FollowMatchContext,
  follows: readonly Follow[],
  papers: ReturnType<FollowMatchContext['papers']['newsAfter']>,
): Follow[][] {
  const fresh = follows.filter((f) => ctx.compiled.get(f.id)?.query !== f.query);
  ctx.tokenizer.prime(fresh.map((f) => f.query));
  for (const f of fresh) ctx.compiled.set(f.id, { query: f.query, terms: compileFollow(f.query, ctx.tokenizer) });
  const byId = new Map(follows.map((f) => [f.id, f]));
  for (const id of ctx.compiled.keys()) if (!byId.has(id)) ctx.compiled.delete(id);
  const percolator = createPercolator(
    follows.map((f) => ({ id: f.id, terms: ctx.compiled.get(f.id)!.terms })),
    ctx.stats(),
  );
  const texts = papers.map((p): IndexedText => [p.title, p.ai_keywords, p.ai_summary, p.abstract, p.authors]);
  return percolator.match(tokenizePapers(ctx.tokenizer, texts)).map((ids) => ids.map((id) => byId.get(id)!));
}

/** Writes the notifications: per member and destination, each paper once, ever, listed in storage order. */
function record(
  ctx: FollowMatchContext,
  papers: ReturnType<FollowMatchContext['papers']['newsAfter']>,
  matches: Follow[][],
): number {
  const open = new Map<string, { id: number; listed: number }>();
  papers.forEach((paper, i) => {
    // A member's oldest follow that matches names it: a stable choice when several do.
    const matched = [...matches[i]!].sort((a, b) => a.id - b.id);
    for (const f of matched) {
      if (paper.pk <= f.afterPk || paper.first_listed < followSince(f)) continue;
      if (ctx.hits.has(f.guildId, f.userId, paper.id)) continue;
      const destination = `${f.guildId}|${f.userId}|${f.delivery}|${f.delivery === 'here' ? f.channelId : ''}`;
      let message = open.get(destination);
      if (!message) {
        message = {
          id: ctx.messages.add(f.guildId, f.userId, f.delivery, f.delivery === 'here' ? f.channelId : null),
          listed: 0,
        };
        open.set(destination, message);
      }
      ctx.hits.add(f.guildId, f.userId, paper.id, f.query, message.id, message.listed++);
    }
  });
  return open.size;
}
