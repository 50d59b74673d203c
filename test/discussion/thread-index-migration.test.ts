import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';

describe('migration 11', () => {
  it('looks a discussion thread up by its id through an index, with the threads in place', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 10));
    db.prepare(
      `INSERT INTO papers (id, title, abstract, authors, ai_keywords, hf_upvotes, first_seen_at, updated_at)
       VALUES ('2511.00001', 't', 'a', '[]', '[]', 0, 't', 't')`,
    ).run();
    db.prepare("INSERT INTO discussion_threads VALUES ('c1', '2511.00001', 't1')").run();
    migrate(db, migrations.slice(0, 11));
    expect(schemaVersion(db)).toBe(11);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT paper_id FROM discussion_threads WHERE thread_id = ? LIMIT 1')
      .all('t1') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX discussion_threads_by_thread/);
    expect(db.prepare('SELECT paper_id FROM discussion_threads WHERE thread_id = ?').pluck().get('t1')).toBe(
      '2511.00001',
    );
  });
});
