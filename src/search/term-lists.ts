import type { Database } from 'better-sqlite3';
import { BM25_SQL, idf } from './bm25.ts';
import { ftsString } from './fts-query.ts';

/**
 * Impact-ordered lists for common terms, so a query on a word found in most papers reads a thousand
 * precomputed rows instead of scoring a million. A term is common once its document frequency passes
 * `commonDf(rows)`; it then gets two lists, `t <term>` (the word) and `p <term>` (the word as a prefix, as the
 * last word of a query is matched). A list holds the `size` rows of highest impact at the time they were
 * added; `floor` bounds the impact of every row not in it, which is what lets the engine stop early.
 */

export interface ListOptions {
  /** Rows kept per list; a list is trimmed back to this when it doubles. */
  size: number;
  /** Document frequency above which a term counts as common, given the row count. */
  commonDf: (rows: number) => number;
}

export const DEFAULT_LIST_OPTIONS: ListOptions = {
  size: 1000,
  commonDf: (rows) => Math.max(2000, Math.floor(rows / 100)),
};

export const termKey = (term: string) => `t ${term}`;
export const prefixKey = (term: string) => `p ${term}`;

export interface ListEntry {
  pk: number;
  impact: number;
}

export type TermLists = ReturnType<typeof createTermLists>;

export function createTermLists(db: Database, opts: ListOptions) {
  const loadAll = db.prepare<[], { key: string; floor: number; size: number }>('SELECT key, floor, size FROM search_lists');
  const saveList = db.prepare('INSERT OR REPLACE INTO search_lists (key, floor, size) VALUES (?, ?, ?)');
  const insertTop = db.prepare('INSERT OR REPLACE INTO search_top (key, impact, pk) VALUES (?, ?, ?)');
  const deleteKey = db.prepare('DELETE FROM search_top WHERE key = ?');
  const kth = db.prepare<[string, number], number>('SELECT impact FROM search_top WHERE key = ? ORDER BY impact DESC LIMIT 1 OFFSET ?').pluck();
  const dropBelow = db.prepare('DELETE FROM search_top WHERE key = ? AND impact <= ?');
  const countKey = db.prepare<[string], number>('SELECT count(*) FROM search_top WHERE key = ?').pluck();
  const read = db.prepare<[string, number], [number, number]>('SELECT pk, impact FROM search_top WHERE key = ? ORDER BY impact DESC LIMIT ?').raw();
  const countMatch = db.prepare<[string], number>('SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?').pluck();
  const topMatch = db.prepare<[string, number], [number, number]>(
    `SELECT rowid, -${BM25_SQL} FROM papers_fts WHERE papers_fts MATCH ? ORDER BY ${BM25_SQL} LIMIT ?`,
  ).raw();

  const lists = new Map<string, { floor: number; size: number }>();
  const dirty = new Set<string>();
  for (const l of loadAll.all()) lists.set(l.key, { floor: l.floor, size: l.size });
  // Which keys a term feeds: its own, and the prefix lists of every prefix of it. Cleared when lists change.
  const feeds = new Map<string, string[]>();
  const prefixes = new Set([...lists.keys()].filter((k) => k.startsWith('p ')).map((k) => k.slice(2)));

  function keysFor(term: string): string[] {
    let keys = feeds.get(term);
    if (!keys) {
      keys = lists.has(termKey(term)) ? [termKey(term)] : [];
      for (let n = 1; n <= term.length; n++) if (prefixes.has(term.slice(0, n))) keys.push(prefixKey(term.slice(0, n)));
      if (feeds.size > 200_000) feeds.clear();
      feeds.set(term, keys);
    }
    return keys;
  }

  /** Builds a list from papers_fts itself, whose bm25() divided by the phrase's idf is the impact. */
  function build(key: string, surface: string, rows: number): void {
    const match = ftsString(surface) + (key.startsWith('p ') ? '*' : '');
    const weight = idf(rows, countMatch.get(match) ?? 0);
    const top = topMatch.all(match, opts.size + 1);
    deleteKey.run(key);
    top.slice(0, opts.size).forEach(([pk, score]) => insertTop.run(key, score / weight, pk));
    const floor = top.length > opts.size ? top[opts.size]![1] / weight : 0;
    const size = Math.min(top.length, opts.size);
    saveList.run(key, floor, size);
    lists.set(key, { floor, size });
    feeds.clear();
    if (key.startsWith('p ')) prefixes.add(key.slice(2));
  }

  return {
    has: (key: string) => lists.has(key),
    floor: (key: string) => lists.get(key)?.floor ?? 0,
    keysFor,
    build,
    /** Offers a row's impact to a list; kept only when it beats the floor. */
    offer(key: string, pk: number, value: number): void {
      const l = lists.get(key);
      if (!l || value <= l.floor) return;
      insertTop.run(key, value, pk);
      l.size++;
      if (l.size > 2 * opts.size) {
        const floor = kth.get(key, opts.size) ?? l.floor;
        dropBelow.run(key, floor);
        l.floor = Math.max(l.floor, floor);
        l.size = countKey.get(key) ?? 0;
      }
      dirty.add(key);
    },
    /** Writes list sizes and floors changed by `offer`. */
    flush(): void {
      for (const key of dirty) {
        const l = lists.get(key);
        if (l) saveList.run(key, l.floor, l.size);
      }
      dirty.clear();
    },
    read: (key: string, limit: number): ListEntry[] => read.all(key, limit).map(([pk, v]) => ({ pk, impact: v })),
  };
}
