import type { Database } from '../../src/db/open.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { createVoteStore, type VoteStore } from '../../src/votes/vote-store.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

export interface VoteWorld {
  db: Database;
  votes: VoteStore;
  /** Moves the store's clock. */
  setNow(iso: string): void;
  /** Stores papers, listed on `day`. */
  addPapers(day: string, ...papers: Paper[]): void;
}

/** A fresh in-memory database with a vote store on a clock the test sets. */
export function voteWorld(start = '2025-09-10T12:00:00.000Z'): VoteWorld {
  const db = memoryDb();
  let now = new Date(start);
  return {
    db,
    votes: createVoteStore(db, () => now),
    setNow: (iso) => void (now = new Date(iso)),
    addPapers: (day, ...ps) => storePapers(db, ps, { day, now: () => now }),
  };
}

export { paper };
