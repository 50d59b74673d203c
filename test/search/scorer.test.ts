import { describe, expect, it } from 'vitest';
import { BM25_SQL, idf } from '../../src/search/bm25.ts';
import { matchExpression } from '../../src/search/fts-query.ts';
import { parseQuery } from '../../src/search/query-parser.ts';
import { createScorer } from '../../src/search/scorer.ts';
import { createTokenizer } from '../../src/search/tokenizer.ts';
import { toUnits } from '../../src/search/units.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

// The scorer reads candidate rows itself (see scan.ts) and must give the score FTS5's bm25() gives, for
// text where a word is not a simple ASCII run: accents, CJK, hyphens, apostrophes, and phrases that cross
// punctuation or a column's end.
const texts = [
  {
    title: 'Naïve Bayes for Schrödinger equations',
    abstract: 'The naive approach: Bayes-optimal. Schrödinger’s cat, naïvely.',
  },
  { title: '深度学习 and deep learning', abstract: 'Deep-learning (深度学习) in practice; deep learning again.' },
  {
    title: 'Large-scale models',
    abstract: 'Scale models at large scale, large. Scale!',
    aiSummary: 'Models that scale; large scale models.',
  },
  { title: 'Café Über Straße', abstract: 'cafe uber strasse CAFÉ.', authors: ['Ünal Çelik', 'Zoë Saldaña'] },
  {
    title: 'Learning to learn',
    abstract: "Learners' learning, learned; re-learning. l'apprentissage",
    aiKeywords: ['meta learning', 'learning'],
  },
  { title: 'Ends with deep', abstract: 'learning starts here. deep', aiSummary: 'learning deep' },
];

describe('scorer', () => {
  const db = memoryDb();
  storePapers(
    db,
    texts.map((t, i) => paper(`2601.${String(i + 1).padStart(5, '0')}`, t)),
  );
  const tokenizer = createTokenizer(db);
  const score = createScorer(db, tokenizer);
  const rows = db.prepare('SELECT count(*) FROM papers').pluck().get() as number;
  const fts = db.prepare<[string], { pk: number; score: number }>(
    `SELECT rowid AS pk, -${BM25_SQL} AS score FROM papers_fts WHERE papers_fts MATCH ?`,
  );
  const count = db.prepare<[string], number>('SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?').pluck();
  // FTS5's avgdl, from its own totals, so the comparison is of the scan alone.
  const avg = () => {
    const t = tokenizer;
    let sum = 0;
    for (const r of db
      .prepare<[], string[]>('SELECT title, ai_keywords, ai_summary, abstract, authors FROM papers')
      .raw()
      .all())
      for (const c of r) sum += t.tokens(c).length;
    return sum / rows;
  };

  it.each([
    'naive',
    'naïve',
    'schrodinger',
    'bayes',
    '深度学习',
    'deep learning',
    '"deep learning"',
    '"large scale"',
    '"scale models"',
    'cafe',
    'straße',
    'uber',
    'author:"unal celik"',
    'author:zoe',
    'learn',
    '"learning deep"',
    '"deep learning" -bayes',
    'l',
    'le',
    'apprentissage',
  ])('gives %s the score FTS5 gives', (query) => {
    const units = toUnits(parseQuery(query), tokenizer);
    const match = matchExpression(units.map((u) => u.term))!;
    const want = new Map(fts.all(match).map((r) => [r.pk, r.score]));
    const positives = units.filter((u) => !u.term.negated);
    const idfs = new Map(positives.map((u) => [u, idf(rows, count.get(u.expr) ?? 0)]));
    const got = score(
      Array.from({ length: rows }, (_, i) => i + 1),
      { units, idf: idfs, avgLength: avg(), from: null, until: null },
    );
    expect(new Set(got.map((g) => g.pk)), query).toEqual(new Set(want.keys()));
    expect(want.size, `${query} matches some row`).toBeGreaterThan(0);
    for (const g of got) expect(g.score, `${query} row ${g.pk}`).toBeCloseTo(want.get(g.pk)!, 6);
  });
});
