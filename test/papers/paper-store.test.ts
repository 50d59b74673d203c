import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/open.ts';
import { createPaperStore, type PaperStore } from '../../src/papers/paper-store.ts';
import { listedOn, paper } from '../support/papers.ts';

const on = listedOn;

const fts = (db: Database, q: string) =>
  db
    .prepare('SELECT p.id FROM papers_fts f JOIN papers p ON p.pk = f.rowid WHERE papers_fts MATCH ? ORDER BY p.id')
    .pluck()
    .all(q);

describe('paper store', () => {
  let db: Database;
  let store: PaperStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    store = createPaperStore(db);
  });

  it('adds new papers and refreshes known ones, never duplicating', () => {
    expect(store.save([on('2025-09-08', paper('2509.00001')), on('2025-09-08', paper('2509.00002'))])).toEqual({
      added: 2,
      updated: 0,
    });
    expect(
      store.save([on('2025-09-08', paper('2509.00001', { hfUpvotes: 40 })), on('2025-09-08', paper('2509.00003'))]),
    ).toEqual({
      added: 1,
      updated: 1,
    });
    expect(store.count()).toBe(3);
    expect(store.get('2509.00001')?.hfUpvotes).toBe(40);
    expect(store.listDay('2025-09-08').map((p) => p.id)).toEqual(['2509.00001', '2509.00002', '2509.00003']);
  });

  it('round-trips every field', () => {
    const full = paper('2509.07980', {
      authors: ['Tong Zheng', 'Dong Yu'],
      aiSummary: 'Parallel-R1 trains LLMs.',
      aiKeywords: ['parallel thinking', 'reinforcement learning'],
      githubRepo: 'https://github.com/x/y',
      githubStars: 150,
      projectPage: 'https://example.org',
      thumbnail: 'https://cdn/x.png',
      organization: 'Tencent',
      numComments: 3,
    });
    store.save([on('2025-09-10', full)]);
    expect(store.get('2509.07980')).toEqual(full);
    expect(store.get('2509.99999')).toBeNull();
  });

  it('keeps optional facts a later fetch lacks', () => {
    store.save([on('2025-09-10', paper('2509.1', { aiSummary: 'Known summary', aiKeywords: ['k'], githubStars: 5 }))]);
    store.save([on('2025-09-10', paper('2509.1', { hfUpvotes: 9 }))]);
    expect(store.get('2509.1')).toMatchObject({
      aiSummary: 'Known summary',
      aiKeywords: ['k'],
      githubStars: 5,
      hfUpvotes: 9,
    });
  });

  it('records every day a paper was listed', () => {
    store.save([on('2025-09-08', paper('2509.1'))]);
    store.save([on('2025-09-09', paper('2509.1'))]);
    store.save([on('2025-09-09', paper('2509.1'))]);
    expect(store.daysListed('2509.1')).toEqual(['2025-09-08', '2025-09-09']);
    expect(store.coverage()).toEqual({ days: 2, first: '2025-09-08', last: '2025-09-09' });
  });

  it('orders a day by upvotes, with top and minimum', () => {
    store.save([5, 50, 20, 0].map((n, i) => on('2025-09-08', paper(`2509.0000${i}`, { hfUpvotes: n }))));
    expect(store.listDay('2025-09-08', { top: 2 }).map((p) => p.hfUpvotes)).toEqual([50, 20]);
    expect(store.listDay('2025-09-08', { minUpvotes: 5 }).map((p) => p.hfUpvotes)).toEqual([50, 20, 5]);
    expect(store.listDay('2025-09-07')).toEqual([]);
  });

  it('keeps the full-text index in step on insert and update', () => {
    store.save([
      on('2025-09-08', paper('2509.1', { title: 'Diffusion transformers', aiKeywords: ['image synthesis'] })),
    ]);
    expect(fts(db, 'diffusion')).toEqual(['2509.1']);
    expect(fts(db, 'ai_keywords:synthesis')).toEqual(['2509.1']);
    expect(fts(db, 'authors:lovelace')).toEqual(['2509.1']);
    store.save([on('2025-09-08', paper('2509.1', { title: 'Consistency models', aiSummary: 'Fast sampling.' }))]);
    expect(fts(db, 'diffusion')).toEqual([]);
    expect(fts(db, 'consistency')).toEqual(['2509.1']);
    expect(fts(db, 'ai_summary:sampling')).toEqual(['2509.1']);
    // An upvote-only refresh leaves the index untouched and consistent.
    store.save([on('2025-09-08', paper('2509.1', { title: 'Consistency models', hfUpvotes: 99 }))]);
    // integrity-check throws SQLITE_CORRUPT_VTAB when the index and the table disagree.
    expect(() =>
      db.prepare("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)").run(),
    ).not.toThrow();
    expect(fts(db, 'consistency')).toEqual(['2509.1']);
  });

  it("stores a paper's LaTeX readable, so what is shown and what search finds agree", () => {
    const tex = paper('2501.08123', {
      title: 'Disaggregated Prefill \\& Decode: $\\nabla^2$DFT for \\$OneMillion-Bench',
      abstract: 'We split prefill \\& decode, with \\textbf{2.3$\\times$} higher goodput.',
      authors: ['Lena St\\"utz', "Jos\\'{e} Mart\\'{\\i}nez"],
      aiSummary: 'Splitting prefill \\& decode gives \\textbf{2.3$\\times$} more goodput.',
      aiKeywords: ['prefill \\& decode'],
    });
    store.save([on('2025-01-14', tex)]);
    expect(store.get('2501.08123')).toMatchObject({
      title: 'Disaggregated Prefill & Decode: ∇²DFT for $OneMillion-Bench',
      abstract: 'We split prefill & decode, with 2.3× higher goodput.',
      authors: ['Lena Stütz', 'José Martínez'],
      aiSummary: 'Splitting prefill & decode gives 2.3× more goodput.',
      aiKeywords: ['prefill & decode'],
    });
    expect(fts(db, 'authors: stutz')).toEqual(['2501.08123']);
    expect(fts(db, 'title: dft')).toEqual(['2501.08123']);
    // Saved again as Hugging Face sends it (raw), it stays readable.
    expect(store.save([on('2025-01-14', tex)])).toEqual({ added: 0, updated: 1 });
    expect(store.get('2501.08123')?.authors).toEqual(['Lena Stütz', 'José Martínez']);
  });

  it('stores a day atomically: a bad row rolls back the whole day', () => {
    const bad = { ...paper('2509.2'), title: null as unknown as string };
    expect(() => store.save([on('2025-09-08', paper('2509.1')), on('2025-09-08', bad)])).toThrow();
    expect(store.count()).toBe(0);
  });
});
