import type { Database } from 'better-sqlite3';
import { BM25_SQL, idf } from './bm25.ts';
import { ftsString } from './fts-query.ts';
import type { Tokenizer } from './tokenizer.ts';

/**
 * Impact-ordered lists for common terms, so a query on a word found in most papers reads a thousand
 * precomputed rows instead of scoring a million. A term is common once its document frequency passes
 * `commonDf(rows)`; it then gets two lists, `t <term>` (the word) and `p <term>` (the word as a prefix, as the
 * last word of a query is matched). A list holds the `size` rows of highest impact at the time they were
 * added; `floor` bounds the impact of every row not in it, which is what lets the engine stop early.
 */

export interface ListOptions {
  /**
   * Rows kept per list, at least; a list is trimmed back to its capacity when it doubles. The commonest words
   * get deeper lists (one row per 250 papers holding them, up to 4 times this): queries combining two of them
   * need to look further down each list to find the rows good at both.
   */
  size: number;
  /** Document frequency above which a term counts as common, given the row count. */
  commonDf: (rows: number) => number;
}

export const DEFAULT_LIST_OPTIONS: ListOptions = {
  size: 600,
  commonDf: (rows) => Math.max(2000, Math.floor(rows / 100)),
};

export const termKey = (term: string) => `t ${term}`;
export const prefixKey = (term: string) => `p ${term}`;

export interface ListEntry {
  pk: number;
  impact: number;
}

export type TermLists = ReturnType<typeof createTermLists>;

interface List {
  key: string;
  floor: number;
  size: number;
  capacity: number;
}

export function createTermLists(db: Database, opts: ListOptions, tokenizer: Tokenizer) {
  const loadAll = db.prepare<[], List>('SELECT key, floor, size, capacity FROM search_lists');
  const saveList = db.prepare('INSERT OR REPLACE INTO search_lists (key, floor, size, capacity) VALUES (?, ?, ?, ?)');
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

  // Lists by slot, so the indexer can accumulate per list in an array.
  const lists: List[] = [];
  const slots = new Map<string, number>();
  const dirty = new Set<number>();
  const add = (l: List) => {
    const slot = slots.get(l.key);
    if (slot !== undefined) return (lists[slot] = l), slot;
    slots.set(l.key, lists.length);
    lists.push(l);
    return lists.length - 1;
  };
  for (const l of loadAll.all()) add(l);
  const prefixes = new Set(lists.filter((l) => l.key.startsWith('p ')).map((l) => l.key.slice(2)));
  // Which lists a term (by id) feeds: its own, and the prefix lists of every prefix of it.
  const feeds: Array<number[] | undefined> = [];
  const NONE: number[] = [];

  function slotsFor(id: number): number[] {
    let got = feeds[id];
    if (got === undefined) {
      const term = tokenizer.term(id);
      const own = slots.get(termKey(term));
      got = own === undefined ? NONE : [own];
      for (let n = 1; n <= term.length; n++) {
        const p = slots.get(prefixKey(term.slice(0, n)));
        if (p !== undefined && prefixes.has(term.slice(0, n))) got = [...got, p];
      }
      feeds[id] = got;
    }
    return got;
  }

  /** Builds a list from papers_fts itself, whose bm25() divided by the phrase's idf is the impact. */
  function build(key: string, surface: string, rows: number): void {
    const match = ftsString(surface) + (key.startsWith('p ') ? '*' : '');
    const hits = countMatch.get(match) ?? 0;
    const weight = idf(rows, hits);
    const capacity = Math.min(4 * opts.size, Math.max(opts.size, Math.round(hits / 250)));
    const top = topMatch.all(match, capacity + 1);
    deleteKey.run(key);
    top.slice(0, capacity).forEach(([pk, score]) => insertTop.run(key, score / weight, pk));
    const floor = top.length > capacity ? top[capacity]![1] / weight : 0;
    const size = Math.min(top.length, capacity);
    saveList.run(key, floor, size, capacity);
    add({ key, floor, size, capacity });
    // Terms that feed the new list need their slots recomputed: the term itself, or every term with the prefix.
    const stem = key.slice(2);
    if (key.startsWith('p ')) {
      prefixes.add(stem);
      for (let id = 0; id < feeds.length; id++) if (feeds[id] !== undefined && tokenizer.term(id).startsWith(stem)) feeds[id] = undefined;
    } else {
      const id = tokenizer.id(stem);
      if (id !== undefined) feeds[id] = undefined;
    }
  }

  return {
    has: (key: string) => slots.has(key),
    floor: (key: string) => lists[slots.get(key) ?? -1]?.floor ?? 0,
    count: () => lists.length,
    slotsFor,
    build,
    /** Offers a row's impact to a list; kept only when it beats the floor. */
    offer(slot: number, pk: number, value: number): void {
      const l = lists[slot]!;
      if (value <= l.floor) return;
      insertTop.run(l.key, value, pk);
      l.size++;
      if (l.size > 2 * l.capacity) {
        const floor = kth.get(l.key, l.capacity) ?? l.floor;
        dropBelow.run(l.key, floor);
        l.floor = Math.max(l.floor, floor);
        l.size = countKey.get(l.key) ?? 0;
      }
      dirty.add(slot);
    },
    /** Writes list sizes and floors changed by `offer`. */
    flush(): void {
      for (const slot of dirty) {
        const l = lists[slot]!;
        saveList.run(l.key, l.floor, l.size, l.capacity);
      }
      dirty.clear();
    },
    read: (key: string, limit: number): ListEntry[] => read.all(key, limit).map(([pk, v]) => ({ pk, impact: v })),
  };
}
