import type { Database } from 'better-sqlite3';
import { BM25_SQL, idf } from './bm25.ts';
import { ftsString } from './fts-query.ts';
import { FeedTable } from './feed-table.ts';
import { decodeList, encodeList } from './list-codec.ts';
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
  const loadAll = db.prepare<[], List>('SELECT key, floor, length(entries) / 12 AS size, capacity FROM search_lists');
  const saveList = db.prepare(
    'INSERT OR REPLACE INTO search_lists (key, floor, capacity, entries) VALUES (?, ?, ?, ?)',
  );
  const entriesOf = db.prepare<[string], Buffer>('SELECT entries FROM search_lists WHERE key = ?').pluck();
  const countMatch = db.prepare<[string], number>('SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?').pluck();
  const topMatch = db
    .prepare<[string, number], [number, number]>(
      `SELECT rowid, -${BM25_SQL} FROM papers_fts WHERE papers_fts MATCH ? ORDER BY ${BM25_SQL} LIMIT ?`,
    )
    .raw();

  // Lists by slot, so the indexer can accumulate per list in an array.
  const lists: List[] = [];
  const slots = new Map<string, number>();
  const add = (l: List) => {
    const slot = slots.get(l.key);
    if (slot !== undefined) return ((lists[slot] = l), slot);
    slots.set(l.key, lists.length);
    lists.push(l);
    return lists.length - 1;
  };
  for (const l of loadAll.all()) add(l);
  const prefixes = new Set(lists.filter((l) => l.key.startsWith('p ')).map((l) => l.key.slice(2)));
  // Which lists a term (by id) feeds: its own, and the prefix lists of every prefix of it.
  const feeds = new FeedTable();
  // What a sync batch changes, applied to each list once by flush(): offers above the floor, and rows
  // whose old text is gone (from the lists that text fed).
  const offered = new Map<number, { impacts: number[]; pks: number[] }>();
  const removed = new Set<number>();
  const touched = new Set<number>();

  /**
   * Where the slots `id` feeds start in `feeds.pool` (read the pool after this call: computing a term's run
   * may replace it); `feeds.count(id)` of them.
   */
  function feedStart(id: number): number {
    if (!feeds.has(id)) {
      const term = tokenizer.term(id);
      const own = slots.get(termKey(term));
      const got = own === undefined ? [] : [own];
      for (let n = 1; n <= term.length; n++) {
        const p = slots.get(prefixKey(term.slice(0, n)));
        if (p !== undefined && prefixes.has(term.slice(0, n))) got.push(p);
      }
      feeds.set(id, got);
    }
    return feeds.start(id);
  }

  function save(
    key: string,
    floor: number,
    capacity: number,
    impacts: ArrayLike<number>,
    pks: ArrayLike<number>,
    n: number,
  ): void {
    saveList.run(key, floor, capacity, encodeList(impacts, pks, n));
    add({ key, floor, size: n, capacity });
  }

  /** Builds a list from papers_fts itself, whose bm25() divided by the phrase's idf is the impact. */
  function build(key: string, surface: string, rows: number): void {
    const match = ftsString(surface) + (key.startsWith('p ') ? '*' : '');
    const hits = countMatch.get(match) ?? 0;
    const weight = idf(rows, hits);
    const capacity = Math.min(4 * opts.size, Math.max(opts.size, Math.round(hits / 250)));
    const top = topMatch.all(match, capacity + 1);
    const n = Math.min(top.length, capacity);
    const floor = top.length > capacity ? top[capacity]![1] / weight : 0;
    save(
      key,
      floor,
      capacity,
      top.map(([, score]) => score / weight),
      top.map(([pk]) => pk),
      n,
    );
    // Terms that feed the new list need their slots recomputed: the term itself, or every term with the prefix.
    const stem = key.slice(2);
    if (key.startsWith('p ')) {
      prefixes.add(stem);
      for (const id of [...feeds.ids()]) if (tokenizer.term(id).startsWith(stem)) feeds.drop(id);
    } else {
      const id = tokenizer.id(stem);
      if (id !== undefined) feeds.drop(id);
    }
  }

  /** Rewrites one list with the batch's changes; past twice its capacity it is cut back to it, raising its floor. */
  function apply(slot: number): void {
    const l = lists[slot]!;
    const cur = decodeList(entriesOf.get(l.key));
    const more = offered.get(slot);
    const impacts: number[] = [];
    const pks: number[] = [];
    for (let i = 0; i < cur.pks.length; i++) {
      if (removed.has(cur.pks[i]!)) continue;
      impacts.push(cur.impacts[i]!);
      pks.push(cur.pks[i]!);
    }
    // A loop, not push(...more): a list new in a 50,000-paper batch can be offered a row per paper, past
    // what a spread call passes safely.
    for (let i = 0; more && i < more.pks.length; i++) {
      impacts.push(more.impacts[i]!);
      pks.push(more.pks[i]!);
    }
    const order = Array.from(impacts.keys()).sort((a, b) => impacts[b]! - impacts[a]! || pks[a]! - pks[b]!);
    let n = order.length;
    let floor = l.floor;
    if (n > 2 * l.capacity) {
      floor = Math.max(floor, impacts[order[l.capacity]!]!);
      n = l.capacity;
      // Ties with the new floor go too: every row left out must be bounded by it.
      while (n > 0 && impacts[order[n - 1]!]! <= floor) n--;
    }
    save(
      l.key,
      floor,
      l.capacity,
      order.map((i) => impacts[i]!),
      order.map((i) => pks[i]!),
      n,
    );
  }

  return {
    has: (key: string) => slots.has(key),
    floor: (key: string) => lists[slots.get(key) ?? -1]?.floor ?? 0,
    count: () => lists.length,
    feedStart,
    /** The runs `feedStart` points into: `feeds.count(id)` slots in `feeds.pool`. */
    feeds,
    build,
    /** Offers a row's impact to a list; kept (at the next flush) only when it beats the floor. */
    offer(slot: number, pk: number, value: number): void {
      if (value <= lists[slot]!.floor) return;
      let o = offered.get(slot);
      if (!o) offered.set(slot, (o = { impacts: [], pks: [] }));
      o.impacts.push(value);
      o.pks.push(pk);
      touched.add(slot);
    },
    /** Takes a row out of the lists its old text fed (given by term id), at the next flush. */
    remove(pk: number, ids: readonly number[]): void {
      removed.add(pk);
      for (const id of ids) {
        const start = feedStart(id);
        const pool = feeds.pool;
        for (let f = start; f < start + feeds.count(id); f++) touched.add(pool[f]!);
      }
    },
    /** Writes the lists changed since the last flush. */
    flush(): void {
      for (const slot of touched) apply(slot);
      offered.clear();
      removed.clear();
      touched.clear();
    },
    read(key: string, limit: number): ListEntry[] {
      const { impacts, pks } = decodeList(entriesOf.get(key), limit);
      return Array.from(pks, (pk, i) => ({ pk, impact: impacts[i]! }));
    },
  };
}
