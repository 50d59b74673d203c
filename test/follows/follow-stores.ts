import { immediate } from '../../src/db/immediate.ts';
import { createFollowHitStore } from '../../src/follows/follow-hit-store.ts';
import { createFollowMessageStore } from '../../src/follows/follow-message-store.ts';
import { createFollowStore } from '../../src/follows/follow-store.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { listedOn, memoryDb, paper } from '../support/papers.ts';

/** A fresh database with the stores follows use, as the app builds them. */
export function followStores() {
  const db = memoryDb();
  const papers = createPaperStore(db);
  return {
    db,
    papers,
    follows: createFollowStore(db),
    messages: createFollowMessageStore(db),
    hits: createFollowHitStore(db),
    atomically: <T>(work: () => T): T => immediate(db, work)(),
    /** Stores papers, listed on one day. */
    store: (...ps: ReturnType<typeof paper>[]) => papers.save(ps.map((p) => listedOn('2026-03-02', p))),
  };
}
