import type { PaperStore } from '../papers/paper-store.ts';
import type { Tokenizer } from '../search/tokenizer.ts';
import type { AddFollowResult, FollowStore, NewFollow } from './follow-store.ts';
import { compileFollow, followRejection, type TermStats } from './percolator.ts';

export interface AddFollowContext {
  store: Pick<FollowStore, 'add'>;
  papers: Pick<PaperStore, 'newestPk'>;
  tokenizer: Pick<Tokenizer, 'tokens'>;
  stats: () => TermStats;
}

export type AddFollowOutcome = AddFollowResult | { kind: 'rejected'; reason: string };

/** What a member asks to follow: where it starts is the store's newest paper at that moment. */
export type FollowRequest = Omit<NewFollow, 'afterPk'>;

/**
 * Saves a member's follow of the papers stored from now on, unless the query would find nothing or almost
 * everything (the reason says which, as a hint).
 */
export function addFollow(ctx: AddFollowContext, f: FollowRequest): AddFollowOutcome {
  const rejection = followRejection(compileFollow(f.query, ctx.tokenizer), ctx.stats());
  if (rejection) return { kind: 'rejected', reason: rejection.message };
  return ctx.store.add({ ...f, afterPk: ctx.papers.newestPk() });
}
