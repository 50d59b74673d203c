import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCorpus } from '../../bench/search-corpus.ts';
import { migrate } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { matchExpression } from '../../src/search/fts-query.ts';
import { parseQuery } from '../../src/search/query-parser.ts';
import { createSearch } from '../../src/search/search-engine.ts';
import { exactTop } from './exact-top.ts';
import { storePapers } from '../support/papers.ts';

// Version 6 kept a row per list entry (search_top); version 7 keeps a blob per list and rebuilds the side
// index from the papers. Tested from version 6 with papers and a filled side index in place.
const corpus = createCorpus({ seed: 9 });
const lists = { size: 40, commonDf: (rows: number) => Math.max(30, rows / 30) };

describe('migration 7: top lists as blobs', () => {
  it('rebuilds the side index of a version 6 database, and searches agree with exact bm25', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.slice(0, 6));
    storePapers(db, corpus.papers(600));
    // Version 6's tables, filled as version 6 left them.
    db.exec("INSERT INTO search_lists (key, floor, size, capacity) VALUES ('t popu', 0.5, 1, 40)");
    db.exec("INSERT INTO search_top (key, impact, pk) VALUES ('t popu', 0.9, 1)");
    db.exec("UPDATE search_stats SET value = 600 WHERE key = 'rows'");
    db.exec('DELETE FROM search_queue');

    migrate(db, migrations);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'search_top'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM search_queue').pluck().get()).toBe(600);

    const engine = createSearch(db, { lists, snippets: false });
    expect(engine.sync()).toBe(600);
    expect(db.prepare("SELECT value FROM search_stats WHERE key = 'rows'").pluck().get()).toBe(600);
    expect(db.prepare('SELECT count(*) FROM search_lists').pluck().get()).toBeGreaterThan(10);
    for (const q of [corpus.words[0]!, corpus.words[2]!, `${corpus.words[1]} ${corpus.words[4]}`]) {
      const got = engine.search({ query: q, pageSize: 10 }).results.map((r) => r.id);
      expect(got).toEqual(exactTop(db, matchExpression(parseQuery(q).terms)!, 10));
    }
  });
});

describe('kept pieces', () => {
  it('lets a restarted process tokenise from search_pieces, which only the indexer writes', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { openDatabase } = await import('../../src/db/open.ts');
    const { createTokenizer } = await import('../../src/search/tokenizer.ts');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'paperboy-pieces-')), 'p.db');
    const db = openDatabase(file);
    storePapers(db, corpus.papers(200));
    const engine = createSearch(db, { lists, snippets: true });
    engine.sync();
    const kept = db.prepare('SELECT count(*) FROM search_pieces').pluck().get() as number;
    expect(kept).toBeGreaterThan(1000);
    const query = `${corpus.words[3]} ${corpus.words[7]}`;
    const first = engine.search({ query, pageSize: 10 });
    // A search resolves its own words outside any transaction and writes nothing down.
    engine.search({ query: 'Qwertyuiopzx' });
    expect(db.prepare('SELECT count(*) FROM search_pieces').pluck().get()).toBe(kept);

    // Another process: a new connection reads the kept tokens (changed here, to see that they are what it reads).
    const other = openDatabase(file);
    const stored = other.prepare('SELECT tokens FROM search_pieces WHERE piece = ?').pluck();
    const was = stored.get(corpus.words[3]) as string;
    expect(was).toBe(createTokenizer(db).tokens(corpus.words[3]!).join(' '));
    other.prepare("UPDATE search_pieces SET tokens = 'changed' WHERE piece = ?").run(corpus.words[3]);
    expect(createTokenizer(other).tokens(corpus.words[3]!.toUpperCase())).toEqual(['changed']);
    other.prepare('UPDATE search_pieces SET tokens = ? WHERE piece = ?').run(was, corpus.words[3]);
    const again = createSearch(other, { lists, snippets: true }).search({ query, pageSize: 10 });
    expect(again.results.map((r) => [r.id, r.snippet])).toEqual(first.results.map((r) => [r.id, r.snippet]));
    expect(again.results.length).toBeGreaterThan(0);
  });
});
