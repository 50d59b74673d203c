import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCorpus } from '../../bench/search-corpus.ts';
import { bulkIngest } from '../../bench/bulk-ingest.ts';
import { matchExpression } from '../../src/search/fts-query.ts';
import { parseQuery } from '../../src/search/query-parser.ts';
import { createSearch, type SearchEngine } from '../../src/search/search-engine.ts';
import { exactTop } from './exact-top.ts';
import { memoryDb } from '../support/papers.ts';

// The benchmark's corpus, small, with thresholds lowered so that most words count as common and the
// top-list, mixed and newest-walk paths all run; their answers are checked against FTS5's own bm25.
const PAPERS = 1500;
const corpus = createCorpus();
const w = corpus.words;

describe('fast paths agree with exact bm25', () => {
  let db: Database;
  let engine: SearchEngine;
  beforeAll(() => {
    db = memoryDb();
    engine = createSearch(db, { lists: { size: 100, commonDf: (rows) => Math.max(40, rows / 40) } });
    bulkIngest(db, engine.sync, corpus.papers(PAPERS), { batchSize: 1000 });
  }, 60_000);

  const top = (query: string) => engine.search({ query, pageSize: 10 });
  const ids = (query: string) => top(query).results.map((r) => r.id);
  const want = (query: string) => exactTop(db, matchExpression(parseQuery(query).terms)!, 10);

  it('uses lists for common words', () => {
    expect(db.prepare('SELECT count(*) FROM search_lists WHERE key = ?').pluck().get(`p ${w[0]}`)).toBe(1);
    expect(engine.pending()).toBe(0);
  });

  it('returns exactly the bm25 top 10 for single common words, and says it is exact', () => {
    for (const q of w.slice(0, 8)) {
      expect(ids(q), q).toEqual(want(q));
      expect(top(q).exact, q).toBe(true);
    }
  });

  it('pages through a common word as bm25 orders it', () => {
    const pages = [1, 2, 3].flatMap((page) =>
      engine.search({ query: w[1]!, page, pageSize: 10 }).results.map((r) => r.id),
    );
    expect(pages).toEqual(exactTop(db, matchExpression(parseQuery(w[1]!).terms)!, 30));
  });

  it('agrees on at least 9 in 10 of the top results for mixed queries', () => {
    const queries = [
      `${w[0]} ${w[1]}`,
      `${w[2]} ${w[5]}`,
      `${w[3]} ${w[10]}`,
      `${w[1]} ${w[20]}`,
      `${w[0]} ${w[4]} ${w[7]}`,
      `${w[0]} ${w[3000]}`,
      `${w[2]} ${w[800]}`,
      `${w[0]} -${w[1]}`,
      `${w[6]} -"${w[0]} ${w[2]}"`,
      `author:"${corpus.author(0)}" ${w[0]}`,
    ];
    let overlap = 0;
    for (const q of queries) {
      const got = new Set(ids(q));
      const exp = want(q);
      overlap += exp.filter((x) => got.has(x)).length / Math.max(1, Math.min(10, exp.length));
    }
    expect(overlap / queries.length).toBeGreaterThanOrEqual(0.9);
  });

  it("ranks a phrase of common words from its rarest word's list, exactly when it says so", () => {
    // The rarest word's impact bounds the phrase's in every row, so its list can prove the phrase's top 10.
    const phrases = [
      `"${w[0]} ${w[1]}"`,
      `"${w[1]} ${w[0]}"`,
      `"${w[0]} ${w[2]}"`,
      `"${w[3]} ${w[0]}"`,
      `"${w[0]} ${w[1]} ${w[2]}"`,
    ];
    let proven = 0;
    for (const q of phrases) {
      const r = top(q);
      const all = new Set(exactTop(db, matchExpression(parseQuery(q).terms)!, 100_000));
      for (const x of r.results) expect(all.has(x.id), q).toBe(true);
      expect(r.results.length, q).toBe(Math.min(10, all.size));
      if (r.exact) {
        proven++;
        expect(ids(q), q).toEqual(want(q));
      }
    }
    // Here the three-word phrase is proven; two super-common words adjacent by chance are too frequent a phrase
    // for their words' lists to prove it (its true top rows sit deep in them), and the answer says so.
    expect(proven).toBeGreaterThanOrEqual(1);
  });

  it('leaves a phrase of moderately common words to FTS5, which walks their short doclists quickly', () => {
    const df = (x: string) =>
      db.prepare<[string], number>('SELECT df FROM search_terms WHERE term = ?').pluck().get(x) ?? 0;
    // Common (a list each) but far from the commonest: FTS5's exact ranking is cheap for them.
    const pair = w
      .slice(20, 200)
      .filter((x) => df(x) > 40 && df(x) <= 200)
      .slice(0, 2);
    expect(pair).toHaveLength(2);
    const q = `"${pair[0]} ${pair[1]}"`;
    const r = top(q);
    expect(r.exact).toBe(true);
    expect(r.totalIsEstimate).toBe(false);
    expect(r.total).toBe(exactTop(db, matchExpression(parseQuery(q).terms)!, 100_000).length);
  });

  it('sorts common words by date through the date walk', () => {
    const q = `${w[0]} ${w[2]}`;
    const newest = engine.search({ query: q, sort: 'newest', pageSize: 10 }).results.map((r) => r.id);
    const exp = db
      .prepare<[string], string>(
        'SELECT p.id FROM papers_fts f JOIN papers p ON p.pk = f.rowid WHERE papers_fts MATCH ? ' +
          'ORDER BY p.published_at DESC, p.pk DESC LIMIT 10',
      )
      .pluck()
      .all(matchExpression(parseQuery(q).terms)!);
    expect(newest).toEqual(exp);
  });

  it('filters common words by date', () => {
    const r = engine.search({ query: w[0]!, from: '2020-01-01', to: '2020-03-31', pageSize: 10 });
    expect(r.results.length).toBe(10);
    for (const x of r.results) expect(x.publishedAt! >= '2020-01-01' && x.publishedAt! < '2020-04-01').toBe(true);
  });
});
