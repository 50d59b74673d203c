import type { Migration } from './migrate.ts';

// Applied migrations are history: never edit one, add a step.
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'papers, daily list, fetch log, full-text index',
    up(db) {
      db.exec(`
        CREATE TABLE papers (
          -- An explicit rowid alias, because the FTS index points at it and VACUUM may renumber a hidden rowid.
          pk INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          abstract TEXT NOT NULL,
          authors TEXT NOT NULL DEFAULT '[]',
          published_at TEXT,
          hf_upvotes INTEGER NOT NULL DEFAULT 0,
          num_comments INTEGER NOT NULL DEFAULT 0,
          ai_summary TEXT,
          ai_keywords TEXT NOT NULL DEFAULT '[]',
          github_repo TEXT,
          github_stars INTEGER,
          project_page TEXT,
          thumbnail TEXT,
          organization TEXT,
          first_seen_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE paper_days (
          day TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
          submitted_at TEXT,
          submitted_by TEXT,
          PRIMARY KEY (day, paper_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX paper_days_by_paper ON paper_days(paper_id);

        CREATE TABLE fetches (
          id INTEGER PRIMARY KEY,
          day TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'empty', 'failed')),
          papers INTEGER NOT NULL DEFAULT 0,
          added INTEGER NOT NULL DEFAULT 0,
          skipped INTEGER NOT NULL DEFAULT 0,
          error TEXT,
          fetched_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX fetches_by_day ON fetches(day, id);

        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE VIRTUAL TABLE papers_fts USING fts5(
          title, ai_keywords, ai_summary, abstract, authors,
          content = 'papers', content_rowid = 'pk',
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
          INSERT INTO papers_fts(rowid, title, ai_keywords, ai_summary, abstract, authors)
          VALUES (new.pk, new.title, new.ai_keywords, new.ai_summary, new.abstract, new.authors);
        END;
        CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
          INSERT INTO papers_fts(papers_fts, rowid, title, ai_keywords, ai_summary, abstract, authors)
          VALUES ('delete', old.pk, old.title, old.ai_keywords, old.ai_summary, old.abstract, old.authors);
        END;
        -- Upvote refreshes rewrite every row many times a day; only a change to indexed text touches the index.
        CREATE TRIGGER papers_fts_update AFTER UPDATE ON papers
        WHEN old.title IS NOT new.title OR old.ai_keywords IS NOT new.ai_keywords OR old.ai_summary IS NOT new.ai_summary
          OR old.abstract IS NOT new.abstract OR old.authors IS NOT new.authors BEGIN
          INSERT INTO papers_fts(papers_fts, rowid, title, ai_keywords, ai_summary, abstract, authors)
          VALUES ('delete', old.pk, old.title, old.ai_keywords, old.ai_summary, old.abstract, old.authors);
          INSERT INTO papers_fts(rowid, title, ai_keywords, ai_summary, abstract, authors)
          VALUES (new.pk, new.title, new.ai_keywords, new.ai_summary, new.abstract, new.authors);
        END;
      `);
    },
  },
];
