/* eslint-disable max-len -- applied migrations are history: their SQL is never edited, not even re-wrapped */
import { readableTexMigration } from './readable-tex-migration.ts';
import { searchListBlobsMigration, searchMigration } from './search-migrations.ts';
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
  {
    version: 2,
    name: 'server settings, channel subscriptions, posts and deliveries, discussion threads',
    up(db) {
      db.exec(`
        CREATE TABLE guild_settings (
          guild_id TEXT PRIMARY KEY,
          log_channel_id TEXT,
          empty_day TEXT NOT NULL DEFAULT 'silent' CHECK (empty_day IN ('silent', 'note'))
        ) STRICT;

        CREATE TABLE subscriptions (
          channel_id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1439),
          timezone TEXT NOT NULL,
          top INTEGER NOT NULL CHECK (top > 0),
          min_upvotes INTEGER NOT NULL DEFAULT 0,
          include_terms TEXT NOT NULL DEFAULT '[]',
          exclude_terms TEXT NOT NULL DEFAULT '[]',
          format TEXT NOT NULL CHECK (format IN ('per-paper', 'digest')),
          threads INTEGER NOT NULL DEFAULT 0,
          mention_role_id TEXT,
          enabled INTEGER NOT NULL DEFAULT 1,
          disabled_reason TEXT,
          last_run_day TEXT,
          last_delivery_at TEXT,
          last_error TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX subscriptions_by_guild ON subscriptions(guild_id);

        -- One row per message the bot sends (or will send). Written before sending, so a crash can be resumed.
        CREATE TABLE posts (
          id INTEGER PRIMARY KEY,
          channel_id TEXT NOT NULL,
          guild_id TEXT NOT NULL,
          day TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('paper', 'digest', 'note')),
          nonce TEXT NOT NULL UNIQUE,
          mention_role_id TEXT,
          want_thread INTEGER NOT NULL DEFAULT 0,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          attempted_at TEXT,
          message_id TEXT,
          thread_id TEXT,
          error TEXT,
          created_at TEXT NOT NULL,
          sent_at TEXT
        ) STRICT;
        CREATE INDEX posts_pending ON posts(state, channel_id, id) WHERE state = 'pending';
        CREATE INDEX posts_by_message ON posts(message_id) WHERE message_id IS NOT NULL;
        CREATE UNIQUE INDEX posts_one_note_a_day ON posts(channel_id, day) WHERE kind = 'note';

        -- The exactly-once ledger: a paper reaches a channel at most once, ever.
        CREATE TABLE deliveries (
          channel_id TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id),
          post_id INTEGER NOT NULL REFERENCES posts(id),
          position INTEGER NOT NULL,
          guild_id TEXT NOT NULL,
          day TEXT NOT NULL,
          PRIMARY KEY (channel_id, paper_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX deliveries_by_post ON deliveries(post_id, position);
        CREATE INDEX deliveries_by_day ON deliveries(channel_id, day);

        CREATE TABLE discussion_threads (
          channel_id TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id),
          thread_id TEXT NOT NULL,
          PRIMARY KEY (channel_id, paper_id)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    name: 'summary cache',
    up(db) {
      // model is '' for rows not tied to a model; a model's text is only ever served for that model.
      db.exec(`
        CREATE TABLE summaries (
          paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
          length TEXT NOT NULL CHECK (length IN ('short', 'detailed')),
          source TEXT NOT NULL CHECK (source IN ('huggingface', 'model', 'extractive')),
          model TEXT NOT NULL DEFAULT '',
          text TEXT NOT NULL,
          created_at TEXT NOT NULL,
          PRIMARY KEY (paper_id, length, model)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 4,
    name: 'votes, vote emoji, weekly digest',
    up(db) {
      db.exec(`
        -- One row per member, paper, server and way of voting; a paper's count is the number of distinct
        -- members with a row, so it is derived and can never drift.
        CREATE TABLE votes (
          guild_id TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
          user_id TEXT NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('button', 'reaction')),
          voted_at TEXT NOT NULL,
          PRIMARY KEY (guild_id, paper_id, user_id, source)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX votes_by_member ON votes(guild_id, user_id, voted_at);
        CREATE INDEX votes_by_time ON votes(guild_id, voted_at);

        -- Which counted reactions a member has on which message, so removing the last one removes the vote.
        CREATE TABLE vote_reactions (
          guild_id TEXT NOT NULL,
          message_id TEXT NOT NULL,
          paper_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          emoji TEXT NOT NULL,
          PRIMARY KEY (message_id, user_id, emoji)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX vote_reactions_by_member ON vote_reactions(guild_id, paper_id, user_id);

        ALTER TABLE guild_settings ADD COLUMN vote_emoji TEXT NOT NULL DEFAULT '["👍","⬆️","🔥","⭐"]';
        ALTER TABLE guild_settings ADD COLUMN weekly_channel_id TEXT;
        ALTER TABLE guild_settings ADD COLUMN weekly_day INTEGER NOT NULL DEFAULT 1 CHECK (weekly_day BETWEEN 0 AND 6);
        ALTER TABLE guild_settings ADD COLUMN weekly_minutes INTEGER NOT NULL DEFAULT 540 CHECK (weekly_minutes BETWEEN 0 AND 1439);
        ALTER TABLE guild_settings ADD COLUMN weekly_timezone TEXT NOT NULL DEFAULT 'UTC';
        ALTER TABLE guild_settings ADD COLUMN weekly_last_week TEXT;

        -- The weekly digest: at most one per server and ISO week, planned (papers fixed) before it is sent.
        CREATE TABLE weekly_posts (
          guild_id TEXT NOT NULL,
          week TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          paper_ids TEXT NOT NULL,
          nonce TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          attempted_at TEXT,
          message_id TEXT,
          error TEXT,
          created_at TEXT NOT NULL,
          PRIMARY KEY (guild_id, week)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 5,
    name: 'find sent posts still waiting for their thread',
    up(db) {
      db.exec(`
        CREATE INDEX posts_missing_thread ON posts(channel_id)
        WHERE state = 'sent' AND want_thread = 1 AND thread_id IS NULL;
      `);
    },
  },
  // The search side index lives with the search engine, which knows what it needs (src/search/schema.ts).
  { version: 6, ...searchMigration },
  { version: 7, ...searchListBlobsMigration },
  {
    version: 8,
    name: 'paper full text: passages, their source, their index',
    up(db) {
      db.exec(`
        -- A paper's full text as ordered passages. pk is an explicit rowid alias, because the FTS index points at
        -- it and VACUUM may renumber a hidden rowid; (paper_id, ord) is the natural key.
        CREATE TABLE paper_passages (
          pk INTEGER PRIMARY KEY,
          paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
          ord INTEGER NOT NULL,
          section TEXT NOT NULL,
          anchor TEXT,
          kind TEXT NOT NULL CHECK (kind IN ('paragraph', 'caption', 'table', 'abstract')),
          text TEXT NOT NULL,
          UNIQUE (paper_id, ord)
        ) STRICT;

        CREATE TABLE paper_fulltext (
          paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE,
          source TEXT NOT NULL CHECK (source IN ('html', 'abstract')),
          fetched_at TEXT NOT NULL,
          passages INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;

        CREATE VIRTUAL TABLE paper_passages_fts USING fts5(
          section, text,
          content = 'paper_passages', content_rowid = 'pk',
          tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER paper_passages_ai AFTER INSERT ON paper_passages BEGIN
          INSERT INTO paper_passages_fts (rowid, section, text) VALUES (new.pk, new.section, new.text);
        END;
        CREATE TRIGGER paper_passages_ad AFTER DELETE ON paper_passages BEGIN
          INSERT INTO paper_passages_fts (paper_passages_fts, rowid, section, text)
          VALUES ('delete', old.pk, old.section, old.text);
        END;
        CREATE TRIGGER paper_passages_au AFTER UPDATE ON paper_passages BEGIN
          INSERT INTO paper_passages_fts (paper_passages_fts, rowid, section, text)
          VALUES ('delete', old.pk, old.section, old.text);
          INSERT INTO paper_passages_fts (rowid, section, text) VALUES (new.pk, new.section, new.text);
        END;
      `);
    },
  },
  {
    version: 9,
    name: 'answers to questions about papers; the first message of each discussion thread',
    up(db) {
      db.exec(`
        -- One row per paper, normalised question and model: asking again costs no second model call.
        CREATE TABLE paper_answers (
          paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
          question TEXT NOT NULL,
          model TEXT NOT NULL,
          covered INTEGER NOT NULL CHECK (covered IN (0, 1)),
          text TEXT NOT NULL,
          -- JSON: the passages the answer cites, by their number in the prompt.
          sources TEXT NOT NULL,
          created_at TEXT NOT NULL,
          PRIMARY KEY (paper_id, question, model)
        ) STRICT, WITHOUT ROWID;

        -- The bot's first message in each discussion thread it opens, sent through the outbox exactly once.
        CREATE TABLE thread_intros (
          thread_id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id),
          nonce TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          attempted_at TEXT,
          message_id TEXT,
          error TEXT,
          created_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX thread_intros_pending ON thread_intros (state) WHERE state = 'pending';
      `);
    },
  },
  {
    version: 10,
    name: 'reading club: sessions, what the club posts, polls; messages in discussion threads; weekly poll setting',
    up(db) {
      db.exec(`
        -- A reading session: a Discord scheduled event about a paper, announced in the paper's thread.
        CREATE TABLE club_sessions (
          event_id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id),
          thread_id TEXT NOT NULL,
          -- The voice or stage channel; NULL for an external event located at the thread.
          voice_channel_id TEXT,
          starts_at TEXT NOT NULL,
          ends_at TEXT NOT NULL,
          status TEXT NOT NULL DEFAULT 'scheduled'
            CHECK (status IN ('scheduled', 'active', 'completed', 'cancelled')),
          created_by TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX club_sessions_by_guild ON club_sessions (guild_id, starts_at);
        CREATE INDEX club_sessions_open ON club_sessions (starts_at) WHERE status IN ('scheduled', 'active');

        -- What the club posts on its own (announcements, reminders, "starting now", cancellations, polls,
        -- winners), one row per purpose (its key), sent through the outbox exactly once.
        CREATE TABLE club_posts (
          key TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          -- JSON: what the layout needs to render it.
          body TEXT NOT NULL,
          nonce TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
          attempts INTEGER NOT NULL DEFAULT 0,
          attempted_at TEXT,
          message_id TEXT,
          error TEXT,
          created_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX club_posts_pending ON club_posts (channel_id, created_at) WHERE state = 'pending';

        -- A "what should we read next?" poll: its answers are these papers, in order (answer id = index + 1).
        CREATE TABLE club_polls (
          message_id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          paper_ids TEXT NOT NULL,
          ends_at TEXT NOT NULL,
          winner_paper_id TEXT,
          decided_at TEXT
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX club_polls_open ON club_polls (ends_at) WHERE decided_at IS NULL;

        -- Members' messages in papers' discussion threads (no content: only that they were written).
        CREATE TABLE thread_messages (
          message_id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          thread_id TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
          created_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX thread_messages_by_guild ON thread_messages (guild_id, created_at);

        ALTER TABLE guild_settings ADD COLUMN weekly_poll INTEGER NOT NULL DEFAULT 0 CHECK (weekly_poll IN (0, 1));
      `);
    },
  },
  {
    version: 11,
    name: "find a discussion thread's paper by the thread",
    up(db) {
      // Every message the bot sees (Guild Messages) asks whether its channel is a paper's thread.
      db.exec('CREATE INDEX discussion_threads_by_thread ON discussion_threads (thread_id);');
    },
  },
  {
    version: 12,
    name: 'follows and their notifications, daily ranking by server taste',
    up(db) {
      db.exec(`
        -- A member's saved search: it notifies them of papers stored after it was added (pk > after_pk).
        CREATE TABLE follows (
          id INTEGER PRIMARY KEY,
          guild_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          query TEXT NOT NULL,
          delivery TEXT NOT NULL CHECK (delivery IN ('dm', 'here')),
          -- Where it was added: a 'here' follow posts there.
          channel_id TEXT NOT NULL,
          after_pk INTEGER NOT NULL,
          -- Why it stopped notifying (the member's DMs are closed); NULL while it notifies.
          paused_reason TEXT,
          created_at TEXT NOT NULL,
          UNIQUE (guild_id, user_id, query)
        ) STRICT;

        -- One message per member, destination and matching run, sent exactly once by the outbox.
        CREATE TABLE follow_messages (
          id INTEGER PRIMARY KEY,
          guild_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          delivery TEXT NOT NULL CHECK (delivery IN ('dm', 'here')),
          -- A DM's channel is only known once Discord has opened it.
          channel_id TEXT,
          nonce TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          attempted_at TEXT,
          message_id TEXT,
          error TEXT,
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX follow_messages_pending ON follow_messages (channel_id) WHERE state = 'pending';

        -- A paper notifies a member once, ever, whichever of their follows found it.
        CREATE TABLE follow_hits (
          guild_id TEXT NOT NULL,
          user_id TEXT NOT NULL,
          paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
          query TEXT NOT NULL,
          message_id INTEGER NOT NULL REFERENCES follow_messages(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          PRIMARY KEY (guild_id, user_id, paper_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX follow_hits_by_message ON follow_hits (message_id, position);

        ALTER TABLE subscriptions ADD COLUMN rank TEXT NOT NULL DEFAULT 'hf-upvotes' CHECK (rank IN ('hf-upvotes', 'server-taste'));
      `);
    },
  },
  { version: 13, ...readableTexMigration },
];
