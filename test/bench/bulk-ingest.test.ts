import { describe, expect, it } from 'vitest';
import { createCorpus } from '../../bench/search-corpus.ts';
import { bulkIngest } from '../../bench/bulk-ingest.ts';
import { exactTop } from '../search/exact-top.ts';
import { memoryDb, storePapers } from '../support/papers.ts';

// The bulk path indexes new rows with one INSERT ... SELECT instead of the row trigger; FTS5's own
// integrity check compares the index with the papers table, so any row indexed wrongly or twice fails it.
const corpus = createCorpus({ seed: 5 });
const integrity = (db: ReturnType<typeof memoryDb>) =>
  db.exec("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)");

describe('bulkIngest', () => {
  it('indexes every new row once, as the row trigger does, and puts the trigger back', () => {
    const bulk = memoryDb();
    const rowByRow = memoryDb();
    const papers = [...corpus.papers(700)];
    bulkIngest(bulk, () => 0, papers.slice(0, 450), { batchSize: 200 });
    storePapers(bulk, papers.slice(450)); // the paper store, through the trigger, after a bulk load
    storePapers(rowByRow, papers);
    integrity(bulk);
    expect(bulk.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'papers_fts_insert'").pluck().get()).toBe(1);
    for (const q of [
      `"${corpus.words[0]}"`,
      `"${corpus.words[3]}" AND "${corpus.words[40]}"`,
      `"${corpus.words[900]}"*`,
    ]) {
      expect(exactTop(bulk, q, 20)).toEqual(exactTop(rowByRow, q, 20));
    }
    expect(bulk.prepare('SELECT count(*) FROM papers_fts').pluck().get()).toBe(700);
  });

  it('ingests with a small page cache and gives the connection its own back, even when a batch fails', () => {
    const db = memoryDb();
    db.pragma('cache_size = -12345');
    const seen: number[] = [];
    bulkIngest(db, () => (seen.push(db.pragma('cache_size', { simple: true }) as number), 0), corpus.papers(30), {
      batchSize: 10,
    });
    expect(seen).toEqual([-2000]);
    expect(db.pragma('cache_size', { simple: true })).toBe(-12345);
    const broken = { ...[...corpus.papers(1, 40)][0]!, title: null as unknown as string };
    expect(() => bulkIngest(db, () => 0, [broken], { cacheKib: 500 })).toThrow();
    expect(db.pragma('cache_size', { simple: true })).toBe(-12345);
  });

  it('re-indexes papers ingested again with new text through the update trigger', () => {
    const db = memoryDb();
    const papers = [...corpus.papers(300)];
    bulkIngest(db, () => 0, papers, { batchSize: 128 });
    const changed = papers.slice(0, 50).map((p) => ({ ...p, title: `Zyxwvut ${p.title}` }));
    bulkIngest(db, () => 0, [...changed, ...corpus.papers(20, 300)], { batchSize: 128 });
    integrity(db);
    expect(db.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(320);
    expect(exactTop(db, '"zyxwvut"', 100)).toHaveLength(50);
  });
});
