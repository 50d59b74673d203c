import type { Database } from 'better-sqlite3';
import type { Paper } from '../src/papers/paper.ts';

/**
 * The backfill path: stores many papers at once and makes them searchable, papers_fts (through the
 * migration's triggers, so the index is the one they always build) and the side index included. Batches
 * of thousands per transaction, one prepared statement, and FTS5's in-memory term buffer raised for the
 * duration so it flushes fewer, larger segments (fewer merges later); the buffer size goes back after.
 * Unlike the paper store it records no daily listing: it is for bulk imports and benchmarks.
 *
 * New rows reach papers_fts in one INSERT ... SELECT per batch, with the row-by-row insert trigger set aside
 * inside the batch's transaction (other connections never see it missing): fed through the trigger, FTS5
 * indexed half as fast (measured 2,400 against 5,600 papers/s on 40,000 papers), because every trigger
 * statement is a savepoint and FTS5 writes its pending terms out at each one. Updated rows still go
 * through the update trigger.
 */

export interface BulkIngestOptions {
  batchSize?: number;
  /** Papers stored between two syncs of the side index (which writes term statistics once per sync). */
  syncEvery?: number;
  /** FTS5 'hashsize' while ingesting, in bytes (FTS5's default is 1 MB; 16 MB measured some 10-20% faster). */
  ftsBuffer?: number;
  /**
   * SQLite's page cache while ingesting, in KiB (default 2,000, SQLite's own default; better-sqlite3 opens
   * with 16,000). Appending papers rereads few pages: at 100,000 papers the small cache ingested as fast
   * and kept the process some 20 MB smaller. The connection's own size comes back after, for searches,
   * which do reread pages (a 1M-paper phrase search took half as long again with the small cache).
   */
  cacheKib?: number;
  now?: () => Date;
}

export function bulkIngest(
  db: Database,
  sync: () => number,
  papers: Iterable<Paper>,
  opts: BulkIngestOptions = {},
): number {
  const batchSize = opts.batchSize ?? 5000;
  const insert = db.prepare(`
    INSERT INTO papers (id, title, abstract, authors, published_at, hf_upvotes, num_comments, ai_summary, ai_keywords,
      github_repo, github_stars, project_page, thumbnail, organization, first_seen_at, updated_at)
    VALUES (@id, @title, @abstract, @authors, @publishedAt, @hfUpvotes, @numComments, @aiSummary, @aiKeywords,
      @githubRepo, @githubStars, @projectPage, @thumbnail, @organization, @now, @now)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, abstract = excluded.abstract, authors = excluded.authors,
      published_at = coalesce(excluded.published_at, published_at), hf_upvotes = excluded.hf_upvotes,
      num_comments = excluded.num_comments, ai_summary = coalesce(excluded.ai_summary, ai_summary),
      ai_keywords = CASE WHEN excluded.ai_keywords = '[]' THEN ai_keywords ELSE excluded.ai_keywords END,
      updated_at = excluded.updated_at`);
  // FTS5 takes configuration values as integer literals (a bound JS number arrives as a REAL, which it refuses).
  const setHash = (bytes: number) =>
    db.exec(`INSERT INTO papers_fts (papers_fts, rank) VALUES ('hashsize', ${Math.floor(bytes)})`);
  // Each sync rewrites every top list that gained a row: fewer, larger syncs write them less often
  // (50,000 against 20,000 took syncing from about 1,500 to 2,000 papers/s at 150,000 papers).
  const syncEvery = opts.syncEvery ?? 50_000;
  let unsynced = 0;
  const trigger = db
    .prepare<[], string>("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'papers_fts_insert'")
    .pluck()
    .get();
  const lastPk = db.prepare<[], number | null>('SELECT max(pk) FROM papers').pluck();
  const indexNew = db.prepare(`INSERT INTO papers_fts (rowid, title, ai_keywords, ai_summary, abstract, authors)
    SELECT pk, title, ai_keywords, ai_summary, abstract, authors FROM papers WHERE pk > ?`);
  const store = db.transaction((batch: Paper[]) => {
    const now = (opts.now?.() ?? new Date()).toISOString();
    // New rows get keys above the largest before the batch (none are given explicitly), so they are the rows above it.
    const before = lastPk.get() ?? 0;
    if (trigger) db.exec('DROP TRIGGER papers_fts_insert');
    for (const p of batch)
      insert.run({ ...p, authors: JSON.stringify(p.authors), aiKeywords: JSON.stringify(p.aiKeywords), now });
    if (trigger) {
      indexNew.run(before);
      db.exec(trigger);
    }
  });
  const stored = (batch: Paper[], last: boolean) => {
    store(batch);
    unsynced += batch.length;
    if (last || unsynced >= syncEvery) {
      sync();
      unsynced = 0;
    }
  };
  if (opts.ftsBuffer) setHash(opts.ftsBuffer);
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.max(100, Math.floor(opts.cacheKib ?? 2000))}`);
  let n = 0;
  try {
    let batch: Paper[] = [];
    for (const p of papers) {
      batch.push(p);
      if (batch.length >= batchSize) {
        stored(batch, false);
        n += batch.length;
        batch = [];
      }
    }
    stored(batch, true);
    n += batch.length;
  } finally {
    if (opts.ftsBuffer) setHash(1024 * 1024);
    db.pragma(`cache_size = ${Math.trunc(cache)}`);
  }
  return n;
}
