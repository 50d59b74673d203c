import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArxivFetchError, type HtmlResult } from '../../src/fulltext/arxiv-client.ts';
import { createFulltext } from '../../src/fulltext/ensure-fulltext.ts';
import { createPassageStore } from '../../src/fulltext/passage-store.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { captureLog } from '../support/capture-log.ts';
import { listedOn, memoryDb, paper } from '../support/papers.ts';

const FULL = readFileSync(new URL('../support/arxiv/paper-full.html', import.meta.url), 'utf8');

function world(fetchHtml: (id: string) => Promise<HtmlResult>) {
  const db = memoryDb();
  const papers = createPaperStore(db);
  papers.save([listedOn('2025-09-08', paper('2509.00001', { abstract: 'Tides are hard to predict.' }))]);
  const passages = createPassageStore(db);
  const calls: string[] = [];
  const fulltext = createFulltext({
    arxiv: { fetchHtml: (id) => (calls.push(id), fetchHtml(id)) },
    passages,
    papers,
    log: captureLog().log,
  });
  return { fulltext, passages, calls };
}

describe('createFulltext', () => {
  it('fetches once for concurrent callers, stores the HTML passages, then reads the store', async () => {
    const w = world(() => Promise.resolve({ status: 'ok', page: new TextEncoder().encode(FULL) }));
    expect(await Promise.all([1, 2, 3].map(() => w.fulltext.ensure('2509.00001')))).toEqual(['html', 'html', 'html']);
    expect(await w.fulltext.ensure('2509.00001')).toBe('html');
    expect(w.calls).toHaveLength(1);
    expect(w.fulltext.search('2509.00001', 'epochs', 5)[0]?.text).toContain('ten epochs');
  });

  it('stores the title and abstract for a missing page or one without passages', async () => {
    const empty = new TextEncoder().encode('<html><body></body></html>');
    for (const result of [{ status: 'missing' }, { status: 'ok', page: empty }] as const) {
      const w = world(() => Promise.resolve(result));
      expect(await w.fulltext.ensure('2509.00001')).toBe('abstract');
      expect(w.passages.source('2509.00001')).toBe('abstract');
      expect(w.fulltext.search('2509.00001', 'tides', 5)[0]?.section).toBe('Abstract');
    }
  });

  it('after a failed fetch stores nothing, answers from the abstract, and tries again next time', async () => {
    const w = world(() => Promise.reject(new ArxivFetchError('http', 'arXiv answered HTTP 503')));
    expect(await w.fulltext.ensure('2509.00001')).toBe('abstract');
    expect(w.passages.has('2509.00001')).toBe(false);
    expect(w.fulltext.search('2509.00001', 'predict tides', 5).map((p) => p.section)).toEqual(['Abstract']);
    await w.fulltext.ensure('2509.00001');
    expect(w.calls).toHaveLength(2);
  });
});
