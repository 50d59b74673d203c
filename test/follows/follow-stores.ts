import { immediate } from '../../src/db/immediate.ts';
import { createFollowHitStore } from '../../src/follows/follow-hit-store.ts';
import { createFollowMessageStore } from '../../src/follows/follow-message-store.ts';
import { createFollowStore } from '../../src/follows/follow-store.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { listedOn, memoryDb, paper } from '../support/papers.ts';

/** The day `store` lists papers on, and the clock's day unless a test moves it. */
export const LISTED = '2026-03-02';

/**
 * A fresh database with the stores follows use, as the app builds them, on one injected clock (never the wall
 * clock): follows are added "today", on the day `store` lists papers, until a test moves `clock.now`.
 */
export function followStores() {
  const db = memoryDb();
  const clock = { now: new Date(`${LISTED}T10:00:00Z`) };
  const now = () => clock.now;
  const papers = createPaperStore(db, now);
  return {
    db,
    clock,
    papers,
    follows: createFollowStore(db, now),
    messages: createFollowMessageStore(db, now),
    hits: createFollowHitStore(db),
    atomically: <T>(work: () => T): T => immediate(db, work)(),
    /** Stores papers, listed on one day (default `LISTED`). */
    store: (...ps: ReturnType<typeof paper>[]) => papers.save(ps.map((p) => listedOn(LISTED, p))),
    /** Stores papers listed on `day`, as a fetch (or a backfill) of that day does. */
    storeDay: (day: string, ...ps: ReturnType<typeof paper>[]) => papers.save(ps.map((p) => listedOn(day, p))),
  };
}
