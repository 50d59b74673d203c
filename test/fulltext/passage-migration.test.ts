import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { createPassageStore } from '../../src/fulltext/passage-store.ts';

describe('migration 8 (paper full text)', () => {
  it('upgrades a version 7 database with papers in place, after which passages can be stored and searched', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 7));
    expect(schemaVersion(db)).toBe(7);
    db.prepare(
      `INSERT INTO papers (id, title, abstract, authors, ai_keywords, hf_upvotes, first_seen_at, updated_at)
       VALUES ('2509.04664', 'Why Language Models Hallucinate', 'Abstract text.', '["Adam Tauman Kalai"]',
               '["hallucination"]', 26, 't', 't')`,
    ).run();

    migrate(db, migrations.slice(0, 8));
    expect(schemaVersion(db)).toBe(8);
    expect(db.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(1);

    const store = createPassageStore(db);
    store.save('2509.04664', 'html', [
      { order: 0, section: 'Abstract', anchor: null, kind: 'abstract', text: 'Models guess when uncertain.' },
      { order: 1, section: '1 Introduction', anchor: 'S1.p1', kind: 'paragraph', text: 'Benchmarks reward guessing.' },
    ]);
    expect(store.source('2509.04664')).toBe('html');
    expect(store.search('2509.04664', 'why do benchmarks reward it?').map((p) => p.order)).toEqual([1]);
    // A passage must belong to a stored paper.
    expect(() => store.save('0000.00000', 'html', [])).toThrow(/FOREIGN KEY/);
  });
});
