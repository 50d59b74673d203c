import type { Database } from 'better-sqlite3';
import { analyse, termWeights, type AnalysedDoc, type IndexedText } from './analyse.ts';
import { impact } from './bm25.ts';
import { createTermLists, prefixKey, termKey, type ListOptions } from './term-lists.ts';
import type { Tokenizer } from './tokenizer.ts';

/**
 * Keeps the side index (term statistics and top lists) in step with papers: the queue the schema's
 * triggers fill is drained in batches, each in one transaction, removing what a row's old text contributed
 * and adding what its new text does.
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
  const lists = createTermLists(db, listOptions);
  const queue = db.prepare<[number], QueueRow>(`
    SELECT q.pk, q.old, p.title, p.ai_keywords, p.ai_summary, p.abstract, p.authors, p.pk IS NOT NULL AS present
    FROM search_queue q LEFT JOIN papers p ON p.pk = q.pk ORDER BY q.pk LIMIT ?`);
  const dequeue = db.prepare('DELETE FROM search_queue WHERE pk <= ?');
  const pending = db.prepare<[], number>('SELECT count(*) FROM search_queue').pluck();
  const addDf = db.prepare<[string, number], number>(
    'INSERT INTO search_terms (term, df) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df RETURNING df',
  ).pluck();
  const dfOf = db.prepare<[string], number>('SELECT df FROM search_terms WHERE term = ?').pluck();
  const stat = db.prepare<[string], number>('SELECT value FROM search_stats WHERE key = ?').pluck();
  const addStat = db.prepare('UPDATE search_stats SET value = value + ? WHERE key = ?');
  const dropFromLists = db.prepare('DELETE FROM search_top WHERE pk = ?');

  let rows = stat.get('rows') ?? 0;
  let tokens = stat.get('tokens') ?? 0;

  const syncBatch = db.transaction((limit: number): number => {
    const batch = queue.all(limit);
    if (batch.length === 0) return 0;
    rows = stat.get('rows') ?? 0;
    tokens = stat.get('tokens') ?? 0;
    const olds = batch.map((r) => (r.old ? (JSON.parse(r.old) as IndexedText) : null));
    const news = batch.map((r): IndexedText | null =>
      r.present ? [r.title, r.ai_keywords, r.ai_summary, r.abstract, r.authors] : null,
    );
    tokenizer.prime([...olds, ...news].flatMap((t) => t ?? []));
    const dfDelta = new Map<string, number>();
    let rowDelta = 0;
    let tokenDelta = 0;
    const added: Array<{ pk: number; doc: AnalysedDoc; weights: Map<string, number> }> = [];
    batch.forEach((r, i) => {
      const old = olds[i];
      if (old) {
        const doc = analyse(tokenizer, old);
        for (const t of termWeights(doc).keys()) dfDelta.set(t, (dfDelta.get(t) ?? 0) - 1);
        rowDelta--;
        tokenDelta -= doc.length;
        dropFromLists.run(r.pk);
      }
      const now = news[i];
      if (now) {
        const doc = analyse(tokenizer, now);
        const weights = termWeights(doc);
        for (const t of weights.keys()) dfDelta.set(t, (dfDelta.get(t) ?? 0) + 1);
        rowDelta++;
        tokenDelta += doc.length;
        added.push({ pk: r.pk, doc, weights });
      }
    });
    rows += rowDelta;
    tokens += tokenDelta;
    addStat.run(rowDelta, 'rows');
    addStat.run(tokenDelta, 'tokens');
    const avg = rows > 0 ? tokens / rows : 1;
    const common = listOptions.commonDf(rows);
    const crossing: string[] = [];
    for (const [term, d] of dfDelta) {
      if (d === 0) continue;
      const df = addDf.get(term, d) ?? 0;
      if (d > 0 && df > common && !lists.has(termKey(term))) crossing.push(term);
    }
    // Rows go into the lists that already exist; a list built below reads papers_fts, which has them already.
    for (const { pk, doc, weights } of added) {
      const byKey = new Map<string, number>();
      for (const [term, w] of weights) for (const key of lists.keysFor(term)) byKey.set(key, (byKey.get(key) ?? 0) + w);
      for (const [key, w] of byKey) lists.offer(key, pk, impact(w, doc.length, avg));
    }
    for (const term of crossing) {
      const surface = tokenizer.surface(term);
      if (surface === undefined) continue;
      lists.build(termKey(term), surface, rows);
      lists.build(prefixKey(term), surface, rows);
    }
    lists.flush();
    dequeue.run(batch[batch.length - 1]!.pk);
    return batch.length;
  });

  return {
    lists,
    /** Drains the change queue; returns how many rows were processed. */
    sync(batchSize = 5000): number {
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
