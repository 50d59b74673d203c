import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { createSearch } from '../../src/search/search-engine.ts';
import { TOKENIZE } from '../../src/search/tokenizer.ts';

// Rows as version 12 stored them: LaTeX as Hugging Face sent it.
const RAW = {
  id: '2406.14347',
  title: '$\\nabla^2$DFT: A Universal Quantum Chemistry Dataset of Drug-Like Molecules',
  abstract: 'This work presents a new dataset and benchmark called $\\nabla^2$DFT, with \\textbf{twice} the data.',
  authors: JSON.stringify(['Lena St\\"utz', 'Kuzma Khrabrov']),
  ai_summary: 'Prefill \\& decode of $\\nabla^2$DFT costs \\$5.',
  ai_keywords: JSON.stringify(['quantum chemistry', 'neural network potentials']),
};

function atVersion12() {
  const db = new BetterSqlite3(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.slice(0, 12));
  const insert = db.prepare(
    `INSERT INTO papers (id, title, abstract, authors, ai_summary, ai_keywords, hf_upvotes, first_seen_at, updated_at)
     VALUES (@id, @title, @abstract, @authors, @ai_summary, @ai_keywords, 1, 't', 't')`,
  );
  insert.run(RAW);
  insert.run({
    ...RAW,
    id: '2509.00001',
    title: 'Plain Title',
    abstract: 'Plain.',
    authors: '["Ada"]',
    ai_summary: null,
  });
  db.prepare(
    'INSERT INTO summaries (paper_id, length, source, model, text, created_at) ' +
      "VALUES (?, 'short', 'model', 'm', ?, 't')",
  ).run('2406.14347', 'It trains $\\nabla^2$DFT models in $O(n^{2})$.');
  // The side index as version 12 left it, synced over the raw text.
  createSearch(db).sync();
  return db;
}

const fts = (db: BetterSqlite3.Database, q: string) =>
  db
    .prepare('SELECT p.id FROM papers_fts f JOIN papers p ON p.pk = f.rowid WHERE papers_fts MATCH ? ORDER BY p.id')
    .pluck()
    .all(q);

describe('migration 13: readable LaTeX', () => {
  it("rewrites a version 12 database's stored text, rebuilds the index with the new tokenizer, and search finds it", () => {
    const db = atVersion12();
    expect(fts(db, 'authors: stutz')).toEqual([]);
    expect(db.prepare('SELECT count(*) FROM search_terms').pluck().get()).toBeGreaterThan(0);

    migrate(db, migrations.slice(0, 13));
    expect(schemaVersion(db)).toBe(13);
    expect(
      db.prepare('SELECT title, abstract, authors, ai_summary, ai_keywords FROM papers WHERE id = ?').get(RAW.id),
    ).toEqual({
      title: '∇²DFT: A Universal Quantum Chemistry Dataset of Drug-Like Molecules',
      abstract: 'This work presents a new dataset and benchmark called ∇²DFT, with twice the data.',
      authors: JSON.stringify(['Lena Stütz', 'Kuzma Khrabrov']),
      ai_summary: 'Prefill & decode of ∇²DFT costs $5.',
      ai_keywords: RAW.ai_keywords,
    });
    expect(db.prepare('SELECT title, ai_summary FROM papers WHERE id = ?').get('2509.00001')).toEqual({
      title: 'Plain Title',
      ai_summary: null,
    });
    expect(db.prepare('SELECT text FROM summaries').pluck().get()).toBe('It trains ∇²DFT models in O(n²).');

    // papers_fts is built with the tokenizer the search engine tokenises with, and holds the new text.
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'papers_fts'").pluck().get() as string;
    expect(sql).toContain(`tokenize = '${TOKENIZE.replaceAll("'", "''")}'`);
    db.exec("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)");
    expect(fts(db, 'authors: stutz')).toEqual([RAW.id]);
    expect(fts(db, 'title: dft')).toEqual([RAW.id]);

    // The side index starts over from the papers.
    expect(db.prepare('SELECT count(*) FROM search_terms').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM search_pieces').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM search_queue WHERE old IS NULL').pluck().get()).toBe(2);
    const engine = createSearch(db);
    expect(engine.sync()).toBe(2);
    const ids = (query: string) => engine.search({ query }).results.map((r) => r.id);
    expect(ids('Stütz')).toEqual([RAW.id]);
    expect(ids('Stutz')).toEqual([RAW.id]);
    expect(ids('∇²DFT')).toEqual([RAW.id]);
    expect(ids('DFT')).toEqual([RAW.id]);
    expect(ids('author:"Lena Stütz"')).toEqual([RAW.id]);
  });
});
