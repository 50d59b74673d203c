import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { createAnswerCache } from '../../src/fulltext/answer-cache.ts';
import { createPassageStore } from '../../src/fulltext/passage-store.ts';

describe('migration 9 (answers, thread introductions)', () => {
  it('upgrades a version 8 database with papers and passages in place; answers are cached per model', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.slice(0, 8));
    expect(schemaVersion(db)).toBe(8);
    db.prepare(
      `INSERT INTO papers (id, title, abstract, authors, ai_keywords, hf_upvotes, first_seen_at, updated_at)
       VALUES ('2509.04664', 'Why Language Models Hallucinate', 'Abstract text.', '[]', '[]', 26, 't', 't')`,
    ).run();
    createPassageStore(db).save('2509.04664', 'html', [
      { order: 0, section: '1 Introduction', anchor: 'S1.p1', kind: 'paragraph', text: 'Benchmarks reward guessing.' },
    ]);

    migrate(db, migrations.slice(0, 9));
    expect(schemaVersion(db)).toBe(9);
    expect(
      createPassageStore(db)
        .search('2509.04664', 'benchmarks')
        .map((p) => p.anchor),
    ).toEqual(['S1.p1']);

    const answers = createAnswerCache(db);
    const answer = {
      covered: true,
      text: 'Because guessing pays [1].',
      cited: [{ n: 1, section: 'x', anchor: null }],
    };
    answers.put('2509.04664', 'Why do they guess?', 'tiny', answer);
    expect(answers.get('2509.04664', 'why do they guess', 'tiny')).toEqual(answer);
    expect(answers.get('2509.04664', 'why do they guess', 'other-model')).toBeNull();
    expect(() => answers.put('0000.00000', 'q', 'tiny', answer)).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM papers WHERE id = '2509.04664'").run();
    expect(answers.get('2509.04664', 'why do they guess', 'tiny')).toBeNull();
  });
});
