import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, MigrationError, schemaVersion, type Migration } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { openDatabase } from '../../src/db/open.ts';

const tables = (db: BetterSqlite3.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','trigger') ORDER BY name").pluck().all();

// Rows a database at each version would hold: the N-1 -> N test seeds the previous version with them.
const seedAtVersion: Record<number, (db: BetterSqlite3.Database) => void> = {
  1: (db) => {
    db.prepare(
      `INSERT INTO papers (id, title, abstract, authors, ai_keywords, hf_upvotes, first_seen_at, updated_at)
       VALUES ('2509.04664', 'Why Language Models Hallucinate', 'Abstract text.', '["Adam Tauman Kalai"]',
               '["hallucination"]', 26, 't', 't')`,
    ).run();
    db.prepare("INSERT INTO paper_days (day, paper_id) VALUES ('2025-09-08', '2509.04664')").run();
    db.prepare("INSERT INTO fetches (day, outcome, papers, fetched_at) VALUES ('2025-09-08', 'ok', 1, 't')").run();
  },
  2: (db) => {
    db.prepare(
      "INSERT INTO guild_settings (guild_id, log_channel_id, empty_day) VALUES ('111111111111111111', NULL, 'note')",
    ).run();
    db.prepare(
      `INSERT INTO subscriptions (channel_id, guild_id, minutes, timezone, top, format, created_at, updated_at)
       VALUES ('222222222222222222', '111111111111111111', 540, 'UTC', 10, 'per-paper', 't', 't')`,
    ).run();
    db.prepare(
      `INSERT INTO posts (id, channel_id, guild_id, day, kind, nonce, state, message_id, created_at)
       VALUES (1, '222222222222222222', '111111111111111111', '2025-09-08', 'paper', 'abc', 'sent',
               '333333333333333333', 't')`,
    ).run();
    db.prepare(
      `INSERT INTO deliveries (channel_id, paper_id, post_id, position, guild_id, day)
       VALUES ('222222222222222222', '2509.04664', 1, 0, '111111111111111111', '2025-09-08')`,
    ).run();
  },
  3: (db) => {
    db.prepare(
      'INSERT INTO summaries (paper_id, length, source, model, text, created_at) ' +
        "VALUES ('2509.04664', 'short', 'model', 'm', 'S.', 't')",
    ).run();
  },
  4: (db) => {
    db.prepare(
      'INSERT INTO votes (guild_id, paper_id, user_id, source, voted_at) ' +
        "VALUES ('111111111111111111', '2509.04664', '444444444444444444', 'button', 't')",
    ).run();
    expect(
      db.prepare("SELECT vote_emoji FROM guild_settings WHERE guild_id = '111111111111111111'").pluck().get(),
    ).toBe('["👍","⬆️","🔥","⭐"]');
  },
  5: (db) => {
    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT channel_id FROM posts ' +
          "WHERE state = 'sent' AND want_thread = 1 AND thread_id IS NULL",
      )
      .all();
    expect(JSON.stringify(plan)).toContain('posts_missing_thread');
  },
  12: (db) => {
    db.prepare(
      'INSERT INTO follows (guild_id, user_id, query, delivery, channel_id, after_pk, created_at) ' +
        "VALUES ('111111111111111111', '444444444444444444', 'hallucination', 'dm', '222222222222222222', 1, 't')",
    ).run();
    expect(db.prepare("SELECT rank FROM subscriptions WHERE channel_id = '222222222222222222'").pluck().get()).toBe(
      'hf-upvotes',
    );
  },
};

describe('migrations', () => {
  it('takes a fresh database to the latest version, and a second run changes nothing', () => {
    const db = new BetterSqlite3(':memory:');
    expect(migrate(db, migrations)).toEqual({ from: 0, to: migrations.length });
    expect(schemaVersion(db)).toBe(migrations.length);
    const before = tables(db);
    expect(migrate(db, migrations)).toEqual({ from: migrations.length, to: migrations.length });
    expect(tables(db)).toEqual(before);
  });

  it.each(migrations.map((m) => [m.version, m.name] as const))(
    'step %i (%s) upgrades N-1 with rows in place',
    (version) => {
      const db = new BetterSqlite3(':memory:');
      migrate(db, migrations.slice(0, version - 1));
      for (let v = 1; v < version; v++) seedAtVersion[v]?.(db);
      // The search side index (search_*) is a cache of the papers that step 7 rebuilds by design; its own test
      // is test/search/list-blobs-migration.test.ts.
      const stored = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' ORDER BY name")
        .pluck()
        .all() as string[];
      const counts = Object.fromEntries(
        stored
          .filter((t) => !t.includes('fts') && !t.startsWith('sqlite'))
          .map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get()]),
      );
      migrate(db, migrations);
      expect(schemaVersion(db)).toBe(migrations.length);
      for (const [t, n] of Object.entries(counts)) {
        expect(db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get(), t).toBe(n);
      }
      seedAtVersion[version]?.(db);
    },
  );

  it('rolls back a failing step, leaving the previous version intact', () => {
    const db = new BetterSqlite3(':memory:');
    const steps: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x INTEGER) STRICT') },
      {
        version: 2,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE b (x INTEGER) STRICT');
          d.exec('INSERT INTO nowhere VALUES (1)');
        },
      },
    ];
    expect(() => migrate(db, steps)).toThrow(/nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
  });

  it('refuses a database newer than the code, and gaps in the list', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db, migrations)).toThrow(MigrationError);
    expect(() => migrate(new BetterSqlite3(':memory:'), [{ version: 2, name: 'x', up: () => undefined }])).toThrow(
      /expected 1/,
    );
  });

  it('opens a file database in WAL with foreign keys on, creating its folder', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'paperboy-db-')), 'nested', 'dir', 'p.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
    const again = openDatabase(path);
    expect(schemaVersion(again)).toBe(migrations.length);
    again.close();
  });
});
