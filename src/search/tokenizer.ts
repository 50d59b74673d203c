import type { Database } from 'better-sqlite3';

/**
 * FTS5's own tokens for a text, computed in JS so the side index and the candidate scorer see exactly what
 * papers_fts indexed. ASCII punctuation and spaces always separate unicode61 tokens, so text is first cut
 * there (in JS, fast); each piece is then turned into tokens once by SQLite itself, through a temp FTS5 table
 * with the same tokenizer, and remembered. Porter stemming and Unicode folding thus never need re-implementing.
 */

export const TOKENIZE = 'porter unicode61 remove_diacritics 2';

export interface Tokenizer {
  /** The tokens FTS5 would index for `text`, in order. */
  tokens(text: string | null): string[];
  /** A piece of text FTS5 turns into exactly `term`, if one was seen since the cache was last cleared. */
  surface(term: string): string | undefined;
  /** Resolves the pieces of many texts in one round trip, before `tokens` is called on them. */
  prime(texts: Iterable<string | null>): void;
}

const SEPARATORS = /[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/;
// ASCII letters lower-case the same in JS and unicode61, so ASCII pieces share one cache entry per spelling.
const ASCII = /^[\x00-\x7f]*$/;
const key = (piece: string) => (ASCII.test(piece) ? piece.toLowerCase() : piece);

export function createTokenizer(db: Database, maxCached = 300_000): Tokenizer {
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tokenize USING fts5(w, tokenize = '${TOKENIZE}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tokenize_v USING fts5vocab('temp', 'search_tokenize', 'instance');
  `);
  const clear = db.prepare('DELETE FROM temp.search_tokenize');
  const insert = db.prepare('INSERT INTO temp.search_tokenize (rowid, w) VALUES (?, ?)');
  const read = db.prepare<[], [string, number, number]>('SELECT term, doc, offset FROM temp.search_tokenize_v').raw();
  const cache = new Map<string, string[]>();
  // Porter is not idempotent (a stem re-stemmed may shrink again), so a term is searched for by a text that produced it.
  const surfaces = new Map<string, string>();
  const EMPTY: string[] = [];

  function resolve(pieces: string[]): void {
    if (cache.size + pieces.length > maxCached) {
      cache.clear();
      surfaces.clear();
    }
    clear.run();
    pieces.forEach((p, i) => insert.run(i + 1, p));
    const found: Array<Array<[number, string]>> = pieces.map(() => []);
    for (const [term, doc, offset] of read.iterate()) found[doc - 1]!.push([offset, term]);
    clear.run();
    pieces.forEach((p, i) => {
      const toks = found[i]!;
      toks.sort((a, b) => a[0] - b[0]);
      cache.set(p, toks.length === 0 ? EMPTY : toks.map((t) => t[1]));
      if (toks.length === 1 && !surfaces.has(toks[0]![1])) surfaces.set(toks[0]![1], p);
    });
  }

  function missing(texts: Iterable<string | null>): string[] {
    const miss = new Set<string>();
    for (const text of texts) {
      if (!text) continue;
      for (const raw of text.split(SEPARATORS)) {
        if (raw === '') continue;
        const k = key(raw);
        if (!cache.has(k)) miss.add(k);
      }
    }
    return [...miss];
  }

  return {
    surface: (term) => surfaces.get(term),
    prime(texts) {
      const miss = missing(texts);
      if (miss.length > 0) resolve(miss);
    },
    tokens(text) {
      if (!text) return EMPTY;
      const out: string[] = [];
      let miss: string[] | null = null;
      const pieces = text.split(SEPARATORS);
      for (const raw of pieces) {
        if (raw === '') continue;
        if (!cache.has(key(raw))) (miss ??= []).push(key(raw));
      }
      if (miss) resolve([...new Set(miss)]);
      for (const raw of pieces) {
        if (raw === '') continue;
        const toks = cache.get(key(raw)) ?? EMPTY;
        for (const t of toks) out.push(t);
      }
      return out;
    },
  };
}
