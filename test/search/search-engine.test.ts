import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { matchExpression } from '../../src/search/fts-query.ts';
import { parseQuery } from '../../src/search/query-parser.ts';
import { createSearch, type SearchEngineOptions } from '../../src/search/search-engine.ts';
import { listedOn, memoryDb, paper, storePapers } from '../support/papers.ts';
import { exactTop } from './exact-top.ts';

const hand = [
  paper('2501.00001', {
    title: 'Sparse Attention for Long Documents',
    abstract: 'We study efficiency.',
    publishedAt: '2025-01-10T00:00:00Z',
  }),
  paper('2501.00002', {
    title: 'A Study of Efficiency',
    abstract: 'We revisit attention in passing.',
    publishedAt: '2025-01-11T00:00:00Z',
  }),
  paper('2501.00003', {
    title: 'Keywords Only',
    abstract: 'Nothing here.',
    aiKeywords: ['attention'],
    publishedAt: '2025-01-12T00:00:00Z',
  }),
  paper('2502.00004', {
    title: 'Transformers Revisited',
    abstract: 'A transformer is a model.',
    publishedAt: '2025-02-01T00:00:00Z',
  }),
  paper('2502.00005', {
    title: 'Graph Neural Network Pretraining',
    abstract: 'Graph methods.',
    publishedAt: '2025-02-02T00:00:00Z',
  }),
  paper('2502.00006', {
    title: 'Neural Graph Models',
    abstract: 'A network over a graph.',
    publishedAt: '2025-02-03T00:00:00Z',
  }),
  paper('2503.00007', {
    title: 'Video Diffusion at Scale',
    abstract: 'Diffusion for video.',
    publishedAt: '2025-03-01T00:00:00Z',
  }),
  paper('2503.00008', {
    title: 'Image Diffusion Priors',
    abstract: 'Diffusion for images.',
    publishedAt: '2025-03-02T00:00:00Z',
  }),
  paper('2503.00009', {
    title: 'King Machines',
    abstract: 'On the analytical engine.',
    authors: ['Grace Hopper'],
    publishedAt: '2025-03-03T00:00:00Z',
  }),
  paper('2503.00010', {
    title: 'Engines of Thought',
    abstract: 'Notes on computation.',
    authors: ['Augusta King'],
    publishedAt: '2025-03-04T00:00:00Z',
  }),
  ...Array.from({ length: 12 }, (_, i) =>
    paper(`2504.${String(i + 11).padStart(5, '0')}`, {
      title: `Benchmark Suite ${i}`,
      abstract: `${'benchmark '.repeat(i % 4)}results number ${i}.`,
      hfUpvotes: i,
      publishedAt: `2025-04-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
    }),
  ),
  ...Array.from({ length: 8 }, (_, i) =>
    paper(`2505.${String(i + 23).padStart(5, '0')}`, {
      title: `Filler ${i}`,
      abstract: 'Unrelated text about cooking.',
    }),
  ),
];

const ids = (r: { results: Array<{ id: string }> }) => r.results.map((x) => x.id);

describe('search engine', () => {
  let db: Database;
  const engine = (o: SearchEngineOptions = {}) => createSearch(db, o);
  beforeEach(() => {
    db = memoryDb();
    storePapers(db, hand);
  });

  it('ranks a title hit above a keyword hit above an abstract hit', () => {
    const r = engine().search({ query: 'attention', pageSize: 10 });
    expect(r.status).toBe('ok');
    expect(ids(r)).toEqual(['2501.00001', '2501.00003', '2501.00002']);
    expect(r.results[0]!.score).toBeGreaterThan(r.results[1]!.score);
    expect(r.total).toBe(3);
    expect(r.results[0]).toMatchObject({
      title: 'Sparse Attention for Long Documents',
      publishedAt: '2025-01-10T00:00:00Z',
    });
  });

  it('matches the last word as a prefix, and only the last', () => {
    expect(ids(engine().search({ query: 'transf' }))).toEqual(['2502.00004']);
    expect(engine().search({ query: 'transf model' }).status).toBe('no-results');
  });

  it('matches phrases exactly', () => {
    expect(ids(engine().search({ query: '"graph neural network"' }))).toEqual(['2502.00005']);
    expect(ids(engine().search({ query: 'graph neural network' })).sort()).toEqual(['2502.00005', '2502.00006']);
  });

  it('excludes words and phrases', () => {
    expect(ids(engine().search({ query: 'diffusion -video' }))).toEqual(['2503.00008']);
    expect(ids(engine().search({ query: 'diffusion -"image diffusion"' }))).toEqual(['2503.00007']);
  });

  it('restricts author: terms to the authors', () => {
    expect(ids(engine().search({ query: 'author:"Augusta King"' }))).toEqual(['2503.00010']);
    expect(ids(engine().search({ query: 'king' })).sort()).toEqual(['2503.00009', '2503.00010']);
  });

  it('filters on the publication date, both ends inclusive', () => {
    const r = engine().search({ query: 'attention', from: '2025-01-11', to: '2025-01-11' });
    expect(ids(r)).toEqual(['2501.00002']);
    // Counted in the same pass as the ranking, within the dates only.
    expect(r.total).toBe(1);
    expect(r.totalIsEstimate).toBe(false);
    expect(engine().search({ query: 'x', from: '2025-13-01' }).status).toBe('invalid');
    expect(engine().search({ query: 'x', from: '2025-02-01', to: '2025-01-01' }).status).toBe('invalid');
  });

  it('pages through results', () => {
    const s = engine();
    const pages = [1, 2, 3].map((page) => s.search({ query: 'benchmark', page, pageSize: 5 }));
    expect(pages.map((p) => p.results.length)).toEqual([5, 5, 2]);
    expect(new Set(pages.flatMap(ids)).size).toBe(12);
    expect(pages[0]!.total).toBe(12);
    expect(s.search({ query: 'benchmark', page: 4, pageSize: 5 }).results).toEqual([]);
  });

  it('sorts by newest, and by votes then upvotes', () => {
    expect(ids(engine().search({ query: 'benchmark', sort: 'newest' }))).toEqual([
      '2504.00022',
      '2504.00021',
      '2504.00020',
      '2504.00019',
      '2504.00018',
    ]);
    const votes = new Map([
      ['2504.00011', 5],
      ['2504.00012', 3],
    ]);
    const r = engine({ voteCounts: () => votes }).search({ query: 'benchmark', sort: 'votes' });
    expect(ids(r).slice(0, 4)).toEqual(['2504.00011', '2504.00012', '2504.00022', '2504.00021']);
  });

  it('says what to loosen when nothing matches', () => {
    const s = engine();
    expect(s.search({ query: 'attention zzzqqq' })).toMatchObject({
      status: 'no-results',
      suggestions: [{ kind: 'drop-term', term: 'zzzqqq' }],
    });
    expect(s.search({ query: 'attention', from: '2026-01-01' }).suggestions).toEqual([{ kind: 'drop-dates' }]);
    expect(s.search({ query: 'author:hopper thought' }).suggestions).toEqual([
      { kind: 'drop-author', term: 'author:hopper' },
    ]);
    expect(s.search({ query: 'diffusion -video -image' }).suggestions).toEqual([{ kind: 'drop-exclusions' }]);
  });

  it('has nothing to search for with only exclusions or no words', () => {
    for (const query of ['', '-attention', '***', '"" -x'])
      expect(engine().search({ query }).status).toBe('empty-query');
  });

  it('gives snippets with the hits in bold', () => {
    expect(engine().search({ query: 'revisit attention' }).results[0]!.snippet).toBe(
      'We **revisit** **attention** in passing.',
    );
  });

  it('follows edits and deletions through the change queue', () => {
    const s = engine();
    expect(ids(s.search({ query: 'cooking' }))).toHaveLength(5);
    createPaperStore(db).save([listedOn('2025-09-09', { ...hand[0]!, title: 'Cooking with Attention' })]);
    db.prepare("DELETE FROM papers WHERE id = '2505.00023'").run();
    expect(s.pending()).toBe(2);
    const r = s.search({ query: 'cooking', pageSize: 10 });
    expect(ids(r)[0]).toBe('2501.00001');
    expect(r.total).toBe(8);
    expect(s.pending()).toBe(0);
    expect(db.prepare("SELECT df FROM search_terms WHERE term = 'cook'").pluck().get()).toBe(8);
  });

  it('agrees with FTS5 bm25 on the fast paths too (tiny lists, everything common)', () => {
    const fast = engine({ lists: { size: 3, commonDf: () => 1 } });
    for (const query of [
      'benchmark',
      'benchmark suit',
      'benchmark results',
      'diffusion',
      'attention',
      'graph neural',
      '"benchmark suite" result',
    ]) {
      const want = exactTop(db, matchExpression(parseQuery(query).terms)!, 10);
      expect(ids(fast.search({ query, pageSize: 10 })), query).toEqual(want);
    }
  });
});
