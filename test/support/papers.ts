import { openDatabase, type Database } from '../../src/db/open.ts';
import type { DailyEntry, Paper } from '../../src/papers/paper.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';

/** A stored paper with plausible defaults, for tests that start from the store rather than from Hugging Face. */
export function paper(id: string, over: Partial<Paper> = {}): Paper {
  return {
    id,
    title: `Paper ${id}`,
    abstract: `Abstract of ${id}.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    publishedAt: '2025-09-04T21:26:31.000Z',
    hfUpvotes: 1,
    numComments: 0,
    aiSummary: null,
    aiKeywords: [],
    githubRepo: null,
    githubStars: null,
    projectPage: null,
    thumbnail: null,
    organization: null,
    ...over,
  };
}

export const listedOn = (day: string, p: Paper): DailyEntry => ({
  day,
  paper: p,
  submittedAt: null,
  submittedBy: null,
});

/** A fresh in-memory database at the latest schema, opened as the bot opens its file. */
export const memoryDb = (): Database => openDatabase(':memory:');

/**
 * Stores papers through the paper store, listed on `day`, in batches of 2,000 so a generated corpus of
 * any size streams through.
 */
export function storePapers(
  db: Database,
  papers: Iterable<Paper>,
  opts: { day?: string; now?: () => Date } = {},
): void {
  const store = createPaperStore(db, opts.now);
  const day = opts.day ?? '2025-09-08';
  let batch: Paper[] = [];
  const flush = () => {
    store.save(batch.map((p) => listedOn(day, p)));
    batch = [];
  };
  for (const p of papers) {
    batch.push(p);
    if (batch.length === 2000) flush();
  }
  flush();
}
