import type { Database } from 'better-sqlite3';
import { immediate } from '../db/immediate.ts';
import { createAnalyser, type IndexedText } from './analyse.ts';
import { impact } from './bm25.ts';
import { grown } from './grown.ts';
import { createTermLists, prefixKey, termKey, type ListOptions } from './term-lists.ts';
import type { Tokenizer } from './tokenizer.ts';

/**
 * Keeps the side index (term statistics and top lists) in step with papers: the queue the schema's
 * triggers fill is drained in batches, each in one transaction, removing what a row's old text contributed
 * and adding what its new text does. Counting goes through arrays indexed by term id and list slot.
 */

interface QueueRow {
  pk: number;
  old: string | null;
  title: string | null;
  ai_keywords: string | null;
  ai_summary: string | null;
  abstract: string | null;
  authors: string | null;
  present: 0 | 1;
}

export type SideIndex = ReturnType<typeof createSideIndex>;

export function createSideIndex(db: Database, tokenizer: Tokenizer, listOptions: ListOptions) {
  const lists = createTermLists(db, listOptions, tokenizer);
  const analyse = createAnalyser(tokenizer);
  const queue = db.prepare<[{ limit: number; after: number }], QueueRow>(`
    SELECT q.pk, q.old, p.title, p.ai_keywords, p.ai_summary, p.abstract, p.authors, p.pk IS NOT NULL AS present
    FROM search_queue q LEFT JOIN papers p ON p.pk = q.pk WHERE q.pk > @after ORDER BY q.pk LIMIT @limit`);
  const dequeue = db.prepare('DELETE FROM search_queue WHERE pk <= ?');
  const pending = db.prepare<[], number>('SELECT count(*) FROM search_queue').pluck();
  const addDf = db.prepare(
    'INSERT INTO search_terms (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df',
  );
  const dfOf = db.prepare<[string], number>('SELECT df FROM search_terms WHERE term = ?').pluck();
  const stat = db.prepare<[string], number>('SELECT value FROM search_stats WHERE key = ?').pluck();
  const addStat = db.prepare('UPDATE search_stats SET value = value + ? WHERE key = ?');

  // Per-batch counts live in typed arrays indexed by term id and list slot (grown on demand), not Maps:
  // the indexer touches some 150 terms and 300 list slots per paper.
  let dfDelta = new Int32Array(1 << 16);
  const dfTouched: number[] = [];
  let bySlot = new Float64Array(1 << 12);
  const slotTouched: number[] = [];
  const addDfDelta = (id: number, d: number) => {
    dfDelta = grown(dfDelta, id);
    if (dfDelta[id] === 0) dfTouched.push(id);
    dfDelta[id] = dfDelta[id]! + d;
  };

  // Rows are read and analysed a page at a time, but document frequencies are written once per batch: a
  // batch of many pages shares most of its terms, and the upserts are what costs.
  const PAGE = 2000;
  const syncBatch = immediate(db, (limit: number): number => {
    let rows = stat.get('rows') ?? 0;
    let tokens = stat.get('tokens') ?? 0;
    let done = 0;
    let last = -1;
    for (
      let page = queue.all({ limit: Math.min(PAGE, limit), after: Number.MIN_SAFE_INTEGER });
      page.length > 0;
      page = done < limit ? queue.all({ limit: Math.min(PAGE, limit - done), after: last }) : []
    ) {
      done += page.length;
      last = page[page.length - 1]!.pk;
      ({ rows, tokens } = analysePage(page, rows, tokens));
    }
    if (done === 0) return 0;
    addStat.run(rows - (stat.get('rows') ?? 0), 'rows');
    addStat.run(tokens - (stat.get('tokens') ?? 0), 'tokens');
    const common = listOptions.commonDf(rows);
    // A term can only have become common if it is frequent in this batch too; the others are not even looked up.
    const likely = (common / Math.max(1, rows)) * done * 0.25;
    const crossing: string[] = [];
    for (const id of dfTouched) {
      const d = dfDelta[id]!;
      dfDelta[id] = 0;
      if (d === 0) continue;
      const term = tokenizer.term(id);
      addDf.run(term, d);
      if (d > likely && !lists.has(termKey(term)) && (dfOf.get(term) ?? 0) > common) crossing.push(term);
    }
    dfTouched.length = 0;
    // Lists built now read papers_fts, which holds this batch already.
    for (const term of crossing) {
      const surface = tokenizer.surface(term);
      if (surface === undefined) continue;
      lists.build(termKey(term), surface, rows);
      lists.build(prefixKey(term), surface, rows);
    }
    lists.flush();
    dequeue.run(last);
    return done;
  });

  function analysePage(batch: QueueRow[], rows: number, tokens: number) {
    const texts = batch.map((r) => ({
      old: r.old ? (JSON.parse(r.old) as IndexedText) : null,
      now: r.present ? ([r.title, r.ai_keywords, r.ai_summary, r.abstract, r.authors] as const) : null,
    }));
    // Pieces never seen are resolved in one SQLite round trip per batch rather than one per row.
    // Worth its extra pass over the text only while the vocabulary is still being discovered.
    if (tokenizer.termCount() < 20 * batch.length || rows < 100_000)
      tokenizer.prime(texts.flatMap((t) => [...(t.old ?? []), ...(t.now ?? [])]));
    // Impacts use the mean length before this page: a batch moves it by a hair, and rows are offered as they come.
    const avg = rows > 0 ? tokens / rows : 1;
    texts.forEach(({ old, now }, i) => {
      const pk = batch[i]!.pk;
      if (old) {
        const doc = analyse(old);
        for (const id of doc.ids) addDfDelta(id, -1);
        rows--;
        tokens -= doc.length;
        lists.remove(pk, doc.ids);
      }
      if (now) {
        const doc = analyse(now);
        for (const id of doc.ids) {
          addDfDelta(id, 1);
          const w = doc.weights[id]!;
          const start = lists.feedStart(id);
          const end = start + lists.feeds.count(id);
          const feeds = lists.feeds.pool;
          for (let f = start; f < end; f++) {
            const slot = feeds[f]!;
            bySlot = grown(bySlot, slot);
            if (bySlot[slot] === 0) slotTouched.push(slot);
            bySlot[slot] = bySlot[slot]! + w;
          }
        }
        rows++;
        tokens += doc.length;
        const mean = avg > 1 ? avg : doc.length;
        for (const slot of slotTouched) {
          lists.offer(slot, pk, impact(bySlot[slot]!, doc.length, mean));
          bySlot[slot] = 0;
        }
        slotTouched.length = 0;
      }
    });
    return { rows, tokens };
  }

  return {
    lists,
    /** Drains the change queue; returns how many rows were processed. */
    sync(batchSize = 50_000): number {
      let done = 0;
      for (let n = syncBatch(batchSize); n > 0; n = syncBatch(batchSize)) done += n;
      return done;
    },
    pending: (): number => pending.get() ?? 0,
    /** Rows and mean length in tokens, as of the last sync (by any connection). */
    stats(): { rows: number; avgLength: number } {
      const r = stat.get('rows') ?? 0;
      return { rows: r, avgLength: r > 0 ? (stat.get('tokens') ?? 0) / r : 1 };
    },
    df: (term: string): number => dfOf.get(term) ?? 0,
  };
}
