import { describe, expect, it } from 'vitest';
import { createCorpus, createRandom } from '../../bench/search-corpus.ts';
import { bulkIngest } from '../../bench/bulk-ingest.ts';
import { createSearch } from '../../src/search/search-engine.ts';
import type { SearchSort } from '../../src/search/types.ts';
import { memoryDb } from '../support/papers.ts';

// Hostile queries through the whole engine: whatever a member types, a result object comes back.
const QUERIES = 10_000;
const corpus = createCorpus();
const rnd = createRandom(2024);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const PIECES = [
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'near',
  'NEAR(',
  ',',
  ')',
  '(',
  '*',
  '^',
  ':',
  '"',
  '""',
  '-',
  '--',
  '+',
  '{',
  '}',
  '{title}:',
  'title:',
  'authors:',
  'author:',
  'author:"',
  'col:',
  '\\',
  "'",
  '`',
  '%',
  '_',
  '[',
  ']',
  '|',
  '&',
  ';',
  '😀',
  '🎉👍',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\r\n',
  '\t',
  '\u200b',
  '\ufeff',
  '\ud800',
  'ﬁ',
  'Ǆ',
  'İstanbul',
  'café',
  'naïve',
  'Ωmega',
  '中文',
  '日本語テキスト',
  'العربية',
  'x\u0301',
  '0',
  '42',
  '3.14',
  '-1',
  '1e9',
  'NULL',
  'SELECT',
];

function word(): string {
  const r = rnd();
  if (r < 0.35) return corpus.words[Math.floor(rnd() * 40)]!;
  if (r < 0.6) return corpus.words[Math.floor(rnd() * corpus.words.length)]!;
  if (r < 0.65) return corpus.words[Math.floor(rnd() * 40)]!.slice(0, 1 + Math.floor(rnd() * 3));
  return pick(PIECES);
}

function query(i: number): string {
  if (i === 0) return '';
  if (i === 1) return 'x'.repeat(6000);
  if (i === 2)
    return Array.from({ length: 1200 }, () => word())
      .join(' ')
      .slice(0, 6000);
  const n = Math.floor(rnd() * 7);
  let q = '';
  for (let k = 0; k < n; k++) {
    const r = rnd();
    const glue = r < 0.6 ? ' ' : r < 0.8 ? '' : pick([' -', ' "', '" ', ' author:', ' NOT ', ' OR ', '*', ' NEAR(']);
    q += glue + word();
  }
  return q;
}

const date = () =>
  pick([
    undefined,
    null,
    '',
    '2020-01-01',
    '2024-12-31',
    '2019-02-29',
    '2020-02-29',
    'yesterday',
    '2021-1-1',
    '9999-12-31',
  ]);

describe('query fuzzing', () => {
  it(`answers ${QUERIES} generated queries without throwing`, () => {
    const db = memoryDb();
    const engine = createSearch(db, { lists: { size: 20, commonDf: (rows) => Math.max(8, rows / 20) } });
    bulkIngest(db, engine.sync, corpus.papers(150));
    const statuses = new Map<string, number>();
    for (let i = 0; i < QUERIES; i++) {
      const q = query(i);
      const req = {
        query: q,
        from: date(),
        to: date(),
        sort: pick<SearchSort | undefined>([undefined, 'relevance', 'newest', 'votes']),
        page: pick([1, 1, 2, 0, -3, 2.5, 1000]),
        pageSize: pick([5, 10, 7, 1, 100, NaN]),
      };
      let r;
      try {
        r = engine.search(req);
      } catch (e) {
        throw new Error(`query ${i} ${JSON.stringify(req)} threw: ${String(e)}`);
      }
      expect(r.pageSize).toBeGreaterThanOrEqual(5);
      expect(r.pageSize).toBeLessThanOrEqual(10);
      expect(r.page).toBeGreaterThanOrEqual(1);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
    // The generator must actually reach every outcome, or it tests less than it claims.
    expect([...statuses.keys()].sort()).toEqual(['empty-query', 'invalid', 'no-results', 'ok']);
  }, 60_000);
});
