import type { Database } from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { schemaVersion } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import { createSummaryCache, type SummaryCache } from '../../src/summaries/summary-cache.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

let db: Database;
let cache: SummaryCache;
let clock: Date;
beforeEach(() => {
  db = memoryDb();
  clock = new Date('2025-09-08T10:00:00.000Z');
  cache = createSummaryCache(db, () => clock);
  storePapers(db, [paper('2509.00001'), paper('2509.00002')]);
});

describe('summary cache', () => {
  it('is a STRICT table of the latest schema', () => {
    expect(schemaVersion(db)).toBe(migrations.length);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'summaries'").pluck().get() as string;
    expect(sql).toMatch(/STRICT/);
  });

  it('stores per paper, length and model', () => {
    cache.put({ paperId: '2509.00001', length: 'short', source: 'model', model: 'llama3', text: 'Short by llama.' });
    cache.put({
      paperId: '2509.00001',
      length: 'detailed',
      source: 'model',
      model: 'llama3',
      text: 'Detailed by llama.',
    });
    cache.put({ paperId: '2509.00001', length: 'short', source: 'model', model: 'qwen3', text: 'Short by qwen.' });
    expect(cache.get('2509.00001', 'short', 'llama3')).toEqual({
      text: 'Short by llama.',
      source: 'model',
      model: 'llama3',
      createdAt: '2025-09-08T10:00:00.000Z',
    });
    expect(cache.get('2509.00001', 'detailed', 'llama3')?.text).toBe('Detailed by llama.');
    expect(cache.get('2509.00001', 'short', 'qwen3')?.text).toBe('Short by qwen.');
    expect(cache.get('2509.00001', 'detailed', 'qwen3')).toBeNull();
    expect(cache.get('2509.00002', 'short', 'llama3')).toBeNull();
    expect(cache.count()).toBe(3);
  });

  it('replaces a summary stored again', () => {
    cache.put({ paperId: '2509.00001', length: 'short', source: 'model', model: 'm', text: 'Old.' });
    clock = new Date('2025-09-09T10:00:00.000Z');
    cache.put({ paperId: '2509.00001', length: 'short', source: 'model', model: 'm', text: 'New.' });
    expect(cache.get('2509.00001', 'short', 'm')).toMatchObject({
      text: 'New.',
      createdAt: '2025-09-09T10:00:00.000Z',
    });
    expect(cache.count()).toBe(1);
  });

  it('rejects unknown papers, lengths and sources', () => {
    expect(() => cache.put({ paperId: '2509.99999', length: 'short', source: 'model', model: 'm', text: 'x' })).toThrow(
      /FOREIGN KEY/,
    );
    expect(() =>
      db.prepare("INSERT INTO summaries VALUES ('2509.00001', 'medium', 'model', 'm', 'x', 't')").run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO summaries VALUES ('2509.00001', 'short', 'oracle', 'm', 'x', 't')").run(),
    ).toThrow(/CHECK/);
  });

  it("forgets a paper's summaries, and drops them with the paper", () => {
    cache.put({ paperId: '2509.00001', length: 'short', source: 'model', model: 'm', text: 'a' });
    cache.put({ paperId: '2509.00001', length: 'detailed', source: 'model', model: 'm', text: 'b' });
    cache.put({ paperId: '2509.00002', length: 'short', source: 'model', model: 'm', text: 'c' });
    expect(cache.forget('2509.00001')).toBe(2);
    expect(cache.count()).toBe(1);
    db.prepare("DELETE FROM papers WHERE id = '2509.00002'").run();
    expect(cache.count()).toBe(0);
  });
});
