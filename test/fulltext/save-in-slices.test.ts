// A long paper's passages stored a slice at a time: the same rows and answers as one transaction, nothing visible
// before the last slice, and each paper's keys one range even when two papers are saved at once.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCpuPool, type CpuPool } from '../../src/app/cpu-pool.ts';
import { createFulltext } from '../../src/fulltext/ensure-fulltext.ts';
import { parsePaperHtml } from '../../src/fulltext/parse-html.ts';
import { createPassageStore } from '../../src/fulltext/passage-store.ts';
import { PASSAGES_PER_SLICE, saveInSlices } from '../../src/fulltext/save-in-slices.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { captureLog } from '../support/capture-log.ts';
import { longPage } from '../support/arxiv/long-page.ts';
import { memoryDb, paper, storePapers } from '../support/papers.ts';

const A = '2611.10001';
const B = '2611.10002';
const page = (id: string) => readFileSync(new URL(`../../bench/ask/fixtures/${id}.html`, import.meta.url), 'utf8');

let pool: CpuPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function world() {
  const db = memoryDb();
  storePapers(db, [paper(A), paper(B)]);
  const store = createPassageStore(db);
  const rows = (id: string) =>
    db
      .prepare('SELECT pk, ord, section, anchor, kind, text FROM paper_passages WHERE paper_id = ? ORDER BY ord')
      .all(id);
  return { db, store, rows };
}

describe('saveInSlices', () => {
  it('stores what one transaction stores, and finds the same passages', async () => {
    const passages = parsePaperHtml(page(A));
    const once = world();
    once.store.save(A, 'html', passages);
    const sliced = world();
    let pauses = 0;
    await saveInSlices(sliced.store, A, 'html', passages, () => (pauses++, Promise.resolve()), 7);
    expect(pauses).toBe(Math.ceil((passages.length - 1) / 7) + 1);
    expect(sliced.rows(A)).toEqual(once.rows(A));
    expect(sliced.store.source(A)).toBe('html');
    for (const question of ['How are experts routed?', 'What is the capacity factor', 'load balancing loss'])
      expect(sliced.store.search(A, question, 5)).toEqual(once.store.search(A, question, 5));
  });

  it('shows nothing until the last slice, and replaces what the paper had', async () => {
    const w = world();
    w.store.save(A, 'abstract', [{ order: 0, section: 'Abstract', anchor: null, kind: 'abstract', text: 'Routing.' }]);
    const passages = parsePaperHtml(page(A));
    const seen: Array<[boolean, number]> = [];
    await saveInSlices(w.store, A, 'html', passages, () => {
      seen.push([w.store.has(A), w.store.search(A, 'experts routing', 5).length]);
      return Promise.resolve();
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every(([has, found]) => !has && found === 0)).toBe(true);
    expect(w.store.source(A)).toBe('html');
    expect(w.store.search(A, 'experts routing', 5).length).toBeGreaterThan(0);
    expect(w.rows(A)).toHaveLength(passages.length);
  });

  it('keeps each paper’s keys one range when two papers are saved slice by slice at once', async () => {
    const w = world();
    const [a, b] = [parsePaperHtml(page(A)), parsePaperHtml(page(B))];
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all([saveInSlices(w.store, A, 'html', a, turn, 5), saveInSlices(w.store, B, 'html', b, turn, 5)]);
    for (const [id, list] of [
      [A, a],
      [B, b],
    ] as const) {
      const keys = (w.rows(id) as Array<{ pk: number }>).map((r) => r.pk);
      expect(keys).toHaveLength(list.length);
      expect(keys.at(-1)! - keys[0]!).toBe(list.length - 1);
    }
  });
});

describe('createFulltext with the worker thread', () => {
  it('parses a long page there and stores it in slices, the event loop turning meanwhile, with the same passages', async () => {
    const db = memoryDb();
    const papers = createPaperStore(db);
    storePapers(db, [paper(A)]);
    const passages = createPassageStore(db);
    const html = longPage([page(A), page(B)], 600_000);
    const expected = parsePaperHtml(html);
    expect(expected.length).toBeGreaterThan(2 * PASSAGES_PER_SLICE);
    pool = createCpuPool({ log: captureLog().log, databasePath: ':memory:' });
    const cpu = pool;
    const fulltext = createFulltext({
      // The page is already here: every turn of the loop counted below is during parsing or storing.
      arxiv: { fetchHtml: () => Promise.resolve({ status: 'ok', page: new TextEncoder().encode(html) }) },
      passages,
      papers,
      log: captureLog().log,
      parse: (bytes) => cpu.run('parsePaperPage', [bytes]),
      pause: () => new Promise((resolve) => setImmediate(resolve)),
    });
    let turns = 0;
    let busy = true;
    const spin = () => {
      if (!busy) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    expect(await fulltext.ensure(A)).toBe('html');
    busy = false;
    const stored = db.prepare(
      'SELECT ord, section, anchor, kind, text FROM paper_passages WHERE paper_id = ? ORDER BY ord',
    );
    expect(stored.all(A)).toEqual(expected.map(({ order, ...p }) => ({ ord: order, ...p })));
    // At least a turn while the worker parses, and one before each slice and before the passages show.
    expect(turns).toBeGreaterThan(1 + Math.ceil((expected.length - 1) / PASSAGES_PER_SLICE));
  });
});
