/* eslint-disable max-len -- applied migrations are history: their SQL is never edited, not even re-wrapped */
import type { Database } from 'better-sqlite3';

/**
 * The search side index, next to papers_fts (which stays the source of truth for matching):
 * - search_terms: each indexed token's document frequency, to plan queries and compute idf without
 *   FTS5 walking a whole doclist (its bm25() does, once per phrase, on every query);
 * - search_stats: row count and total tokens, for avgdl;
 * - search_lists: for each common term (`t <term>`) and prefix (`p <prefix>`), the rows with the highest bm25
 *   impact, best first, with a floor no row left out of the list exceeds (since version 7 one blob per
 *   list, see list-codec.ts; version 6 kept a row per entry in search_top);
 * - search_queue: rows whose indexed text changed since the side index last caught up, with their old text,
 *   filled by triggers so every writer (the paper store included) is covered; createSearch().sync() drains it.
 */

const TEXT_CHANGED = `old.title IS NOT new.title OR old.ai_keywords IS NOT new.ai_keywords OR old.ai_summary IS NOT new.ai_summary
  OR old.abstract IS NOT new.abstract OR old.authors IS NOT new.authors`;
const OLD_TEXT = 'json_array(old.title, old.ai_keywords, old.ai_summary, old.abstract, old.authors)';

export const searchMigration = {
  name: 'search side index: term statistics, top lists, change queue',
  up(db: Database): void {
    db.exec(`
      CREATE TABLE search_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      CREATE TABLE search_stats (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      INSERT INTO search_stats (key, value) VALUES ('rows', 0), ('tokens', 0);
      CREATE TABLE search_lists (key TEXT PRIMARY KEY, floor REAL NOT NULL, size INTEGER NOT NULL, capacity INTEGER NOT NULL) STRICT, WITHOUT ROWID;
      CREATE TABLE search_top (
        key TEXT NOT NULL, impact REAL NOT NULL, pk INTEGER NOT NULL,
        PRIMARY KEY (key, impact DESC, pk)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX search_top_by_pk ON search_top (pk);
      -- old: the indexed text before the first change not yet synced; NULL when the row was not indexed then.
      -- The newest sort walks papers by date when a query matches too many papers to sort them all.
      CREATE INDEX search_papers_by_published ON papers (published_at);
      CREATE TABLE search_queue (pk INTEGER PRIMARY KEY, old TEXT) STRICT;
      INSERT INTO search_queue (pk, old) SELECT pk, NULL FROM papers;
      CREATE TRIGGER search_queue_insert AFTER INSERT ON papers BEGIN
        INSERT INTO search_queue (pk, old) VALUES (new.pk, NULL) ON CONFLICT (pk) DO NOTHING;
      END;
      CREATE TRIGGER search_queue_update AFTER UPDATE ON papers WHEN ${TEXT_CHANGED} BEGIN
        INSERT INTO search_queue (pk, old) VALUES (old.pk, ${OLD_TEXT}) ON CONFLICT (pk) DO NOTHING;
      END;
      CREATE TRIGGER search_queue_delete AFTER DELETE ON papers BEGIN
        INSERT INTO search_queue (pk, old) VALUES (old.pk, ${OLD_TEXT}) ON CONFLICT (pk) DO NOTHING;
      END;
    `);
  },
};

/**
 * Version 7: each top list becomes one blob instead of a row per entry, and the tokens of each piece of
 * text the indexer has seen are kept (search_pieces) for a restarted process. The side index is rebuilt from the
 * papers rather than converted: the next sync re-reads every row (seconds for a bot's store), which also
 * keeps this step a plain, always-correct reset.
 */
export const searchListBlobsMigration = {
  name: 'search top lists as one blob each, pieces kept with their tokens',
  up(db: Database): void {
    db.exec(`
      DROP TABLE search_top;
      DROP TABLE search_lists;
      CREATE TABLE search_lists (key TEXT PRIMARY KEY, floor REAL NOT NULL, capacity INTEGER NOT NULL, entries BLOB NOT NULL) STRICT, WITHOUT ROWID;
      -- Pieces of text (between ASCII separators, ASCII lower-cased) and the FTS5 tokens they give, space-separated.
      CREATE TABLE search_pieces (piece TEXT PRIMARY KEY, tokens TEXT NOT NULL) STRICT, WITHOUT ROWID;
      DELETE FROM search_terms;
      UPDATE search_stats SET value = 0;
      DELETE FROM search_queue;
      INSERT INTO search_queue (pk, old) SELECT pk, NULL FROM papers;
    `);
  },
};
