import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/open.ts';
import {
  coverage,
  coversQuestion,
  createPassageStore,
  type PassageStore,
  type StoredPassage,
} from '../../src/fulltext/passage-store.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

const A = '2509.04664';
const B = '2509.00001';

let n = 0;
const passage = (section: string, text: string, over: Partial<StoredPassage> = {}): StoredPassage => ({
  order: n++,
  section,
  anchor: `S${n}`,
  kind: 'paragraph',
  text,
  ...over,
});

const hallucination = (): StoredPassage[] => {
  n = 0;
  return [
    passage('Abstract', 'Language models sometimes produce plausible but false statements.', { kind: 'abstract' }),
    passage(
      '1 Introduction',
      'We argue that hallucinations persist because training and evaluation procedures reward guessing over ' +
        'acknowledging uncertainty.',
    ),
    passage(
      '3 Pretraining errors',
      'We reduce generation to binary classification: the error rate of generation is at least twice the ' +
        'misclassification rate of the Is-It-Valid problem.',
    ),
    passage(
      '4 Post-training',
      'Most benchmarks use binary grading, so abstaining with "I don\'t know" scores zero and a confident guess ' +
        'maximises expected score.',
    ),
    passage('5 Experiments', 'Table 2: accuracy and error rates of models on the SimpleQA dataset.', {
      kind: 'caption',
    }),
    passage('6 Conclusion', 'We propose explicit confidence targets in mainstream evaluations.'),
  ];
};

let db: Database;
let store: PassageStore;

beforeEach(() => {
  db = memoryDb();
  storePapers(db, [paper(A), paper(B)]);
  store = createPassageStore(db);
});

const orders = (paperId: string) =>
  db.prepare('SELECT ord FROM paper_passages WHERE paper_id = ? ORDER BY ord').pluck().all(paperId);

describe('save', () => {
  it('stores the passages and the source, and has() tells', () => {
    expect(store.has(A)).toBe(false);
    expect(store.source(A)).toBeNull();
    store.save(A, 'html', hallucination());
    expect(store.has(A)).toBe(true);
    expect(store.source(A)).toBe('html');
    expect(orders(A)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(db.prepare('SELECT passages FROM paper_fulltext WHERE paper_id = ?').pluck().get(A)).toBe(6);
  });

  it('replaces the old passages, and their index entries', () => {
    store.save(A, 'html', hallucination());
    store.save(A, 'abstract', [{ order: 0, section: 'Abstract', anchor: null, kind: 'abstract', text: 'Short.' }]);
    expect(orders(A)).toEqual([0]);
    expect(store.source(A)).toBe('abstract');
    expect(store.search(A, 'benchmarks binary grading')).toEqual([]);
    expect(
      db.prepare("INSERT INTO paper_passages_fts(paper_passages_fts) VALUES ('integrity-check')").run(),
    ).toBeTruthy();
  });

  it('a save that fails half-way leaves the old passages', () => {
    store.save(A, 'html', hallucination());
    const broken = [...hallucination(), { ...hallucination()[0]!, order: 1 }]; // a duplicate order
    expect(() => store.save(A, 'html', broken)).toThrow(/UNIQUE/);
    expect(orders(A)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(store.search(A, 'binary grading')[0]?.order).toBe(3);
  });
});

describe('search', () => {
  beforeEach(() => {
    store.save(A, 'html', hallucination());
    n = 0;
    store.save(B, 'html', [passage('Intro', 'Binary grading of benchmarks and guessing, guessing, guessing.')]);
  });

  it.each([
    ['Why do benchmarks encourage guessing?', 3],
    ['How is generation related to classification?', 2],
    ['Which dataset did they evaluate on?', 4],
    ['what do the authors propose?', 5],
  ])('%s → passage %i first', (question, expected) => {
    const found = store.search(A, question);
    expect(found[0]?.order).toBe(expected);
    expect(found.every((p, i) => i === 0 || p.score <= found[i - 1]!.score)).toBe(true);
  });

  it('returns whole passages with a score, at most `limit`', () => {
    const [first] = store.search(A, 'binary grading', 1);
    expect(first).toMatchObject({ order: 3, section: '4 Post-training', anchor: 'S4', kind: 'paragraph' });
    expect(first?.score).toBeGreaterThan(0);
    expect(store.search(A, 'binary error rate models', 2)).toHaveLength(2);
  });

  it('stays within the paper', () => {
    expect(store.search(B, 'guessing').map((p) => p.section)).toEqual(['Intro']);
    expect(store.search(A, 'guessing').every((p) => p.section !== 'Intro')).toBe(true);
    expect(store.search('2509.99999', 'guessing')).toEqual([]);
  });

  it.each([
    '"',
    'binary AND (',
    'NEAR(binary grading',
    'guess*',
    '-binary',
    'section:binary',
    'text: "unterminated',
    '^ {} [] ; OR NOT AND',
    "l'erreur générée",
  ])('never throws on FTS5 syntax: %s', (question) => {
    expect(() => store.search(A, question)).not.toThrow();
  });

  it('gives each passage its coverage: the share of the question, by rarity in the paper, it speaks to', () => {
    const [best] = store.search(A, 'binary grading benchmarks');
    expect(best?.coverage).toBeCloseTo(1, 5);
    // "quantum" appears in no passage of the paper, so it weighs the most, and nothing covers much.
    const off = store.search(A, 'quantum benchmarks');
    expect(off[0]?.coverage).toBeGreaterThan(0);
    expect(off[0]?.coverage).toBeLessThan(0.5);
    expect(coversQuestion(off)).toBe(false);
    expect(coversQuestion(store.search(A, 'benchmarks binary grading abstain'))).toBe(true);
    // Paper B's passages use the same words, but coverage counts only this paper's passages.
    expect(store.search(A, 'guessing').map((p) => p.coverage)).toEqual(store.search(A, 'guessing').map(() => 1));
  });

  it('coverage weighs a word the paper never uses the most, and a word in every passage the least', () => {
    expect(coverage([true, false], [1, 1], 10)).toBeCloseTo(0.5, 5);
    expect(coverage([true, false], [1, 0], 10)).toBeLessThan(0.5);
    expect(coverage([true, false], [10, 1], 10)).toBeLessThan(0.1);
    expect(coverage([], [], 10)).toBe(0);
  });

  it('returns [] for an empty or punctuation-only question', () => {
    expect(store.search(A, '')).toEqual([]);
    expect(store.search(A, '   ?!…"*()')).toEqual([]);
    expect(store.search(A, 'the of a')).toEqual([]);
  });
});

it('deleting a paper removes its passages, full-text row and index entries', () => {
  store.save(A, 'html', hallucination());
  db.prepare('DELETE FROM papers WHERE id = ?').run(A);
  expect(orders(A)).toEqual([]);
  expect(store.has(A)).toBe(false);
  expect(
    db.prepare("SELECT count(*) FROM paper_passages_fts WHERE paper_passages_fts MATCH 'binary'").pluck().get(),
  ).toBe(0);
});
