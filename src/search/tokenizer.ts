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

// ASCII letters lower-case the same in JS and unicode61, so ASCII pieces share one cache entry per spelling.
const ASCII = /^[\x00-\x7f]*$/;
const key = (piece: string) => (ASCII.test(piece) ? piece.toLowerCase() : piece);

export function createTokenizer(db: Database, maxCached = 300_000): Tokenizer {
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tokenize USING fts5(w, content = '', tokenize = '${TOKENIZE}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_tokenize_v USING fts5vocab('temp', 'search_tokenize', 'instance');
  `);
  // Contentless, so 'delete-all' empties the index at once rather than piling up delete markers row by row.
  const clear = db.prepare("INSERT INTO temp.search_tokenize (search_tokenize) VALUES ('delete-all')");
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
    const found: Array<Array<[number, string]>> = pieces.map(() => []);
    // One transaction (a savepoint inside the caller's): a statement-level journal per row is what costs.
    db.transaction(() => {
      clear.run();
      pieces.forEach((p, i) => insert.run(i + 1, p));
      for (const [term, doc, offset] of read.iterate()) found[doc - 1]!.push([offset, term]);
      clear.run();
    })();
    pieces.forEach((p, i) => {
      const toks = found[i]!;
      toks.sort((a, b) => a[0] - b[0]);
      cache.set(p, toks.length === 0 ? EMPTY : toks.map((t) => t[1]));
      if (toks.length === 1 && !surfaces.has(toks[0]![1])) surfaces.set(toks[0]![1], p);
    });
  }

  /**
   * Calls `f` with each piece of `text` between ASCII separators, as its cache key (a hand-written scan:
   * faster than split). ASCII is lower-cased for the whole text at once; a piece with other characters keeps
   * its spelling, since JS and unicode61 need not fold those alike.
   */
  function eachPiece(text: string, f: (piece: string) => void): void {
    const lower = text.toLowerCase();
    const aligned = lower.length === text.length;
    let start = -1;
    let ascii = true;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) : 0;
      const sep = c < 128 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));
      if (sep) {
        if (start >= 0) f(ascii && aligned ? lower.slice(start, i) : key(text.slice(start, i)));
        start = -1;
      } else {
        if (start < 0) {
          start = i;
          ascii = true;
        }
        if (c >= 128) ascii = false;
      }
    }
  }

  function missing(texts: Iterable<string | null>): string[] {
    const miss = new Set<string>();
    for (const text of texts) {
      if (text) eachPiece(text, (raw) => {
        if (!cache.has(raw)) miss.add(raw);
      });
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
      let complete = true;
      eachPiece(text, (raw) => {
        const toks = cache.get(raw);
        if (toks === undefined) complete = false;
        else if (complete) for (const t of toks) out.push(t);
      });
      if (complete) return out;
      const miss = missing([text]);
      if (miss.length > 0) resolve(miss);
      return this.tokens(text);
    },
  };
}
